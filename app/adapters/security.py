"""Credential hashing: badges by SHA-256 digest (looked up on every sign-in scan), PINs by
Argon2id (argon2-cffi: a maintained, memory-hard hash instead of anything hand-made)."""

from __future__ import annotations

import hashlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_BADGE_DOMAIN = b"packbench-badge-v1:"


class Argon2CredentialHasher:
    def __init__(self) -> None:
        self._pins = PasswordHasher()

    def badge_digest(self, badge_code: str) -> str:
        """A stable digest of a badge code: the database never holds the code itself."""
        return hashlib.sha256(_BADGE_DOMAIN + badge_code.strip().upper().encode()).hexdigest()

    def hash_pin(self, pin: str) -> str:
        return self._pins.hash(pin)

    def verify_pin(self, pin_hash: str, pin: str) -> bool:
        try:
            return self._pins.verify(pin_hash, pin)
        except (VerificationError, InvalidHashError):
            return False
