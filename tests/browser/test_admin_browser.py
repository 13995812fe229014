"""The admin as a coordinator meets it: signed in to raviv in the browser, /admin opens
without any other password, a member's name is corrected in the form and the change is what
the API then answers (docs/admin.md). Screenshots, desktop and phone: tests/browser/screenshots/."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from raviv.access import service
from raviv.db import execute
from raviv.guard.roles import Role
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS
from tests.personas import bearer_token

EMAIL = "camille@reseau-a.example"
PASSWORD = "les heures données au réseau"  # noqa: S105


async def _network_with_a_coordinator(base: str) -> None:
    token = await bearer_token("root@raviv.test", site_admin=True)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers) as api:
        for path, body in (
            ("/api/networks", {"ref": "reseau-a", "name": "Réseau A"}),
            ("/api/networks/reseau-a/members", {"ref": "alize", "name": "Alizé"}),
            ("/api/networks/reseau-a/members", {"ref": "basalte", "name": "Basalte"}),
            ("/api/networks", {"ref": "reseau-b", "name": "Réseau B"}),
            ("/api/networks/reseau-b/members", {"ref": "boree", "name": "Borée"}),
        ):
            assert (await api.post(path, json=body)).status_code == 201, path
    account = await service.create_account(EMAIL, display_name="Camille", password=PASSWORD)
    await service.grant_role(account, "reseau-a", Role.coordinator)


async def _open(page: Any, url: str) -> None:
    """A page of the admin's single-page application, loaded afresh."""
    await page.goto(url)
    await page.reload()
    await page.wait_for_load_state("networkidle")


@pytest.mark.committed
async def test_a_coordinator_signed_in_to_raviv_renames_a_member_in_the_admin(
    live_server: str, browser: Any
) -> None:
    await _network_with_a_coordinator(live_server)
    alize = (await execute("SELECT id FROM member WHERE ref = 'alize'"))[0]["id"]
    for size, viewport in VIEWPORTS.items():
        context = await browser.new_context(viewport=viewport, locale="fr-FR")
        page = await context.new_page()
        refused = await page.goto(f"{live_server}/admin/")  # not signed in: nothing of it
        assert refused is not None
        assert refused.status == 401
        signed = await page.request.post(
            f"{live_server}/api/auth/login",
            data={"email": EMAIL, "password": PASSWORD, "mode": "session"},
        )
        assert signed.ok, await signed.text()

        await _open(page, f"{live_server}/admin/")
        await page.screenshot(path=SCREENSHOTS / f"admin-accueil-{size}.png", full_page=True)
        await _open(page, f"{live_server}/admin/#/member/")
        await page.get_by_text("Basalte", exact=True).wait_for()
        listed = await page.inner_text("body")
        assert "Alizé" in listed
        # a column's French label in the list's header (shown in capitals)
        assert "DÉPARTEMENT" in listed.upper()
        assert "DEPARTEMENT" not in listed.upper()
        assert "Borée" not in listed  # network B's member: not for network A's coordinator
        await page.screenshot(path=SCREENSHOTS / f"admin-structures-{size}.png", full_page=True)

        new_name = f"Compagnie Alizé ({size})"
        await _open(page, f"{live_server}/admin/#/member/{alize}/")
        await page.locator('input[name="name"]').wait_for()
        labels = [t.strip() for t in await page.locator("label").all_inner_texts()]
        # the columns' French labels (admin/tables.py), not their database names
        assert {"Nom", "Forme juridique", "Effectif (ETP)", "Collège"} <= set(labels), labels
        assert not {"Name", "Legal Form", "Headcount Fte"} & set(labels), labels
        await page.fill('input[name="name"]', new_name)
        async with page.expect_response(lambda r: r.request.method == "PATCH") as saving:
            await page.get_by_role("button", name="Sauvegarder").click()
        saved = await saving.value
        assert saved.status == 200, await saved.text()
        await page.wait_for_timeout(300)
        await page.screenshot(path=SCREENSHOTS / f"admin-fiche-{size}.png", full_page=True)

        # the DLA report's form, as a coordinator finds it
        await _open(page, f"{live_server}/admin/#/forms/générer-le-rapport-dla/")
        await page.locator('input[name="reseau"]').wait_for()
        await page.screenshot(path=SCREENSHOTS / f"admin-formulaire-dla-{size}.png", full_page=True)

        # what raviv's API answers now, with the same browser session
        member = await page.request.get(f"{live_server}/api/networks/reseau-a/members/alize")
        assert (await member.json())["name"] == new_name
        await context.close()
    audited = await execute(
        "SELECT a.email FROM audit_entry e JOIN account a ON a.id = e.account"
        " WHERE e.action = 'member.update' AND e.actor = 'admin'"
    )
    assert audited == [{"email": EMAIL}, {"email": EMAIL}]
