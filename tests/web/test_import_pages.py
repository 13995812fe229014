"""The coordinator's imports page over the real HTTP stack (both engines): a members or a
contributions file checked first (every problem by row and column, or what would be added,
nothing written), then « Importer », all or nothing."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import httpx
import pytest

from raviv.ledger.tables import Contribution
from raviv.registry.tables import Member
from tests.web.test_member_pages import otto
from tests.web.test_pages import Browser, browsers, html

__all__ = ["browsers", "otto"]

pytestmark = pytest.mark.usefixtures("db")

DATA = Path(__file__).resolve().parents[1] / "data"
CONTRIBUTIONS = (DATA / "contributions-exemple.csv").read_bytes()
IMPORTS = "/reseaux/exemple/imports"
NEW_MEMBER = (
    "Réf.;Nom de la structure;SIRET;Forme juridique;Discipline(s);Département;Commune;"
    "Employeuse;ETP;Date d'adhésion;Statut\n"
    "zephyr;Compagnie Zéphyr;;Association loi 1901;Théâtre;69;Lyon;non;0;01/09/2026;Adhérent\n"
)


async def upload(
    browser: Browser, kind: str, content: bytes, name: str = "fichier.csv"
) -> httpx.Response:
    return await browser.http.post(
        IMPORTS + "/verifier",
        data={"csrf_token": await browser.csrf(IMPORTS), "kind": kind},
        files={"file": (name, content, "text/csv")},
    )


async def confirm(browser: Browser, preview: str) -> httpx.Response:
    """« Importer » on the preview: its hidden fields, as the browser sends them."""
    fields = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', preview))
    assert "content" in fields, preview[:2000]
    return await browser.http.post(
        IMPORTS + "/importer", files={k: (None, v) for k, v in fields.items()}
    )


async def test_contributions_are_previewed_then_imported_once(
    browsers: dict[str, Browser],
) -> None:
    camille = browsers["camille"]
    before = await Contribution.count()

    preview = html(await upload(camille, "contributions", CONTRIBUTIONS), 200)
    assert "rien n&#39;est encore importé" in preview or "rien n'est encore importé" in preview
    assert "7 contribution(s) à ajouter" in preview
    assert await Contribution.count() == before

    done = await confirm(camille, preview)
    assert done.status_code == 303, done.text[:500]
    after = html(await camille.page(done.headers["location"]), 200)
    assert "7 ajoutée(s)" in after
    assert await Contribution.count() == before + 7


async def test_a_member_list_is_previewed_then_imported(browsers: dict[str, Browser]) -> None:
    camille = browsers["camille"]
    before = await Member.count()

    preview = html(await upload(camille, "members", NEW_MEMBER.encode()), 200)
    assert "1 membre(s) à ajouter : zephyr" in preview
    assert await Member.count() == before

    done = await confirm(camille, preview)
    assert done.status_code == 303, done.text[:500]
    assert await Member.count() == before + 1


async def test_every_problem_is_shown_by_row_and_column_and_nothing_is_imported(
    browsers: dict[str, Browser],
) -> None:
    camille = browsers["camille"]
    bad = CONTRIBUTIONS.decode().replace("cedre;groupe:petr", "zorro;groupe:petr")
    bad = bad.replace("2,5", "-2,5")
    before = await Contribution.count()

    shown = html(await upload(camille, "contributions", bad.encode()), 422)
    no_file = html(await upload(camille, "contributions", b""), 422)
    no_kind = html(await upload(camille, "anything", CONTRIBUTIONS), 422)
    tampered = await camille.http.post(
        IMPORTS + "/importer",
        data={"csrf_token": await camille.csrf(IMPORTS), "kind": "contributions", "content": "%%"},
    )
    bad_import = await camille.http.post(
        IMPORTS + "/importer",
        data={
            "csrf_token": await camille.csrf(IMPORTS),
            "kind": "contributions",
            "filename": "x.csv",
            "content": base64.b64encode(bad.encode()).decode(),
        },
    )

    rows = re.findall(r'<tr><td class="num">(\d+)</td><td>([^<]+)</td>', shown)
    assert rows == [("4", "Donneur"), ("8", "Quantité")]
    assert "Rien n&#39;a été importé" in shown or "Rien n'a été importé" in shown
    assert "Choisissez un fichier" in no_file
    assert "des membres ou des contributions" in no_kind
    assert "Choisissez un fichier" in html(tampered, 422)
    assert "Donneur" in html(bad_import, 422)
    assert await Contribution.count() == before


async def test_imports_are_the_coordinators_of_that_network_only_and_need_csrf(
    browsers: dict[str, Browser], otto: Browser
) -> None:
    camille, karim = browsers["camille"], browsers["karim"]
    before = await Contribution.count()
    files = {"file": ("a.csv", CONTRIBUTIONS, "text/csv")}

    html(await otto.page(IMPORTS), 404)
    html(await karim.page(IMPORTS), 403)
    no_csrf = await camille.http.post(
        IMPORTS + "/verifier", data={"kind": "contributions"}, files=files
    )
    html(no_csrf, 403)
    karim_csrf = await karim.csrf("/reseaux/exemple/membres/alize/contribuer")
    by_karim = await karim.http.post(
        IMPORTS + "/importer",
        data={"csrf_token": karim_csrf, "kind": "contributions", "content": "YQ=="},
    )
    html(by_karim, 403)
    assert await Contribution.count() == before
