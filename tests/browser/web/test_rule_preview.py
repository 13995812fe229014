"""Camille tries a harder participation rule on her phone before adding it.

She raises the hours threshold, sees in the preview (htmx, no page load) that members' statuses
would change, and the rule's versions (the API's list) are still the same: nothing was saved.
Then « Enregistrer cette version » adds the version and the page names it. axe-core checks the
page and it is photographed at both sizes.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.web.conftest import Demo, look, new_page, sign_in

RULE = "/reseaux/demo/regle"


def versions(page: Page) -> list[str]:
    """The rule's versions as the API lists them (the session's cookie: a GET needs no CSRF)."""
    answer = page.request.get("/api/networks/demo/rule-sets")
    assert answer.ok, answer.text()
    return [version["ref"] for version in answer.json()]


def test_camille_previews_a_higher_threshold_then_saves_the_version(
    browser: Browser, demo: Demo
) -> None:
    page = new_page(browser, demo)
    sign_in(page, demo, "camille")
    page.goto(RULE)
    expect(page.get_by_role("heading", name="La règle en vigueur")).to_be_visible()
    expect(page.locator(".rule-now")).to_contain_text("donner au moins 10 heure(s)")
    look(page, "rule-1-page")
    before = versions(page)
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))

    page.get_by_label("seuil (heures)").fill("60")
    page.get_by_role("button", name="Prévisualiser").click()

    changes = page.locator("#apercu .changes")
    expect(changes).to_contain_text("changerai")  # « N membre(s) changerai(en)t de statut »
    assert page.locator("#apercu tr.changed").count() >= 1
    assert not loads, loads  # htmx swapped the preview in: no page was loaded
    assert versions(page) == before  # nothing was saved
    look(page, "rule-2-preview")

    page.get_by_role("button", name="Enregistrer cette version").click()
    expect(page.get_by_role("status")).to_contain_text("est enregistrée")
    after = versions(page)
    assert len(after) == len(before) + 1
    new = (set(after) - set(before)).pop()
    expect(page.locator(".rule-now")).to_contain_text(new)
    look(page, "rule-3-saved")
    page.context.close()


def test_camilles_settings_pages_read_well_on_a_phone(browser: Browser, demo: Demo) -> None:
    """Exemptions, dues, rates and groups: each page checked by axe-core and photographed; a
    dues payment recorded from the phone shows in euros."""
    page = new_page(browser, demo)
    sign_in(page, demo, "camille")
    for path, heading, name in (
        ("/dispenses", "Dispenses", "settings-1-exemptions"),
        ("/taux", "Taux de valorisation", "settings-3-rates"),
        ("/groupes", "Groupes et projets", "settings-4-groups"),
    ):
        page.goto("/reseaux/demo" + path)
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        look(page, name)
    page.goto("/reseaux/demo/cotisations")
    page.locator("#member").select_option(index=1)
    page.get_by_label("Montant (euros)").fill("120,50")
    page.get_by_role("button", name="Enregistrer la cotisation").click()
    expect(page.get_by_role("status")).to_contain_text("La cotisation est enregistrée.")
    expect(page.locator("table.figures")).to_contain_text("120,50")
    look(page, "settings-2-dues")
    page.context.close()
