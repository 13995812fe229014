"""The reports over the API, as background jobs (both engines): a coordinator starts the DLA
report and is answered at once with the job; the job's progress is followed to its end; the PDF
and the workbook are downloaded; the same request again is the same job. A representative of
another network gets 404, one of the same network 403 for the full report, but asks for and
fetches its own member's attestation."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from raviv.jobs import store
from raviv.network_archive import archive_io
from tests.jobs_support import run_queued_jobs
from tests.personas import CAMILLE, FANNY, SOPHIE, Clients, Persona, persona_clients
from tests.unit.rules.test_example import EXAMPLE

pytestmark = pytest.mark.committed

NET = "/api/networks/exemple"


@pytest.fixture
async def people(committed_db: None) -> AsyncIterator[Clients]:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    other = EXAMPLE.read_text().replace('"ref": "exemple"', '"ref": "ailleurs"', 1)
    await archive_io.import_archive(other.encode())
    clients = await persona_clients("exemple", CAMILLE, FANNY, SOPHIE, domain="exemple.test")
    clients |= await persona_clients(
        "ailleurs", Persona("zoe", FANNY.role, FANNY.member), domain="ailleurs.test"
    )
    yield clients
    for client in clients.values():
        await client.aclose()


async def test_a_dla_report_is_made_in_the_background_and_downloaded(people: Clients) -> None:
    camille, sophie = people["camille"], people["sophie"]

    asked = await camille.post(f"{NET}/reports/dla", json={"period": "2025-09-01"})
    again = await camille.post(f"{NET}/reports/dla", json={"period": "2025-09-01"})

    assert asked.status_code == again.status_code == 202, asked.text
    job = asked.json()
    assert (job["kind"], job["status"]) == ("report.dla", "queued")
    assert again.json()["id"] == job["id"]  # the same report: one job

    await run_queued_jobs(seconds=120)

    done = (await sophie.get(f"{NET}/jobs/{job['id']}")).json()  # a consultant reads reports
    assert (done["status"], done["progress"]) == ("succeeded", 100), done
    names = [f["name"] for f in done["result"]["files"]]
    assert names == ["dla-exemple-2025-09-01.pdf", "dla-exemple-2025-09-01.xlsx"]
    pdf = await sophie.get(f"{NET}/jobs/{job['id']}/files/{names[0]}")
    xlsx = await camille.get(f"{NET}/jobs/{job['id']}/files/{names[1]}")
    assert pdf.status_code == xlsx.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert xlsx.content.startswith(b"PK")  # a workbook is a zip
    assert done["result"]["pages"] > 1
    rows = await store.listing(None, limit=100)
    assert [r.kind for r in rows] == ["report.dla"]  # rendered once
    missing = await camille.get(f"{NET}/jobs/{job['id']}/files/nothing.pdf")
    assert missing.status_code == 404


async def test_representatives_get_the_report_refused_but_their_own_attestation(
    people: Clients,
) -> None:
    camille, fanny, zoe = people["camille"], people["fanny"], people["zoe"]
    season = {"period": "2025-09-01"}
    report = (await camille.post(f"{NET}/reports/dla", json=season)).json()

    # Fanny represents fougere in this network: the full report is not hers (403).
    assert (await fanny.post(f"{NET}/reports/dla", json=season)).status_code == 403
    assert (await fanny.get(f"{NET}/jobs/{report['id']}")).status_code == 403
    # Zoé represents a member of another network: nothing here exists for her (404).
    assert (await zoe.post(f"{NET}/reports/dla", json=season)).status_code == 404
    assert (await zoe.get(f"{NET}/jobs/{report['id']}")).status_code == 404

    own = await fanny.post(f"{NET}/members/fougere/attestation", json={"period": "2025-09-01"})
    assert own.status_code == 202, own.text
    other = await fanny.post(f"{NET}/members/basalte/attestation", json={"period": "2025-09-01"})
    assert other.status_code == 404
    await run_queued_jobs(seconds=120)

    attestation = (await fanny.get(f"{NET}/jobs/{own.json()['id']}")).json()
    assert attestation["status"] == "succeeded", attestation
    [made] = attestation["result"]["files"]
    assert made["name"] == "attestation-fougere-2025-09-01.pdf"
    pdf = await fanny.get(f"{NET}/jobs/{own.json()['id']}/files/{made['name']}")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert (await fanny.get(f"{NET}/jobs/{report['id']}/files/x.pdf")).status_code == 403
    listed = (await fanny.get(f"{NET}/jobs")).json()
    assert [j["kind"] for j in listed] == ["report.attestation"]  # only what is hers


async def test_a_bad_request_names_its_field_and_queues_nothing(people: Clients) -> None:
    camille = people["camille"]
    for body, field in (
        ({"period": "2025-13-01"}, "period"),
        ({"period": "2025-09-01", "lang": "de"}, "lang"),
        ({"period": "2025-09-01", "fiscal_year": 99999}, "fiscal_year"),
        ({"period": "2025-09-01", "colour": "red"}, "colour"),
    ):
        refused = await camille.post(f"{NET}/reports/dla", json=body)
        assert refused.status_code == 400, (body, refused.text)
        assert field in refused.text
    assert await store.listing(None) == []
