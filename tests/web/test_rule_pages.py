"""The participation rule's page (/reseaux/{network}/regle) over HTTP, on both engines.

Camille coordinates ``exemple``: she reads the rule in effect in plain words, tries a new version
(the preview: every member's status under it beside today's, nothing saved), then saves it as a
new version. A coordinator of another network gets 404, a representative 403; a form without
the session's CSRF token is refused; a wrong threshold comes back named, nothing saved.
"""

from __future__ import annotations

import pytest

from raviv.participation import rule_sets
from tests.web.coordination_support import consultant, outsider, refused_everywhere
from tests.web.test_pages import Browser, browsers, html

_FIXTURES = (browsers, consultant, outsider)  # pytest finds them here

pytestmark = pytest.mark.usefixtures("db")

RULE = "/reseaux/exemple/regle"
#: The example's rule (regle-2025) as its form sends it, with a first day for the next version.
FORM = {
    "effective_from": "2027-09-01",
    "period": "season",
    "grace_days": "30",
    "criterion": ["meetings_attended", "hours_given", "mandatory_meetings", "groups_enrolled"],
    "min_meetings_attended": "3",
    "min_hours_given": "10",
    "min_groups_enrolled": "1",
}


async def versions() -> list[str]:
    return [r.ref for r in await rule_sets.list_rule_sets("exemple")]


async def test_the_rule_in_effect_is_written_in_plain_french(
    browsers: dict[str, Browser],
) -> None:
    text = html(await browsers["camille"].page(RULE), 200)
    assert "La règle en vigueur" in text
    assert "regle-2025" in text
    assert "assister à au moins 3 réunion(s)" in text
    assert "donner au moins 10 heure(s)" in text
    assert "assister à toutes les réunions obligatoires" in text
    assert "Pendant 30 jours après son adhésion" in text
    assert "au prorata de ses jours d" in text
    assert 'aria-current="page"' in text  # the network's navigation marks this page
    english = html(await browsers["camille"].page(RULE + "?lang=en"), 200)
    assert "attend at least 3 meeting(s)" in english


async def test_a_preview_compares_every_member_and_saves_nothing(
    browsers: dict[str, Browser],
) -> None:
    camille = browsers["camille"]
    same = html(await camille.submit(RULE, **FORM, action="preview"), 200)
    assert "Aucun membre ne changerait de statut." in same
    easier = FORM | {"criterion": ["hours_given"], "min_hours_given": "0"}
    text = html(await camille.submit(RULE, **easier, action="preview"), 200)
    assert "changerai" in text  # « N membre(s) changerai(en)t de statut »
    assert 'class="changed"' in text
    assert "Alizé" in text or "alize" in text
    assert await versions() == ["regle-2025"]


async def test_htmx_gets_the_preview_alone(browsers: dict[str, Browser]) -> None:
    camille = browsers["camille"]
    token = await camille.csrf(RULE)
    answer = await camille.http.post(
        RULE,
        data={"csrf_token": token, **FORM, "action": "preview"},
        headers={"HX-Request": "true"},
    )
    fragment = html(answer, 200)
    assert "<html" not in fragment
    assert "Aperçu : ce que changerait cette version" in fragment
    wrong = await camille.http.post(
        RULE,
        data={"csrf_token": token, **FORM, "min_hours_given": "beaucoup", "action": "preview"},
        headers={"HX-Request": "true"},
    )
    assert "Heures données : indiquez un nombre" in html(wrong, 200)
    assert await versions() == ["regle-2025"]


async def test_saving_adds_a_version_and_the_page_names_it(browsers: dict[str, Browser]) -> None:
    camille = browsers["camille"]
    saved = await camille.submit(RULE, **FORM | {"min_hours_given": "12"}, action="save")
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == RULE + "?enregistree=regle-2027-09-01"
    assert await versions() == ["regle-2025", "regle-2027-09-01"]
    text = html(await camille.page(saved.headers["location"]), 200)
    assert "La version regle-2027-09-01 est enregistrée." in text
    assert "(à venir)" in text
    # The same first day again: refused, named, nothing more saved.
    again = await camille.submit(RULE, **FORM, action="save")
    assert "Premier jour" in html(again, 422) or "premier jour" in again.text
    assert 'aria-invalid="true" aria-describedby="effective_from-problem"' in again.text
    assert await versions() == ["regle-2025", "regle-2027-09-01"]


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"min_meetings_attended": "1,5"}, "min_meetings_attended", "Réunions suivies"),
        ({"min_hours_given": "-3"}, "min_hours_given", "Heures données"),
        ({"effective_from": "demain"}, "effective_from", "premier jour"),
        ({"grace_days": "-1"}, "grace_days", "délai de grâce"),
        ({"criterion": []}, "criteria", "Cochez au moins un critère"),
        ({"period": "quinzaine"}, "period", "Choisissez la période"),
    ],
)
async def test_bad_input_comes_back_named_and_nothing_is_saved(
    browsers: dict[str, Browser], change: dict[str, str], field: str, says: str
) -> None:
    for action in ("preview", "save"):
        refused = await browsers["camille"].submit(RULE, **FORM | change, action=action)
        text = html(refused, 422)
        assert says in text, (field, text[:3000])
        assert "a été enregistré. À corriger" in text
    assert await versions() == ["regle-2025"]


async def test_who_may_see_and_post(
    browsers: dict[str, Browser], outsider: Browser, consultant: Browser
) -> None:
    await refused_everywhere(RULE, browsers, outsider, {**FORM, "action": "save"}, consultant)
    assert await versions() == ["regle-2025"]


async def test_a_network_without_a_rule_prepares_its_first_version(outsider: Browser) -> None:
    page = "/reseaux/autre/regle"
    text = html(await outsider.page(page), 200)
    assert "pas encore de règle en vigueur" in text
    form = FORM | {"effective_from": "2026-09-01"}
    tried = html(await outsider.submit(page, **form, action="preview"), 200)
    assert "Aucun membre ne changerait de statut." in tried
    saved = await outsider.submit(page, **form, action="save")
    assert saved.status_code == 303, saved.text
    assert [r.ref for r in await rule_sets.list_rule_sets("autre")] == ["regle-2026-09-01"]
    assert "Version regle-2026-09-01" in html(await outsider.page(page), 200)
