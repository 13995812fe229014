"""The settings of stopping the service and of migrating a live database."""

import pytest

from raviv.settings import Settings, SettingsError


def test_shutdown_grace_and_migration_lock_timeout_have_defaults_and_read_whole_seconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("RAVIV_SHUTDOWN_GRACE_S", raising=False)
    monkeypatch.delenv("RAVIV_MIGRATION_LOCK_TIMEOUT_S", raising=False)
    monkeypatch.setenv("RAVIV_DATABASE_URL", "postgresql://raviv@127.0.0.1/raviv")
    settings = Settings.from_env()
    assert settings.serve.shutdown_grace_s == 20
    assert settings.database.migration_lock_timeout_s == 5
    monkeypatch.setenv("RAVIV_SHUTDOWN_GRACE_S", "45")
    monkeypatch.setenv("RAVIV_MIGRATION_LOCK_TIMEOUT_S", "2")
    settings = Settings.from_env()
    assert settings.serve.shutdown_grace_s == 45
    assert settings.database.migration_lock_timeout_s == 2


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RAVIV_SHUTDOWN_GRACE_S", "0"),  # no grace at all is SIGKILL's job, not SIGTERM's
        ("RAVIV_SHUTDOWN_GRACE_S", "20s"),
        ("RAVIV_SHUTDOWN_GRACE_S", "3601"),
        ("RAVIV_MIGRATION_LOCK_TIMEOUT_S", "0"),  # PostgreSQL's 0 would wait for ever
        ("RAVIV_MIGRATION_LOCK_TIMEOUT_S", "1.5"),
    ],
)
def test_a_bad_value_is_refused_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        Settings.from_env()
