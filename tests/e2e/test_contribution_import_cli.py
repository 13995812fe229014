"""``raviv import contributions`` from the command line, on the example network."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli_and_server import EXAMPLES, run_raviv

CSV = EXAMPLES / "contributions-exemple.csv"


def test_a_file_is_checked_refused_with_every_problem_then_imported_once(tmp_path: Path) -> None:
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    archive = str(EXAMPLES / "reseau-exemple.json")
    assert run_raviv("import", "network", archive, env=env).returncode == 0

    bad = tmp_path / "apports.csv"
    bad.write_text(
        CSV.read_text("utf-8")
        .replace("cedre;groupe:petr", "zorro;groupe:petr")
        .replace("15/09/2025", "31/09/2025"),
        "utf-8",
    )
    refused = run_raviv("import", "contributions", "--network", "exemple", str(bad), env=env)
    assert refused.returncode != 0
    assert "row 2, column 'Date' = '31/09/2025'" in refused.stderr
    assert "cette date n'existe pas" in refused.stderr
    assert "row 4, column 'Donneur' = 'zorro'" in refused.stderr
    assert "2 problem(s) in the file; nothing was imported" in refused.stderr

    args = ("import", "contributions", "--network", "exemple", str(CSV), "--json")
    dry = run_raviv(*args, "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["dry_run"] is True

    done = run_raviv(*args, env=env)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (len(report["created"]), report["validated"], report["value_eur"]) == (7, 6, "327.00")
    assert sorted(report["created"]) == sorted(json.loads(dry.stdout)["created"])

    again = run_raviv("import", "contributions", "--network", "exemple", str(CSV), env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("created 0 (0 validated, worth 0.00 €), unchanged 7")
