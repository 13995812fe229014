"""The network's figures in a real browser: Camille asks for the dashboard's figures and htmx
waits for them; the trend's charts and the exchange graph are drawn; Sophie reads without a
button to press; Hélène lands on the federation's networks. Phone and desktop screenshots of
each page (``50-dashboard-phone.png`` …), axe-core on each: no serious or critical violation.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.web.conftest import Demo, look, new_page, sign_in


def images_drawn(page: Page, selector: str) -> list[int]:
    """The natural width of each image matching ``selector`` (0: not drawn)."""
    widths: list[int] = page.eval_on_selector_all(
        selector, "images => images.map(i => i.complete ? i.naturalWidth : 0)"
    )
    return widths


def test_camille_refreshes_the_dashboard_and_reads_the_exchanges(
    browser: Browser, demo: Demo
) -> None:
    page = new_page(browser, demo)
    sign_in(page, demo, "camille")
    expect(page).to_have_url(f"{demo.url}/reseaux/demo")
    expect(page.get_by_role("link", name="Tableau de bord")).to_have_attribute(
        "aria-current", "page"
    )
    button = page.get_by_role("button", name="Calculer les chiffres")
    if button.count() == 0:  # another test already had them computed
        button = page.get_by_role("button", name="Rafraîchir")
    button.click()
    expect(page.locator("#refreshing")).to_contain_text("Calcul demandé")
    look(page, "50-dashboard-refreshing")
    # htmx asks every 2 s; the job computes the figures; the page reloads with them
    expect(page.get_by_role("heading", name="Santé du réseau")).to_be_visible(timeout=120_000)
    expect(page.get_by_text("À jour à")).to_be_visible()
    assert "depuis" not in page.url
    assert all(width > 0 for width in images_drawn(page, "img.chart"))
    page.get_by_text("Les chiffres des graphiques").click()  # the charts' table
    expect(page.get_by_role("columnheader", name="Membres qui ont donné")).to_be_visible()
    look(page, "51-dashboard")

    page.get_by_role("navigation", name="Pages du réseau").get_by_role(
        "link", name="Échanges"
    ).click()
    expect(page.get_by_role("heading", name="Qui a donné quoi à qui")).to_be_visible()
    expect(page.locator("img.exchange-graph")).to_have_js_property("complete", True, timeout=60_000)
    assert images_drawn(page, "img.exchange-graph") != [0]
    look(page, "52-exchanges")
    page.get_by_label("Au (inclus)").fill("2020-01-01")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("alert")).to_contain_text("dernier jour de la période")
    page.context.close()


def test_sophie_reads_the_dashboard_and_helene_the_federation(browser: Browser, demo: Demo) -> None:
    sophie = new_page(browser, demo, phone=False)
    sign_in(sophie, demo, "sophie")
    expect(sophie).to_have_url(f"{demo.url}/reseaux/demo")
    expect(sophie.get_by_role("button", name="Rafraîchir")).to_have_count(0)
    expect(sophie.get_by_role("button", name="Calculer les chiffres")).to_have_count(0)
    look(sophie, "53-dashboard-consultant")
    sophie.context.close()

    helene = new_page(browser, demo)
    sign_in(helene, demo, "helene")
    expect(helene).to_have_url(f"{demo.url}/reseaux/demo-federation/federation")
    expect(helene.get_by_role("columnheader", name="Réseau démo des arts vivants")).to_be_visible()
    look(helene, "54-federation")
    helene.context.close()
