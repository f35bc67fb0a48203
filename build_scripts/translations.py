"""One translation pipeline for the whole interface. After changing any visible string run

    python build_scripts/translations.py

It (1) runs pyside6-lupdate over app/ui — except the desk, admin and publishing packages, whose
strings pass through a context function (``tr(text)``) that lupdate cannot read — into
newsdesk_zh_CN.ts, dropping messages the code no longer has; (2) writes the desk and admin
catalogue desk_zh_CN.ts from build_scripts/desk_translations.py; (3) writes qtfixes_zh_CN.ts,
the few strings of Qt's own widgets that Qt's qtbase_zh_CN catalogue lacks (the file dialog's
“&Look in:”, “Files of &type:”, “Folder” in Qt 6.11); (4) compiles every
resources/translations/*.ts with pyside6-lrelease. ``--check`` changes nothing and exits 1 listing
what is untranslated. The app installs qtbase_zh_CN first and our catalogues after it (app.ui.i18n),
so a message here wins over Qt's. tests/ui/test_zh_everywhere.py walks the main screens and fails
on any English left in the Chinese interface."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
OWN_CONTEXT_PACKAGES = ("desk", "admin", "publishing", "planning")  # tr(text) with a fixed context

# (context, source, disambiguation) → Chinese, for Qt's own widgets (qtbase_zh_CN has no entry)
QT_FIXES: dict[tuple[str, str, str], str] = {
    ("QFileDialog", "&Look in:", ""): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:", ""): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder", "All other platforms"): "文件夹",
    ("QAbstractFileIconProvider", "File Folder", "Match Windows Explorer"): "文件夹",
    ("QAbstractFileIconProvider", "%1 File", "%1 is a file name suffix, for example txt"): "%1 文件",
    ("QAbstractFileIconProvider", "File", ""): "文件",
}


def ui_sources() -> list[Path]:
    base = ROOT / "app" / "ui"
    return sorted(p for p in base.rglob("*.py") if p.relative_to(base).parts[0] not in OWN_CONTEXT_PACKAGES)


def write_qt_fixes(path: Path = TRANSLATIONS / "qtfixes_zh_CN.ts") -> None:
    by_context: dict[str, list[str]] = {}
    for (ctx, src, comment), zh in sorted(QT_FIXES.items()):
        by_context.setdefault(ctx, []).append(
            f"    <message>\n        <source>{escape(src)}</source>\n"
            + (f"        <comment>{escape(comment)}</comment>\n" if comment else "")
            + f"        <translation>{escape(zh)}</translation>\n    </message>\n")
    body = "".join(f"<context>\n    <name>{ctx}</name>\n{''.join(msgs)}</context>\n"
                   for ctx, msgs in by_context.items())
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="zh_CN">\n'
                    f"{body}</TS>\n", "utf-8")


def unfinished(ts: Path) -> list[str]:
    out = []
    for m in ET.parse(ts).getroot().iter("message"):
        t = m.find("translation")
        if t is None:
            continue
        forms = [f.text for f in t.findall("numerusform")] if m.get("numerus") == "yes" else [t.text]
        if t.get("type") in ("unfinished", "vanished", "obsolete") or not all(f and f.strip() for f in forms):
            out.append(f"{ts.name}: {m.findtext('source')}")
    return out


def _tool(name: str) -> str:
    return shutil.which(name) or name


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--check", action="store_true", help="change nothing; list untranslated messages")
    args = p.parse_args(argv)
    if args.check:
        missing = [m for ts in sorted(TRANSLATIONS.glob("*.ts")) for m in unfinished(ts)]
        print("\n".join(missing) or "every message is translated")
        return 1 if missing else 0
    sys.path.insert(0, str(ROOT / "build_scripts"))
    import desk_translations

    subprocess.run([_tool("pyside6-lupdate"), "-no-obsolete", *map(str, ui_sources()),
                    "-ts", str(TRANSLATIONS / "newsdesk_zh_CN.ts")], check=True)
    desk_translations.write_ts()
    write_qt_fixes()
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True,
                       stdout=subprocess.DEVNULL)
    missing = [m for ts in sorted(TRANSLATIONS.glob("*.ts")) for m in unfinished(ts)]
    if missing:
        print("untranslated (translate them in the .ts or the tables, then run again):\n" + "\n".join(missing))
        return 1
    print(f"translations up to date: {', '.join(ts.stem for ts in sorted(TRANSLATIONS.glob('*.ts')))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
