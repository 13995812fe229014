"""Camille's coordination pages on her phone: the members (search, a member's timeline), a
meeting created with its check-in code and its attendance, the open cases, people and roles
(a consultant invited until a date), an import checked then imported.

Every page visited is checked by axe-core (no serious or critical violation) and photographed at
a phone and a desktop size (tests/browser/screenshots/6x-*.png).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from tests.browser.web.conftest import Demo, look, new_page, sign_in

TODAY = dt.datetime.now(ZoneInfo("Europe/Paris")).date()
MEMBERS_FILE = (
    "Réf.;Nom de la structure;SIRET;Forme juridique;Discipline(s);Département;Commune;"
    "Employeuse;ETP;Date d'adhésion;Statut\n"
    "zephyr;Compagnie Zéphyr;;Association loi 1901;Théâtre;69;Lyon;non;0;01/09/2026;Adhérent\n"
)
BAD_FILE = "Donneur;Bénéficiaire;Forme;Quantité;Unité;Date\nzorro;réseau;temps;-2;heures;hier\n"


def test_camille_runs_the_network_from_her_phone(browser: Browser, demo: Demo) -> None:
    camille = new_page(browser, demo)
    sign_in(camille, demo, "camille")
    network = re.search(r"/reseaux/([a-z0-9-]+)", camille.url)
    assert network, camille.url
    base = f"/reseaux/{network.group(1)}"
    members(camille, base)
    meeting(camille, base)
    camille.goto(base + "/procedures")
    expect(camille.get_by_role("heading", name="Relances et décisions")).to_be_visible()
    look(camille, "65-cases")
    people(camille, base)
    imports(camille, base)
    camille.context.close()


def members(camille: Page, base: str) -> None:
    """The members, a search, a member's timeline."""
    camille.goto(base + "/membres")
    expect(camille.get_by_role("heading", name="Membres", exact=True)).to_be_visible()
    look(camille, "60-members")
    first = camille.locator(".entries .entry-head a").first
    name = first.inner_text()
    camille.get_by_label("Chercher un membre par son nom").fill(name.split()[0])
    camille.get_by_role("button", name="Chercher").click()
    expect(camille.locator(".entries .entry-head a").first).to_be_visible()
    camille.locator(".entries .entry-head a").first.click()
    expect(camille.get_by_role("heading", name=re.compile("^Parcours de"))).to_be_visible()
    look(camille, "61-member-timeline")


def meeting(camille: Page, base: str) -> None:
    """A meeting: created, its check-in code, its attendance."""
    camille.goto(base + "/reunions")
    look(camille, "62-meetings")
    camille.get_by_text("Nouvelle réunion", exact=True).click()
    camille.get_by_label("Intitulé").fill("Réunion de rentrée")
    camille.get_by_label("Date", exact=True).fill(TODAY.isoformat())
    camille.get_by_label("Durée en heures").fill("2")
    camille.get_by_role("button", name="Créer la réunion").click()
    expect(camille.get_by_role("heading", name="Réunion de rentrée")).to_be_visible()
    camille.get_by_role("button", name="Émettre le code").click()
    expect(camille.locator(".checkin-code code")).to_have_text(re.compile("^[A-Z0-9]{4,}$"))
    look(camille, "63-meeting-code")
    camille.locator(".attendance-line input[type=checkbox]").first.check()
    camille.get_by_role("button", name="Enregistrer les présences").click()
    expect(camille.get_by_role("status")).to_contain_text("Présences enregistrées")
    look(camille, "64-meeting-attendance")


def people(camille: Page, base: str) -> None:
    """People and roles: a consultant invited until a date."""
    camille.goto(base + "/personnes")
    camille.get_by_label("Adresse électronique").fill("audit@conseil.example")
    camille.get_by_label("Rôle", exact=True).select_option("consultant")
    ends = (TODAY + dt.timedelta(days=90)).isoformat()
    camille.get_by_label(re.compile("Fin de l'accès")).fill(ends)
    camille.get_by_role("button", name="Envoyer l'invitation").click()
    expect(camille.get_by_role("status")).to_contain_text("Invitation envoyée")
    expect(camille.get_by_text("audit@conseil.example", exact=True)).to_be_visible()
    look(camille, "66-people")


def imports(camille: Page, base: str) -> None:
    """A bad file's problems by row and column, then a good one previewed and imported."""
    camille.goto(base + "/imports")
    camille.get_by_label("Contributions").check()
    camille.get_by_label("Fichier", exact=True).set_input_files(
        files=[{"name": "apports.csv", "mimeType": "text/csv", "buffer": BAD_FILE.encode()}]
    )
    camille.get_by_role("button", name="Vérifier le fichier").click()
    expect(camille.get_by_role("heading", name="Rien n'a été importé")).to_be_visible()
    expect(camille.locator("table.figures tbody tr").first).to_be_visible()
    look(camille, "67-import-problems")
    camille.get_by_label("Liste des membres").check()
    camille.get_by_label("Fichier", exact=True).set_input_files(
        files=[{"name": "membres.csv", "mimeType": "text/csv", "buffer": MEMBERS_FILE.encode()}]
    )
    camille.get_by_role("button", name="Vérifier le fichier").click()
    expect(camille.get_by_role("heading", name=re.compile("^Aperçu"))).to_be_visible()
    look(camille, "68-import-preview")
    camille.get_by_role("button", name="Importer", exact=True).click()
    expect(camille.get_by_role("status")).to_contain_text("Import des membres fait")
    look(camille, "69-imported")
