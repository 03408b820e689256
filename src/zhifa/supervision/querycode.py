"""The query code (查询码) a complainant gets with the receipt number: random, shown once, stored hashed.

10 characters from 31 that cannot be misread (no 0/O, 1/I/L), about 49.5 bits, shown as XXXXX-XXXXX.
Random enough that a fast keyed hash stores it safely (a password needs a slow hash because people choose
guessable ones; this is not chosen), keyed with the secret key so that a copy of the database alone does
not allow guessing, and the portal's query door is rate-limited per address."""

from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10
_KEY_SALT = "zhifa.supervision.query-code"


def new_query_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalize_query_code(raw: str) -> str:
    """What the citizen typed, as issued: case, spaces and dashes do not matter."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isascii() and ch.isalnum())[: LENGTH + 10]
    return f"{cleaned[:5]}-{cleaned[5:]}" if len(cleaned) == LENGTH else cleaned


def _digest(code: str, salt: str, secret: str | bytes | None = None) -> str:
    return salted_hmac(_KEY_SALT, f"{salt}:{code}", secret=secret, algorithm="sha256").hexdigest()


def hash_query_code(code: str) -> str:
    salt = secrets.token_hex(8)
    return f"{salt}${_digest(code, salt)}"


def query_code_matches(stored: str, code: str) -> bool:
    """Constant-time comparison; the secret key's fallbacks (SECRET_KEY_FALLBACKS) still verify codes
    issued before a key rotation."""
    salt, _, digest = stored.partition("$")
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(hmac.compare_digest(_digest(code, salt, key), digest) for key in keys)


def burn(code: str) -> None:
    """The work of one check, for a receipt number that does not exist."""
    _digest(code, "0" * 16)
