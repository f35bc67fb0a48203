"""Interface language through Qt's translation system: every resources/translations/*_<lang>.qm
(ours, the editor desk's, …) plus Qt's own qtbase_<lang>."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
DEFAULT = "zh_CN"


def translations_dir() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources" / "translations"


def normalise(lang: str | None) -> str:
    lang = (lang or os.environ.get("NEWSDESK_LANG") or DEFAULT).replace("-", "_")
    if lang.lower().startswith("zh"):
        return "zh_CN"
    if lang.lower().startswith("en"):
        return "en"
    return DEFAULT


def prepare_locale(lang: str | None) -> None:
    """Before the QApplication exists: Qt's own widgets (the file dialog's 修改日期 column) format
    dates and sizes with the *system* locale, which on a bare Linux machine is C (“5 12 2026”,
    “12 bytes”). With the Chinese interface and no Chinese system locale, Qt is told the locale
    is zh_CN (2026/12/5 09:30 as Chinese Windows writes it, 12 字节). LC_CTYPE is left alone (Python
    has set it to C.UTF-8 if it was C), an explicit LC_ALL is respected; Python's own formatting
    does not read these unless setlocale is called, and our messages come from our catalogues."""
    if normalise(lang) != "zh_CN" or not sys.platform.startswith(("linux", "freebsd")):
        return
    if os.environ.get("LC_ALL"):  # the user said exactly what they want
        return
    if not (os.environ.get("LANG") or "").lower().startswith("zh"):
        os.environ["LANG"] = "zh_CN.UTF-8"  # QLocale::system(): 12 字节, not 12 bytes
    if not (os.environ.get("LC_TIME") or "zh").lower().startswith("zh"):
        os.environ["LC_TIME"] = "zh_CN.UTF-8"


def install(app: QCoreApplication, lang: str | None) -> list[QTranslator]:
    """Install the translators for ``lang``; returns them (keep references alive)."""
    lang = normalise(lang)
    for old in getattr(app, "_newsdesk_translators", []):
        app.removeTranslator(old)
    out: list[QTranslator] = []
    app.setProperty("newsdesk_language", lang)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if lang == "zh_CN"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    if lang != "en":
        qt = QTranslator(app)
        if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            out.append(qt)
        for qm in sorted(translations_dir().glob(f"*_{lang}.qm")):
            t = QTranslator(app)
            if t.load(str(qm)):
                app.installTranslator(t)
                out.append(t)
    app._newsdesk_translators = out  # type: ignore[attr-defined]
    return out


def translate_in(lang: str, context: str, source: str) -> str:
    """``source`` in ``lang`` without installing that language (a message about changing it)."""
    lang = normalise(lang)
    if lang == "en":
        return source
    for qm in sorted(translations_dir().glob(f"*_{lang}.qm")):
        t = QTranslator()
        if t.load(str(qm)):
            text = t.translate(context, source)
            if text:
                return text
    return source
