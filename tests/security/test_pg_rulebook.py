"""The PostgreSQL leg of the rulebook's agreement: every status change the rulebook allows a
role is one the server's trigger table (pgroles.TRANSITIONS, from which the trigger's SQL is
generated) lets that role make, and the server allows no status change the rulebook lacks."""

from __future__ import annotations

from app.core import pgroles, rulebook


def _role(who: str) -> list[str]:
    # the author principal: an author of any writing role (the server: NEW.author_id = uid)
    return ["reporter", "editor", "chief_editor"] if who == rulebook.AUTHOR else [who]


def test_every_rulebook_transition_is_allowed_by_the_server_and_nothing_else(evidence):
    book: set[tuple[str, str, str]] = set()
    for rule in rulebook.ACTIONS:
        for src in rule.from_states:
            for dst in rule.to_states:
                if src == dst:
                    continue  # 更正 keeps `published`: not a status change
                for who in rule.who:
                    for role in _role(who):
                        book.add((role, str(src.value), str(dst.value)))
    missing = [t for t in sorted(book) if not pgroles.server_allows(*t)]
    assert not missing, f"the server refuses what the rulebook allows: {missing}"
    roles = ("reporter", "editor", "chief_editor", "admin")
    extra = sorted((r, s, tr.target) for tr in pgroles.TRANSITIONS for s in tr.sources for r in roles
                   if s != tr.target and pgroles.server_allows(r, s, tr.target)
                   and not any(s2 == s and t2 == tr.target and (r2 == r or (r == "chief_editor" and r2 == "editor"))
                               for (r2, s2, t2) in book))
    evidence(f"server vs rulebook: status changes: {len(book)}; server-only: {extra}")
    assert not extra, f"the server allows what the rulebook does not: {extra}"
