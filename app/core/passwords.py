"""One-time passwords a person reads off a screen or a slip of paper and types: no characters that
look alike (I l 1 | O 0 o), grouped in fours. 12 characters from a 54-symbol alphabet ≈ 69 bits."""

from __future__ import annotations

import secrets

# letters and digits without I, l, 1, O, o, 0 (and without symbols an input method turns full-width)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def readable_password(groups: int = 3, size: int = 4) -> str:
    """E.g. ``Hq7x-mP3c-kW9e``."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(size)) for _ in range(groups))
