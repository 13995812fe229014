"""What comes through the archive validator rather than the edge's Input (a network archive, a
rule set) meets the same bounds: a date outside 1900-01-01 .. 2200-12-31 or a control character
in a text is a 422 naming its path, on the API and on the command line, and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from raviv.registry.tables import Network
from tests.api.edge.conftest import problem
from tests.e2e.test_cli_and_server import run_raviv
from tests.unit.rules.test_example import EXAMPLE

NET = "/api/networks/exemple"


@pytest.mark.parametrize("day", ["0001-09-01", "9999-12-31"])
async def test_a_rule_set_taking_effect_out_of_range_is_a_422_naming_effective_from(
    example: httpx.AsyncClient, day: str
) -> None:
    body = {"ref": "regle-x", "effective_from": day, "criteria": [{"criterion": "good_standing"}]}

    answer = await example.post(NET + "/rule-sets", json=body)

    message = problem(answer, 422, "effective_from")
    assert "from 1900-01-01 to 2200-12-31" in message
    listed = await example.get(NET + "/rule-sets")
    assert "regle-x" not in listed.text


def archive(path: str, value: str) -> bytes:
    """The example archive with one value replaced (``path`` as the problems name it)."""
    document = json.loads(EXAMPLE.read_bytes())
    *parents, last = path.replace("[", ".").replace("]", "").split(".")
    node = document
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    node[last] = value
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("path", "value", "said"),
    [
        ("meetings[0].date", "9999-12-31", "from 1900-01-01 to 2200-12-31"),
        ("contributions[0].date", "0001-01-01", "from 1900-01-01 to 2200-12-31"),
        ("network.rates[0].effective_from", "1899-12-31", "from 1900-01-01 to 2200-12-31"),
        ("members[0].name", "Alizé\x00", "U+0000"),
        ("meetings[0].title", "Titre\x1b[31m", "U+001B"),
        ("contributions[0].note", "note\x00", "U+0000"),
    ],
)
async def test_an_archive_out_of_bounds_is_a_422_naming_the_path(
    client: httpx.AsyncClient, path: str, value: str, said: str
) -> None:
    answer = await client.post(
        "/api/archives",
        content=archive(path, value),
        headers={"content-type": "application/json"},
    )

    assert said in problem(answer, 422, path)
    assert await Network.count().run() == 0


async def test_an_archive_note_keeps_its_lines(client: httpx.AsyncClient) -> None:
    answer = await client.post(
        "/api/archives",
        content=archive("contributions[0].note", "ligne 1\r\n\tligne 2"),
        headers={"content-type": "application/json"},
    )

    assert answer.status_code == 201, answer.text


def test_the_cli_refuses_an_archive_out_of_bounds_with_a_clear_message(tmp_path: Path) -> None:
    bad = tmp_path / "reseau.json"
    bad.write_bytes(archive("meetings[0].date", "9999-12-31"))
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    assert run_raviv("db", "upgrade", env=env).returncode == 0

    result = run_raviv("import", "network", str(bad), env=env)

    assert result.returncode != 0
    assert "meetings[0].date" in result.stderr
    assert "from 1900-01-01 to 2200-12-31" in result.stderr
    assert "Traceback" not in result.stderr
