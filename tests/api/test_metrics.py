"""``/metrics`` over the real app (both engines): what it counts, and who may read it.

The counts are those of this test process (one process: prometheus-client's own registry);
``tests/e2e/test_metrics_server.py`` proves they add up across the workers of ``raviv serve``.
Each test reads the counts before and after what it does, as the suite's other requests count
too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from raviv import metrics
from raviv.network_archive import archive_io
from raviv.settings import get_settings
from tests.conftest import shared_app
from tests.unit.rules.test_example import EXAMPLE

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]

TOKEN = "jeton-de-prometheus-0123456789-abcdef"  # noqa: S105 - a test's own token
OUTSIDE = ("203.0.113.9", 40000)


def parse(text: str) -> Samples:
    """Every sample of a Prometheus text answer, read by prometheus-client's own parser."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def total(samples: Samples, name: str, **labels: str) -> float:
    """The sum over every series of ``name`` whose labels include ``labels``."""
    wanted = set(labels.items())
    return sum(v for (n, found), v in samples.items() if n == name and wanted <= found)


async def scrape(http: httpx.AsyncClient) -> Samples:
    answer = await http.get("/metrics")
    assert answer.status_code == 200, answer.text
    kind = answer.headers["content-type"]
    assert kind.startswith("text/plain; version="), kind  # Prometheus's text format
    assert kind.count("charset=utf-8") == 1, kind
    return parse(answer.text)


