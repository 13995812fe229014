"""The coordinator's people and roles page over the real HTTP stack (both engines): who has which
role, invitations (a representative, a coordinator, a consultant whose access ends), revoking a
role and withdrawing an invitation; refusals change nothing."""

from __future__ import annotations

import re

import pytest

from raviv.access.tables import Grant, Invitation
from tests.api.access.test_invitations_and_resets import Outbox, outbox
from tests.web.test_member_pages import otto, send
from tests.web.test_pages import Browser, browsers, html

__all__ = ["browsers", "otto", "outbox"]

pytestmark = pytest.mark.usefixtures("db")

PEOPLE = "/reseaux/exemple/personnes"


async def open_invitations() -> int:
    return int(
        await Invitation.count().where(
            Invitation.accepted_at.is_null() & Invitation.revoked_at.is_null()
        )
    )


async def live_grants() -> int:
    return int(await Grant.count().where(Grant.revoked_at.is_null()))


async def test_the_coordinator_sees_who_has_which_role(browsers: dict[str, Browser]) -> None:
    page = html(await browsers["camille"].page(PEOPLE), 200)

    assert "karim@alize.example" in page
    assert "Représentant·e d'un membre" in page
    assert "Coordinateur·rice" in page
    assert "/roles/" in page


async def test_invite_a_representative_a_consultant_until_a_date_then_withdraw(
    browsers: dict[str, Browser], outbox: Outbox
) -> None:
    camille = browsers["camille"]
    url = PEOPLE + "/invitations"

    karim2 = await send(
        camille, url, PEOPLE, email="nadia@alize.example", role="member", member="alize"
    )
    consultant = await send(
        camille,
        url,
        PEOPLE,
        email="audit@conseil.example",
        role="consultant",
        access_ends_on="2027-03-01",
    )
    listed = html(await camille.page(consultant.headers["location"]), 200)

    assert karim2.status_code == consultant.status_code == 303
    assert "Invitation envoyée" in listed
    assert "nadia@alize.example" in listed
    assert "audit@conseil.example" in listed
    assert "1 mars 2027" in listed
    assert outbox.link_to("nadia@alize.example")
    assert await open_invitations() == 2

    withdraw = re.findall(r'action="(/reseaux/exemple/personnes/invitations/\d+/retirer)"', listed)
    done = await send(camille, withdraw[0], PEOPLE)
    assert done.status_code == 303
    assert await open_invitations() == 1
    again = await send(camille, withdraw[0], PEOPLE)
    html(again, 404)


async def test_a_bad_invitation_names_the_field_and_nothing_is_sent(
    browsers: dict[str, Browser],
) -> None:
    camille = browsers["camille"]
    url = PEOPLE + "/invitations"

    no_member = await send(camille, url, PEOPLE, email="x@alize.example", role="member")
    bad_email = await send(camille, url, PEOPLE, email="pas une adresse", role="coordinator")
    no_role = await send(camille, url, PEOPLE, email="x@alize.example", role="admin")
    dated = await send(
        camille, url, PEOPLE, email="x@y.example", role="coordinator", access_ends_on="2027-01-01"
    )

    assert "Choisissez le membre" in html(no_member, 422)
    assert 'value="x@alize.example"' in no_member.text
    assert "adresse électronique valide" in html(bad_email, 422)
    assert "Choisissez un rôle" in html(no_role, 422)
    assert "Seul un accès de consultant" in html(dated, 422)
    assert await open_invitations() == 0


async def test_the_coordinator_revokes_a_role(browsers: dict[str, Browser]) -> None:
    camille, karim = browsers["camille"], browsers["karim"]
    page = html(await camille.page(PEOPLE), 200)
    before = await live_grants()
    karims = re.search(
        r"karim@alize\.example.*?action=\"(/reseaux/exemple/personnes/roles/\d+/revoquer)\"",
        page,
        re.S,
    )
    assert karims

    done = await send(camille, karims.group(1), PEOPLE)

    assert done.status_code == 303
    assert "Rôle retiré" in html(await camille.page(done.headers["location"]), 200)
    assert await live_grants() == before - 1
    assert (await karim.page("/reseaux/exemple/membres/alize")).status_code in {403, 404}


async def test_people_is_the_coordinators_of_that_network_only_and_needs_csrf(
    browsers: dict[str, Browser], otto: Browser
) -> None:
    camille, karim = browsers["camille"], browsers["karim"]
    grants = await live_grants()
    revoke = re.search(
        r'action="(/reseaux/exemple/personnes/roles/\d+/revoquer)"',
        (await camille.page(PEOPLE)).text,
    )
    assert revoke

    html(await otto.page(PEOPLE), 404)
    html(await karim.page(PEOPLE), 403)
    html(await camille.http.post(revoke.group(1)), 403)
    invite = {"email": "x@y.example", "role": "coordinator"}
    html(await camille.http.post(PEOPLE + "/invitations", data=invite), 403)
    karim_csrf = await karim.csrf("/reseaux/exemple/membres/alize/contribuer")
    crafted = await karim.http.post(
        PEOPLE + "/invitations", data={**invite, "csrf_token": karim_csrf}
    )
    html(crafted, 403)
    html(await send(otto, revoke.group(1), "/reseaux/autre"), 404)

    assert await live_grants() == grants
    assert await open_invitations() == 0
