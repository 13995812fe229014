"""``raviv report`` from the command line, in real processes, on the example network (a SQLite
file): the attestation and the federation roll-up written as PDFs and read back with poppler's
pdftotext, the JSON summary, a refusal in one line, the progress bar on a terminal."""

from __future__ import annotations

import importlib.util
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_cli_and_server import EXAMPLES, RAVIV, run_raviv

FEDERATION = """
from raviv.assembly import assemble
from raviv.cli_support import run_with_database
from raviv.registry import schemas, service

assemble()

async def work():
    await service.create_network(schemas.NetworkCreate(ref="fede", name="Fédération test"))
    await service.update_network("exemple", schemas.NetworkUpdate(parent="fede"))

run_with_database(work)
"""


PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"  # poppler-utils (.ci/run)


def pdftotext(path: Path) -> str:
    """The PDF's text as poppler reads it (another reader than the unit tests' pypdf)."""
    done = subprocess.run(  # noqa: S603 - poppler's tool, on our own file
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture
def example(tmp_path: Path) -> dict[str, str]:
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db", "RAVIV_DATA_DIR": str(tmp_path)}
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    imported = run_raviv("import", "network", str(EXAMPLES / "reseau-exemple.json"), env=env)
    assert imported.returncode == 0, imported.stderr
    return env


def test_an_attestation_is_written_and_summarised(example: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "alize.pdf"
    args = ("report", "attestation", "--network", "exemple", "--member", "alize")
    done = run_raviv(*args, "--period", "2025-09-01", "--out", str(out), "--json", env=example)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # quiet with --json: no bar, nothing but the summary
    summary = json.loads(done.stdout)
    assert summary["files"] == [
        {"path": str(out), "kind": "pdf", "bytes": out.stat().st_size, "pages": 1}
    ]
    assert summary["pages"] == 1
    assert set(summary["steps"]) == {"figures", "pdf"}
    text = pdftotext(out)
    for words in ("Attestation de participation", "Compagnie Alizé", "310,00 €", "Conforme"):
        assert words in text, words

    english = tmp_path / "alize-en.pdf"
    done = run_raviv(
        *args, "--period", "2025-09-01", "--out", str(english), "--lang", "en", env=example
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {english} (")
    assert "Participation attestation" in pdftotext(english)
    assert "€310.00" in pdftotext(english)


def test_a_refusal_is_one_line_or_a_problem_document(
    example: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "x.pdf"
    args = ("report", "attestation", "--network", "exemple", "--period", "2025-09-01")
    refused = run_raviv(*args, "--member", "nobody", "--out", str(out), env=example)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "Error: no member with ref 'nobody' in this network"
    wrong = run_raviv(
        "report",
        "rollup",
        "--network",
        "exemple",
        "--period",
        "2025-09-02",
        "--out",
        str(out),
        "--json",
        env=example,
    )
    assert wrong.returncode == 1
    body = json.loads(wrong.stdout)
    assert body["status"] == 422
    assert body["errors"][0]["field"] == "period"
    nowhere = run_raviv(
        *args, "--member", "alize", "--out", str(tmp_path / "no" / "x.pdf"), env=example
    )
    assert nowhere.returncode == 2
    assert "no folder" in nowhere.stderr
    assert "Traceback" not in refused.stderr + wrong.stderr + nowhere.stderr


def test_the_rollup_names_networks_and_no_member(example: dict[str, str], tmp_path: Path) -> None:
    made = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", FEDERATION],
        env={**os.environ, **example},
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    out = tmp_path / "fede.pdf"
    done = run_raviv(
        "report",
        "rollup",
        "--network",
        "fede",
        "--period",
        "2025-09-01",
        "--out",
        str(out),
        env=example,
    )
    assert done.returncode == 0, done.stderr
    text = pdftotext(out)
    for words in ("Fédération test", "Réseau Exemple des arts vivants", "83,3 %", "1 078,00 €"):
        assert words in text, words
    for name in ("Compagnie Alizé", "Ensemble Basalte", "Atelier Fougère"):
        assert name not in text


def test_the_progress_bar_shows_on_a_terminal(example: dict[str, str], tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(  # noqa: S603 - our own command
            [
                RAVIV,
                "report",
                "attestation",
                "--network",
                "exemple",
                "--member",
                "alize",
                "--period",
                "2025-09-01",
                "--out",
                str(tmp_path / "a.pdf"),
            ],
            env={**os.environ, **example, "COLUMNS": "120"},
            stdout=subprocess.PIPE,
            stderr=terminal,
            timeout=120,
            check=False,
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert done.returncode == 0
    assert b"100%" in shown
    assert b"done" in shown


@pytest.mark.skipif(
    importlib.util.find_spec("reports.dla") is None,
    reason="the DLA report's figures (report-data's reports/dla.py) are not in this branch yet",
)
def test_the_dla_report_of_the_example_network(example: dict[str, str], tmp_path: Path) -> None:
    out, xlsx = tmp_path / "dla.pdf", tmp_path / "dla.xlsx"
    done = run_raviv(
        "report",
        "dla",
        "--network",
        "exemple",
        "--period",
        "2025-09-01",
        "--out",
        str(out),
        "--xlsx",
        str(xlsx),
        "--json",
        env=example,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert [file["kind"] for file in summary["files"]] == ["pdf", "xlsx"]
    text = " ".join(pdftotext(out).split())
    for words in ("1 078,00 €", "83,3 %", "0,67", "Identité du réseau", "Notes de méthode"):
        assert words in text, words
