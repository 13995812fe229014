"""Settings, read once from the environment and parsed strictly.

Every variable starts with ``RAVIV_``. A value that does not parse stops the service at start
with a message naming the variable, rather than running with a guess.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import unquote, urlsplit

__all__ = [
    "AccessSettings",
    "DatabaseSettings",
    "ImportSettings",
    "JobSettings",
    "MetricsSettings",
    "SchedulerSettings",
    "ServeSettings",
    "Settings",
    "SettingsError",
    "get_settings",
    "served_public_url",
]


class SettingsError(ValueError):
    """An environment variable holds a value raviv cannot use."""


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(f"{name}={raw!r}: expected one of true/false, 1/0, yes/no, on/off")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected a whole number") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise SettingsError(f"{name}={raw!r}: expected a number {bounds}")
    return value


_Choice = TypeVar("_Choice", bound=str)


def env_choice(name: str, default: _Choice, choices: tuple[_Choice, ...]) -> _Choice:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    for choice in choices:
        if raw.strip().lower() == choice:
            return choice
    raise SettingsError(f"{name}={raw!r}: expected one of {', '.join(choices)}")


_CLOCK_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def env_clock_time(name: str, default: dt.time) -> dt.time:
    """A time of day written ``HH:MM``, 24 hours (``03:30``)."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    matched = _CLOCK_TIME.fullmatch(raw.strip())
    if matched is None:
        raise SettingsError(f"{name}={raw!r}: expected a time of day as HH:MM, e.g. 03:30")
    return dt.time(int(matched[1]), int(matched[2]))


def env_networks(name: str) -> tuple[str, ...]:
    """Comma-separated IP addresses or CIDR networks (``10.0.0.0/8, 127.0.0.1``); empty: none."""
    raw = os.environ.get(name) or ""
    networks = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise SettingsError(
                f"{name}={raw!r}: {item!r} is neither an IP address nor a network like 10.0.0.0/8"
            ) from None
    return tuple(networks)


