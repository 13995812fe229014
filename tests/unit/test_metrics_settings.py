"""Who may read /metrics, read strictly like every other setting: this machine by default,
``RAVIV_METRICS_ALLOW`` as addresses or networks (``none``: no address), a token of 32
characters or more from ``RAVIV_METRICS_TOKEN`` or its ``_FILE``, a folder ``RAVIV_METRICS_DIR``."""

from __future__ import annotations

from pathlib import Path

import pytest

from raviv.settings import MetricsSettings, Settings, SettingsError

TOKEN = "t" * 32


@pytest.fixture
def unset(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("ALLOW", "TOKEN", "TOKEN_FILE", "DIR"):
        monkeypatch.delenv(f"RAVIV_METRICS_{name}", raising=False)
    return monkeypatch


def test_by_default_this_machine_only_and_no_token(unset: pytest.MonkeyPatch) -> None:
    assert Settings.from_env().metrics == MetricsSettings(
        allow=("127.0.0.1/32", "::1/128"), token=None, directory=None
    )


def test_addresses_networks_a_token_and_a_folder(unset: pytest.MonkeyPatch, tmp_path: Path) -> None:
    unset.setenv("RAVIV_METRICS_ALLOW", "10.1.2.3, 192.168.0.0/16,fd00::/8")
    unset.setenv("RAVIV_METRICS_TOKEN", TOKEN)
    unset.setenv("RAVIV_METRICS_DIR", str(tmp_path))
    assert MetricsSettings.from_env() == MetricsSettings(
        allow=("10.1.2.3/32", "192.168.0.0/16", "fd00::/8"), token=TOKEN, directory=tmp_path
    )
    unset.setenv("RAVIV_METRICS_ALLOW", " None ")
    assert MetricsSettings.from_env().allow == ()


def test_the_token_may_come_from_a_file(unset: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "metrics_token"
    secret.write_text(TOKEN + "\n")
    unset.setenv("RAVIV_METRICS_TOKEN_FILE", str(secret))
    assert MetricsSettings.from_env().token == TOKEN


@pytest.mark.parametrize("value", ["localhost", "10.0.0.0/33", "127.0.0.1;10.0.0.1", "*"])
def test_an_allow_list_that_does_not_parse_is_refused(
    unset: pytest.MonkeyPatch, value: str
) -> None:
    unset.setenv("RAVIV_METRICS_ALLOW", value)
    with pytest.raises(SettingsError, match="RAVIV_METRICS_ALLOW"):
        Settings.from_env()


@pytest.mark.parametrize("value", ["short", "t" * 31, "t" * 20 + " " + "t" * 20, "é" * 40])
def test_a_weak_or_unsendable_token_is_refused(unset: pytest.MonkeyPatch, value: str) -> None:
    unset.setenv("RAVIV_METRICS_TOKEN", value)
    with pytest.raises(SettingsError, match="RAVIV_METRICS_TOKEN"):
        Settings.from_env()
