"""Real JPEG/PNG fixtures made with Pillow: EXIF with GPS, orientation, date taken and camera;
PNG text chunks; a decompression bomb; a truncated JPEG; a Word file with pictures."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw

GPS_IFD = 0x8825
EXIF_IFD = 0x8769


def photo(w: int = 640, h: int = 480, seed: int = 0, *, orientation: int = 1, gps: bool = True,
          taken: str = "2026:11:30 14:05:09", fmt: str = "JPEG", quality: int = 90) -> bytes:
    """A photo with a distinctive top-left red block (to check orientation), personal EXIF data
    (GPS position, owner name, serial number), the date taken and the camera."""
    im = Image.new("RGB", (w, h), ((seed * 37) % 256, (seed * 91) % 256, 160))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, w // 4, h // 4), fill=(255, 0, 0))
    d.text((w // 2, h // 2), str(seed), fill=(255, 255, 255))
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS R6"
    exif[0x0112] = orientation
    exif[0x013B] = "Wang Zhidong"  # Artist: personal
    exif[0xA431] = "SN-0042-SECRET"  # BodySerialNumber (in IFD0 for the test; stripped all the same)
    sub = exif.get_ifd(EXIF_IFD)
    sub[0x9003] = taken
    sub[0x9011] = "+08:00"
    if gps:
        g = exif.get_ifd(GPS_IFD)
        g[1] = "N"
        g[2] = (35.0, 32.0, 10.0)
        g[3] = "E"
        g[4] = (107.0, 12.0, 3.0)
    out = io.BytesIO()
    if fmt == "JPEG":
        im.save(out, "JPEG", quality=quality, exif=exif.tobytes(), comment=b"owner: wangzd")
    else:
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_text("Author", "Wang Zhidong")
        info.add_text("GPS", "35.53,107.20")
        im.save(out, "PNG", exif=exif.tobytes(), pnginfo=info)
    return out.getvalue()


def bomb_png(w: int = 40_000, h: int = 40_000) -> bytes:
    """A tiny PNG that claims 1.6 billion pixels (a decompression bomb)."""
    def chunk(t: bytes, d: bytes) -> bytes:
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    row = b"\x00" + b"\x00" * (w * 3)
    body = zlib.compress(row * 4, 9)  # far from every row: it never gets that far
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def truncated_jpeg() -> bytes:
    d = photo(800, 600, seed=5)
    return d[: len(d) * 2 // 3]


def docx_with_photos(path: Path, photos: list[bytes]) -> Path:
    import docx
    from docx.shared import Inches

    doc = docx.Document()
    doc.add_paragraph("图片新闻")
    for i, p in enumerate(photos):
        doc.add_picture(io.BytesIO(p), width=Inches(2))
        doc.add_paragraph(f"图{i + 1}")
    doc.save(str(path))
    return path


def red_corner(data: bytes) -> str:
    """Which corner of the image is red: 'tl', 'tr', 'bl' or 'br'."""
    im = Image.open(io.BytesIO(data)).convert("RGB")
    w, h = im.size
    pts = {"tl": (w // 16, h // 16), "tr": (w - 1 - w // 16, h // 16), "bl": (w // 16, h - 1 - h // 16),
           "br": (w - 1 - w // 16, h - 1 - h // 16)}
    red = [k for k, p in pts.items() if (lambda c: c[0] > 200 and c[1] < 60 and c[2] < 60)(im.getpixel(p))]
    assert len(red) == 1, red
    return red[0]
