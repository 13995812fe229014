"""Karim's other errands from his phone: confirm what another member says it gave his company,
check in to a meeting with its code, his account's settings, his case and his attestation.

The tests share one server and its demo network (tests/browser/web/conftest.py); every page
visited is checked by axe-core and photographed at both sizes.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from tests.browser.web.conftest import Demo, look, new_page, sign_in

TODAY = dt.datetime.now(ZoneInfo("Europe/Paris")).date()


def member_home(page: Page) -> str:
    found = re.search(r"/reseaux/demo/membres/[a-z0-9-]+", page.url)
    assert found, page.url
    return found.group(0)


def test_karim_confirms_on_his_phone_what_another_member_says_it_gave(
    browser: Browser, demo: Demo
) -> None:
    karim = new_page(browser, demo)
    sign_in(karim, demo, "karim")
    karims = member_home(karim).rsplit("/", 1)[1]
    mallory = new_page(browser, demo)
    sign_in(mallory, demo, "mallory")
    mallory.get_by_role("link", name="Déclarer une contribution").click()
    mallory.get_by_label("Quantité").fill("2")
    mallory.get_by_label("Date").fill((TODAY - dt.timedelta(days=1)).isoformat())
    mallory.get_by_label("Donné à").select_option("member")
    mallory.get_by_label("Référence du membre qui reçoit").fill(karims)
    mallory.get_by_role("button", name="Envoyer").click()
    expect(mallory.get_by_role("status")).to_contain_text("Contribution envoyée")
    mallory.context.close()

    karim.reload()
    karim.get_by_role("link", name=re.compile("attend(ent)? votre confirmation")).click()
    expect(karim.get_by_role("heading", name="À confirmer")).to_be_visible()
    look(karim, "20-to-confirm")
    karim.get_by_role("button", name="Confirmer : nous l'avons reçu").first.click()

    expect(karim.get_by_role("status")).to_contain_text("Contribution confirmée")
    look(karim, "21-confirmed")
    karim.context.close()


def test_karim_checks_in_to_todays_meeting_with_its_code_on_his_phone(
    browser: Browser, demo: Demo
) -> None:
    camille = new_page(browser, demo, phone=False)
    sign_in(camille, demo, "camille")
    csrf = {"X-CSRF-Token": camille.request.get("/api/auth/session").json()["csrf_token"]}
    made = camille.request.post(
        "/api/networks/demo/meetings",
        headers=csrf,
        data={
            "ref": "ag-navigateur",
            "title": "Assemblée du jour",
            "kind": "general_assembly",
            "date": TODAY.isoformat(),
            "duration_hours": "2",
            "place": "Lyon",
        },
    )
    assert made.status == 201, made.text()
    issued = camille.request.post(
        "/api/networks/demo/meetings/ag-navigateur/checkin-code", headers=csrf
    )
    assert issued.ok, issued.text()
    code = issued.json()["code"]
    camille.context.close()

    karim = new_page(browser, demo)
    sign_in(karim, demo, "karim")
    karim.get_by_role("link", name="Nos réunions : agenda et pointage").click()
    expect(karim.get_by_role("heading", name="Nos réunions")).to_be_visible()
    meeting = karim.locator("li.entry", has_text="Assemblée du jour")
    look(karim, "22-meetings")
    meeting.get_by_label("Code affiché en séance").fill("ZZZZZZ")
    meeting.get_by_role("button", name="Pointer notre présence").click()
    expect(karim.get_by_role("alert")).to_contain_text("Ce code n'est pas le bon")
    look(karim, "23-check-in-refused")
    meeting = karim.locator("li.entry", has_text="Assemblée du jour")
    meeting.get_by_label("Code affiché en séance").fill(code.lower())
    meeting.get_by_label("Personnes présentes de votre structure").fill("2")
    meeting.get_by_role("button", name="Pointer notre présence").click()

    expect(karim.get_by_role("status")).to_contain_text("Présence enregistrée")
    look(karim, "24-checked-in")
    karim.context.close()


def test_the_account_pages_say_what_to_do(browser: Browser, demo: Demo) -> None:
    page = new_page(browser, demo)
    page.goto("/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(page.get_by_role("heading", name="Mot de passe oublié")).to_be_visible()
    look(page, "25-forgotten-password")
    page.get_by_label("Adresse électronique").fill("personne@nulle-part.example")
    page.get_by_role("button", name="Recevoir un lien").click()
    expect(page.get_by_role("status")).to_contain_text("Si un compte utilise cette adresse")
    page.goto("/invitation?token=deja-servi")
    expect(page.get_by_role("heading", name="Lien expiré ou déjà utilisé")).to_be_visible()
    look(page, "26-invitation-dead-link")

    sign_in(page, demo, "karim")
    page.get_by_role("link", name=re.compile("Karim")).click()
    expect(page.get_by_role("heading", name="Paramètres du compte")).to_be_visible()
    page.get_by_label("Nom du nouveau jeton").fill("Tableur")
    page.get_by_role("button", name="Créer le jeton").click()
    expect(page.get_by_role("status")).to_contain_text("Copiez-le maintenant")
    look(page, "27-settings-new-token")
    page.context.close()


def test_karim_reads_his_follow_up_and_gets_his_attestation(browser: Browser, demo: Demo) -> None:
    page = new_page(browser, demo)
    sign_in(page, demo, "karim")
    home = member_home(page)
    page.get_by_role("link", name="Notre suivi (procédures de la coordination)").click()
    expect(page.get_by_role("heading", name="Notre suivi")).to_be_visible()
    look(page, "28-follow-up")
    page.goto(home)
    page.get_by_role("group", name="Obtenir notre attestation de participation (PDF)").get_by_role(
        "button", name="Période précédente"
    ).click()
    expect(page.get_by_role("heading", name="Notre attestation de participation")).to_be_visible()
    look(page, "29-attestation-waiting")
    expect(page.locator("#job-status")).to_contain_text(
        "L'attestation est prête", timeout=120_000
    )  # htmx asked again until the job was done
    look(page, "30-attestation-ready")
    page.context.close()


def test_karim_reads_what_his_company_gave_and_received(browser: Browser, demo: Demo) -> None:
    page = new_page(browser, demo)
    sign_in(page, demo, "karim")
    page.get_by_role("link", name="Ce que nous avons donné et reçu").click()

    expect(page.get_by_role("heading", name="Ce que nous avons donné et reçu")).to_be_visible()
    expect(page.get_by_role("link", name="Période en cours")).to_have_attribute(
        "aria-current", "page"
    )
    look(page, "31-balance")
    page.get_by_role("link", name="Période précédente").click()
    expect(page.get_by_role("link", name="Période précédente")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator("table.figures").first).to_contain_text("€")
    look(page, "32-balance-previous")
    page.context.close()


def test_karim_chooses_english_in_his_settings_and_back(browser: Browser, demo: Demo) -> None:
    page = new_page(browser, demo)
    sign_in(page, demo, "karim")
    page.goto("/compte/parametres")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Enregistrer la langue").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("status")).to_contain_text("Language saved")
    look(page, "33-settings-language-english")
    page.get_by_label("Français").check()
    page.get_by_role("button", name="Save the language").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.context.close()
