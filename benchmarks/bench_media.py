"""The photo desk: import speed and memory, and rendition speed against a bare Pillow loop.

1. Import: N photos of 12 MP (4000×3000 JPEG with EXIF, ≈ 4–6 MB each; --quick: 20 of 2 MP) from a
   folder into an embedded database through MediaService.import_files, in a child process (its
   peak RSS is the figure), on a worker thread while the main thread ticks every 5 ms like an
   event loop: the worst gap between ticks is the UI stall an import would cause.
2. Renditions: the site export's path (PhotoDesk.files loaders: read the stored photo, one draft
   decode per output, 480/960/1600 of the whole photo + 240/480 of the 4:3 list crop, JPEG q82)
   for M photos (the imported ones, cycled), against a bare Pillow loop making the same five
   files the obvious way (open, convert, resize from full size with LANCZOS, save) on a sample.
   The ratio is photos/s ours ÷ photos/s bare (≥ 0.8 wanted).

Run: python benchmarks/bench_media.py [--quick] [--photos N] [--renditions M]
"""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import quick, record  # noqa: E402


def make_photos(folder: Path, n: int, w: int, h: int) -> int:
    """Distinct camera-like JPEGs (noise over a gradient, so they compress like photos)."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    noise = Image.effect_noise((w, h), 48).convert("RGB")
    grad = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    base = Image.blend(noise, grad, 0.45)
    total = 0
    for i in range(n):
        im = base.copy()
        ImageDraw.Draw(im).rectangle((i * 7 % w, i * 13 % h, i * 7 % w + w // 8, i * 13 % h + h // 8),
                                     fill=(i * 37 % 256, i * 91 % 256, 160))
        exif = Image.Exif()
        exif[0x010F], exif[0x0110], exif[0x0112] = "Canon", "EOS R6", 1
        exif.get_ifd(0x8769)[0x9003] = "2026:11:30 14:05:09"
        g = exif.get_ifd(0x8825)
        g[1], g[2], g[3], g[4] = "N", (35.0, 32.0, 10.0), "E", (107.0, 12.0, 3.0)
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=92, exif=exif.tobytes())
        (folder / f"IMG_{i:04d}.jpg").write_bytes(buf.getvalue())
        total += len(buf.getvalue())
    return total


def _hwm_mb() -> float:
    """This process's peak RSS (VmHWM; ru_maxrss would carry the parent's peak across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _idle_gap_ms(seconds: float) -> float:
    worst, last, end = 0.0, time.perf_counter(), time.perf_counter() + seconds
    while time.perf_counter() < end:
        time.sleep(0.005)
        now = time.perf_counter()
        worst = max(worst, now - last - 0.005)
        last = now
    return worst * 1000


def import_child(folder: str, db_path: str) -> None:
    """Runs in its own process: import the folder, report time, peak RSS and the worst tick gap."""
    from app.core.db import Database
    from app.core.services import Services

    db = Database(f"sqlite:///{db_path}")
    db.upgrade(backup=False)
    svc = Services.create(db)
    rss0 = _hwm_mb()
    out: dict = {"idle_gap_ms": _idle_gap_ms(1.0)}  # the noise floor of this machine's scheduler

    def work() -> None:
        t0 = time.perf_counter()
        rep = svc.media.import_files(None, [folder])
        out["seconds"] = time.perf_counter() - t0
        out["imported"] = len(rep.imported)
        out["refused"] = len(rep.refused)

    th = threading.Thread(target=work)
    worst = 0.0
    th.start()
    last = time.perf_counter()
    while th.is_alive():
        time.sleep(0.005)
        now = time.perf_counter()
        worst = max(worst, now - last - 0.005)
        last = now
    th.join()
    out["worst_gap_ms"] = worst * 1000
    out["peak_rss_mb"] = _hwm_mb()
    out["base_rss_mb"] = rss0
    print(json.dumps(out))


def bare_loop(datas: list[bytes], out: Path) -> float:
    """The obvious Pillow loop for the same five files per photo → seconds."""
    from PIL import Image

    t0 = time.perf_counter()
    for k, data in enumerate(datas):
        im = Image.open(io.BytesIO(data)).convert("RGB")
        for w in (480, 960, 1600):
            r = im.resize((w, round(w * im.height / im.width)), Image.Resampling.LANCZOS)
            r.save(out / f"b{k}-{w}.jpg", "JPEG", quality=82)
        cw = min(im.width, round(im.height * 4 / 3))
        ch = round(cw * 3 / 4)
        left, top = (im.width - cw) // 2, (im.height - ch) // 2
        c = im.crop((left, top, left + cw, top + ch))
        for w in (240, 480):
            c.resize((w, round(w * 3 / 4)), Image.Resampling.LANCZOS).save(out / f"b{k}-l{w}.jpg", "JPEG", quality=82)
    return time.perf_counter() - t0


