"""Figures the fault tests hand to the evidence report (tests/faults/report.py): one JSON line
per record, appended to the file named by NEWSDESK_FAULT_METRICS (nothing when unset)."""

from __future__ import annotations

import json
import os


def record(kind: str, **values) -> None:  # type: ignore[no-untyped-def]
    path = os.environ.get("NEWSDESK_FAULT_METRICS")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps({"kind": kind, **values}, ensure_ascii=False, default=str) + "\n")
