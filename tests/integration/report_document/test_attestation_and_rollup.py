"""The attestation's and the roll-up's figures read from the database (SQLite and PostgreSQL):
the example network's members as ``tests/data/reseau-exemple.expected.json`` evaluates them at
the period's end, and a federation of two networks side by side, no member named."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from raviv.errors import InvalidError, NotFoundError
from raviv.network_archive import archive_io
from raviv.registry import schemas
from raviv.registry import service as registry
from reports.attestation import gather_attestation
from reports.document import attestation_html, rollup_html
from reports.rollup import gather_rollup

DATA = Path(__file__).resolve().parents[2] / "data"
EXPECTED = json.loads((DATA / "reseau-exemple.expected.json").read_text())
SEASON = dt.date(2025, 9, 1)


async def test_each_member_attestation_says_what_the_rule_says(db: None) -> None:
    await archive_io.import_archive((DATA / "reseau-exemple.json").read_bytes())
    expected = {m["member"]: m for m in EXPECTED["evaluation_end_of_period"]["members"]}
    given = {m["member"]: m["given_eur"] for m in EXPECTED["reciprocity_period"]["members"]}
    for ref, member in expected.items():
        attestation = await gather_attestation(
            "exemple", ref, SEASON, signed_on=dt.date(2026, 9, 15)
        )
        assert attestation.status == member["status"], ref
        assert [(c.criterion, c.required, c.actual, c.met) for c in attestation.criteria] == [
            (c["criterion"], Decimal(str(c["required"])), Decimal(str(c["actual"])), c["met"])
            for c in member["criteria"]
        ], ref
        assert attestation.given_total_eur == Decimal(given[ref]), ref
        assert attestation.at == dt.date(2026, 9, 1)
    alize = await gather_attestation("exemple", "alize", SEASON, signed_on=dt.date(2026, 9, 15))
    assert [(line.form, line.quantity, line.value_eur) for line in alize.given] == [
        ("time", Decimal(6), Decimal("90.00")),
        ("meeting", Decimal(9), Decimal("135.00")),
        ("equipment", Decimal(2), Decimal("40.00")),
        ("coproduction", Decimal(3), Decimal("45.00")),
    ]
    assert (alize.meetings_attended, alize.mandatory_attended, alize.meetings_excused) == (4, 1, 0)
    assert alize.groups == ("Espaces de répétition partagés",)
    ecume = await gather_attestation("exemple", "ecume", SEASON)
    assert (ecume.status, ecume.exemption) == ("exempt", "Congé de création décidé par le CA")
    html = attestation_html(alize)
    assert "Compagnie Alizé" in html
    assert "310,00\u00a0€" in html


async def test_an_attestation_is_refused_for_an_unknown_member_or_a_wrong_period(db: None) -> None:
    await archive_io.import_archive((DATA / "reseau-exemple.json").read_bytes())
    with pytest.raises(NotFoundError):
        await gather_attestation("exemple", "nobody", SEASON)
    with pytest.raises(NotFoundError):
        await gather_attestation("nowhere", "alize", SEASON)
    with pytest.raises(InvalidError) as wrong:
        await gather_attestation("exemple", "alize", dt.date(2025, 9, 2))
    assert wrong.value.errors[0].field == "period"
    with pytest.raises(InvalidError) as early:
        await gather_attestation("exemple", "alize", dt.date(2099, 9, 1))
    assert early.value.errors[0].field == "period"


async def test_the_rollup_sets_the_networks_side_by_side_and_names_no_member(db: None) -> None:
    await archive_io.import_archive((DATA / "reseau-exemple.json").read_bytes())
    await registry.create_network(schemas.NetworkCreate(ref="fede", name="Fédération <b>test</b>"))
    await registry.create_network(schemas.NetworkCreate(ref="vide", name="Réseau sans membre"))
    for ref in ("exemple", "vide"):
        await registry.update_network(ref, schemas.NetworkUpdate(parent="fede"))
    rollup = await gather_rollup("fede", SEASON)
    assert [n.network for n in rollup.networks] == ["exemple", "vide"]
    example = rollup.networks[0]
    network = EXPECTED["reciprocity_period"]["network"]
    assert example.valued_total_eur == Decimal(network["valued_total_eur"])
    assert example.participation_rate == Decimal(str(network["participation_rate"]))
    assert example.mutuality == Decimal(str(network["mutuality"]))
    assert {line.account: line.value_eur for line in example.cvn}["864"] == Decimal("720.00")
    assert (rollup.members, rollup.valued_total_eur) == (6, Decimal("1078.00"))
    html = rollup_html(rollup)
    assert "Fédération &lt;b&gt;test&lt;/b&gt;" in html
    for name in ("Compagnie Alizé", "alize", "Ensemble Basalte", "basalte"):
        assert name not in html
    with pytest.raises(InvalidError) as wrong:
        await gather_rollup("fede", dt.date(2025, 1, 1))
    assert wrong.value.errors[0].field == "period"
