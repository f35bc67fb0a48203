"""Fault-test fixtures: a PostgreSQL server of our own (tests/faults/pgserver.py)."""

from __future__ import annotations

import pytest

from tests.faults import pgserver


@pytest.fixture(scope="module")
def own_pg():
    if not pgserver.available():
        pytest.skip("PostgreSQL 15 server binaries not installed")
    srv = pgserver.PgServer()
    srv.start()
    try:
        yield srv
    finally:
        srv.cleanup()
