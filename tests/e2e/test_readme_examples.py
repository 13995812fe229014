"""The README's curl examples work as written, against a real server with the demo network."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_cli_and_server import run_raviv, serving

README = Path(__file__).resolve().parents[2] / "README.md"


def _curl_block() -> str:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    (block,) = [b for b in blocks if "curl" in b and "TOKEN=" in b]
    return block


@pytest.mark.skipif(not shutil.which("jq"), reason="the README's example uses jq (apt: jq)")
def test_the_readmes_curl_block_runs_as_written_and_finds_the_new_member(tmp_path: Path) -> None:
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/readme.db", "RAVIV_DATA_DIR": str(tmp_path)}
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    assert run_raviv("demo", "--if-missing", env=env).returncode == 0
    logins = (tmp_path / "demo-logins.txt").read_text(encoding="utf-8")
    password = re.search(r"camille@demo\.raviv\.test\s+(\S+)", logins)
    assert password is not None
    block = _curl_block()
    # Only what a reader fills in or chooses: the password, and the address served.
    assert "PASSWORD='…'" in block
    with serving(env) as base:
        script = block.replace("PASSWORD='…'", f"PASSWORD='{password.group(1)}'").replace(
            "localhost:8000", base.removeprefix("http://")
        )
        done = subprocess.run(  # noqa: S603 - the README's own commands
            ["bash", "-euo", "pipefail", "-c", script],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    # curl prints each answer without a newline: read the JSON documents one after another.
    answers, rest, decoder = [], done.stdout.strip(), json.JSONDecoder()
    while rest:
        answer, end = decoder.raw_decode(rest)
        answers.append(answer)
        rest = rest[end:].lstrip()
    # The member, its membership, then the filtered list that finds it (accent and all).
    assert answers[0]["ref"] == "alize"
    assert "théâtre" in answers[0]["disciplines"]
    assert "alize" in [m["ref"] for m in answers[-1]["items"]]
