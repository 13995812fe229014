"""Archives and member lists over HTTP."""

import json
from pathlib import Path

import httpx
import pytest

from raviv.registry.tables import Member, Network

pytestmark = pytest.mark.usefixtures("db")

DATA = Path(__file__).resolve().parents[2] / "data"
ARCHIVE = (DATA / "reseau-exemple.json").read_bytes()
CSV = (DATA / "membres-exemple.csv").read_bytes()


async def test_an_archive_is_imported_and_exported_over_http(client: httpx.AsyncClient) -> None:
    imported = await client.post("/api/archives", content=ARCHIVE)
    assert imported.status_code == 201, imported.text
    assert imported.json()["members"] == 6
    exported = await client.get("/api/networks/exemple/archive")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    assert [m["ref"] for m in exported.json()["members"]] == [
        m["ref"] for m in json.loads(ARCHIVE)["members"]
    ]


async def test_a_bad_archive_is_a_problem_listing_each_path(client: httpx.AsyncClient) -> None:
    data = json.loads(ARCHIVE)
    data["members"][0]["siret"] = "52601815500015"
    data["meetings"][0]["attendance"][0]["member"] = "nobody"
    response = await client.post("/api/archives", json=data)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"members[0].siret", "meetings[0].attendance[0].member"} <= fields
    assert await Network.count().run() == 0


async def test_an_upload_over_the_limit_is_refused_before_it_is_read(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/api/archives", content=b" " * (21 * 1024 * 1024))
    assert response.status_code == 413
    assert await Network.count().run() == 0


async def test_a_member_list_is_checked_then_imported_then_exported(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.post("/api/networks", json={"ref": "ex", "name": "Ex"})).status_code == 201
    url = "/api/networks/ex/imports/members"
    files = {"file": ("membres.csv", CSV, "text/csv")}
    dry = await client.post(url, files=files)
    assert dry.status_code == 201, dry.text
    assert dry.json()["dry_run"] is True
    assert len(dry.json()["created"]) == 6
    assert await Member.count().run() == 0
    done = await client.post(url, params={"dry_run": "false", "save_mapping": "true"}, files=files)
    assert done.status_code == 201, done.text
    assert await Member.count().run() == 6
    mapping = await client.get(f"{url}/mapping")
    assert mapping.json()["name"] == "Nom de la structure"
    export = await client.get("/api/networks/ex/exports/members")
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/csv")
    assert "Compagnie Alizé" in export.content.decode("utf-8-sig")
    assert (await client.get("/api/networks/ex/exports/members?format=xlsx")).status_code == 200
    assert (await client.get("/api/networks/ex/exports/members?format=pdf")).status_code == 400


async def test_a_bad_member_list_is_a_problem_naming_rows_and_columns(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/api/networks", json={"ref": "ex", "name": "Ex"})
    bad = CSV.decode("utf-8").replace("90830166600016", "90830166600017").encode()
    response = await client.post(
        "/api/networks/ex/imports/members",
        params={"dry_run": "false"},
        files={"file": ("membres.csv", bad, "text/csv")},
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (error["row"], error["field"], error["value"]) == (3, "SIRET", "90830166600017")
    assert error["message_fr"]
    assert await Member.count().run() == 0


async def test_a_member_list_over_the_upload_limit_is_refused_and_nothing_written(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/api/networks", json={"ref": "ex", "name": "Ex"})
    huge = CSV + b"x;" * (11 * 1024 * 1024)
    response = await client.post(
        "/api/networks/ex/imports/members",
        params={"dry_run": "false"},
        files={"file": ("membres.csv", huge, "text/csv")},
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await Member.count().run() == 0


async def test_saving_a_mapping_with_an_unknown_field_is_refused_naming_it_and_the_known_ones(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/api/networks", json={"ref": "ex", "name": "Ex"})
    url = "/api/networks/ex/imports/members/mapping"
    response = await client.put(url, json={"name": "Structure", "nmae": "Nom"})
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert error["field"] == "nmae"
    assert "known fields: ref, name, siret" in error["message"]
    assert error["message_fr"]
    assert (await client.get(url)).json() == {}


async def test_saving_a_mapping_without_the_name_column_is_refused(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/api/networks", json={"ref": "ex", "name": "Ex"})
    url = "/api/networks/ex/imports/members/mapping"
    response = await client.put(url, json={"siret": "SIRET"})
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["name"]
    blank = await client.put(url, json={"name": "  "})
    assert blank.status_code == 422, blank.text
    assert (await client.get(url)).json() == {}


async def test_a_valid_mapping_is_saved_and_used_by_the_next_import(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/api/networks", json={"ref": "ex", "name": "Ex"})
    url = "/api/networks/ex/imports/members"
    saved = await client.put(f"{url}/mapping", json={"name": "Nom de la structure"})
    assert saved.status_code == 200, saved.text
    dry = await client.post(url, files={"file": ("membres.csv", CSV, "text/csv")})
    assert dry.status_code == 201, dry.text
    assert dry.json()["mapping"] == {"name": "Nom de la structure"}


async def test_the_dry_run_says_which_row_holds_the_headers_and_which_columns_are_ignored(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/api/networks", json={"ref": "ex", "name": "Ex"})
    titled = b"Liste des adherents;\n" + CSV.replace(b"Forme juridique", b"Notes internes")
    dry = await client.post(
        "/api/networks/ex/imports/members", files={"file": ("membres.csv", titled, "text/csv")}
    )
    assert dry.status_code == 201, dry.text
    assert dry.json()["header_row"] == 2
    assert dry.json()["ignored_columns"] == ["Notes internes"]
    assert len(dry.json()["created"]) == 6
