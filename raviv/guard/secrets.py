"""Random secrets, their stored hashes, and the installation's secret key."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

from raviv.settings import get_settings

#: Prefix of API tokens, so a leaked one is recognisable (and secret scanners can match it).
TOKEN_PREFIX = "raviv_"  # noqa: S105 - a prefix, not a secret


def new_secret(prefix: str = "") -> str:
    """A new random secret (256 bits), URL-safe."""
    return prefix + secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    """What is stored of a secret: its SHA-256. Secrets are random, so no salt is needed."""
    return hashlib.sha256(secret.encode()).hexdigest()


@lru_cache(maxsize=1)
def secret_key() -> bytes:
    """The installation's key: RAVIV_SECRET_KEY(_FILE), or made once into the data folder."""
    settings = get_settings()
    if settings.access.secret_key:
        return settings.access.secret_key.encode()
    path = settings.data_dir / "secret_key"
    if not path.exists():
        _create_private(path, secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip().encode()


def _create_private(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it first: use theirs
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(content + "\n")


def csrf_token(session_secret: str) -> str:
    """The CSRF token of a session: bound to it, so one from another session never passes."""
    mac = hmac.new(secret_key(), b"csrf:" + session_secret.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
