"""Build the NewsDesk bundle (and, on request, the Windows installer) in one command.

    python build_scripts/build.py                 # clean venv under build/venv → PyInstaller → dist/newsdesk/
    python build_scripts/build.py --reuse-venv    # keep build/venv if it exists (faster iteration)
    python build_scripts/build.py nsis            # compile build_scripts/windows/newsdesk.nsi
                                                  # (on Linux with the Linux bundle as stand-in payload)
    python build_scripts/build.py sizes           # print the sizes of an existing dist/newsdesk/
    python build_scripts/build.py --secret-service  # Linux: with the GNOME keyring backend (+11 MiB)

A clean venv matters: PyInstaller's hooks bundle everything importable, so a developer's venv with
test and lint tools in it makes a bigger bundle. The venv gets `pip install .[build]` only.

Prints the build time, the unpacked size and the size of the archive we ship against the Linux
targets (≤ 100 MiB unpacked, ≤ 45 MiB compressed): on Linux dist/newsdesk-<ver>-linux-<arch>.tar.xz
(xz -9 -T0; the tar.gz figure is printed for reference), on Windows/macOS a .tar.gz. Exit status:
0 built (targets are reported, not enforced, unless --enforce-size), 1 the build or a post-build check failed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
DIST = ROOT / "dist"
BUNDLE = DIST / "newsdesk"
VENV = BUILD / "venv"
SPEC = ROOT / "build_scripts" / "newsdesk.spec"
NSI = ROOT / "build_scripts" / "windows" / "newsdesk.nsi"
MiB = 1024 * 1024
TARGET_UNPACKED = 100 * MiB
TARGET_COMPRESSED = 45 * MiB
IS_WIN = sys.platform == "win32"
EXTRA_PACKAGES = ["keyrings.alt>=5"]  # bundled beside the app's own dependencies (see make_venv)


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if IS_WIN else "bin/python")


def run(cmd: list[str | Path], **kw) -> None:  # type: ignore[no-untyped-def]
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def make_venv(reuse: bool, lock: Path | None = None) -> Path:
    py = venv_python()
    if reuse and py.exists():
        print(f"reusing {VENV}")
    else:
        if VENV.exists():
            shutil.rmtree(VENV)
        run([sys.executable, "-m", "venv", VENV])
    # `pip install .` copies nothing into the source tree except an egg-info folder (gitignored).
    # keyrings.alt: a file keyring an admin can select (PYTHON_KEYRING_BACKEND) on a machine with no
    # desktop keyring, e.g. the one that runs `newsdesk publish-due`/`push` from a scheduler.
    if lock:  # pinned and hashed (build_scripts/windows/requirements-windows.txt): the wine chain's set
        run([py, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", lock], cwd=BUILD)
        run([py, "-m", "pip", "install", "--quiet", "--no-deps", str(ROOT)], cwd=BUILD)
        return py
    run([py, "-m", "pip", "install", "--quiet", f"{ROOT}[build]", *EXTRA_PACKAGES], cwd=BUILD)
    return py


def pyinstaller(py: Path, secret_service: bool = False) -> None:
    work = BUILD / "pyinstaller"
    env = dict(os.environ)
    env.pop("NEWSDESK_BUILD_SECRET_SERVICE", None)
    if secret_service:
        env["NEWSDESK_BUILD_SECRET_SERVICE"] = "1"
    run([py, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", DIST, "--workpath", work, SPEC], cwd=ROOT, env=env)


def tree_size(path: Path) -> tuple[int, int]:
    total = files = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
            files += 1
    return total, files


XZ_OPTS = ["-9", "-T0"]  # -9: 64 MiB dictionary (xz -6 is 1.2 MiB bigger and no faster here); -T0 uses
#                           every core for inputs bigger than one block (3 × the dictionary)


def archive_path(ext: str) -> Path:
    import platform

    plat = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
    # Linux: the build with the GNOME Secret Service backend (--secret-service) is a download of its own
    variant = "-secret-service" if plat == "linux" and (BUNDLE / "_internal" / "cryptography").is_dir() else ""
    return DIST / f"newsdesk-{version()}-{plat}-{platform.machine().lower()}{variant}.{ext}"


def make_archive() -> tuple[Path, float]:
    """The archive we ship: Linux `.tar.xz` (solid LZMA2, like the Windows installer), elsewhere
    `.tar.gz`. Returns it and the seconds it took to pack."""
    t0 = time.perf_counter()
    for old in (archive_path("tar.gz"), archive_path("tar.xz")):
        old.unlink(missing_ok=True)
    if not sys.platform.startswith("linux"):
        out = archive_path("tar.gz")
        with tarfile.open(out, "w:gz", compresslevel=9) as tar:
            tar.add(BUNDLE, arcname="newsdesk")
        return out, time.perf_counter() - t0
    out = archive_path("tar.xz")
    xz = shutil.which("xz")
    if xz:  # the xz tool: multi-threaded; Python's lzma module is single-threaded
        with open(out, "wb") as f:
            proc = subprocess.Popen([xz, *XZ_OPTS, "-c"], stdin=subprocess.PIPE, stdout=f)
            assert proc.stdin is not None
            with tarfile.open(fileobj=proc.stdin, mode="w|") as tar:
                tar.add(BUNDLE, arcname="newsdesk")
            proc.stdin.close()
            if proc.wait() != 0:
                raise subprocess.CalledProcessError(proc.returncode, [xz, *XZ_OPTS])
    else:
        with tarfile.open(out, "w:xz", preset=9) as tar:
            tar.add(BUNDLE, arcname="newsdesk")
    return out, time.perf_counter() - t0


def gz_size() -> tuple[int, float]:
    """The tar.gz (gzip -9) of the bundle, for reference only: counted, not written."""
    import gzip

    class Count:
        n = 0

        def write(self, b: bytes) -> int:
            self.n += len(b)
            return len(b)

        def flush(self) -> None:
            pass

    t0 = time.perf_counter()
    sink = Count()
    with gzip.GzipFile(fileobj=sink, mode="wb", compresslevel=9, mtime=0) as gz:  # type: ignore[arg-type]
        with tarfile.open(fileobj=gz, mode="w|") as tar:
            tar.add(BUNDLE, arcname="newsdesk")
    return sink.n, time.perf_counter() - t0


def report_sizes(enforce: bool = False, gz_reference: bool = True) -> bool:
    if not BUNDLE.is_dir():
        print(f"no bundle at {BUNDLE}: run python build_scripts/build.py first", file=sys.stderr)
        return False
    size, files = tree_size(BUNDLE)
    archive, secs = make_archive()
    packed = archive.stat().st_size
    kind = "tar.xz" if archive.name.endswith(".tar.xz") else "tar.gz"
    ok_u, ok_c = size <= TARGET_UNPACKED, packed <= TARGET_COMPRESSED
    print(f"bundle      {BUNDLE.relative_to(ROOT)}  {files} files")
    print(f"unpacked    {size / MiB:7.1f} MiB   target ≤ {TARGET_UNPACKED // MiB} MiB  {'OK' if ok_u else 'OVER'}")
    print(f"{kind:11} {packed / MiB:7.1f} MiB   target ≤ {TARGET_COMPRESSED // MiB} MiB  "
          f"{'OK' if ok_c else 'OVER'}  ({archive.name}, {secs:.1f} s to pack"
          f"{' with xz ' + ' '.join(XZ_OPTS) if kind == 'tar.xz' and shutil.which('xz') else ''})")
    if kind == "tar.xz" and gz_reference:
        n, gsecs = gz_size()
        print(f"(tar.gz     {n / MiB:7.1f} MiB   for reference only: not shipped for Linux; {gsecs:.1f} s)")
    biggest = sorted(((p.stat().st_size, p) for p in BUNDLE.rglob("*") if p.is_file()), reverse=True)[:12]
    print("largest files:")
    for s, p in biggest:
        print(f"  {s / MiB:6.1f} MiB  {p.relative_to(BUNDLE)}")
    return (ok_u and ok_c) or not enforce


def check_links() -> bool:
    """Linux: every kept shared object must find the Qt/ICU/PySide libraries it links against."""
    if not sys.platform.startswith("linux") or not shutil.which("ldd"):
        return True
    internal = BUNDLE / "_internal"
    libdirs = [internal, internal / "PySide6" / "Qt" / "lib", internal / "PySide6", internal / "shiboken6"]
    env = dict(os.environ, LD_LIBRARY_PATH=os.pathsep.join(str(d) for d in libdirs if d.is_dir()))
    missing: list[str] = []
    for p in sorted(internal.rglob("*.so*")):
        if not p.is_file():
            continue
        out = subprocess.run(["ldd", str(p)], capture_output=True, text=True, env=env).stdout
        for line in out.splitlines():
            if "not found" in line:
                missing.append(f"{p.relative_to(BUNDLE)}: {line.strip()}")
    # libraries that a desktop provides (xcb-cursor is documented as a prerequisite) are not ours
    ours = [m for m in missing if any(k in m for k in ("Qt6", "icu", "pyside", "shiboken", "python"))]
    for m in missing:
        print(("MISSING " if m in ours else "system lib not here: ") + m)
    return not ours


# What the oldest distribution of each manylinux policy provides in libstdc++.so.6 / libgcc_s.so.1
# (auditwheel's policy for x86_64). The Linux bundle takes both libraries from the system, which is
# safe only when no kept binary needs a newer symbol version than the oldest distribution the Qt
# wheels support has.
CXX_LIMITS = {
    "manylinux_2_28": ("AlmaLinux 8, GCC 8", {"GLIBCXX": (3, 4, 25), "CXXABI": (1, 3, 11), "GCC": (7, 0, 0)}),
    "manylinux_2_34": ("AlmaLinux 9, GCC 11", {"GLIBCXX": (3, 4, 29), "CXXABI": (1, 3, 13), "GCC": (7, 0, 0)}),
}
CXX_LIBS = {"libstdc++.so.6": ("GLIBCXX", "CXXABI"), "libgcc_s.so.1": ("GCC",)}


def qt_wheel_policy(py: Path) -> str:
    """The manylinux policy of the Qt wheels the bundle was built from (PySide6-Essentials and
    shiboken6): per wheel its oldest tag, over both the newer one — the bundle needs both to run."""
    code = ("import importlib.metadata as m, re\n"
            "for d in ('PySide6-Essentials', 'shiboken6'):\n"
            "    try: t = m.distribution(d).read_text('WHEEL') or ''\n"
            "    except m.PackageNotFoundError: continue\n"
            "    print(' '.join(re.findall(r'manylinux_\\d+_\\d+', t)))")
    lines = subprocess.run([str(py), "-c", code], capture_output=True, text=True).stdout.splitlines()

    def glibc(tag: str) -> tuple[int, ...]:
        return tuple(int(x) for x in tag.split("_")[1:])

    oldest = [min(line.split(), key=glibc) for line in lines if line.split()]
    return max(oldest, key=glibc, default="")


def cxx_needs() -> dict[str, tuple[tuple[int, ...], str]] | None:
    """{"GLIBCXX": (highest version, a binary needing it), "CXXABI": …, "GCC": …} over every ELF
    file of the bundle, from the version references (objdump -p); None without objdump."""
    objdump = shutil.which("objdump")
    if not objdump:
        return None
    need: dict[str, tuple[tuple[int, ...], str]] = {}
    files = [BUNDLE / "newsdesk", *(p for p in (BUNDLE / "_internal").rglob("*.so*") if p.is_file()
                                    and not p.is_symlink())]
    for f in files:
        if f.name in CXX_LIBS:
            continue
        out = subprocess.run([objdump, "-p", str(f)], capture_output=True, text=True).stdout
        lib = ""
        for line in out.splitlines():
            m = re.match(r"\s+required from (\S+):", line)
            if m:
                lib = m.group(1)
                continue
            m = re.search(r"\s(GLIBCXX|CXXABI|GCC)_(\d+(?:\.\d+)*)$", line)
            if m and m.group(1) in CXX_LIBS.get(lib, ()):
                v = tuple(int(x) for x in m.group(2).split("."))
                if v > need.get(m.group(1), ((), ""))[0]:
                    need[m.group(1)] = (v, f.name)
    return need


def check_system_cxx(py: Path) -> bool:
    """Linux: the bundle has no libstdc++/libgcc_s; every GLIBCXX_/CXXABI_/GCC_ version a kept binary
    needs must be in the oldest distribution the Qt wheels support. Prints the figures."""
    if not sys.platform.startswith("linux"):
        return True
    bundled = [p.name for p in (BUNDLE / "_internal").rglob("*") if p.name in CXX_LIBS]
    policy = qt_wheel_policy(py)
    name, limits = CXX_LIMITS.get(policy, CXX_LIMITS["manylinux_2_28"])  # unknown: the older, stricter one
    need = cxx_needs()
    if need is None:
        print("C++ runtime: objdump not found — cannot prove the system's libstdc++ is enough", file=sys.stderr)
        return bool(bundled)

    def v(t: tuple[int, ...]) -> str:
        return ".".join(map(str, t))

    over = [k for k, (ver, _f) in need.items() if ver > limits[k]]
    print(f"C++ runtime {'bundled: ' + ' '.join(bundled) if bundled else 'from the system (libstdc++6, libgcc-s1)'}; "
          f"kept binaries need " + ", ".join(f"{k}_{v(ver)} ({f})" for k, (ver, f) in sorted(need.items())))
    print(f"            oldest supported ({policy or 'Qt wheel tag unknown'} → {name}): "
          + ", ".join(f"{k}_{v(t)}" for k, t in limits.items()) + ("  OK" if not over else f"  EXCEEDED: {over}"))
    return bool(bundled) or not over


def cmd_build(args: argparse.Namespace) -> int:
    BUILD.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    py = Path(sys.executable) if args.no_venv else make_venv(args.reuse_venv, args.lock)
    t1 = time.perf_counter()
    if BUNDLE.exists():
        shutil.rmtree(BUNDLE)
    pyinstaller(py, args.secret_service)
    if IS_WIN:  # NewsDesk.exe → the native launcher of newsdesk-cli.exe, where a gcc and windres are at hand
        sys.path.insert(0, str(ROOT / "build_scripts" / "windows"))
        import launcher

        launcher.install(BUNDLE)
    t2 = time.perf_counter()
    print(f"venv+install {t1 - t0:.0f} s, PyInstaller {t2 - t1:.0f} s, total {t2 - t0:.0f} s")
    ok = check_links()
    ok = check_system_cxx(py) and ok
    ok = report_sizes(args.enforce_size) and ok
    if args.nsis:
        ok = cmd_nsis(args) == 0 and ok
    return 0 if ok else 1


def cmd_nsis(args: argparse.Namespace) -> int:
    makensis = shutil.which("makensis")
    if not makensis:
        print("makensis not found (Debian: apt-get install nsis; Windows: choco install nsis)", file=sys.stderr)
        return 1
    if not BUNDLE.is_dir():
        print(f"no bundle at {BUNDLE}: build it first", file=sys.stderr)
        return 1
    out = DIST / f"NewsDesk-{version()}-setup.exe"
    stand_in = not (BUNDLE / "NewsDesk.exe").exists()
    if stand_in:
        print("payload: the non-Windows bundle stands in for the Windows one (proves the script compiles)")
    flag = "/" if IS_WIN else "-"
    t0 = time.perf_counter()
    nums = ([int(x) for x in re.findall(r"\d+", version())] + [0, 0, 0, 0])[:4]
    run([makensis, f"{flag}V2", f"{flag}DVERSION={version()}", f"{flag}DVERSION_NUM={'.'.join(map(str, nums))}",
         f"{flag}DSOURCE_DIR={BUNDLE}",
         *([f"{flag}DFAST"] if args.fast else []), f"{flag}DOUTFILE={out}", f"{flag}DICON={ROOT / 'resources' / 'icons' / 'newsdesk.ico'}", NSI])
    print(f"installer   {out.relative_to(ROOT)}  {out.stat().st_size / MiB:.1f} MiB  "
          f"({time.perf_counter() - t0:.0f} s){'  [stand-in payload]' if stand_in else ''}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("what", nargs="?", default="build", choices=["build", "nsis", "sizes"])
    p.add_argument("--reuse-venv", action="store_true", help="keep build/venv if present")
    p.add_argument("--no-venv", action="store_true", help="use the running interpreter (not clean!)")
    p.add_argument("--lock", type=Path, help="install these pinned, hashed requirements into the venv "
                   "(Windows: build_scripts/windows/requirements-windows.txt) instead of resolving .[build]")
    p.add_argument("--nsis", action="store_true", help="also compile the NSIS installer")
    p.add_argument("--fast", action="store_true", help="nsis: zlib instead of solid LZMA (a compile check)")
    p.add_argument("--secret-service", action="store_true",
                   help="Linux: bundle keyring's GNOME Secret Service backend (secretstorage + cryptography, +11 MiB)")
    p.add_argument("--enforce-size", action="store_true", help="fail when over the size targets")
    args = p.parse_args(argv)
    try:
        if args.what == "nsis":
            return cmd_nsis(args)
        if args.what == "sizes":
            return 0 if report_sizes(args.enforce_size) else 1
        return cmd_build(args)
    except subprocess.CalledProcessError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
