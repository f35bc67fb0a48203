#!/usr/bin/env bash
# The README's first command on a fresh virtual environment (CI's first step, .ci/run): install
# NewsDesk with `pip install -e .` into a new venv — nothing of the machine's site-packages — and
# start it as a user would, in a new data folder: the sample newsroom, then the GUI (offscreen)
# logs in and shows its main window with the article list; the run prints each time.
# The first-run dialog itself is driven by the suite (tests/ui); here the sample newsroom comes
# from the same service through `newsdesk demo`, so the start needs no clicks.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/newsdesk-readme.XXXXXX")
trap 'rm -rf "$work"' EXIT
t0=$(date +%s)
python -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check -e .
echo "   fresh venv + pip install -e .: $(( $(date +%s) - t0 )) s"
export NEWSDESK_DATA_DIR="$work/data" QT_QPA_PLATFORM=offscreen PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring
"$work/venv/bin/python" -m app demo --password Readme-check-2026 > "$work/demo.txt"
grep -q zongbian "$work/demo.txt" || { cat "$work/demo.txt"; echo "demo made no accounts"; exit 1; }
export ND_README_PW=Readme-check-2026
t1=$(date +%s)
out=$(timeout 180 "$work/venv/bin/python" -m app gui --user zongbian --password-env ND_README_PW --probe-startup 2>&1) || {
  echo "$out" | tail -30; echo "the app did not start from the fresh venv"; exit 1; }
echo "$out" | grep -q '^ready ' || { echo "$out" | tail -30; echo "the main window never showed its list"; exit 1; }
echo "   first start (sample newsroom, log in, main window with its list): $(( $(date +%s) - t1 )) s"
