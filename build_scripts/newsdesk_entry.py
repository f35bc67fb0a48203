"""Entry point of the frozen NewsDesk (PyInstaller). The same as `python -m app`.

Extras for the bundle's smoke test only (NEWSDESK_BUNDLE_SELFTEST=mp checks the site export's
spawned worker processes, =text jieba's data, =ssl Python's ssl/hashlib on the system's OpenSSL,
the same way): with NEWSDESK_BUNDLE_SELFTEST=qt in the environment
the executable does not start the app but opens a window with Chinese text offscreen, checks that the
Qt plugins the app relies on are inside the bundle, prints one JSON line and exits (0 = all good).
This proves the trimmed Qt works even while the app's own GUI is being built.
"""

from __future__ import annotations

import os
import sys


def _qt_selftest() -> int:
    import json

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCollator, QLibraryInfo, QLocale, QTimer, QTranslator
    from PySide6.QtGui import QImage, QImageReader
    from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser

    app = QApplication(sys.argv[:1])
    checks: dict[str, object] = {}
    plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    checks["plugins_path"] = plugins

    def has(sub: str, stem: str) -> bool:
        folder = os.path.join(plugins, sub)
        return os.path.isdir(folder) and any(stem in f for f in os.listdir(folder))

    wanted = os.environ["QT_QPA_PLATFORM"].split(":")[0]
    checks[f"platform_{wanted}"] = app.platformName() == wanted
    if getattr(sys, "frozen", False):
        checks["utf8_mode"] = sys.flags.utf8_mode == 1  # set in the spec: Chinese output through pipes
    if sys.platform.startswith("linux"):
        checks["platform_xcb"] = has("platforms", "qxcb")
        checks["ibus_input_context"] = has("platforminputcontexts", "ibus")
    elif sys.platform == "win32":
        checks["platform_windows"] = has("platforms", "qwindows")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    for fmt in ("png", "jpeg", "gif", "webp", "ico"):
        checks[f"image_{fmt}"] = fmt in formats
    tr = QTranslator()
    checks["qtbase_zh_CN"] = tr.load(QLocale("zh_CN"), "qtbase", "_",
                                     QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    # ICU (trimmed on Linux by the spec): Chinese names sort by pinyin, chen li ma wang zhang
    names = ["张敏", "李有安", "王忠德", "陈复审", "马总编"]
    checks["zh_collation"] = sorted(names, key=QCollator(QLocale("zh_CN")).sortKey) == [
        "陈复审", "李有安", "马总编", "王忠德", "张敏"]
    # the app's own translations and icon are data files of the bundle (resources/)
    from pathlib import Path

    res = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1])) / "resources"
    qms = sorted((res / "translations").glob("*_zh_CN.qm"))
    checks["app_translations"] = bool(qms) and all(QTranslator().load(str(q)) for q in qms)
    checks["app_icon"] = not QImage(str(res / "icons" / "newsdesk.png")).isNull()
    win = QMainWindow()
    view = QTextBrowser()
    view.setHtml("<h1>安宁区社区服务</h1><p>采编台 <b>稳中求进</b>。</p>")
    win.setCentralWidget(view)
    win.resize(640, 400)
    win.show()
    QTimer.singleShot(200, app.quit)
    app.exec()
    img: QImage = win.grab().toImage()
    checks["painted"] = img.width() == 640 and not img.isNull()
    checks["text_roundtrip"] = "稳中求进" in view.toPlainText()
    ok = all(v for k, v in checks.items() if k != "plugins_path")
    print(json.dumps({"ok": ok, **checks}, ensure_ascii=False))
    return 0 if ok else 1