@pytest.fixture
def settings_from(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set RAVIV_* variables for one test: the settings are read again, and once more after."""
    get_settings.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
async def outsider(db: None) -> AsyncIterator[httpx.AsyncClient]:
    """A client at an address outside the default allow-list."""
    transport = httpx.ASGITransport(app=shared_app(), client=OUTSIDE)
    async with httpx.AsyncClient(transport=transport, base_url="http://raviv.test") as http:
        yield http


# -- what is counted -----------------------------------------------------------------------


async def test_answers_are_counted_by_route_template_and_status_never_by_path(
    client: httpx.AsyncClient,
) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    members = "/api/networks/{network_ref}/members"
    before = await scrape(client)
    for _ in range(3):
        assert (await client.get("/api/networks/exemple/members")).status_code == 200
    assert (await client.get("/api/networks/inconnu-zq7/members")).status_code == 404
    answer = await client.get("/metrics")
    after = parse(answer.text)

    counter = "raviv_http_requests_total"
    for status, count in (("200", 3), ("404", 1)):
        labels = {"method": "GET", "route": members, "status": status}
        assert value(after, counter, **labels) - value(before, counter, **labels) == count
    histogram = "raviv_http_request_duration_seconds_count"
    moved = value(after, histogram, method="GET", route=members) - value(
        before, histogram, method="GET", route=members
    )
    assert moved == 4
    # No ref, id or raw path in any label: the refs sent appear nowhere in the answer.
    assert "exemple" not in answer.text
    assert "inconnu-zq7" not in answer.text


async def test_refusals_before_any_handler_are_counted_with_their_own_status(
    anonymous: httpx.AsyncClient,
) -> None:
    """A 401 of the access check (raised in its middleware) and a path no route matches: the
    answers Litestar's own Prometheus plugin counts as 200, or not at all."""
    before = await scrape(anonymous)
    assert (await anonymous.get("/api/me")).status_code == 401
    assert (await anonymous.get("/nowhere/at/all/42")).status_code == 404
    assert (await anonymous.delete("/ping")).status_code == 405
    after = await scrape(anonymous)

    def moved(**labels: str) -> float:
        name = "raviv_http_requests_total"
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved(method="GET", route="/api/me", status="401") == 1
    assert moved(method="GET", route="/api/me", status="200") == 0
    assert moved(method="GET", route="unmatched", status="404") == 1
    assert moved(method="DELETE", route="unmatched", status="405") == 1
    assert "/nowhere" not in str(after)
    seconds = "raviv_http_request_duration_seconds_sum"
    assert value(after, seconds, method="GET", route="/api/me") > value(
        before, seconds, method="GET", route="/api/me"
    )


async def test_an_evaluation_is_timed(client: httpx.AsyncClient) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    before = await scrape(client)
    params = {"at": "2026-03-01", "period": "2025-09-01"}
    answer = await client.get("/api/networks/exemple/evaluation", params=params)
    assert answer.status_code == 200, answer.text
    wrong = {"at": "2026-03-01", "period": "2025-09-02"}  # not the first day of a period
    refused = await client.get("/api/networks/exemple/evaluation", params=wrong)
    assert refused.status_code == 422
    after = await scrape(client)

    name = "raviv_operation_duration_seconds"
    count = value(after, f"{name}_count", operation="evaluation")
    assert count - value(before, f"{name}_count", operation="evaluation") == 1  # not the 422
    assert value(after, f"{name}_sum", operation="evaluation") > value(
        before, f"{name}_sum", operation="evaluation"
    )


async def test_the_database_connections_are_read_when_scraped(
    anonymous: httpx.AsyncClient,
) -> None:
    samples = await scrape(anonymous)
    held = "raviv_db_connections"
    most = "raviv_db_connections_max"
    if get_settings().database.engine == "sqlite":
        readers = get_settings().database.sqlite_readers
        assert value(samples, most, role="reader") == readers
        assert value(samples, most, role="writer") == 1
        assert total(samples, held, role="reader") == readers  # all open, idle or not
        # The test's transaction holds the writer.
        assert value(samples, held, role="writer", state="in_use") == 1
    else:
        assert value(samples, most, role="pool") == 4  # the test session's pool
        # The test's transaction holds a connection of the pool.
        assert value(samples, held, role="pool", state="in_use") >= 1
        assert total(samples, held, role="pool") <= 4


async def test_jobs_and_timings_are_counted_by_kind_and_outcome(
    anonymous: httpx.AsyncClient,
) -> None:
    before = await scrape(anonymous)
    metrics.observe_job("daily", "succeeded", 1.5)
    metrics.observe_job("daily", "retried", 0.25)
    metrics.observe_job("daily", "succeeded", 2.5)
    with metrics.timed("report"):
        pass
    after = await scrape(anonymous)

    name = "raviv_job_duration_seconds"
    for outcome, count, seconds in (("succeeded", 2, 4.0), ("retried", 1, 0.25)):
        labels = {"kind": "daily", "outcome": outcome}
        assert (
            value(after, f"{name}_count", **labels) - value(before, f"{name}_count", **labels)
            == count
        )
        assert value(after, f"{name}_sum", **labels) - value(
            before, f"{name}_sum", **labels
        ) == pytest.approx(seconds)
    report = "raviv_operation_duration_seconds_count"
    assert value(after, report, operation="report") - value(before, report, operation="report") == 1


def test_a_job_outcome_or_a_name_outside_the_vocabulary_is_refused() -> None:
    """Label values are a closed set: a typo must fail where it is made, not grow series."""
    with pytest.raises(ValueError, match="outcome"):
        metrics.observe_job("daily", "done", 1.0)
    with pytest.raises(ValueError, match="job kind"):
        metrics.observe_job("daily for network demo", "failed", 1.0)
    with pytest.raises(ValueError, match="operation"):
        metrics.observe_timing("Evaluation/42", 1.0)


# -- who may read them ---------------------------------------------------------------------


async def test_this_machine_reads_the_metrics_and_the_document_does_not_list_them(
    anonymous: httpx.AsyncClient,
) -> None:
    answer = await anonymous.get("/metrics")
    assert answer.status_code == 200
    assert "# TYPE raviv_http_requests_total counter" in answer.text
    assert "# TYPE raviv_http_request_duration_seconds histogram" in answer.text
    assert answer.headers["cache-control"] == "no-store"
    document = (await anonymous.get("/schema/openapi.json")).json()
    assert "/metrics" not in document["paths"]


async def test_an_address_outside_the_allow_list_is_refused(outsider: httpx.AsyncClient) -> None:
    answer = await outsider.get("/metrics")
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"].endswith("/forbidden")
    assert "raviv_" not in answer.text


async def test_the_token_admits_any_address_and_a_wrong_one_admits_none(
    outsider: httpx.AsyncClient, settings_from: pytest.MonkeyPatch
) -> None:
    settings_from.setenv("RAVIV_METRICS_TOKEN", TOKEN)
    allowed = await outsider.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert allowed.status_code == 200
    assert "raviv_http_requests_total" in allowed.text
    for wrong in (f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN}x", "Bearer ", f"Basic {TOKEN}", TOKEN):
        refused = await outsider.get("/metrics", headers={"Authorization": wrong})
        assert refused.status_code == 403, wrong
    assert (await outsider.get("/metrics", params={"token": TOKEN})).status_code == 403


async def test_without_a_token_set_no_bearer_admits(
    outsider: httpx.AsyncClient, settings_from: pytest.MonkeyPatch
) -> None:
    settings_from.delenv("RAVIV_METRICS_TOKEN", raising=False)
    answer = await outsider.get("/metrics", headers={"Authorization": "Bearer "})
    assert answer.status_code == 403


async def test_the_allow_list_is_the_settings_one(
    outsider: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    settings_from: pytest.MonkeyPatch,
) -> None:
    settings_from.setenv("RAVIV_METRICS_ALLOW", "203.0.113.0/24")
    assert (await outsider.get("/metrics")).status_code == 200
    assert (await anonymous.get("/metrics")).status_code == 403  # 127.0.0.1 is no longer in
    settings_from.setenv("RAVIV_METRICS_ALLOW", "none")
    get_settings.cache_clear()
    assert (await outsider.get("/metrics")).status_code == 403


async def test_an_ipv4_client_of_a_dual_stack_socket_is_this_machine(db: None) -> None:
    transport = httpx.ASGITransport(app=shared_app(), client=("::ffff:127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://raviv.test") as http:
        assert (await http.get("/metrics")).status_code == 200


@pytest.mark.parametrize("header", ["X-Forwarded-For", "Forwarded", "X-Real-IP"])
async def test_a_proxy_raviv_was_not_told_of_does_not_make_its_clients_local(
    anonymous: httpx.AsyncClient, settings_from: pytest.MonkeyPatch, header: str
) -> None:
    """With no RAVIV_TRUSTED_PROXIES, a request bearing forwarding headers came through a proxy
    raviv does not know: its peer (the proxy, on 127.0.0.1) is not the client."""
    settings_from.delenv("RAVIV_TRUSTED_PROXIES", raising=False)
    settings_from.setenv("RAVIV_METRICS_TOKEN", TOKEN)
    forwarded = {header: "198.51.100.4"}
    assert (await anonymous.get("/metrics", headers=forwarded)).status_code == 403
    with_token = {**forwarded, "Authorization": f"Bearer {TOKEN}"}
    assert (await anonymous.get("/metrics", headers=with_token)).status_code == 200
