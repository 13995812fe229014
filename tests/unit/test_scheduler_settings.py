"""The daily evaluation's settings are read strictly, like every other setting: on by default at
03:30, ``RAVIV_SCHEDULER=off`` to leave it out, ``RAVIV_DAILY_AT`` as ``HH:MM``."""

from __future__ import annotations

from datetime import time

import pytest

from raviv.settings import SchedulerSettings, Settings, SettingsError


@pytest.fixture
def unset(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv("RAVIV_SCHEDULER", raising=False)
    monkeypatch.delenv("RAVIV_DAILY_AT", raising=False)
    return monkeypatch


def test_a_service_evaluates_its_networks_daily_at_half_past_three_unless_told(
    unset: pytest.MonkeyPatch,
) -> None:
    assert SchedulerSettings.from_env() == SchedulerSettings(enabled=True, daily_at=time(3, 30))
    assert Settings.from_env().scheduler == SchedulerSettings()


def test_the_daily_evaluation_can_be_turned_off_or_moved(unset: pytest.MonkeyPatch) -> None:
    unset.setenv("RAVIV_SCHEDULER", "off")
    unset.setenv("RAVIV_DAILY_AT", "23:05")
    assert Settings.from_env().scheduler == SchedulerSettings(enabled=False, daily_at=time(23, 5))
    unset.setenv("RAVIV_DAILY_AT", " 00:00 ")
    assert SchedulerSettings.from_env().daily_at == time(0, 0)


@pytest.mark.parametrize("value", ["24:00", "03:60", "3:30", "03h30", "03:30:00", "tôt"])
def test_a_daily_hour_that_is_not_hh_mm_is_refused_with_the_variable_named(
    unset: pytest.MonkeyPatch, value: str
) -> None:
    unset.setenv("RAVIV_DAILY_AT", value)
    with pytest.raises(SettingsError, match="RAVIV_DAILY_AT"):
        Settings.from_env()


def test_a_scheduler_switch_that_is_not_a_boolean_is_refused(unset: pytest.MonkeyPatch) -> None:
    unset.setenv("RAVIV_SCHEDULER", "daily")
    with pytest.raises(SettingsError, match="RAVIV_SCHEDULER"):
        Settings.from_env()
