"""Safe intake of a photo: what the library stores is never the file as given.

- **Refused with a clear message** (zh/en): not an image we take (JPEG, PNG, WebP, GIF — the type
  comes from the bytes, never the name), more than MAX_PIXELS (a decompression bomb: the header
  is read before any pixel is decoded), a file larger than MAX_BYTES, a truncated or broken file
  (every file is decoded to the end once; JPEG at 1/8 scale, which still reads the whole
  entropy-coded stream, so a cut-off file fails here and not later in the export).
- **Personal metadata removed:** EXIF (GPS, serial numbers, owner name, maker notes), XMP, IPTC,
  comments and PNG text chunks. A JPEG whose EXIF orientation is "upright" keeps its pixels
  untouched (the metadata segments are dropped losslessly); one that must be rotated is turned
  and re-encoded (quality 92, the ICC colour profile kept). The date taken and the camera are
  read first and kept in our own fields.
- A small JPEG thumbnail (THUMB_SIZE, upright) is made at the same time, so a library view shows
  hundreds of photos without decoding one original.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from PIL import Image, UnidentifiedImageError

from app.core.errors import ValidationError

MAX_PIXELS = 80_000_000  # 80 MP: a 60 MP camera passes; a 1-billion-pixel bomb never decodes
MAX_BYTES = 60 * 1024 * 1024
THUMB_SIZE = 320
REENCODE_QUALITY = 92
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}

# Pillow's own guard (MAX_IMAGE_PIXELS, ~89 MP: a warning, an error at twice that) stays as it is;
# ours is checked on the header first. ImageFile.LOAD_TRUNCATED_IMAGES must stay False.
_TRANSPOSE = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}


@dataclass
class CleanImage:
    data: bytes  # what we store: metadata removed, upright
    mime: str
    width: int
    height: int
    source_sha256: str  # the file as it was given
    sha256: str  # the stored bytes
    thumb: bytes  # a small upright JPEG
    taken_at: datetime | None
    camera: str
    reencoded: bool  # True when the pixels were re-encoded (rotation, WebP)


def refuse_broken(name: str = "") -> ValidationError:
    label = f"“{name}”" if name else "图片"
    return ValidationError(f"{label}已损坏或不完整（文件被截断），未导入。",
                           f"{name or 'The image'} is damaged or incomplete (truncated); not imported.",
                           reason="broken")


def _bomb(name: str, w: int, h: int) -> ValidationError:
    mp = w * h / 1e6
    if not mp:  # Pillow refused it on the header (over twice its own limit)
        return ValidationError(
            f"“{name or '图片'}”的像素数远超上限 {MAX_PIXELS // 1_000_000} 百万像素，疑为“解压炸弹”，未导入。",
            f"{name or 'The image'} has far more pixels than the {MAX_PIXELS // 1_000_000} MP limit "
            "(a possible decompression bomb); not imported.", reason="too_large")
    return ValidationError(
        f"“{name or '图片'}”有 {w}×{h} 像素（{mp:,.0f} 百万），超过上限 {MAX_PIXELS // 1_000_000} 百万像素，"
        "疑为“解压炸弹”，未导入。",
        f"{name or 'The image'} has {w}×{h} pixels ({mp:,.0f} MP), over the {MAX_PIXELS // 1_000_000} MP "
        "limit (a possible decompression bomb); not imported.", reason="too_large")


def clean_image(data: bytes, name: str = "") -> CleanImage:
    """Check, strip and thumbnail one photo. Raises ValidationError (zh/en) for anything refused."""
    if not data:
        raise ValidationError(f"“{name or '图片'}”是空文件。", f"{name or 'The image'} is empty.", reason="empty")
    if len(data) > MAX_BYTES:
        raise ValidationError(
            f"“{name or '图片'}”太大（{len(data) / 1024 / 1024:.0f} MB），上限 {MAX_BYTES // 1024 // 1024} MB。",
            f"{name or 'The image'} is larger than the {MAX_BYTES // 1024 // 1024} MB limit.", reason="too_big")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own check follows
            im = Image.open(io.BytesIO(data))
            fmt = im.format or ""
            w, h = im.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb(name, 0, 0) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error):
        raise ValidationError(
            f"“{name or '文件'}”不是可用的图片（支持 JPEG、PNG、WebP、GIF）。",
            f"{name or 'The file'} is not a usable image (JPEG, PNG, WebP and GIF are supported).",
            reason="not_image") from None
    if fmt not in FORMATS:
        raise ValidationError(f"不支持的图片格式 {fmt}（支持 JPEG、PNG、WebP、GIF）。",
                              f"Unsupported image type {fmt} (JPEG, PNG, WebP and GIF are supported).",
                              reason="not_image")
    if w * h > MAX_PIXELS or w <= 0 or h <= 0:
        raise _bomb(name, w, h)
    try:  # Pillow reads a PNG's chunks up to its eXIf here: a damaged stream fails now
        exif = im.getexif()
    except (OSError, SyntaxError, ValueError, struct.error):
        raise ValidationError(
            f"“{name or '文件'}”已损坏，无法读取（支持 JPEG、PNG、WebP、GIF）。",
            f"{name or 'The file'} is damaged and cannot be read (JPEG, PNG, WebP and GIF are supported).",
            reason="not_image") from None
    orientation = int(exif.get(0x0112, 1) or 1)
    taken_at, camera = _exif_fields(exif)

    try:
        # decode once to the end (a truncated file fails here); JPEG at reduced scale
        if fmt == "JPEG":
            im.draft("RGB", (max(1, w // 8), max(1, h // 8)))
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im.load()
            frame = im.convert("RGB") if im.mode not in ("RGB", "L") else im
            thumb_im = frame.copy()
    except (OSError, SyntaxError, ValueError, struct.error, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise refuse_broken(name) from None
    thumb_im.thumbnail((THUMB_SIZE, THUMB_SIZE))
    for t in _TRANSPOSE.get(orientation, ()):
        thumb_im = thumb_im.transpose(t)
    tb = io.BytesIO()
    thumb_im.save(tb, "JPEG", quality=80)

    reencoded = False
    if fmt == "JPEG" and orientation in _TRANSPOSE:
        stored, w, h = _reencode_upright(data, orientation, name)
        reencoded = True
    elif fmt == "JPEG":
        stored = strip_jpeg(data)
    elif fmt == "PNG":
        stored = strip_png(data)
        if orientation in _TRANSPOSE:
            stored, w, h = _reencode_upright(stored, orientation, name, fmt="PNG")
            reencoded = True
    elif fmt == "WEBP":
        stored, w, h = _reencode_upright(data, orientation, name, fmt="WEBP")
        reencoded = True
    else:  # GIF carries no EXIF; a comment extension is harmless text, kept as is
        stored = data
    return CleanImage(stored, FORMATS[fmt], w, h, hashlib.sha256(data).hexdigest(),
                      hashlib.sha256(stored).hexdigest(), tb.getvalue(), taken_at, camera, reencoded)


def _reencode_upright(data: bytes, orientation: int, name: str, fmt: str = "JPEG") -> tuple[bytes, int, int]:
    try:
        im: Image.Image = Image.open(io.BytesIO(data))
        icc = im.info.get("icc_profile")
        im.load()
    except (OSError, SyntaxError, ValueError, struct.error):
        raise refuse_broken(name) from None
    for t in _TRANSPOSE.get(orientation, ()):
        im = im.transpose(t)
    im.info = {}  # no comment, EXIF or XMP carried over
    out = io.BytesIO()
    kw: dict = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        im = im.convert("RGB") if im.mode not in ("RGB", "L", "CMYK") else im
        im.save(out, "JPEG", quality=REENCODE_QUALITY, **kw)
    elif fmt == "WEBP":
        im.save(out, "WEBP", quality=90, **kw)
    else:
        im.save(out, fmt, **kw)
    return out.getvalue(), im.width, im.height


# JPEG markers kept: APP0 (JFIF), APP2 (ICC profile), APP14 (Adobe colour transform); everything
# else between SOI and SOS that is APPn or COM goes (APP1 = EXIF/XMP, APP13 = IPTC/Photoshop …).
_KEEP_APP = {0xE0, 0xE2, 0xEE}


def strip_jpeg(data: bytes) -> bytes:
    """The JPEG without its metadata segments; the compressed pixels are copied byte for byte."""
    if not data.startswith(b"\xff\xd8"):
        raise refuse_broken()
    out = [b"\xff\xd8"]
    i = 2
    n = len(data)
    while i + 4 <= n:
        if data[i] != 0xFF:
            raise refuse_broken()
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is image data
            out.append(data[i:])
            return b"".join(out)
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        seg = data[i:i + 2 + length]
        if ((0xE0 <= marker <= 0xEF and marker not in _KEEP_APP) or marker == 0xFE):
            pass
        else:
            out.append(seg)
        i += 2 + length
    raise refuse_broken()


_PNG_DROP = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


def strip_png(data: bytes) -> bytes:
    """The PNG without text, EXIF and time chunks (pixels untouched)."""
    sig = b"\x89PNG\r\n\x1a\n"
    out = [sig]
    i = len(sig)
    while i + 8 <= len(data):
        length = struct.unpack(">I", data[i:i + 4])[0]
        kind = data[i + 4:i + 8]
        end = i + 12 + length
        if end > len(data):
            raise refuse_broken()
        if kind not in _PNG_DROP:
            out.append(data[i:end])
        i = end
        if kind == b"IEND":
            return b"".join(out)
    raise refuse_broken()


def _exif_fields(exif: Image.Exif) -> tuple[datetime | None, str]:
    camera = " ".join(str(exif.get(t, "")).strip("\x00 ") for t in (0x010F, 0x0110)).strip()
    sub = exif.get_ifd(0x8769) if exif else {}
    raw = sub.get(0x9003) or sub.get(0x9004) or exif.get(0x0132)
    offset = sub.get(0x9011)  # OffsetTimeOriginal, e.g. "+08:00"
    return _exif_date(raw, offset), camera[:200]


def _exif_date(raw: object, offset: object) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        dt = datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    tz: timezone = timezone(timedelta(hours=8))  # a camera without an offset: newsroom time (China)
    if isinstance(offset, str) and len(offset) >= 6 and offset[0] in "+-":
        try:
            sign = 1 if offset[0] == "+" else -1
            tz = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])))
        except ValueError:
            pass
    return dt.replace(tzinfo=tz).astimezone(UTC)
