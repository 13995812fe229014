"""Karim logs what his company gave from his phone, Camille validates it, his bar moves.

In the order the story happens (the tests share one server and its demo network): each test
names what it shows, and every page it visits is checked by axe-core and photographed.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from tests.browser.web.conftest import Demo, look, new_page, sign_in

HOURS = "Heures données"
#: What is dated today counts from tomorrow (the rule counts days before the one evaluated):
#: Karim logs what his company gave yesterday.
YESTERDAY = (dt.datetime.now(ZoneInfo("Europe/Paris")).date() - dt.timedelta(days=1)).isoformat()


def hours_bar(page: Page) -> tuple[float, int]:
    """The hours criterion: the hours counted (« 4,5 / 10 h ») and its bar's value (0–100; the
    demo gives Karim a company that has not met its hours threshold yet, so it is below 100)."""
    criterion = page.locator("li.criterion", has_text=HOURS)
    figures = criterion.locator(".criterion-figures").inner_text()
    counted = re.match(r"\s*([\d\s\u202f\u00a0]+(?:,\d+)?)", figures)
    assert counted, figures
    hours = float(re.sub(r"[\s\u202f\u00a0]", "", counted.group(1)).replace(",", "."))
    return hours, int(criterion.locator("progress").get_attribute("value") or "0")


def karim_home(page: Page) -> str:
    found = re.search(r"/reseaux/demo/membres/[a-z0-9-]+", page.url)
    assert found, page.url
    return found.group(0)


def test_karim_logs_a_contribution_on_his_phone_in_three_screens(
    browser: Browser, demo: Demo
) -> None:
    page = new_page(browser, demo)
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))

    page.goto("/")
    look(page, "1-sign-in")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_text("Karim (")).to_be_visible()
    sign_in(page, demo, "karim", open_page=False)
    expect(page.get_by_role("heading", name="Où nous en sommes")).to_be_visible()
    look(page, "2-member-portal")
    page.get_by_role("link", name="Déclarer une contribution").click()
    expect(page.get_by_role("heading", name="Déclarer une contribution")).to_be_visible()
    quantity = page.get_by_label("Quantité")
    assert quantity.get_attribute("inputmode") == "decimal"
    assert page.get_by_label("Date").get_attribute("type") == "date"
    quantity.fill("3,5")
    page.get_by_label("Date").fill(YESTERDAY)
    expect(page.locator("#estimate")).to_contain_text("Valeur estimée")  # htmx, before sending
    look(page, "3-contribution-form")
    screens_before_sending = len(loads)
    page.get_by_role("button", name="Envoyer").click()

    expect(page.get_by_role("status")).to_contain_text("Contribution envoyée")
    assert screens_before_sending <= 3, loads
    highlighted = page.locator("li.entry.highlight")
    expect(highlighted).to_contain_text("3,5 h")
    expect(highlighted).to_contain_text("En attente de validation")
    look(page, "4-history-sent")
    page.context.close()


def test_camille_validates_it_from_the_queue_and_karims_hours_bar_moves(
    browser: Browser, demo: Demo
) -> None:
    karim = new_page(browser, demo)
    sign_in(karim, demo, "karim")
    before = hours_bar(karim)
    camille = new_page(browser, demo, phone=False)
    sign_in(camille, demo, "camille")
    look(camille, "5-coordinator-home")

    camille.get_by_role("link", name="Ouvrir la file de validation").click()
    look(camille, "6-validation-queue")
    entry = camille.locator(".queue .entry", has_text="3,5 h").first
    entry.get_by_role("checkbox").check()
    camille.get_by_role("button", name="Valider la sélection").click()

    expect(camille.get_by_role("status")).to_contain_text("1 contribution(s) validée(s)")
    look(camille, "7-queue-after-validation")
    karim.reload()
    hours, bar = hours_bar(karim)
    assert hours == before[0] + 3.5  # the 3,5 h validated now count
    assert before[1] < 100  # not met yet (raviv.demo.demo_representatives)
    assert bar > before[1]  # the bar moves
    karim.goto(karim_home(karim) + "/historique")
    expect(karim.locator("li.entry", has_text="3,5 h").first).to_contain_text("Validée")
    look(karim, "11-history-validated")
    camille.context.close()
    karim.context.close()


def test_mallory_gets_404_on_karims_pages_and_her_crafted_posts_are_refused(
    browser: Browser, demo: Demo
) -> None:
    karim = new_page(browser, demo)
    sign_in(karim, demo, "karim")
    target = karim_home(karim)
    karim.context.close()
    mallory = new_page(browser, demo)
    sign_in(mallory, demo, "mallory")
    own = karim_home(mallory)
    mallory.goto(own + "/contribuer")
    look(mallory, "12-contribution-form-mallory")
    csrf = mallory.locator("input[name=csrf_token]").first.get_attribute("value") or ""

    answer = mallory.goto(target)

    assert answer is not None
    assert answer.status == 404
    expect(mallory.get_by_role("heading", name="Page introuvable")).to_be_visible()
    look(mallory, "8-not-found")
    crafted = mallory.request.post(
        target + "/contribuer",
        form={"csrf_token": csrf, "form": "time", "quantity": "100", "date": "2026-12-01"},
    )
    assert crafted.status == 404
    queue = mallory.request.post(
        "/reseaux/demo/validation", form={"csrf_token": csrf, "entry": "x", "action": "validate"}
    )
    assert queue.status == 403
    forbidden = mallory.goto("/reseaux/demo/validation")
    assert forbidden is not None
    assert forbidden.status == 403
    expect(mallory.get_by_role("heading", name="Action non autorisée")).to_be_visible()
    look(mallory, "13-forbidden")
    mallory.context.close()


def test_a_page_in_english_says_so_and_the_choice_is_kept(browser: Browser, demo: Demo) -> None:
    page = new_page(browser, demo)
    page.goto("/")
    page.get_by_role("link", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    look(page, "9-sign-in-english")
    page.get_by_label("E-mail address").fill("karim@demo.raviv.test")
    page.get_by_label("Password").fill(demo.passwords["karim"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Where we stand")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    look(page, "10-member-portal-english")
    page.context.close()


def test_the_contribution_form_works_with_the_keyboard_alone(browser: Browser, demo: Demo) -> None:
    page = new_page(browser, demo, phone=False)
    sign_in(page, demo, "karim")
    page.goto(karim_home(page) + "/contribuer")
    look(page, "14-contribution-form-desktop-keyboard")

    for _ in range(20):  # Tab through the page until the quantity has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "quantity":
            break
    else:
        raise AssertionError("the quantity field cannot be reached with Tab")
    page.keyboard.type("2")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Contribution envoyée")
    expect(page.locator("li.entry.highlight")).to_contain_text("2 h")
    look(page, "15-history-after-keyboard")
    page.context.close()


def test_a_form_with_mistakes_comes_back_saying_what_to_correct(
    browser: Browser, demo: Demo
) -> None:
    page = new_page(browser, demo)
    sign_in(page, demo, "karim")
    page.goto(karim_home(page) + "/contribuer")
    page.get_by_label("Quantité").fill("beaucoup")

    page.get_by_role("button", name="Envoyer").click()

    expect(page.get_by_role("alert")).to_contain_text("Rien n'a été envoyé")
    expect(page.get_by_label("Quantité")).to_have_value("beaucoup")
    expect(page.get_by_label("Quantité")).to_have_attribute("aria-invalid", "true")
    look(page, "16-contribution-form-mistakes")
    page.context.close()
