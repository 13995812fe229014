"""The coordinator's pages of the network's settings over HTTP, on both engines: exemptions,
dues, valuation rates and the charge coefficient, working groups and projects.

Camille coordinates ``exemple``: each page lists what the API's service answers, and its forms
write through it. Olivier (another network's coordinator) gets 404, Karim (a representative)
is refused, a post without the session's CSRF token is refused; a wrong field comes back named
and nothing changes.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from raviv.ledger import rates, working_life
from raviv.participation import rule_sets
from raviv.registry.service import list_dues
from tests.web.coordination_support import consultant, outsider, refused_everywhere
from tests.web.test_pages import Browser, browsers, html

_FIXTURES = (browsers, consultant, outsider)  # pytest finds them here
pytestmark = pytest.mark.usefixtures("db")

NET = "/reseaux/exemple"


async def exemptions() -> list[tuple[str, str]]:
    return [
        (e.member, e.period_start.isoformat())
        for e in await rule_sets.list_exemptions("exemple", None)
    ]


# -- exemptions ------------------------------------------------------------------------------------

EXEMPTION = {
    "member": "fougere",
    "period_start": "2026-09-01",
    "scope": "some",
    "criteria": ["hours_given"],
    "reason": "Sinistre dans les locaux",
    "decided_by": "Conseil d'administration",
}


async def test_exemptions_are_listed_and_one_is_recorded(browsers: dict[str, Browser]) -> None:
    camille = browsers["camille"]
    text = html(await camille.page(NET + "/dispenses"), 200)
    assert "Congé de création décidé par le CA" in text  # ecume's, in the example
    sent = await camille.submit(NET + "/dispenses", **EXEMPTION)
    assert sent.status_code == 303, sent.text
    assert ("fougere", "2026-09-01") in await exemptions()
    text = html(await camille.page(sent.headers["location"]), 200)
    assert "La dispense est enregistrée." in text
    assert "Sinistre dans les locaux" in text
    twice = await camille.submit(NET + "/dispenses", **EXEMPTION)
    assert "Déjà enregistré" in html(twice, 409)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"member": ""}, "Choisissez un membre"),
        ({"member": "zorro"}, "Choisissez un membre"),
        ({"reason": ""}, "Indiquez le motif"),
        ({"criteria": []}, "cochez ceux qui sont levés"),
        ({"period_start": "hier"}, "Choisissez une période"),
    ],
)
async def test_a_wrong_exemption_is_named_and_nothing_recorded(
    browsers: dict[str, Browser], change: dict[str, str], says: str
) -> None:
    before = await exemptions()
    refused = await browsers["camille"].submit(NET + "/dispenses", **EXEMPTION | change)
    assert says in html(refused, 422)
    assert await exemptions() == before


async def test_the_exemptions_page_is_the_coordinators(
    browsers: dict[str, Browser], outsider: Browser, consultant: Browser
) -> None:
    before = await exemptions()
    await refused_everywhere(NET + "/dispenses", browsers, outsider, EXEMPTION, consultant)
    assert await exemptions() == before


# -- dues ------------------------------------------------------------------------------------------

DUE = {
    "member": "alize",
    "period_start": "2026-09-01",
    "amount_eur": "1 250,50",
    "paid_on": "2026-10-02",
    "means": "virement",
}


async def alize_dues() -> list[tuple[str, Decimal]]:
    return [(d.period_start.isoformat(), d.amount_eur) for d in await list_dues("exemple", "alize")]


async def test_dues_are_recorded_and_shown_in_euros(browsers: dict[str, Browser]) -> None:
    camille = browsers["camille"]
    html(await camille.page(NET + "/cotisations"), 200)
    sent = await camille.submit(NET + "/cotisations", **DUE)
    assert sent.status_code == 303, sent.text
    assert ("2026-09-01", Decimal("1250.50")) in await alize_dues()
    text = html(await camille.page(sent.headers["location"]), 200)
    assert "La cotisation est enregistrée." in text
    assert "1\u202f250,50\xa0€" in text
    assert "2 oct. 2026" in text
    english = html(await camille.page(NET + "/cotisations?periode=2026-09-01&lang=en"), 200)
    assert "€1,250.50" in english


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"amount_eur": "beaucoup"}, "amount_eur", "Indiquez un montant"),
        ({"amount_eur": "-5"}, "amount_eur", "Indiquez un montant"),
        ({"member": ""}, "member", "Choisissez un membre"),
        ({"paid_on": "hier"}, "paid_on", "date de paiement"),
    ],
)
async def test_wrong_dues_are_named_and_nothing_recorded(
    browsers: dict[str, Browser], change: dict[str, str], field: str, says: str
) -> None:
    before = await alize_dues()
    refused = await browsers["camille"].submit(NET + "/cotisations", **DUE | change)
    assert says in html(refused, refused.status_code), field
    assert refused.status_code in {404, 422}
    assert await alize_dues() == before


async def test_the_dues_page_is_the_coordinators(
    browsers: dict[str, Browser], outsider: Browser, consultant: Browser
) -> None:
    before = await alize_dues()
    await refused_everywhere(NET + "/cotisations", browsers, outsider, DUE, consultant)
    assert await alize_dues() == before


# -- valuation rates and the charge coefficient ----------------------------------------------------

RATE = {
    "action": "rate",
    "form": "time",
    "eur_per_unit": "17,50",
    "effective_from": "2026-01-01",
    "method": "SMIC chargé",
}


async def time_rates() -> list[tuple[str, Decimal]]:
    stated = await rates.list_rates("exemple")
    return [
        (r.effective_from.isoformat(), r.eur_per_unit) for r in stated.rates if r.form == "time"
    ]


async def coefficient() -> Decimal:
    return (await rates.list_rates("exemple")).policy.charge_coefficient


async def test_the_rates_in_effect_and_a_new_one_added(browsers: dict[str, Browser]) -> None:
    camille = browsers["camille"]
    text = html(await camille.page(NET + "/taux"), 200)
    assert "Les taux en vigueur aujourd" in text
    assert "15,00\xa0€ / h" in text
    assert "SMIC brut horaire" in text
    sent = await camille.submit(NET + "/taux", **RATE)
    assert sent.status_code == 303, sent.text
    assert ("2026-01-01", Decimal("17.50")) in await time_rates()
    text = html(await camille.page(sent.headers["location"]), 200)
    assert "Le taux est ajouté." in text
    assert "17,50\xa0€ / h" in text  # in effect today (2026-01-01 is past)


async def test_the_charge_coefficient_is_set(browsers: dict[str, Browser]) -> None:
    camille = browsers["camille"]
    sent = await camille.submit(NET + "/taux", action="policy", charge_coefficient="1,45")
    assert sent.status_code == 303, sent.text
    assert await coefficient() == Decimal("1.45")
    assert "Le coefficient de charges est enregistré." in html(
        await camille.page(sent.headers["location"]), 200
    )
    refused = await camille.submit(NET + "/taux", action="policy", charge_coefficient="7")
    assert "Indiquez un coefficient entre 1 et 3" in html(refused, 422)
    assert await coefficient() == Decimal("1.45")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"eur_per_unit": "gratuit"}, "Indiquez un taux en euros"),
        ({"eur_per_unit": "0"}, "Indiquez un taux en euros"),
        ({"form": "chocolat"}, "Choisissez une forme"),
        ({"effective_from": ""}, "premier jour où le taux"),
        ({"unit": "euros"}, "Choisissez une unité"),
    ],
)
async def test_a_wrong_rate_is_named_and_nothing_added(
    browsers: dict[str, Browser], change: dict[str, str], says: str
) -> None:
    before = await time_rates()
    refused = await browsers["camille"].submit(NET + "/taux", **RATE | change)
    assert says in html(refused, 422)
    assert await time_rates() == before


async def test_the_rates_page_is_the_coordinators(
    browsers: dict[str, Browser], outsider: Browser, consultant: Browser
) -> None:
    before = await time_rates()
    await refused_everywhere(NET + "/taux", browsers, outsider, RATE, consultant)
    assert await time_rates() == before


# -- working groups and shared projects ------------------------------------------------------------


async def enrolled(group: str) -> list[str]:
    return sorted(
        e.member for e in await working_life.list_enrolments("exemple", group) if e.ends_on is None
    )


async def group_refs() -> list[str]:
    return [g.ref for g in (await working_life.list_groups("exemple", limit=50, offset=0)).items]


async def test_groups_are_created_and_members_enrolled_and_unenrolled(
    browsers: dict[str, Browser],
) -> None:
    camille = browsers["camille"]
    text = html(await camille.page(NET + "/groupes"), 200)
    assert "Groupes de travail" in text
    made = await camille.submit(
        NET + "/groupes", action="create_group", ref="diffusion", name="Diffusion"
    )
    assert made.status_code == 303, made.text
    assert "diffusion" in await group_refs()
    enrol = await camille.submit(
        NET + "/groupes", action="enrol", group="diffusion", member="fougere", on="2026-01-05"
    )
    assert enrol.status_code == 303, enrol.text
    assert await enrolled("diffusion") == ["fougere"]
    assert "est enregistré." in html(await camille.page(enrol.headers["location"]), 200)
    left = await camille.submit(
        NET + "/groupes", action="unenrol", group="diffusion", member="fougere", on="2026-02-01"
    )
    assert left.status_code == 303, left.text
    assert await enrolled("diffusion") == []


async def test_projects_are_created_and_partners_added_and_removed(
    browsers: dict[str, Browser],
) -> None:
    camille = browsers["camille"]
    made = await camille.submit(
        NET + "/groupes",
        action="create_project",
        ref="tournee",
        name="Tournée commune",
        lead="alize",
        starts_on="2026-01-01",
    )
    assert made.status_code == 303, made.text
    added = await camille.submit(
        NET + "/groupes", action="add_partner", project="tournee", member="basalte"
    )
    assert added.status_code == 303, added.text
    assert (await working_life.get_project("exemple", "tournee")).partners == ["basalte"]
    assert "Tournée commune" in html(await camille.page(NET + "/groupes"), 200)
    removed = await camille.submit(
        NET + "/groupes", action="remove_partner", project="tournee", member="basalte"
    )
    assert removed.status_code == 303, removed.text
    assert (await working_life.get_project("exemple", "tournee")).partners == []


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({"action": "create_group", "ref": "Pas Bon!", "name": "X"}, "Indiquez une référence"),
        ({"action": "create_group", "ref": "petr", "name": "Encore"}, "déjà prise"),
        ({"action": "create_group", "ref": "vide", "name": ""}, "Indiquez un nom"),
        (
            {"action": "enrol", "group": "petr", "member": "", "on": "2026-01-05"},
            "Choisissez un membre",
        ),
        (
            {"action": "enrol", "group": "petr", "member": "fougere", "on": "hier"},
            "Indiquez une date",
        ),
        (
            {
                "action": "create_project",
                "ref": "p",
                "name": "P",
                "lead": "",
                "starts_on": "2026-01-01",
            },
            "porte le projet",
        ),
        ({"action": "danser"}, "Choisissez ce que vous voulez faire"),
    ],
)
async def test_a_wrong_group_form_is_named_and_nothing_changes(
    browsers: dict[str, Browser], form: dict[str, str], says: str
) -> None:
    before = (await group_refs(), await enrolled("petr"))
    refused = await browsers["camille"].submit(NET + "/groupes", **form)
    assert refused.status_code in {409, 422}, refused.text[:300]
    assert says in refused.text
    assert (await group_refs(), await enrolled("petr")) == before


async def test_the_groups_page_is_the_coordinators(
    browsers: dict[str, Browser], outsider: Browser, consultant: Browser
) -> None:
    before = await group_refs()
    form = {"action": "create_group", "ref": "intrus", "name": "Intrus"}
    await refused_everywhere(NET + "/groupes", browsers, outsider, form, consultant)
    assert await group_refs() == before
