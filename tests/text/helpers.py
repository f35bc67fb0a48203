"""Shared test data for the text toolkit tests."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"


def reference_page() -> str:
    """The reference portal page as saved text (a copy of shared/reference/000_…txt)."""
    return (DATA / "reference_page.txt").read_text(encoding="utf-8")


def reference_article() -> str:
    """Headline, 来源 line, body and byline of the reference page (what an editor proofs)."""
    lines = reference_page().splitlines()
    end = lines.index("记者王忠德特约记者李有安")
    return "\n".join(lines[3 : end + 1])


def reference_body() -> str:
    """Only the body paragraphs (【本报讯】… to the last paragraph, byline excluded)."""
    lines = reference_page().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("【本报讯】"))
    end = lines.index("记者王忠德特约记者李有安")
    return "\n".join(lines[start:end]).strip()