def _mp_selftest() -> int:
    """The site export's process pool (spawn) in the frozen program: children must start as
    workers, not as a second NewsDesk."""
    import json
    import multiprocessing
    import tempfile
    from concurrent.futures import ProcessPoolExecutor
    from datetime import UTC, datetime
    from pathlib import Path

    from app.core.domain import ArticleData, Status
    from app.publish.render import PageContext, article_values
    from app.publish.site import workers

    sha = "ab" * 32
    with tempfile.TemporaryDirectory(prefix="newsdesk-mp-", ignore_cleanup_errors=True) as folder:  # scratch site
        site = Path(folder)
        article = ArticleData(id=1, uuid="u-1", version=1, status=Status.PUBLISHED, title="稳中求进",
                              source_name="陇东报", first_published_at=datetime(2015, 8, 19, 12, 34, tzinfo=UTC))
        page = article_values(article, PageContext(site_name="地方网", root="../"), "<p>正文</p>")
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(2, mp_context=ctx, initializer=workers.init,
                                 initargs=({sha: "png"}, "../", None, str(site))) as pool:
            futs = [pool.submit(workers.render_chunk, [(i, f"**“稳中求进”**是第{i}段。![图](asset:{sha})")])
                    for i in range(4)]
            out = [f.result(timeout=120)[0] for f in futs]
            # and an article page rendered and written by a child (the export's page jobs)
            written = pool.submit(workers.render_pages, [("a/1.html", page, "")]).result(timeout=120)
        # bodies come back with their images unresolved (asset:<sha>): the exporter resolves the URLs
        ok = all("<strong>“稳中求进”</strong>是" in html and f'src="asset:{sha}"' in html for _i, html in out)
        html_page = (site / "a" / "1.html").read_text("utf-8") if (site / "a" / "1.html").exists() else ""
    page_ok = written[0][1] is True and "来源:陇东报" in html_page and "2015-08-19 20:34" in html_page
    print(json.dumps({"ok": ok and page_ok, "rendered": len(out), "page": page_ok, "sample": out[0][1][:120]},
                     ensure_ascii=False))
    return 0 if ok and page_ok else 1


def _text_selftest() -> int:
    """jieba's dictionary and IDF table inside the bundle: keyword suggestions for the sample."""
    import json

    from app.core.resources import resources_dir
    from app.core.text.counting import count_text
    from app.core.text.keywords import suggest_keywords

    text = (resources_dir() / "sample" / "reference_article.txt").read_text("utf-8")
    words = suggest_keywords(text)
    total = count_text(text).total
    ok = "安宁区" in words and "社区" in words and total > 1000
    print(json.dumps({"ok": ok, "keywords": words, "zishu": total}, ensure_ascii=False))
    return 0 if ok else 1


def _ssl_selftest() -> int:
    """Python's ssl and hashlib in the frozen program. On Linux the bundle has no OpenSSL of its own:
    libssl.so.3/libcrypto.so.3 must come from the system (not from the bundle's folder)."""
    import hashlib
    import json
    import ssl

    import certifi
    import httpx

    checks: dict[str, object] = {"openssl": ssl.OPENSSL_VERSION}
    ctx = ssl.create_default_context(cafile=certifi.where())
    checks["ca_certs_loaded"] = ctx.cert_store_stats()["x509_ca"] > 50
    with httpx.Client(timeout=5) as client:  # the portal/WordPress client: an HTTPS-ready context
        checks["https_client"] = client is not None
    checks["sha256"] = hashlib.sha256(b"abc").hexdigest() == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    checks["hashlib_openssl"] = "openssl" in hashlib.sha256.__module__ or hasattr(hashlib, "scrypt")
    if sys.platform.startswith("linux"):
        base = os.path.realpath(getattr(sys, "_MEIPASS", sys.prefix))
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
            libs = sorted({line.split()[-1] for line in f if "libssl.so" in line or "libcrypto.so" in line})
        checks["libssl_paths"] = libs
        frozen = getattr(sys, "frozen", False)
        checks["system_openssl"] = bool(libs) and (not frozen or not any(
            os.path.realpath(x).startswith(base + os.sep) for x in libs))
    ok = all(v for k, v in checks.items() if k not in ("openssl", "libssl_paths"))
    print(json.dumps({"ok": ok, **checks}, ensure_ascii=False))
    return 0 if ok else 1


def main() -> int:
    if os.environ.get("NEWSDESK_BUNDLE_SELFTEST") == "ssl":
        return _ssl_selftest()
    if os.environ.get("NEWSDESK_BUNDLE_SELFTEST") == "qt":
        return _qt_selftest()
    if os.environ.get("NEWSDESK_BUNDLE_SELFTEST") == "mp":
        return _mp_selftest()
    if os.environ.get("NEWSDESK_BUNDLE_SELFTEST") == "text":
        return _text_selftest()
    from app.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()
    raise SystemExit(main())
