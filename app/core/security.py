"""Password hashing (argon2id) and login throttling rules."""

from __future__ import annotations

import os
from datetime import timedelta

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2id with the library's current recommended parameters (RFC 9106's second recommendation:
# 64 MiB, t = 3, p = 4). The test suite alone sets NEWSDESK_TEST_CHEAP_PASSWORD_HASH=1 (tests/conftest.py)
# and gets argon2-cffi's profile for tests: the same code and algorithm, ≈ 0.3 s less per hash on a
# slow CI machine, where 300 hashes and checks were 6 % of the suite's CPU. A hash made that way is
# rehashed with these parameters on the next log-in without the variable (needs_rehash).
_hasher = (PasswordHasher.from_parameters(profiles.CHEAPEST) if os.environ.get("NEWSDESK_TEST_CHEAP_PASSWORD_HASH") == "1"
           else PasswordHasher())

MIN_PASSWORD_LENGTH = 8
LOCK_AFTER_FAILURES = 5
LOCK_BASE = timedelta(seconds=30)  # doubles with every further failure, capped below
LOCK_MAX = timedelta(minutes=15)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def lock_duration(failures: int) -> timedelta | None:
    if failures < LOCK_AFTER_FAILURES:
        return None
    # the exponent is capped: 2**n itself overflows timedelta after ~45 failures (a crash, not a lock)
    return min(LOCK_BASE * (2 ** min(failures - LOCK_AFTER_FAILURES, 20)), LOCK_MAX)
