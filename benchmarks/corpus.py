"""A realistic newsroom archive for benchmarks: N Chinese articles whose text is sampled from
jieba's dictionary word frequencies (jieba ships dict.txt: 349,046 words with counts from a
real corpus), with realistic lengths, channels, contributors, sources, states and dates,
bulk-inserted fast on SQLite and PostgreSQL.

    python -m benchmarks.corpus --n 100000 --database sqlite:////tmp/corpus.db

Deterministic for a given seed. Text is *word salad* with the right statistics (word and
character frequencies, sentence and paragraph lengths, punctuation), sprinkled with the
region's place names and the reporters' names so searches such as "安宁区 社区" or "王忠德"
behave as they would on a real archive.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PLACES = ["平凉市", "崆峒区", "安宁区", "华亭市", "泾川县", "灵台县", "崇信县", "庄浪县", "静宁县",
          "兰州市", "天水市", "庆阳市", "甘肃省", "西峰区", "麦积区"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "忠德有安敏华军伟芳娜秀英丽强磊洋艳勇杰娟涛明超兰霞平刚桂文辉建国志红玉海燕春"
SOURCES = ["陇东报", "平凉日报", "甘肃日报", "新华社", "中国新闻网", "人民网", "每日甘肃网",
           "兰州晨报", "西部商报", "平凉新闻网", "央视新闻", "中国青年报", "经济日报", "光明日报",
           "科技日报", "法治日报", "农民日报", "中国妇女报", "工人日报", "中国日报"]
STATES = [("published", 70), ("draft", 10), ("submitted", 5), ("in_review", 4), ("returned", 3),
          ("approved", 2), ("scheduled", 2), ("withdrawn", 4)]
SENT_END = "。。。。。！？"
ROLES = ["记者", "记者", "记者", "特约记者", "通讯员", "摄影", "实习生"]


@dataclass
class Vocabulary:
    words: list[str]
    cum: list[float]
    nouns: list[str]  # two to four characters, for keywords and headlines
    by_len: dict[int, list[str]]  # frequent words by length, for benchmark terms

    @classmethod
    def load(cls) -> Vocabulary:
        import jieba

        path = Path(jieba.__file__).parent / "dict.txt"
        words, freqs, nouns = [], [], []
        by_len: dict[int, list[tuple[int, str]]] = {2: [], 3: [], 4: []}
        for line in path.read_text("utf-8").splitlines():
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            w, f = parts[0], int(parts[1])
            if not all("\u4e00" <= ch <= "\u9fff" for ch in w):
                continue  # Chinese words only (the dictionary holds some Latin noise)
            words.append(w)
            freqs.append(f)
            if len(w) in by_len and f >= 50:
                by_len[len(w)].append((f, w))
            if len(parts) > 2 and parts[2].startswith("n") and 2 <= len(w) <= 4 and f >= 200:
                nouns.append(w)
        cum = list(itertools.accumulate(freqs))
        return cls(words, cum, nouns, {k: [w for _, w in sorted(v, reverse=True)] for k, v in by_len.items()})

    def sampler(self, seed: int) -> Callable[[int], list[str]]:
        try:
            import numpy as np

            rng = np.random.default_rng(seed)
            cum = np.array(self.cum, dtype=np.float64)
            arr = np.array(self.words, dtype=object)
            total = cum[-1]

            def sample(k: int) -> list[str]:
                return list(arr[np.searchsorted(cum, rng.random(k) * total, side="right")])
        except ImportError:  # pragma: no cover - numpy is optional
            r = random.Random(seed)

            def sample(k: int) -> list[str]:
                return r.choices(self.words, cum_weights=self.cum, k=k)
        return sample


class Generator:
    def __init__(self, seed: int = 20261127) -> None:
        self.vocab = Vocabulary.load()
        self.rng = random.Random(seed)
        self.sample = self.vocab.sampler(seed)
        self.reporters = [self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice((1, 2))))
                          for _ in range(60)]
        self.reporters[:3] = ["王忠德", "李有安", "张敏"]

    def sentence(self) -> str:
        words = self.sample(self.rng.randint(6, 22))
        r = self.rng.random()
        if r < 0.25:  # places and people, as a real regional paper has
            words.insert(self.rng.randrange(len(words)), self.rng.choice(PLACES))
        elif r < 0.3:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(self.reporters))
        if len(words) > 10 and self.rng.random() < 0.6:
            cut = self.rng.randrange(3, len(words) - 3)
            words.insert(cut, "，")
        return "".join(words) + self.rng.choice(SENT_END)

    def body(self) -> str:
        target = int(min(12_000, max(200, self.rng.lognormvariate(7.05, 0.55))))  # median ≈ 1,150
        paras, n = [], 0
        while n < target:
            p = "".join(self.sentence() for _ in range(self.rng.randint(2, 6)))
            paras.append(p)
            n += len(p)
        return "\n\n".join(paras)

    def headline(self) -> str:
        words = self.sample(self.rng.randint(3, 7))
        if self.rng.random() < 0.4:
            words.insert(0, self.rng.choice(PLACES))
        if self.rng.random() < 0.3:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(self.vocab.nouns))
        return "".join(words)[:40]

    def article(self, i: int, author_ids: list[int], channel_ids: list[int], source_ids: list[int],
                start: datetime, span_s: float) -> dict:
        rng = self.rng
        state = rng.choices([s for s, _ in STATES], weights=[w for _, w in STATES])[0]
        created = start + timedelta(seconds=span_s * (i + rng.random()) / self._n)
        updated = created + timedelta(minutes=rng.randint(5, 60 * 24))
        body = self.body()
        reporter = rng.randrange(len(self.reporters))
        contributors = [{"role": "记者", "name": self.reporters[reporter]}]
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            contributors.append({"role": rng.choice(ROLES), "name": rng.choice(self.reporters)})
        reprint = rng.random() < 0.25
        published = state in ("published", "withdrawn")
        return {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128))), "version": 1, "status": state,
            "pretitle": self.headline() if rng.random() < 0.15 else "",
            "title": self.headline(),
            "subtitle": self.headline() if rng.random() < 0.2 else "",
            "summary": body[: rng.randint(40, 120)].replace("\n", "") if rng.random() < 0.6 else "",
            "body": body, "dateline": "本报讯" if not reprint else "",
            "origin": "reprint" if reprint else "original",
            "source_id": rng.choice(source_ids) if reprint else None,
            "source_url": "", "original_author": "", "original_title": "", "original_time": None,
            "topics": [], "level": rng.choice((0, 0, 0, 0, 1, 2)), "is_hot": rng.random() < 0.05,
            "keywords": rng.sample(self.vocab.nouns, rng.randint(2, 5)),
            "contributors": contributors, "cover_asset_id": None,
            "primary_channel_id": rng.choice(channel_ids),
            "author_id": author_ids[reporter % len(author_ids)],
            "assigned_editor_id": None, "responsible_editor_id": None, "signer_id": None,
            "review_step": 1 if state in ("submitted", "in_review") else None,
            "scheduled_at": updated + timedelta(days=1) if state == "scheduled" else None,
            "first_published_at": updated if published else None,
            "updated_published_at": None, "correction_note": "", "chars": len(body),
            "created_at": created, "updated_at": updated,
            "lease_user_id": None, "lease_since": None, "lease_expires_at": None,
        }

    def fill(self, db, n: int, batch: int = 1000,  # type: ignore[no-untyped-def]
             progress: Callable[[int], None] | None = None) -> list[int]:
        """Insert ``n`` articles (with reporters, sources and the seeded channels) into a
        migrated database. Returns the reporters' user ids."""
        from sqlalchemy import insert, select

        from app.core.models import Article, Channel, Source, User, UserRole

        self._n = n
        with db.session() as s:
            existing = {u for u in s.scalars(select(User.login))}
            users = []
            for k, name in enumerate(self.reporters):
                login = f"bench{k:03d}"
                if login not in existing:
                    users.append({"login": login, "real_name": name, "password_hash": "!",
                                  "active": True, "failed_logins": 0,
                                  "created_at": datetime.now(UTC)})
            if users:
                s.execute(insert(User), users)
            ids = dict(s.execute(select(User.login, User.id).where(User.login.like("bench%"))).all())
            author_ids = [ids[f"bench{k:03d}"] for k in range(len(self.reporters))]
            if users:
                s.execute(insert(UserRole), [{"user_id": i, "role": "reporter"} for i in author_ids])
            have = set(s.scalars(select(Source.name)))
            new = [{"name": n_, "url": ""} for n_ in SOURCES if n_ not in have]
            if new:
                s.execute(insert(Source), new)
            source_ids = list(s.scalars(select(Source.id).order_by(Source.id)))
            channel_ids = list(s.scalars(select(Channel.id).order_by(Channel.id))) or [None]
        start = datetime.now(UTC) - timedelta(days=5 * 365)
        span = 5 * 365 * 86400.0
        table = Article.__table__
        done = 0
        while done < n:
            k = min(batch, n - done)
            rows = [self.article(done + j, author_ids, channel_ids, source_ids, start, span)
                    for j in range(k)]
            with db.session() as s:
                s.execute(insert(table), rows)
            done += k
            if progress:
                progress(done)
        return author_ids


def build(url: str, n: int, seed: int = 20261127, progress: bool = False) -> dict[str, float]:
    """Create (migrate + seed) the database at ``url`` and fill it. Returns timings."""
    from app.core.db import Database
    from app.core.seed import seed_newsroom
    from app.core.services import Services

    db = Database(url)
    db.upgrade(backup=False)
    seed_newsroom(Services.create(db))
    t0 = time.perf_counter()
    gen = Generator(seed)
    t_vocab = time.perf_counter() - t0
    t1 = time.perf_counter()
    gen.fill(db, n, progress=(lambda d: print(f"\r{d}/{n}", end="", file=sys.stderr)) if progress else None)
    t_fill = time.perf_counter() - t1
    if progress:
        print(file=sys.stderr)
    db.dispose()
    return {"vocab_s": t_vocab, "fill_s": t_fill, "articles_per_s": n / t_fill if t_fill else 0.0}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=10_000)
    p.add_argument("--database", required=True, help="an empty database URL")
    p.add_argument("--seed", type=int, default=20261127)
    a = p.parse_args(argv)
    t = build(a.database, a.n, a.seed, progress=sys.stderr.isatty())
    print(f"{a.n} articles in {t['fill_s']:.1f} s ({t['articles_per_s']:.0f}/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

