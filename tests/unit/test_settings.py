from pathlib import Path

import pytest

from raviv.settings import DatabaseSettings, Settings, SettingsError


def test_relative_sqlite_url_names_a_file_relative_to_the_working_directory() -> None:
    settings = DatabaseSettings.from_url("sqlite:///var/raviv.db")
    assert settings.engine == "sqlite"
    assert settings.sqlite_path == Path("var/raviv.db")


def test_absolute_sqlite_url_keeps_its_leading_slash() -> None:
    assert DatabaseSettings.from_url("sqlite:////srv/raviv/raviv.db").sqlite_path == Path(
        "/srv/raviv/raviv.db"
    )


def test_postgresql_url_is_split_into_connection_parts() -> None:
    settings = DatabaseSettings.from_url("postgresql://camille:s%40cret@db.local:5433/raviv")
    assert (settings.engine, settings.host, settings.port) == ("postgres", "db.local", 5433)
    assert (settings.user, settings.password, settings.database) == ("camille", "s@cret", "raviv")
    assert "s@cret" not in settings.display


@pytest.mark.parametrize(
    "url",
    ["mysql://x@h/db", "sqlite://", "sqlite:///", "postgresql://host-only", "postgresql://h:xx/db"],
)
def test_unusable_database_urls_are_refused_with_the_variable_named(url: str) -> None:
    with pytest.raises(SettingsError, match="RAVIV_DATABASE_URL"):
        DatabaseSettings.from_url(url)


def test_database_defaults_to_an_sqlite_file_under_the_data_directory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("RAVIV_DATABASE_URL", raising=False)
    monkeypatch.setenv("RAVIV_DATA_DIR", "/srv/raviv-data")
    settings = Settings.from_env()
    assert settings.database.sqlite_path == Path("/srv/raviv-data/raviv.db")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RAVIV_DEBUG", "maybe"),
        ("RAVIV_ACCESS_LOG", "Y"),
        ("RAVIV_MAX_BODY_BYTES", "1MB"),
        ("RAVIV_MAX_BODY_BYTES", "10"),
        ("RAVIV_LOG_LEVEL", "verbose"),
    ],
)
def test_settings_refuse_values_they_cannot_parse_rather_than_guess(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        Settings.from_env()


def test_boolean_settings_accept_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAVIV_DEBUG", "Yes")
    assert Settings.from_env().debug is True
    monkeypatch.setenv("RAVIV_DEBUG", "off")
    assert Settings.from_env().debug is False


def test_an_https_public_address_turns_secure_cookies_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from raviv.settings import AccessSettings

    monkeypatch.setenv("RAVIV_PUBLIC_URL", "https://raviv.exemple.org/")
    access = AccessSettings.from_env()
    assert access.cookie_secure is True
    assert access.public_url == "https://raviv.exemple.org"
    monkeypatch.setenv("RAVIV_COOKIE_SECURE", "false")
    assert AccessSettings.from_env().cookie_secure is False


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8101"),
        ("localhost", "http://localhost:8101"),
        ("0.0.0.0", "http://127.0.0.1:8101"),  # noqa: S104 - a host to listen on, not bound here
        ("::", "http://127.0.0.1:8101"),
        ("::1", "http://[::1]:8101"),
    ],
)
def test_the_public_address_served_without_raviv_public_url(host: str, url: str) -> None:
    from raviv.settings import served_public_url

    assert served_public_url(host, 8101) == url


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RAVIV_SECRET_KEY", "trop-court"),
        ("RAVIV_PUBLIC_URL", "raviv.exemple.org"),
        ("RAVIV_LOCKOUT_FAILURES", "0"),
        ("RAVIV_PASSWORD_MEMORY_KIB", "8"),
        ("RAVIV_RETENTION_DAYS", "1"),
    ],
)
def test_a_bad_access_setting_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    from raviv.settings import AccessSettings

    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        AccessSettings.from_env()


def test_the_secret_key_can_come_from_a_file_but_not_from_both(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from raviv.settings import AccessSettings

    key = tmp_path / "key"
    key.write_text("k" * 40 + "\n")
    monkeypatch.setenv("RAVIV_SECRET_KEY_FILE", str(key))
    assert AccessSettings.from_env().secret_key == "k" * 40
    monkeypatch.setenv("RAVIV_SECRET_KEY", "s" * 40)
    with pytest.raises(SettingsError, match="both set"):
        AccessSettings.from_env()


def test_the_database_url_can_come_from_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "url"
    secret.write_text("postgresql://raviv:s3cret@db.local/raviv\n")
    monkeypatch.delenv("RAVIV_DATABASE_URL", raising=False)
    monkeypatch.setenv("RAVIV_DATABASE_URL_FILE", str(secret))
    assert Settings.from_env().database.password == "s3cret"  # noqa: S105


def test_trusted_proxies_are_none_by_default_and_read_as_addresses_or_networks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("RAVIV_TRUSTED_PROXIES", raising=False)
    assert Settings.from_env().access.trusted_proxies == ()
    monkeypatch.setenv("RAVIV_TRUSTED_PROXIES", " 127.0.0.1, 10.0.0.0/8 ,::1,")
    assert Settings.from_env().access.trusted_proxies == ("127.0.0.1/32", "10.0.0.0/8", "::1/128")


def test_a_trusted_proxy_that_is_not_an_address_is_refused_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RAVIV_TRUSTED_PROXIES", "127.0.0.1, proxy.local")
    with pytest.raises(SettingsError, match=r"RAVIV_TRUSTED_PROXIES=.*'proxy\.local'"):
        Settings.from_env()
