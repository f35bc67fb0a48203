"""A short many-desks run on PostgreSQL (the full minute: benchmarks/bench_load.py): no lost
update, every conflict a genuine one reported as ConflictError or LeaseHeld, nothing unexpected
(a deadlock would surface as an unexpected error)."""

from __future__ import annotations

import os

import pytest

from app.core.db import Database
from app.core.services import Services
from tests.conftest import PG_URL
from tests.faults import load
from tests.faults.metrics import record


@pytest.mark.skipif(not PG_URL, reason="NEWSDESK_TEST_POSTGRES_URL is not set")
@pytest.mark.parametrize("engine_name", ["postgresql"], indirect=True)
def test_many_desks_no_lost_update(demo_url):
    seconds = float(os.environ.get("NEWSDESK_LOAD_SECONDS", "12"))
    desktops = int(os.environ.get("NEWSDESK_LOAD_DESKTOPS", "6"))
    db = Database(demo_url)
    load.prepare(Services.create(db))
    db.dispose()
    res = load.run(demo_url, desktops=desktops, seconds=seconds)
    print(res.summary())
    assert not res.unexpected, "\n".join(res.unexpected[:3])
    assert res.lost_updates == 0
    assert res.genuine_conflicts == res.conflicts
    assert res.saves > 0 and res.transitions > 0
    record("load", engine="postgresql", desktops=res.desktops, seconds=round(res.seconds, 1),
           ops=res.ops, ops_per_s=round(res.ops_per_s, 1), conflicts=res.conflicts,
           genuine=res.genuine_conflicts, lease_held=res.lease_held, lost=res.lost_updates)
