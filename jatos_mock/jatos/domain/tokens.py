"""JATOS API tokens: 'jap_' + 31 alphanumerics + a 6-character checksum; only SHA-256 hashes are stored.

Rules from JATOS ApiTokenService.create and HashUtils.getChecksum/getHash.
"""

import hashlib
import hmac
import random
import secrets
import string

PREFIX = "jap_"
RANDOM_LENGTH = 31
CHECKSUM_LENGTH = 6
ALPHANUMERIC = string.ascii_letters + string.digits


def checksum(random_part: str) -> str:
    # HashUtils.getChecksum: first 6 hex chars of the MD5 of the random part.
    return hashlib.md5(random_part.encode("latin-1", "replace")).hexdigest()[:CHECKSUM_LENGTH]


def generate(rng: random.Random | None = None) -> str:
    """A new token value: from `secrets` (rng None), or from a given generator (seeded, reproducible runs)."""
    choice = secrets.choice if rng is None else rng.choice
    random_part = "".join(choice(ALPHANUMERIC) for _ in range(RANDOM_LENGTH))
    return PREFIX + random_part + checksum(random_part)


def token_hash(token: str) -> str:
    # HashUtils.getHash: SHA-256 of the full token, bytes as ISO-8859-1.
    return hashlib.sha256(token.encode("latin-1", "replace")).hexdigest()


def is_well_formed(token: str) -> bool:
    """True for a string in JATOS's token format with a matching checksum (used to check fixtures)."""
    if not token.startswith(PREFIX) or len(token) != len(PREFIX) + RANDOM_LENGTH + CHECKSUM_LENGTH:
        return False
    body = token[len(PREFIX):]
    if not (body.isalnum() and body.isascii()):
        return False
    return hmac.compare_digest(checksum(body[:RANDOM_LENGTH]), body[RANDOM_LENGTH:])
