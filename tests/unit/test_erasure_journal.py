"""The erasure journal's file: lines that name no one, appended and synced, read back, a torn
line skipped; and its setting, RAVIV_ERASURE_JOURNAL."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from raviv.erasure_journal import Entry, Journal, append, missing, read, utc_text
from raviv.settings import Settings, SettingsError

AT = datetime(2026, 12, 5, 10, 0, 0, 123456, tzinfo=UTC)
CREATED = "2026-11-02T08:12:31.000412+00:00"


def person(number: int, at: datetime = AT) -> Entry:
    return Entry(
        at=at, kind="person", id=number, ref=f"efface-{number}", created=CREATED, network="demo"
    )


def account(number: int, at: datetime = AT) -> Entry:
    return Entry(at=at, kind="account", id=number, ref=f"efface-{number}", created=CREATED)


def test_a_line_holds_the_record_and_the_time_and_reads_back_the_same() -> None:
    line = person(42).line()
    assert line.endswith("\n")
    assert json.loads(line) == {
        "at": "2026-12-05T10:00:00.123456Z",
        "kind": "person",
        "id": 42,
        "ref": "efface-42",
        "network": "demo",
        "created": CREATED,
    }
    assert Entry.parse(line) == person(42)
    assert Entry.parse(account(7).line()) == account(7)
    assert "network" not in json.loads(account(7).line())


def test_lines_are_appended_synced_and_private_to_their_owner(tmp_path: Path) -> None:
    journal = tmp_path / "folder" / "erasures.jsonl"
    append([person(1)], journal)
    append([account(2), person(3)], journal)
    append([], journal)  # nothing to add: nothing written
    assert read(journal) == Journal([person(1), account(2), person(3)])
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    assert read(tmp_path / "none.jsonl") == Journal([])


def test_a_line_cut_short_by_a_crash_is_skipped_and_counted(tmp_path: Path) -> None:
    journal = tmp_path / "erasures.jsonl"
    append([person(1), person(2)], journal)
    with journal.open("a") as file:
        file.write('{"at": "2026-12-05T10:00:00Z", "kind": "per')  # the crash
    append([person(3)], journal)  # on a line of its own
    with journal.open("a") as file:
        file.write('{"at": "2026-12-05T10:00:00", "kind": "person", "id": 4}\n')  # no offset
        file.write('{"at": "2026-12-05T10:00:00Z", "kind": "member", "id": 5}\n')  # not ours
        file.write("\n")
    found = read(journal)
    assert found.entries == [person(1), person(2), person(3)]
    assert found.unreadable == 3


def test_the_same_instant_is_written_the_same_way_whatever_read_it() -> None:
    paris = timezone(timedelta(hours=1))
    assert utc_text("2026-11-02 09:12:31.000412+01:00") == CREATED
    assert utc_text(datetime(2026, 11, 2, 9, 12, 31, 412, tzinfo=paris)) == CREATED
    naive = datetime(2026, 11, 2, 8, 12, 31, 412)  # noqa: DTZ001 - as SQLite may give it
    assert utc_text(naive) == CREATED  # stored as UTC, without its offset


def test_missing_finds_the_erasures_the_journal_lacks_whatever_their_time() -> None:
    journal = Journal([person(1), account(2)])
    later = AT + timedelta(days=1)
    erased = [person(1, later), account(2, later), person(3, later), account(1, later)]
    assert missing(erased, journal) == [person(3, later), account(1, later)]
    other_record = Entry(
        at=AT, kind="person", id=1, ref="efface-1", created="2027-01-01T00:00:00+00:00"
    )
    assert missing([other_record], journal) == [other_record]  # same id, another record


def test_the_journal_is_in_the_data_folder_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAVIV_DATA_DIR", "/srv/raviv")
    monkeypatch.delenv("RAVIV_ERASURE_JOURNAL", raising=False)
    assert Settings.from_env().erasure_journal == Path("/srv/raviv/erasures.jsonl")
    monkeypatch.setenv("RAVIV_ERASURE_JOURNAL", "/var/log/raviv/erasures.jsonl")
    assert Settings.from_env().erasure_journal == Path("/var/log/raviv/erasures.jsonl")


@pytest.mark.parametrize("value", ["/var/lib/raviv/", "   "])
def test_a_journal_setting_that_names_no_file_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("RAVIV_ERASURE_JOURNAL", value)
    with pytest.raises(SettingsError, match="RAVIV_ERASURE_JOURNAL"):
        Settings.from_env()
