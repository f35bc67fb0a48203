"""Draw the NewsDesk app icon: a white 采 on a red rounded square.

    python build_scripts/make_icons.py        # writes resources/icons/newsdesk*.png and newsdesk.ico

The outputs are committed; run this only to change the icon. Needs a CJK font (Debian:
fonts-noto-cjk) and PySide6; runs offscreen. The .ico holds PNG-compressed images (Windows
Vista and later read them) at every size Windows asks for, written by hand because Qt's ico
writer stores one image only.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = "#c8102e"
GLYPH = "采"
FONT_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei")


def render(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPainterPath

    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = 0 if size <= 24 else size / 32
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    path = QPainterPath()
    radius = rect.width() * 0.2
    path.addRoundedRect(rect, radius, radius)
    p.fillPath(path, QColor(RED))

    families = set(QFontDatabase.families())
    family = next((f for f in FONT_FAMILIES if f in families), None)
    if family is None:
        raise SystemExit("no CJK font found (install fonts-noto-cjk)")
    font = QFont(family)
    font.setWeight(QFont.Weight.Bold)
    font.setPixelSize(max(8, round(rect.height() * 0.74)))
    p.setFont(font)
    p.setPen(QColor("white"))
    # a glyph's em box sits a little low in CJK fonts: nudge it up by 3 % of the square
    text_rect = rect.translated(0, -rect.height() * 0.03)
    p.drawText(text_rect, int(Qt.AlignmentFlag.AlignCenter), GLYPH)
    p.end()

    ba = QByteArray()
    buf = QBuffer(ba)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(ba.data())


def write_ico(path: Path, images: dict[int, bytes]) -> None:
    """ICONDIR + ICONDIRENTRYs + PNG payloads."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for s in sizes:
        data = images[s]
        dim = 0 if s >= 256 else s  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    path.write_bytes(header + entries + blobs)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (keeps Qt alive)
    OUT.mkdir(parents=True, exist_ok=True)
    pngs = {s: render(s) for s in PNG_SIZES}
    for s, data in pngs.items():
        (OUT / f"newsdesk-{s}.png").write_bytes(data)
    (OUT / "newsdesk.png").write_bytes(pngs[256])
    write_ico(OUT / "newsdesk.ico", {s: pngs[s] for s in ICO_SIZES})
    print(f"wrote {len(pngs) + 2} files to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
