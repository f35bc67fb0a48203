/* Harness only (never shipped): a stand-in for Windows 10's bcryptprimitives.dll under wine 8,
 * whose builtin one lacks ProcessPrng. Rust's standard library (nh3, rpds-py wheels) gets its
 * random numbers from ProcessPrng; RtlGenRandom (advapi32!SystemFunction036) gives the same.
 * Built by build_scripts/windows/winbuild.py with x86_64-w64-mingw32-gcc into the wine prefix. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    len -= chunk;
  }
  return TRUE;
}
