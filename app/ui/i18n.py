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
