#!/usr/bin/env bash
# Prove build_scripts/windows/newsdesk.nsi compiles, with Debian's makensis on Linux.
# The payload is whatever bundle dist/newsdesk/ holds: the Linux one stands in for the Windows one
# (the shortcuts then point at a NewsDesk.exe that is not there — fine for a compile check).
# Usage: build_scripts/windows/compile_check.sh [--release]   (default: quick zlib compression)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v makensis >/dev/null || { echo "makensis missing: apt-get install -y nsis" >&2; exit 1; }
if [ ! -d dist/newsdesk ]; then
  echo "no dist/newsdesk: building the bundle first" >&2
  python build_scripts/build.py
fi
if [ "${1:-}" = "--release" ]; then
  exec python build_scripts/build.py nsis
fi
exec python build_scripts/build.py nsis --fast