def main() -> None:
    small = quick() or "--quick" in sys.argv[1:]
    args = sys.argv[1:]
    n = int(args[args.index("--photos") + 1]) if "--photos" in args else (10 if small else 100)
    m = int(args[args.index("--renditions") + 1]) if "--renditions" in args else (20 if small else 1000)
    w, h = (1600, 1200) if small else (4000, 3000)
    bare_n = min(m, 10 if small else 100)
    with tempfile.TemporaryDirectory(prefix="nd-bench-media-") as tmp:
        t = Path(tmp)
        t0 = time.perf_counter()
        size = make_photos(t / "photos", n, w, h)
        print(f"made {n} photos of {w * h / 1e6:.0f} MP, {size / n / 1e6:.1f} MB each, in {time.perf_counter() - t0:.0f} s")
        db_path = t / "media.db"
        res = subprocess.run([sys.executable, __file__, "--import-child", str(t / "photos"), str(db_path)],
                             capture_output=True, text=True, check=True)
        r = json.loads(res.stdout.strip().splitlines()[-1])
        rate = r["imported"] / r["seconds"]
        note = f"{n} photos of {w * h / 1e6:.0f} MP ({size / n / 1e6:.1f} MB), SQLite, worker thread"
        print(f"import: {r['imported']} photos in {r['seconds']:.1f} s = {rate:.2f} photos/s; peak RSS "
              f"{r['peak_rss_mb']:.0f} MB (before {r['base_rss_mb']:.0f} MB); worst 5 ms-tick gap "
              f"{r['worst_gap_ms']:.1f} ms (idle, before the import: {r['idle_gap_ms']:.1f} ms)")
        record("media", "import photos/s", rate, "photos/s", better="higher", n=n, note=note)
        record("media", "import peak RSS", r["peak_rss_mb"], "MB", n=n, note=note)
        record("media", "import worst main-thread gap", r["worst_gap_ms"], "ms", target=50, n=n,
               note=note + f"; idle floor {r['idle_gap_ms']:.1f} ms")
        if m <= 0:
            return

        from app.core.db import Database
        from app.publish.images import PhotoDesk

        db = Database(f"sqlite:///{db_path}")
        desk = PhotoDesk(db)
        shas = sorted(desk.metas)
        out = t / "r"
        out.mkdir()
        done = 0
        t0 = time.perf_counter()
        k = 0
        while done < m:
            batch = shas[: m - done]
            for path, loader in desk.files(batch, [], batch):
                (out / f"{k}-{Path(path).name}").write_bytes(loader())
            k += 1
            done += len(batch)
        ours = time.perf_counter() - t0
        from sqlalchemy import select

        from app.core.models import Asset

        with db.read() as s:
            datas = [s.scalar(select(Asset.data).where(Asset.sha256 == sha)) for sha in shas]
        sample = [datas[i % len(datas)] for i in range(bare_n)]
        bare = bare_loop(sample, out)
        ours_rate, bare_rate = m / ours, bare_n / bare
        print(f"renditions: ours {m} photos in {ours:.1f} s = {ours_rate:.1f} photos/s; bare Pillow loop "
              f"{bare_n} in {bare:.1f} s = {bare_rate:.1f} photos/s; ratio {ours_rate / bare_rate:.2f}")
        rnote = f"{w * h / 1e6:.0f} MP photos, 5 files each (3 widths + 2 list-crop widths)"
        record("media", "renditions photos/s", ours_rate, "photos/s", better="higher", n=m, note=rnote)
        record("media", "renditions bare Pillow loop photos/s", bare_rate, "photos/s", better="higher", n=bare_n,
               note=rnote)
        record("media", "renditions ratio ours/bare", ours_rate / bare_rate, "×", target=0.8, better="higher",
               n=m, note=rnote)
        db.dispose()


if __name__ == "__main__":
    if "--import-child" in sys.argv:
        i = sys.argv.index("--import-child")
        import_child(sys.argv[i + 1], sys.argv[i + 2])
    else:
        main()
