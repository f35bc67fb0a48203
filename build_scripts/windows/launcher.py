"""NewsDesk.exe as a small native launcher of newsdesk-cli.exe (build_scripts/windows/launcher.c).

PyInstaller embeds the Python modules archive in each executable it makes (≈ 12 MiB each), so the
bundle's windowed NewsDesk.exe and console newsdesk-cli.exe carried it twice. This replaces the
windowed one with a 30 KiB launcher that starts the console one without a console window; the
bundle has one frozen program. Built with mingw-w64 (cross, by winbuild.py on Linux) or a gcc and
windres on PATH (build.py on Windows); without a compiler the PyInstaller-made NewsDesk.exe stays.

    python build_scripts/windows/launcher.py BUNDLE_DIR   # replace BUNDLE_DIR/NewsDesk.exe
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCE = HERE / "launcher.c"
ICON = ROOT / "resources" / "icons" / "newsdesk.ico"


def tools() -> tuple[str, str] | None:
    """(gcc, windres) for a 64-bit Windows target, or None."""
    for prefix in ("x86_64-w64-mingw32-", ""):
        gcc, windres = shutil.which(prefix + "gcc"), shutil.which(prefix + "windres")
        if gcc and windres and (prefix or sys.platform == "win32"):
            return gcc, windres
    return None


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def resource_script(ver: str) -> str:
    """The icon and the version resource (the same strings as the spec gives the PyInstaller exes)."""
    nums = [int(x) for x in re.findall(r"\d+", ver)[:3]]
    nums = (nums + [0, 0, 0, 0])[:4]
    num = ",".join(map(str, nums))
    fields = {
        "CompanyName": "NewsDesk", "FileDescription": "NewsDesk 采编台", "FileVersion": ver,
        "InternalName": "newsdesk", "LegalCopyright": "MIT License", "OriginalFilename": "NewsDesk.exe",
        "ProductName": "NewsDesk 采编台", "ProductVersion": ver,
    }
    strings = "\n".join(f'      VALUE "{k}", "{v}"' for k, v in fields.items())
    icon = ICON.as_posix()
    return f"""#pragma code_page(65001)
#include <winver.h>
1 ICON "{icon}"
1 VERSIONINFO
FILEVERSION {num}
PRODUCTVERSION {num}
FILEOS VOS_NT_WINDOWS32
FILETYPE VFT_APP
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "080404B0"
    BEGIN
{strings}
    END
    BLOCK "040904B0"
    BEGIN
{strings}
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x0804, 1200, 0x0409, 1200
  END
END
"""


def build(out: Path, ver: str | None = None) -> Path:
    """Compile the launcher to `out`; raises RuntimeError without a compiler, CalledProcessError on failure."""
    found = tools()
    if not found:
        raise RuntimeError("no mingw-w64 gcc/windres (apt-get install gcc-mingw-w64-x86-64-win32)")
    gcc, windres = found
    with tempfile.TemporaryDirectory() as tmp:
        rc = Path(tmp) / "launcher.rc"
        res = Path(tmp) / "launcher.res.o"
        rc.write_text(resource_script(ver or version()), "utf-8")
        subprocess.run([windres, "-c", "65001", str(rc), "-O", "coff", "-o", str(res)], check=True)
        exe = Path(tmp) / "NewsDesk.exe"
        subprocess.run([gcc, "-municode", "-mwindows", "-Os", "-s", "-Wall", "-Werror", "-o", str(exe),
                        str(SOURCE), str(res)], check=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(exe, out)
    return out


def install(bundle: Path, ver: str | None = None) -> bool:
    """Replace bundle/NewsDesk.exe (PyInstaller's windowed program) with the launcher. False (and
    the bundle unchanged) when no compiler is at hand."""
    if not (bundle / "newsdesk-cli.exe").is_file():
        raise SystemExit(f"no newsdesk-cli.exe in {bundle}")
    try:
        build(bundle / "NewsDesk.exe", ver)
    except RuntimeError as exc:
        print(f"launcher: {exc}; NewsDesk.exe stays PyInstaller's windowed program (+12 MiB)")
        return False
    return True


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__.strip().splitlines()[-1].strip())
    raise SystemExit(0 if install(Path(sys.argv[1])) else 1)
