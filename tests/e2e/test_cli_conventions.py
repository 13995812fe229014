"""The conventions every ``raviv`` command keeps, left out of CI's PostgreSQL pass (engine_free):
where the answer goes and in what shape is the command line's, not the engine's (the imports
and exports these commands run are proven on PostgreSQL by tests/e2e/test_cli_and_server.py and
the API tests).

Exports write to stdout unless ``--out FILE`` says otherwise, and ``--out -`` is stdout too; a
binary export (XLSX) goes down a pipe but is not poured onto a terminal. With ``--json`` the
answer is on stdout whatever happens: a refusal is the API's problem document, and the command
fails.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_cli_and_server import EXAMPLES, RAVIV, run_raviv

pytestmark = pytest.mark.engine_free

MEMBERS_CSV = EXAMPLES / "membres-exemple.csv"


def import_example() -> None:
    imported = run_raviv("import", "network", str(EXAMPLES / "reseau-exemple.json"))
    assert imported.returncode == 0, imported.stderr


def problem_of(done: subprocess.CompletedProcess[str]) -> Any:
    """The problem document a refused ``--json`` command printed, the command having failed."""
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def test_the_member_list_goes_to_stdout_by_default_and_re_imports_as_it_is(
    committed_db: None, tmp_path: Path
) -> None:
    import_example()

    exported = run_raviv("export", "members", "--network", "exemple", cwd=tmp_path)

    assert exported.returncode == 0, exported.stderr
    lines = exported.stdout.removeprefix("\ufeff").splitlines()
    assert lines[0].startswith("Réf.;Nom de la structure;SIRET;")
    assert len(lines) == 1 + 6
    assert list(tmp_path.iterdir()) == []
    again = tmp_path / "membres.csv"
    again.write_text(exported.stdout, "utf-8")
    checked = run_raviv(
        "import", "members", "--network", "exemple", str(again), "--dry-run", "--json"
    )
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout)
    assert (report["created"], report["updated"], len(report["unchanged"])) == ([], [], 6)


def test_out_dash_is_stdout_everywhere_and_out_file_still_writes_the_file(
    committed_db: None, tmp_path: Path
) -> None:
    import_example()

    members = run_raviv("export", "members", "--network", "exemple", "--out", "-", cwd=tmp_path)
    archive = run_raviv("export", "network", "exemple", "--out", "-", cwd=tmp_path)
    demo = run_raviv("demo", "--members", "2", "--out", "-", cwd=tmp_path)
    to_file = run_raviv("export", "members", "--network", "exemple", "--out", "m.csv", cwd=tmp_path)

    assert members.returncode == archive.returncode == demo.returncode == to_file.returncode == 0
    assert members.stdout.removeprefix("\ufeff").startswith("Réf.;Nom de la structure;")
    assert json.loads(archive.stdout)["format"] == "raviv-network/1"
    assert json.loads(demo.stdout)["format"] == "raviv-network/1"
    assert [path.name for path in tmp_path.iterdir()] == ["m.csv"]  # no file named "-"
    assert to_file.stdout == "wrote m.csv\n"
    assert (tmp_path / "m.csv").read_text("utf-8-sig") == members.stdout.removeprefix("\ufeff")


def _drained(fd: int) -> bytes:
    shown = b""
    while select.select([fd], [], [], 0.2)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the terminal's other end is closed: nothing more
            break
        if not chunk:
            break
        shown += chunk
    return shown


def test_an_xlsx_export_goes_down_a_pipe_but_not_onto_a_terminal(committed_db: None) -> None:
    import_example()
    command = [RAVIV, "export", "members", "--network", "exemple", "--format", "xlsx"]

    piped = subprocess.run(command, capture_output=True, timeout=120, check=False)  # noqa: S603
    terminal, follower = pty.openpty()
    try:
        on_terminal = subprocess.run(  # noqa: S603
            command, stdout=follower, stderr=subprocess.PIPE, timeout=120, check=False
        )
    finally:
        os.close(follower)
    shown = _drained(terminal)
    os.close(terminal)

    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith(b"PK")  # a zip: the workbook itself
    assert on_terminal.returncode != 0
    assert shown == b""
    message = on_terminal.stderr.decode()
    assert message.count("\n") == 1
    assert "--out" in message


def test_with_json_a_refused_member_list_is_a_problem_document_on_stdout(
    committed_db: None, tmp_path: Path
) -> None:
    import_example()
    bad = tmp_path / "membres.csv"
    text = MEMBERS_CSV.read_text("utf-8")
    bad.write_text(text.replace("90830166600016", "90830166600017").replace("01/03/2019", "hier"))

    refused = run_raviv("import", "members", "--network", "exemple", str(bad), "--json")
    told = run_raviv("import", "members", "--network", "exemple", str(bad))

    problem = problem_of(refused)
    assert (problem["type"], problem["title"], problem["status"]) == (
        "https://raviv.example/problems/invalid",
        "Invalid input",
        422,
    )
    assert problem["detail"]
    where = {(error["row"], error["field"]) for error in problem["errors"]}
    assert {(3, "SIRET"), (4, "Date d'adhésion")} <= where
    assert all(error["message"] for error in problem["errors"])
    # Without --json, the same refusal is told on stderr, as it always was.
    assert told.returncode == refused.returncode
    assert told.stdout.strip() == ""  # (the progress bar leaves blank lines when not a terminal)
    assert "row 3, column 'SIRET'" in told.stderr
    assert f"Error: {problem['detail']}" in told.stderr


def test_with_json_every_import_and_report_answers_its_refusal_on_stdout(
    committed_db: None, tmp_path: Path
) -> None:
    import_example()
    bad = tmp_path / "apports.csv"
    contributions = (EXAMPLES / "contributions-exemple.csv").read_text("utf-8")
    bad.write_text(contributions.replace("15/09/2025", "31/09/2025"), "utf-8")
    season = ("--from", "2025-09-01", "--to", "2026-09-01")

    archive = problem_of(
        run_raviv("import", "network", str(EXAMPLES / "reseau-exemple.json"), "--json")
    )
    ledger = problem_of(
        run_raviv("import", "contributions", "--network", "exemple", str(bad), "--json")
    )
    rules = problem_of(run_raviv("rules", "evaluate", "--network", "nulle-part", "--json"))
    scores = problem_of(run_raviv("reciprocity", "--network", "nulle-part", *season, "--json"))

    assert (archive["status"], archive["title"]) == (409, "Conflict")
    assert "already exists" in archive["detail"]
    assert ledger["status"] == 422
    assert {"row": 2, "field": "Date", "value": "31/09/2025"}.items() <= ledger["errors"][0].items()
    assert rules["status"] == scores["status"] == 404


def test_with_json_a_bad_setting_is_a_problem_document_too() -> None:
    done = run_raviv("db", "status", "--json", env={"RAVIV_DEBUG": "maybe"})

    problem = problem_of(done)
    assert "RAVIV_DEBUG='maybe'" in problem["detail"]
    assert done.stderr == ""
