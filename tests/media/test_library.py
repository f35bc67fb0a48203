"""The media library on both engines: safe intake (GPS gone, orientation applied, bombs and
truncated files refused), each original stored once, description, search, galleries, and the
sign rule (caption and credit before signing)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.core.errors import ValidationError
from app.core.media.library import MediaQuery
from app.core.media.rules import CAPTION_MISSING, CREDIT_MISSING, missing_media_credits
from app.core.media.safe import clean_image, strip_jpeg
from app.core.models import Asset
from tests.conftest import actor
from tests.media.fixtures import GPS_IFD, bomb_png, docx_with_photos, photo, red_corner, truncated_jpeg


def _exif(data: bytes):
    return Image.open(io.BytesIO(data)).getexif()


def test_gps_and_personal_metadata_gone_date_and_camera_kept(demo):
    r = actor(demo, "zhangmin")
    raw = photo(seed=1)
    assert _exif(raw).get_ifd(GPS_IFD) and b"wangzd" in raw and b"SN-0042" in raw  # the fixture has them
    item, dup = demo.media.import_bytes(r, raw, "gansu.jpg")
    assert not dup
    stored = demo.media.data(item.id)
    ex = _exif(stored)
    assert not ex.get_ifd(GPS_IFD) and len(ex) == 0
    for secret in (b"Wang Zhidong", b"SN-0042", b"wangzd", b"Exif", b"Canon"):
        assert secret not in stored
    assert item.taken_at == datetime(2026, 11, 30, 6, 5, 9, tzinfo=UTC)  # 14:05:09 +08:00
    assert item.camera == "Canon EOS R6"
    # an upright JPEG keeps its compressed pixels byte for byte
    assert stored == strip_jpeg(raw) and stored[-2000:] == raw[-2000:]
    png_item, _ = demo.media.import_bytes(r, photo(seed=2, fmt="PNG"), "p.png")
    png = demo.media.data(png_item.id)
    assert b"Wang Zhidong" not in png and b"35.53" not in png and len(_exif(png)) == 0


@pytest.mark.parametrize("orientation,corner", [(1, "tl"), (3, "br"), (6, "tr"), (8, "bl")])
def test_orientation_applied(demo, orientation, corner):
    raw = photo(640, 480, seed=3, orientation=orientation)
    item, _ = demo.media.import_bytes(actor(demo, "zhangmin"), raw, "o.jpg")
    stored = demo.media.data(item.id)
    assert red_corner(stored) == corner
    assert _exif(stored).get(0x0112) is None  # nothing left to rotate again
    assert (item.width, item.height) == ((480, 640) if orientation in (6, 8) else (640, 480))
    assert red_corner(demo.media.thumbnails([item.id])[item.id]) == corner


def test_bombs_truncated_and_non_images_refused_with_messages(demo):
    r = actor(demo, "zhangmin")
    before = _count(demo)
    with pytest.raises(ValidationError) as e:
        demo.media.import_bytes(r, bomb_png(), "bomb.png")
    assert "解压炸弹" in e.value.message_zh and "decompression bomb" in e.value.message_en
    with pytest.raises(ValidationError) as e:  # over our 80 MP, under Pillow's own limit
        demo.media.import_bytes(r, bomb_png(10_000, 9_000), "big.png")
    assert "10000×9000" in e.value.message_zh and "90 MP" in e.value.message_en
    with pytest.raises(ValidationError) as e:
        demo.media.import_bytes(r, truncated_jpeg(), "cut.jpg")
    assert "截断" in e.value.message_zh and "truncated" in e.value.message_en and "cut.jpg" in e.value.message_en
    with pytest.raises(ValidationError) as e:
        demo.media.import_bytes(r, b"%PDF-1.7 not a photo", "x.jpg")
    assert e.value.data["reason"] == "not_image"
    broken_png = bytes.fromhex(  # a 1×1 PNG whose compressed pixels stop short (Pillow fails in getexif)
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")
    with pytest.raises(ValidationError) as e:
        demo.media.import_bytes(r, broken_png, "broken.png")
    assert "损坏" in e.value.message_zh and "broken.png" in e.value.message_en
    assert _count(demo) == before


def _count(svc) -> int:
    with svc.db.read() as s:
        return s.scalar(select(func.count()).select_from(Asset))


def test_same_photo_stored_once(demo, tmp_path):
    r = actor(demo, "zhangmin")
    raw = photo(seed=4, orientation=6)
    a, dup1 = demo.media.import_bytes(r, raw, "a.jpg")
    b, dup2 = demo.media.import_bytes(r, raw, "copy-of-a.jpg")
    assert (dup1, dup2) == (False, True) and a.id == b.id
    # the cleaned file itself (e.g. downloaded from our own site) is the same photo too
    c, dup3 = demo.media.import_bytes(r, demo.media.data(a.id), "again.jpg")
    assert dup3 and c.id == a.id
    # the editor's image button goes through the same intake
    d = demo.assets.add(r, raw, "inline.jpg")
    assert d.id == a.id
    with demo.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Asset).where(Asset.source_sha256 == a.sha256)) == 0
        assert s.scalar(select(func.count()).select_from(Asset).where(Asset.id == a.id)) == 1


def test_import_files_folder_docx_progress_cancel(demo, tmp_path):
    r = actor(demo, "zhangmin")
    folder = tmp_path / "shoot"
    folder.mkdir()
    for i in range(5):
        (folder / f"p{i}.jpg").write_bytes(photo(seed=10 + i))
    (folder / "cut.jpg").write_bytes(truncated_jpeg())
    (folder / "notes.txt").write_text("not a photo")
    seen: list[tuple[int, int, str]] = []
    rep = demo.media.import_files(r, [folder], progress=lambda n, t, name: seen.append((n, t, name)),
                                  credit="本报记者 王志东")
    assert len(rep.imported) == 5 and not rep.duplicates and not rep.cancelled
    assert [x[0] for x in rep.refused] == ["cut.jpg"] and "truncated" in rep.refused[0][2]
    assert seen[0] == (0, 6, "cut.jpg") and seen[-1] == (6, 6, "")
    assert {i.credit for i in rep.imported} == {"本报记者 王志东"}
    again = demo.media.import_files(r, [folder / "p0.jpg", folder / "p1.jpg"])
    assert len(again.duplicates) == 2 and not again.imported
    # cancel between files
    calls = iter(range(100))
    rep2 = demo.media.import_files(r, [tmp_path / "shoot"], cancelled=lambda: next(calls) >= 2)
    assert rep2.cancelled and len(rep2.items) + len(rep2.refused) == 2  # cut.jpg, p0.jpg
    # the pictures of a Word file, in document order
    docx = docx_with_photos(tmp_path / "稿件.docx", [photo(320, 240, seed=30), photo(320, 240, seed=31)])
    rep3 = demo.media.import_files(r, [docx])
    assert [i.filename for i in rep3.imported] == ["稿件.docx:image1.jpg", "稿件.docx:image2.jpg"]
    assert all(b"Exif" not in demo.media.data(i.id) for i in rep3.imported)


def test_describe_and_search(demo):
    r = actor(demo, "zhangmin")
    a, _ = demo.media.import_bytes(r, photo(seed=40), "a.jpg")
    b, _ = demo.media.import_bytes(r, photo(seed=41, taken="2025:01:02 08:00:00"), "b.jpg")
    demo.media.update(r, a.id, caption="安宁区社区服务中心", credit="本报记者 王志东", alt="服务中心外景",
                      keywords="社区，服务", place="兰州市安宁区", rights="original")
    demo.media.update(r, b.id, caption="泾川县田间", credit="新华社", rights="reprint", rights_source="新华社",
                      keywords=["农业"], place="泾川县")
    s = demo.media.search
    assert [i.id for i in s(MediaQuery(text="社区"))] == [a.id]
    assert [i.id for i in s(MediaQuery(credit="新华"))] == [b.id]
    assert [i.id for i in s(MediaQuery(keyword="服务"))] == [a.id]
    assert [i.id for i in s(MediaQuery(place="泾川"))] == [b.id]
    assert [i.id for i in s(MediaQuery(rights="reprint"))] == [b.id]
    assert [i.id for i in s(MediaQuery(taken_from=datetime(2026, 1, 1, tzinfo=UTC)))] == [a.id]
    assert [i.id for i in s(MediaQuery(taken_to=datetime(2026, 1, 1, tzinfo=UTC)))] == [b.id]
    assert [i.id for i in s(MediaQuery(text="EOS"))] == [b.id, a.id]
    assert a.id not in [i.id for i in s(MediaQuery(missing_caption=True))]
    got = demo.media.get(a.id)
    assert got.keywords == ["社区", "服务"] and got.alt == "服务中心外景"
    with pytest.raises(ValidationError):
        demo.media.update(r, a.id, rights="stolen")
    demo.media.set_crop(r, a.id, "cover", (0.1, 0.2, 0.8, 0.45))
    assert demo.media.get(a.id).crops == {"cover": [0.1, 0.2, 0.8, 0.45]}
    with pytest.raises(ValidationError):
        demo.media.set_crop(r, a.id, "cover", (0.5, 0.5, 0.9, 0.9))


def test_missing_media_credits_pure():
    assets = [{"id": 1, "caption": "图说", "credit": "摄影 王"}, {"id": 2, "caption": " ", "credit": ""},
              {"id": 3, "caption": "c", "credit": "新华社", "rights": "reprint", "rights_source": ""}]
    assert missing_media_credits(assets) == [f"{CAPTION_MISSING}:2", f"{CREDIT_MISSING}:2",
                                             "media_rights_source_missing:3"]
    assert missing_media_credits([]) == []


def test_sign_refused_while_a_caption_is_missing(demo):
    r = actor(demo, "zhangmin")
    g1, _ = demo.media.import_bytes(r, photo(seed=50), "g1.jpg")
    g2, _ = demo.media.import_bytes(r, photo(seed=51), "g2.jpg")
    demo.media.update(r, g1.id, caption="第一张", credit="摄影 张敏")
    demo.media.update(r, g2.id, credit="摄影 张敏")
    ch = demo.admin.channels()[0].id
    art = demo.articles.create(r, title="图集：安宁区的一天", body="正文", primary_channel_id=ch)
    demo.media.set_gallery(r, art.id, [(g1.id, ""), (g2.id, "")])
    assert [p.caption for p in demo.media.gallery(art.id)] == ["第一张", ""]
    demo.review.submit(r, art.id)
    with pytest.raises(ValidationError) as e:
        demo.review.sign(actor(demo, "chushen"), art.id, "ok")
    assert e.value.data["missing"] == [f"{CAPTION_MISSING}:{g2.id}"] and "图说" in e.value.message_zh
    # a caption for this story is enough
    demo.media.set_gallery(actor(demo, "chushen"), art.id, [(g1.id, ""), (g2.id, "乡亲们在广场上")])
    demo.review.sign(actor(demo, "chushen"), art.id, "ok")
    # the cover counts too
    cov, _ = demo.media.import_bytes(r, photo(seed=52), "cover.jpg")
    fs = actor(demo, "fushen")
    cur = demo.articles.get(fs, art.id)
    demo.articles.save(fs, art.id, {"cover_asset_id": cov.id}, cur.version)
    with pytest.raises(ValidationError) as e:
        demo.review.sign(fs, art.id, "ok")
    assert set(e.value.data["missing"]) == {f"{CAPTION_MISSING}:{cov.id}", f"{CREDIT_MISSING}:{cov.id}"}
    demo.media.update(fs, cov.id, caption="封面", credit="摄影 张敏")
    demo.review.sign(fs, art.id, "ok")


def test_clean_is_quick_for_a_12mp_upright_jpeg():
    """Not timed: the upright path never decodes at full size (draft) and copies the pixels."""
    raw = photo(4000, 3000, seed=60, quality=85)
    c = clean_image(raw, "big.jpg")
    assert not c.reencoded and (c.width, c.height) == (4000, 3000)
    assert max(Image.open(io.BytesIO(c.thumb)).size) == 320
