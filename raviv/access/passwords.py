"""Password hashing with Argon2id (argon2-cffi), and the rules a new password must follow."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from raviv.errors import FieldProblem, InvalidError
from raviv.settings import get_settings

MIN_LENGTH = 12
MAX_LENGTH = 256


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    access = get_settings().access
    return PasswordHasher(
        time_cost=access.password_time_cost, memory_cost=access.password_memory_kib
    )


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hasher().hash("raviv: a password nobody has")


def prepare() -> None:
    """Make the dummy hash now, so the first sign-in with an unknown address is no slower."""
    _dummy_hash()


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify(stored: str | None, password: str) -> bool:
    """Whether the password matches. With no stored hash, a dummy one is checked all the same,
    so an unknown address takes as long to refuse as a wrong password."""
    try:
        return hasher().verify(stored or _dummy_hash(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return hasher().check_needs_rehash(stored)


def checked_password(password: str, *, email: str = "", field: str = "password") -> str:
    """A new password, refused with a clear reason when too weak to keep."""
    problem = None
    if len(password) < MIN_LENGTH:
        problem = (
            f"at least {MIN_LENGTH} characters",
            f"au moins {MIN_LENGTH} caractères",
        )
    elif len(password) > MAX_LENGTH:
        problem = (f"at most {MAX_LENGTH} characters", f"au plus {MAX_LENGTH} caractères")
    elif email and password.strip().lower() == email.strip().lower():
        problem = ("must not be the e-mail address", "ne doit pas être l'adresse e-mail")
    if problem:
        raise InvalidError(
            f"{field}: {problem[0]}",
            errors=[FieldProblem(field, problem[0], message_fr=problem[1])],
        )
    return password