def env_file(name: str, default: Path) -> Path:
    """The path of a file (not a folder: no trailing slash); ``default`` when unset or empty."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if not raw.strip() or raw.endswith(("/", "\\")) or "\0" in raw:
        raise SettingsError(f"{name}={raw!r}: expected the path of a file, e.g. /var/lib/raviv/x")
    return Path(raw)


def env_secret(name: str, *, default: str | None = None) -> str | None:
    """A secret from ``NAME``, or read from the file that ``NAME_FILE`` names (container secrets).

    The file's trailing newline is dropped; nothing else is stripped, since a password may end
    with a space. An empty or unreadable file is refused. ``default`` when neither is set.
    """
    file_name = f"{name}_FILE"
    value = os.environ.get(name) or None
    path = os.environ.get(file_name) or None
    if value and path:
        raise SettingsError(f"{name} and {file_name} are both set: keep one")
    if not path:
        return value or default
    try:
        secret = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise SettingsError(f"{file_name}={path!r}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{file_name}={path!r}: the file is not UTF-8 text") from None
    if not secret:
        raise SettingsError(f"{file_name}={path!r}: the file is empty")
    return secret


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    """Where the data lives: one SQLite file, or a PostgreSQL database."""

    engine: Literal["sqlite", "postgres"]
    url: str
    sqlite_path: Path | None = None
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = ""
    database: str = ""
    pool_min: int = 2
    pool_max: int = 10
    sqlite_readers: int = 4
    busy_timeout_ms: int = 5000
    migration_lock_timeout_s: int = 5

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        pool_min: int = 2,
        pool_max: int = 10,
        sqlite_readers: int = 4,
        busy_timeout_ms: int = 5000,
        migration_lock_timeout_s: int = 5,
        name: str = "RAVIV_DATABASE_URL",
    ) -> DatabaseSettings:
        parts = urlsplit(url)
        if parts.scheme == "sqlite":
            # sqlite:///relative/path.db is relative, sqlite:////abs/path.db is absolute:
            # the SQLAlchemy convention, which most operators already know.
            raw_path = unquote(parts.path)
            if parts.netloc or not raw_path.startswith("/") or raw_path == "/":
                raise SettingsError(
                    f"{name}={url!r}: expected sqlite:///relative/file.db or sqlite:////abs/file.db"
                )
            path = Path(raw_path[1:])
            return cls(
                engine="sqlite",
                url=url,
                sqlite_path=path,
                sqlite_readers=sqlite_readers,
                busy_timeout_ms=busy_timeout_ms,
            )
        if parts.scheme in {"postgresql", "postgres"}:
            database = unquote(parts.path.lstrip("/"))
            if not parts.hostname or not database:
                raise SettingsError(
                    f"{name}={url!r}: expected postgresql://user[:password]@host[:port]/database"
                )
            try:
                port = parts.port or 5432
            except ValueError:
                raise SettingsError(f"{name}={url!r}: the port is not a number") from None
            return cls(
                engine="postgres",
                url=url,
                host=parts.hostname,
                port=port,
                user=unquote(parts.username or ""),
                password=unquote(parts.password or ""),
                database=database,
                pool_min=pool_min,
                pool_max=pool_max,
                migration_lock_timeout_s=migration_lock_timeout_s,
            )
        raise SettingsError(f"{name}={url!r}: the scheme must be sqlite:// or postgresql://")

    @property
    def display(self) -> str:
        """The database named without its password, for logs and /health."""
        if self.engine == "sqlite":
            return f"sqlite:{self.sqlite_path}"
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}"


# Addresses that listen on every interface: no one reaches raviv at them.
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::"})  # noqa: S104 - names them, binds nothing


def served_public_url(host: str, port: int) -> str:
    """The public URL when ``RAVIV_PUBLIC_URL`` is not set and ``raviv serve`` listens on
    ``host:port``: that address, with 127.0.0.1 for a wildcard host (this machine only)."""
    if host in WILDCARD_HOSTS:
        host = "127.0.0.1"
    elif ":" in host:  # an IPv6 address, bracketed in a URL
        host = f"[{host.strip('[]')}]"
    return f"http://{host}:{port}"


@dataclass(frozen=True, slots=True)
class AccessSettings:
    """Accounts, sessions and the protections around them."""

    secret_key: str | None  # None: generated once into the data folder (see raviv.guard.secrets)
    public_url: str
    cookie_secure: bool
    session_hours: int
    token_max_days: int
    invitation_days: int
    reset_minutes: int
    lockout_failures: int
    lockout_minutes: int
    login_rate_per_minute: int
    password_time_cost: int
    password_memory_kib: int
    retention_days: int
    recheck_ms: int  # how stale another process's access change may be here; 0: no caching
    # Reverse proxies whose X-Forwarded-For (and -Proto) are believed; empty: none, the peer's
    # own address is the client's.
    trusted_proxies: tuple[str, ...] = ()

    @classmethod
    def from_env(cls) -> AccessSettings:
        secret = env_secret("RAVIV_SECRET_KEY")
        if secret is not None and len(secret) < 32:
            raise SettingsError("RAVIV_SECRET_KEY: expected at least 32 characters")
        public_url = (os.environ.get("RAVIV_PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/")
        if urlsplit(public_url).scheme not in {"http", "https"}:
            raise SettingsError(f"RAVIV_PUBLIC_URL={public_url!r}: expected an http(s):// address")
        return cls(
            secret_key=secret,
            public_url=public_url,
            cookie_secure=env_bool("RAVIV_COOKIE_SECURE", public_url.startswith("https://")),
            session_hours=env_int("RAVIV_SESSION_HOURS", 12, minimum=1, maximum=24 * 30),
            token_max_days=env_int("RAVIV_TOKEN_MAX_DAYS", 365, minimum=1, maximum=3650),
            invitation_days=env_int("RAVIV_INVITATION_DAYS", 7, minimum=1, maximum=90),
            reset_minutes=env_int("RAVIV_PASSWORD_RESET_MINUTES", 60, minimum=5, maximum=24 * 60),
            lockout_failures=env_int("RAVIV_LOCKOUT_FAILURES", 5, minimum=1, maximum=100),
            lockout_minutes=env_int("RAVIV_LOCKOUT_MINUTES", 15, minimum=1, maximum=24 * 60),
            login_rate_per_minute=env_int("RAVIV_LOGIN_RATE_PER_MINUTE", 20, minimum=1),
            password_time_cost=env_int("RAVIV_PASSWORD_TIME_COST", 3, minimum=1, maximum=20),
            password_memory_kib=env_int(
                "RAVIV_PASSWORD_MEMORY_KIB", 65536, minimum=1024, maximum=4 * 1024 * 1024
            ),
            retention_days=env_int("RAVIV_RETENTION_DAYS", 3 * 365, minimum=30),
            recheck_ms=env_int("RAVIV_ACCESS_RECHECK_MS", 1000, minimum=0, maximum=60_000),
            trusted_proxies=env_networks("RAVIV_TRUSTED_PROXIES"),
        )


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    """The daily evaluation inside the service (:mod:`raviv.participation.scheduler`): on or
    off, and the local time (each network's time zone) it runs at."""

    enabled: bool = True
    daily_at: dt.time = dt.time(3, 30)

    @classmethod
    def from_env(cls) -> SchedulerSettings:
        return cls(
            enabled=env_bool("RAVIV_SCHEDULER", True),
            daily_at=env_clock_time("RAVIV_DAILY_AT", dt.time(3, 30)),
        )


@dataclass(frozen=True, slots=True)
class JobSettings:
    """Background jobs (:mod:`raviv.jobs`): whether the service's own processes run them, how
    many at once per process, how long one under way may finish at shutdown before it is
    handed back, and whether the daily retention sweep erases people past the retention delay."""

    in_service: bool = True
    concurrency: int = 2
    shutdown_grace_s: int = 20
    retention_sweep: bool = False

    @classmethod
    def from_env(cls) -> JobSettings:
        return cls(
            in_service=env_bool("RAVIV_JOBS_WORKER", True),
            concurrency=env_int("RAVIV_JOBS_CONCURRENCY", 2, minimum=1, maximum=32),
            shutdown_grace_s=env_int("RAVIV_JOBS_SHUTDOWN_GRACE_S", 20, minimum=0, maximum=3600),
            retention_sweep=env_bool("RAVIV_RETENTION_SWEEP", False),
        )


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """How ``raviv serve`` stops (docs/reliability.md, worker processes): on SIGTERM or SIGINT
    each worker stops accepting, lets the requests under way finish for at most
    ``shutdown_grace_s`` seconds (then cancels them), and runs the application's shutdown."""

    shutdown_grace_s: int = 20

    @classmethod
    def from_env(cls) -> ServeSettings:
        return cls(shutdown_grace_s=env_int("RAVIV_SHUTDOWN_GRACE_S", 20, minimum=1, maximum=3600))


@dataclass(frozen=True, slots=True)
class ImportSettings:
    """How much work reading one spreadsheet may take (member and contribution imports, API and
    command line alike): counts of rows, columns, filled cells, characters in a cell, the size
    of a workbook once unzipped, and the seconds and memory of the process that reads it."""

    max_rows: int = 50_000
    max_columns: int = 500
    max_cell_chars: int = 10_000
    max_cells: int = 500_000
    max_unzipped_mb: int = 64
    max_ods_xml_mb: int = 8
    seconds: int = 30
    memory_mb: int = 1024
    workers: int = 2

    @classmethod
    def from_env(cls) -> ImportSettings:
        return cls(
            max_rows=env_int("RAVIV_IMPORT_MAX_ROWS", 50_000, minimum=10, maximum=10_000_000),
            max_columns=env_int("RAVIV_IMPORT_MAX_COLUMNS", 500, minimum=20, maximum=16_384),
            max_cell_chars=env_int(
                "RAVIV_IMPORT_MAX_CELL_CHARS", 10_000, minimum=2_000, maximum=10_000_000
            ),
            max_cells=env_int("RAVIV_IMPORT_MAX_CELLS", 500_000, minimum=100, maximum=100_000_000),
            max_unzipped_mb=env_int("RAVIV_IMPORT_MAX_UNZIPPED_MB", 64, minimum=1, maximum=4096),
            max_ods_xml_mb=env_int("RAVIV_IMPORT_MAX_ODS_XML_MB", 8, minimum=1, maximum=1024),
            seconds=env_int("RAVIV_IMPORT_SECONDS", 30, minimum=1, maximum=3600),
            memory_mb=env_int("RAVIV_IMPORT_MEMORY_MB", 1024, minimum=256, maximum=65_536),
            workers=env_int("RAVIV_IMPORT_WORKERS", 2, minimum=1, maximum=64),
        )


#: Who may read /metrics when RAVIV_METRICS_ALLOW is not set: this machine only.
METRICS_ALLOW_DEFAULT = ("127.0.0.1/32", "::1/128")
_TOKEN = re.compile(r"[\x21-\x7e]{32,}")  # visible ASCII: it travels in an HTTP header


@dataclass(frozen=True, slots=True)
class MetricsSettings:
    """Who may read ``/metrics`` (:mod:`raviv.metrics_route`): client addresses, or a bearer
    token; and the folder the processes of ``raviv serve`` keep their counts in
    (:mod:`raviv.metrics`; None: a fresh temporary folder for each ``raviv serve``)."""

    allow: tuple[str, ...] = METRICS_ALLOW_DEFAULT
    token: str | None = None
    directory: Path | None = None

    @classmethod
    def from_env(cls) -> MetricsSettings:
        raw = (os.environ.get("RAVIV_METRICS_ALLOW") or "").strip()
        if raw.lower() == "none":
            allow: tuple[str, ...] = ()
        else:
            allow = env_networks("RAVIV_METRICS_ALLOW") or METRICS_ALLOW_DEFAULT
        token = env_secret("RAVIV_METRICS_TOKEN")
        if token is not None and not _TOKEN.fullmatch(token):
            raise SettingsError(
                "RAVIV_METRICS_TOKEN: expected 32 characters or more, visible ASCII, no space"
            )
        directory = os.environ.get("RAVIV_METRICS_DIR") or None
        return cls(allow=allow, token=token, directory=Path(directory) if directory else None)


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database: DatabaseSettings
    access: AccessSettings
    debug: bool
    log_level: Literal["debug", "info", "warning", "error"]
    log_format: Literal["json", "console"]
    access_log: bool
    max_body_bytes: int
    max_upload_bytes: int
    scheduler: SchedulerSettings = field(default_factory=SchedulerSettings)
    imports: ImportSettings = field(default_factory=ImportSettings)
    jobs: JobSettings = field(default_factory=JobSettings)
    serve: ServeSettings = field(default_factory=ServeSettings)
    metrics: MetricsSettings = field(default_factory=MetricsSettings)
    # Erasures of personal data, one JSON line each, outside the database (raviv.erasure_journal)
    erasure_journal: Path = Path("var/erasures.jsonl")

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("RAVIV_DATA_DIR") or "var")
        url = env_secret("RAVIV_DATABASE_URL") or f"sqlite:///{data_dir / 'raviv.db'}"
        database = DatabaseSettings.from_url(
            url,
            pool_min=env_int("RAVIV_DB_POOL_MIN", 2, minimum=1, maximum=100),
            pool_max=env_int("RAVIV_DB_POOL_MAX", 10, minimum=1, maximum=200),
            sqlite_readers=env_int("RAVIV_SQLITE_READERS", 4, minimum=1, maximum=32),
            busy_timeout_ms=env_int("RAVIV_SQLITE_BUSY_TIMEOUT_MS", 5000, minimum=0),
            migration_lock_timeout_s=env_int(
                "RAVIV_MIGRATION_LOCK_TIMEOUT_S", 5, minimum=1, maximum=3600
            ),
        )
        if database.pool_min > database.pool_max:
            raise SettingsError("RAVIV_DB_POOL_MIN must not exceed RAVIV_DB_POOL_MAX")
        return cls(
            data_dir=data_dir,
            database=database,
            access=AccessSettings.from_env(),
            debug=env_bool("RAVIV_DEBUG", False),
            log_level=env_choice("RAVIV_LOG_LEVEL", "info", ("debug", "info", "warning", "error")),
            log_format=env_choice("RAVIV_LOG_FORMAT", "json", ("json", "console")),
            access_log=env_bool("RAVIV_ACCESS_LOG", True),
            max_body_bytes=env_int("RAVIV_MAX_BODY_BYTES", 1024 * 1024, minimum=1024),
            max_upload_bytes=env_int("RAVIV_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, minimum=1024),
            scheduler=SchedulerSettings.from_env(),
            imports=ImportSettings.from_env(),
            jobs=JobSettings.from_env(),
            serve=ServeSettings.from_env(),
            metrics=MetricsSettings.from_env(),
            erasure_journal=env_file("RAVIV_ERASURE_JOURNAL", data_dir / "erasures.jsonl"),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read from the environment on first use."""
    return Settings.from_env()
