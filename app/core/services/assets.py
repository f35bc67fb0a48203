"""Images kept in the database by content hash, so every desktop sees them."""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

from sqlalchemy import select

from app.core.domain import Actor
from app.core.errors import NotFound, ValidationError
from app.core.models import Asset
from app.core.services.base import Service, audit

MAX_ASSET_BYTES = 10 * 1024 * 1024

EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}


@dataclass
class AssetData:
    id: int
    sha256: str
    mime: str
    filename: str
    size: int
    width: int | None
    height: int | None

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.mime, "bin")


def sniff_image(data: bytes) -> tuple[str, int | None, int | None]:
    """The image type from its magic bytes (never the file name), and its size if cheap."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        w, h = struct.unpack(">II", data[16:24])
        return "image/png", w, h
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", *_jpeg_size(data)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        w, h = struct.unpack("<HH", data[6:10])
        return "image/gif", w, h
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", None, None
    raise ValidationError("不支持的图片格式（支持 PNG、JPEG、GIF、WebP）。",
                          "Unsupported image type (PNG, JPEG, GIF and WebP are supported).")


def _jpeg_size(data: bytes) -> tuple[int | None, int | None]:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None, None
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h
        i += 2 + length
    return None, None


class AssetService(Service):
    def add(self, actor: Actor | None, data: bytes, filename: str = "") -> AssetData:
        if not data:
            raise ValidationError("图片文件是空的。", "The image file is empty.")
        if len(data) > MAX_ASSET_BYTES:
            raise ValidationError(f"图片太大（{len(data) // 1024 // 1024} MB），上限 10 MB。",
                                  "The image is larger than the 10 MB limit.")
        sniff_image(data)  # the short message for what is plainly not an image
        from app.core.media.safe import clean_image

        given = hashlib.sha256(data).hexdigest()
        img = clean_image(data, filename)  # metadata stripped, upright; bombs and broken files refused
        data, mime, w, h, sha = img.data, img.mime, img.width, img.height, img.sha256
        with self.db.session() as s:
            a = s.scalar(select(Asset).where(Asset.sha256 == sha))
            if a is None:
                a = Asset(sha256=sha, mime=mime, filename=filename[:255], size=len(data), width=w, height=h,
                          data=data, created_by=actor.id if actor else None, thumb=img.thumb,
                          source_sha256=given, taken_at=img.taken_at, camera=img.camera)
                s.add(a)
                s.flush()
                audit(s, actor, "asset_add", sha256=sha, size=len(data))
            return AssetData(a.id, a.sha256, a.mime, a.filename, a.size, a.width, a.height)

    def info(self, sha256: str) -> AssetData:
        with self.db.read() as s:
            a = s.scalar(select(Asset).where(Asset.sha256 == sha256))
            if a is None:
                raise NotFound("图片不存在。", "No such image.")
            return AssetData(a.id, a.sha256, a.mime, a.filename, a.size, a.width, a.height)

    def data(self, sha256: str) -> tuple[str, bytes]:
        with self.db.read() as s:
            row = s.execute(select(Asset.mime, Asset.data).where(Asset.sha256 == sha256)).first()
            if row is None:
                raise NotFound("图片不存在。", "No such image.")
            return row[0], row[1]

    def by_id(self, asset_id: int) -> AssetData:
        with self.db.read() as s:
            a = s.get(Asset, asset_id)
            if a is None:
                raise NotFound("图片不存在。", "No such image.")
            return AssetData(a.id, a.sha256, a.mime, a.filename, a.size, a.width, a.height)
