/* NewsDesk.exe — the Windows desktop entry (shortcuts, double-click): a 30 KiB launcher that starts
 * newsdesk-cli.exe beside it without a console window and waits for it.
 *
 * Why: PyInstaller embeds the Python modules archive (≈ 12 MiB) in every executable, so a windowed
 * NewsDesk.exe beside the console newsdesk-cli.exe carried it twice. One frozen program, started
 * either way, keeps the bundle under its 100 MiB target (docs/installer.md, "Windows sizes").
 *
 * - Arguments are passed on verbatim (`NewsDesk.exe gui --user …`); none starts the GUI.
 * - The program runs with CREATE_NO_WINDOW: no console flashes, and console children it starts
 *   (the export's worker processes) share that hidden console instead of opening their own.
 * - Standard handles this launcher was given (a pipe or a file, when a script starts it) are
 *   handed on; otherwise the program's stderr is read here, and when it ends in failure its last
 *   lines are shown in a message box (the windowed PyInstaller program showed its own).
 * - The program is in a job that ends it when this launcher is ended (Task Manager, a test
 *   harness); processes it starts itself (a browser showing a preview) break away silently.
 * - The exit code is the program's.
 * Built by build_scripts/windows/launcher.py (mingw-w64 on Linux, gcc/windres on Windows). */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <wchar.h>

#define TAIL 4096

static char tail_buf[TAIL];
static DWORD tail_len;

static void box(const wchar_t *text) {
    MessageBoxW(NULL, text, L"NewsDesk \u91c7\u7f16\u53f0", MB_ICONERROR | MB_OK);
}

static int fail(const wchar_t *what) {
    wchar_t msg[1024];
    DWORD err = GetLastError();
    /* 无法启动 NewsDesk 采编台 */
    _snwprintf(msg, 1023, L"\u65e0\u6cd5\u542f\u52a8 NewsDesk \u91c7\u7f16\u53f0\uff1a%ls\uff08%lu\uff09\n\n"
                          L"NewsDesk could not start: %ls (error %lu)", what, err, what, err);
    msg[1023] = 0;
    box(msg);
    return 1;
}

static DWORD WINAPI read_stderr(LPVOID pipe) {
    char chunk[1024];
    DWORD n;
    while (ReadFile((HANDLE)pipe, chunk, sizeof chunk, &n, NULL) && n > 0) {  /* keep the last TAIL bytes */
        if (tail_len + n > TAIL) {
            DWORD drop = tail_len + n - TAIL;
            memmove(tail_buf, tail_buf + drop, tail_len - drop);
            tail_len -= drop;
        }
        memcpy(tail_buf + tail_len, chunk, n);
        tail_len += n;
    }
    return 0;
}

static int usable(HANDLE h) {
    return h != NULL && h != INVALID_HANDLE_VALUE && GetFileType(h) != FILE_TYPE_UNKNOWN;
}

int WINAPI wWinMain(HINSTANCE inst, HINSTANCE prev, PWSTR args, int show) {
    static wchar_t exe[32768], cmd[32768 + 64];
    (void)inst; (void)prev;
    DWORD n = GetModuleFileNameW(NULL, exe, 32768);
    if (n == 0 || n >= 32768 - 32) return fail(L"GetModuleFileNameW");
    wchar_t *slash = wcsrchr(exe, L'\\');
    if (!slash) return fail(L"GetModuleFileNameW");
    wcscpy(slash + 1, L"newsdesk-cli.exe");
    if (GetFileAttributesW(exe) == INVALID_FILE_ATTRIBUTES) return fail(exe);
    if (_snwprintf(cmd, 32768 + 63, L"\"%ls\"%ls%ls", exe, (args && *args) ? L" " : L"", args ? args : L"") < 0)
        return fail(L"command line");

    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    ZeroMemory(&si, sizeof si);
    ZeroMemory(&pi, sizeof pi);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESHOWWINDOW | STARTF_USESTDHANDLES;
    si.wShowWindow = (WORD)show;
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE), out = GetStdHandle(STD_OUTPUT_HANDLE),
           err = GetStdHandle(STD_ERROR_HANDLE);
    HANDLE rd = NULL, wr = NULL, reader = NULL;
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    si.hStdInput = usable(in) ? in : NULL;
    si.hStdOutput = usable(out) ? out : NULL;
    if (usable(err)) {
        si.hStdError = err;
    } else if (CreatePipe(&rd, &wr, &sa, 0)) {
        SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
        si.hStdError = wr;
    }
    for (HANDLE *h = &si.hStdInput; h <= &si.hStdError; h++)  /* handed-on handles must be inheritable */
        if (*h && *h != wr) SetHandleInformation(*h, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);

    HANDLE job = CreateJobObjectW(NULL, NULL);
    if (job) {
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION li;
        ZeroMemory(&li, sizeof li);
        li.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK;
        SetInformationJobObject(job, JobObjectExtendedLimitInformation, &li, sizeof li);
    }
    if (!CreateProcessW(exe, cmd, NULL, NULL, TRUE, CREATE_NO_WINDOW | CREATE_SUSPENDED | CREATE_UNICODE_ENVIRONMENT,
                        NULL, NULL, &si, &pi))
        return fail(exe);
    if (job) AssignProcessToJobObject(job, pi.hProcess);  /* best effort: a parent's job may forbid it */
    ResumeThread(pi.hThread);
    CloseHandle(pi.hThread);
    if (wr) {
        CloseHandle(wr);  /* the program holds the only write end: the reader ends when it does */
        reader = CreateThread(NULL, 0, read_stderr, rd, 0, NULL);
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 1;
    GetExitCodeProcess(pi.hProcess, &code);
    if (reader) WaitForSingleObject(reader, 2000);  /* a grandchild may hold the pipe: do not hang */
    if (code != 0 && tail_len > 0) {
        static wchar_t text[TAIL + 256];
        int m = MultiByteToWideChar(CP_UTF8, 0, tail_buf, (int)tail_len, text, TAIL);
        text[m > 0 ? m : 0] = 0;
        static wchar_t msg[TAIL + 512];
        /* NewsDesk 采编台意外退出 */
        _snwprintf(msg, TAIL + 511, L"NewsDesk \u91c7\u7f16\u53f0\u610f\u5916\u9000\u51fa\uff08%lu\uff09/ NewsDesk "
                                    L"stopped unexpectedly (%lu):\n\n%ls", code, code, text);
        msg[TAIL + 511] = 0;
        box(msg);
    }
    return (int)code;
}
