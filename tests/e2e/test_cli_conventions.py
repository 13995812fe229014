"""The conventions every ``raviv`` command keeps, on the test database (SQLite or PostgreSQL).

Exports write to stdout unless ``--out FILE`` says otherwise, and ``--out -`` is stdout too; a
binary export (XLSX) goes down a pipe but is not poured onto a terminal.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
from pathlib import Path

from tests.e2e.test_cli_and_server import EXAMPLES, RAVIV, run_raviv

MEMBERS_CSV = EXAMPLES / "membres-exemple.csv"


def import_example() -> None:
    imported = run_raviv("import", "network", str(EXAMPLES / "reseau-exemple.json"))
    assert imported.returncode == 0, imported.stderr


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
