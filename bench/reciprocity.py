"""Bench: the reciprocity analytics of a 2,000-member network with 100k, 300k and 1M ledger entries.

For each size it makes a fresh database (a SQLite file under /tmp, or a new
``raviv_bench_<random>`` database on ``postgresql://postgres@127.0.0.1:5432/test``), runs
``raviv db upgrade``, then writes a whole network straight into the tables with bulk SQL
(``executemany`` on SQLite, ``COPY`` on PostgreSQL; not through the API):

- 2,000 members (départements, disciplines, budget brackets), their memberships: most open since
  before the season, some joining or leaving during it, some suspended for a while;
- 30 working groups with their enrolments, 40 shared projects with their partners, about 200
  meetings with their attendance (the ``meeting`` entries it yields);
- N validated ledger entries dated over the 2025-26 season: most given by members to the
  network, a group or a project, about a quarter between members along a sparse partner graph
  (each member exchanges with a handful of others, often in one or two forms), some given by the
  network to members; every form; a few validated reversal pairs (some reversals dated in the
  next season), a few validated entries without a frozen value (valued at the rate of their
  day), and pending or rejected entries on top (they count for nothing).

Then a second process per size (so that its peak memory is the analytics' alone, not the data
generator's) opens the database as the service does and times the full network analytics of the
season: ``raviv.scoring.service.network_period`` (the database's reading and every formula),
its ``report()`` (the JSON of ``raviv reciprocity``) and its ``tables()`` (every table of the
CSV and XLSX exports). It prints the first run, the median of the next ``--runs`` with the share
of the reading, the peak RSS (``ru_maxrss``) of that process, the time per 100k entries at each
size (the cost grows linearly when that figure stays flat), and whether the issue's target holds
(under 5 s and 1.5 GB at 1M entries on SQLite). ``--compare`` also checks, once per size, that the
report and every table are exactly those of the entry-by-entry reading
(``raviv.scoring.totals.scoring_inputs(..., entry_by_entry=True)``) and times that reading;
``--profile`` prints cProfile's top functions of one more run.

    .venv/bin/python bench/reciprocity.py                                # SQLite, 100k 300k 1M
    .venv/bin/python bench/reciprocity.py --engine postgres --entries 100000 300000
    .venv/bin/python bench/reciprocity.py --entries 1000000 --compare --profile

Exit status 0: the target holds on SQLite at the largest size (or SQLite was not run); 1: it does
not; 2: the bench could not run. Everything it creates is removed at the end (``--keep`` keeps the
databases).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from pg import DEFAULT_PG_URL, PostgresDatabase

ROOT = Path(__file__).resolve().parents[1]
RAVIV = str(Path(sys.executable).parent / "raviv")
TARGET_S = 5.0
TARGET_MIB = 1.5 * 1024
TARGET_ENTRIES = 1_000_000

SEASON = date(2025, 9, 1)
SEASON_END = date(2026, 9, 1)
NETWORK = 1
GROUPS = 30
PROJECTS = 40

FORMS = ("time", "meeting", "knowledge", "equipment", "premises", "coproduction", "shared_staff")
FORMS += ("money",)
UNITS = {
    "time": "hours",
    "meeting": "hours",
    "knowledge": "hours",
    "equipment": "item-days",
    "premises": "room-hours",
    "coproduction": "hours",
    "shared_staff": "hours",
    "money": "euros",
}
RATES = {  # cents per unit from 2024-09-01 (money is at face value)
    "time": 1503,
    "meeting": 1503,
    "knowledge": 2500,
    "equipment": 2000,
    "premises": 1200,
    "coproduction": 1503,
    "shared_staff": 1800,
}
QUANTITIES = {  # thousandths of the unit
    "time": (500, 1000, 1500, 2000, 3000, 4000, 6000, 8000),
    "meeting": (1000, 2000, 3000),
    "knowledge": (1000, 1500, 2000, 3000),
    "equipment": (1000, 2000, 3000, 5000),
    "premises": (2000, 3000, 4000, 8000),
    "coproduction": (2000, 4000, 7000, 10000),
    "shared_staff": (7000, 14000, 35000),
    "money": (50000, 100000, 250000),
}
# Which forms go where (weights in the order of FORMS).
FORM_MIX = {
    "network": (35, 10, 15, 10, 10, 10, 5, 5),
    "group": (40, 15, 25, 5, 5, 10, 0, 0),
    "project": (20, 0, 5, 15, 15, 35, 10, 0),
    "member": (15, 0, 20, 25, 25, 5, 10, 0),
    "from_network": (0, 0, 40, 30, 30, 0, 0, 0),
}


# -- the network, as rows --------------------------------------------------------------------------


@dataclass
class Network:
    """Rows per table, ``(columns, rows)``, in the order they must be inserted."""

    tables: dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]] = field(default_factory=dict)

    def add(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        self.tables[table] = (columns, rows)

    def count(self, table: str) -> int:
        return len(self.tables[table][1])


def _csr(lists: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Adjacency lists as (offsets, lengths, values), for picking a random element per row."""
    lengths = np.array([len(items) for items in lists], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    values = np.array([item for items in lists for item in items], dtype=np.int64)
    return offsets, lengths, values


def _pick(
    rng: np.random.Generator, lists: tuple[np.ndarray, np.ndarray, np.ndarray], rows: np.ndarray
) -> np.ndarray:
    """One random element of ``lists[row]`` for each row (each list must not be empty)."""
    offsets, lengths, values = lists
    return values[offsets[rows] + (rng.random(len(rows)) * lengths[rows]).astype(np.int64)]


def _people(rng: np.random.Generator, members: int) -> tuple[list[tuple[Any, ...]], np.ndarray]:
    departements = ("75", "92", "93", "94", "69", "13", "33", "59", "44", "35", "31", "2A")
    disciplines = ("théâtre", "danse", "musique", "cirque", "arts de la rue", "marionnette")
    brackets = ("<50k", "50-200k", "200k-1M", ">1M")
    rows = []
    for i in range(1, members + 1):
        chosen = rng.choice(len(disciplines), size=1 + int(rng.random() < 0.3), replace=False)
        bracket = brackets[int(rng.choice(4, p=(0.45, 0.35, 0.15, 0.05)))]
        employer = bracket != "<50k" or rng.random() < 0.3
        rows.append(
            (
                i,
                NETWORK,
                f"m{i:05d}",
                f"Compagnie {i}",
                departements[int(rng.integers(len(departements)))],
                json.dumps([disciplines[d] for d in sorted(chosen)], ensure_ascii=False),
                bracket,
                employer,
                "member",
            )
        )
    activity = rng.lognormal(0.0, 0.9, size=members)  # a few members give much more than most
    return rows, activity / activity.sum()


def _memberships(rng: np.random.Generator, members: int) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    season_days = (SEASON_END - SEASON).days
    for i in range(1, members + 1):
        since = SEASON - timedelta(days=1 + int(rng.integers(3000)))
        draw = rng.random()
        if draw < 0.08:  # joins during the season
            periods = [(SEASON + timedelta(days=int(rng.integers(15, season_days - 60))), None)]
            rows += [(NETWORK, i, start, end, "active") for start, end in periods]
        elif draw < 0.12:  # leaves during the season
            left = SEASON + timedelta(days=int(rng.integers(40, season_days - 120)))
            rows.append((NETWORK, i, since, left, "active"))
        elif draw < 0.15:  # suspended for a while
            pause = SEASON + timedelta(days=int(rng.integers(30, season_days - 150)))
            back = pause + timedelta(days=30 + int(rng.integers(90)))
            rows += [
                (NETWORK, i, since, pause, "active"),
                (NETWORK, i, pause, back, "suspended"),
                (NETWORK, i, back, None, "active"),
            ]
        else:
            rows.append((NETWORK, i, since, None, "active"))
    return rows


def _partners(rng: np.random.Generator, members: int, weights: np.ndarray) -> list[list[int]]:
    """A sparse, symmetric partner graph: each member exchanges with 2 to about 12 others, the
    more active members with more."""
    partners: list[set[int]] = [set() for _ in range(members + 1)]
    for i in range(1, members + 1):
        wanted = 1 + min(int(rng.geometric(0.3)), 10)
        for j in rng.choice(members, size=wanted, p=weights) + 1:
            if int(j) != i:
                partners[i].add(int(j))
                partners[int(j)].add(i)
    return [sorted(p) for p in partners]


def _meetings(
    rng: np.random.Generator, members: int, enrolled: dict[int, list[int]]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    meetings: list[tuple[Any, ...]] = []
    attendance: list[tuple[Any, ...]] = []

    def meeting(
        ref: str,
        kind: str,
        day: date,
        hours: int,
        invited: Sequence[int],
        rate: float,
        group: int | None = None,
    ) -> None:
        number = len(meetings) + 1
        meetings.append(
            (number, NETWORK, ref, ref, kind, kind == "general_assembly", day, hours * 1000, group)
        )
        for i in invited:
            draw = rng.random()
            if draw < rate:
                people = 1 + int(rng.choice(3, p=(0.8, 0.17, 0.03)))
                attendance.append((NETWORK, number, i, people, False))
            elif draw < rate + 0.12:
                attendance.append((NETWORK, number, i, None, True))

    everyone = range(1, members + 1)
    meeting("ag-2025", "general_assembly", date(2025, 11, 20), 3, everyone, 0.6)
    meeting("age-2026", "general_assembly", date(2026, 6, 15), 2, everyone, 0.45)
    board = list(range(1, 16))
    for n in range(10):
        meeting(f"ca-{n + 1}", "board", SEASON + timedelta(days=20 + 33 * n), 2, board, 0.75)
    for g in range(1, GROUPS + 1):
        for n in range(6):
            day = SEASON + timedelta(days=15 + 55 * n + int(rng.integers(10)))
            meeting(f"gt-{g:02d}-{n + 1}", "working_group", day, 2, enrolled[g], 0.5, group=g)
    return meetings, attendance


def build(members: int, entries: int, seed: int) -> Network:
    """The whole network: ``entries`` validated ledger entries (reversal pairs included)."""
    rng = np.random.default_rng(seed)
    net = Network()
    net.add(
        "network",
        ("id", "ref", "name", "period_kind", "timezone"),
        [(NETWORK, "bench", "Réseau de mesure", "season", "Europe/Paris")],
    )
    people, weights = _people(rng, members)
    net.add(
        "member",
        (
            "id",
            "network",
            "ref",
            "name",
            "departement",
            "disciplines",
            "budget_bracket",
            "employer",
            "tier",
        ),
        people,
    )
    net.add(
        "membership",
        ("network", "member", "starts_on", "ends_on", "status"),
        _memberships(rng, members),
    )

    net.add(
        "working_group",
        ("id", "network", "ref", "name"),
        [(g, NETWORK, f"gt-{g:02d}", f"Groupe de travail {g}") for g in range(1, GROUPS + 1)],
    )
    groups_of: list[list[int]] = [[] for _ in range(members + 1)]
    enrolled: dict[int, list[int]] = {g: [] for g in range(1, GROUPS + 1)}
    enrolments = []
    for i in range(1, members + 1):
        wanted = int(rng.choice(4, p=(0.15, 0.55, 0.22, 0.08)))
        for g in rng.choice(GROUPS, size=wanted, replace=False) + 1:
            enrolments.append((NETWORK, int(g), i, SEASON - timedelta(days=200), None))
            groups_of[i].append(int(g))
            enrolled[int(g)].append(i)
    net.add("enrolment", ("network", "working_group", "member", "starts_on", "ends_on"), enrolments)

    projects_of: list[list[int]] = [[] for _ in range(members + 1)]
    projects, project_partners = [], []
    for p in range(1, PROJECTS + 1):
        lead, *others = (
            int(m)
            for m in rng.choice(members, size=3 + int(rng.integers(8)), replace=False, p=weights)
            + 1
        )
        projects.append(
            (
                p,
                NETWORK,
                f"pm-{p:02d}",
                f"Projet mutualisé {p}",
                lead,
                SEASON - timedelta(days=int(rng.integers(200))),
                None,
            )
        )
        project_partners += [(NETWORK, p, m) for m in others]
        for m in (lead, *others):
            projects_of[m].append(p)
    net.add(
        "shared_project",
        ("id", "network", "ref", "name", "lead", "starts_on", "ends_on"),
        projects,
    )
    net.add("project_partner", ("network", "project", "member"), project_partners)

    meetings, attendance = _meetings(rng, members, enrolled)
    net.add(
        "meeting",
        (
            "id",
            "network",
            "ref",
            "title",
            "kind",
            "mandatory",
            "date",
            "duration_milli",
            "working_group",
        ),
        meetings,
    )
    net.add("attendance", ("network", "meeting", "member", "people", "excused"), attendance)

    rates = [
        (NETWORK, form, cents, UNITS[form], "", date(2024, 9, 1), "bench")
        for form, cents in RATES.items()
    ]
    rates.append((NETWORK, "time", 1550, "hours", "", date(2026, 1, 1), "bench, 2026"))
    rates.append((NETWORK, "premises", 2500, "room-hours", "studio", date(2024, 9, 1), "studio"))
    net.add(
        "rate",
        ("network", "form", "eur_per_unit_cents", "unit", "category", "effective_from", "method"),
        rates,
    )

    net.add(
        "contribution",
        CONTRIBUTION_COLUMNS,
        _ledger(rng, members, entries, weights, groups_of, projects_of),
    )
    return net


CONTRIBUTION_COLUMNS = (
    "id", "network", "ref", "giver_member", "receiver_kind", "receiver_member", "receiver_group",
    "receiver_project", "form", "unit", "category", "quantity_milli", "date", "status",
    "reverses", "rate_cents", "value_cents",
)  # fmt: skip


def _ledger(
    rng: np.random.Generator,
    members: int,
    entries: int,
    weights: np.ndarray,
    groups_of: list[list[int]],
    projects_of: list[list[int]],
) -> list[tuple[Any, ...]]:
    """``entries`` validated entries (a reversal pair is two of them) and the pending and
    rejected ones beside them, as rows of :data:`CONTRIBUTION_COLUMNS`."""
    reversed_count = max(1, entries // 500)
    originals = entries - reversed_count
    pending = entries // 25
    n = originals + pending

    giver = rng.choice(members, size=n, p=weights) + 1
    where = rng.choice(5, size=n, p=(0.34, 0.22, 0.10, 0.28, 0.06))
    # 0 network, 1 group, 2 project, 3 another member, 4 the network gives to the member
    has_group = np.array([bool(g) for g in groups_of])[giver]
    has_project = np.array([bool(p) for p in projects_of])[giver]
    where[(where == 1) & ~has_group] = 0
    where[(where == 2) & ~has_project] = 0

    kinds = np.array(["network", "group", "project", "member", "member"], dtype=object)
    receiver_kind = kinds[where]
    receiver_member = np.zeros(n, dtype=np.int64)
    receiver_group = np.zeros(n, dtype=np.int64)
    receiver_project = np.zeros(n, dtype=np.int64)
    rows = np.flatnonzero(where == 1)
    receiver_group[rows] = _pick(rng, _csr([g or [0] for g in groups_of]), giver[rows])
    rows = np.flatnonzero(where == 2)
    receiver_project[rows] = _pick(rng, _csr([p or [0] for p in projects_of]), giver[rows])
    partners = _partners(rng, members, weights)
    rows = np.flatnonzero(where == 3)
    receiver_member[rows] = _pick(rng, _csr([p or [0] for p in partners]), giver[rows])
    rows = np.flatnonzero(where == 4)
    receiver_member[rows] = giver[rows]
    giver_member = np.where(where == 4, 0, giver)

    form = np.empty(n, dtype=np.int64)
    for code, mix in enumerate(("network", "group", "project", "member", "from_network")):
        rows = np.flatnonzero(where == code)
        p = np.array(FORM_MIX[mix], dtype=float)
        form[rows] = rng.choice(len(FORMS), size=len(rows), p=p / p.sum())
    # a pair of members mostly exchanges in one form of its own
    rows = np.flatnonzero((where == 3) & (rng.random(n) < 0.6))
    pair_form = (giver[rows] * 7919 + receiver_member[rows] * 104729) % 5
    form[rows] = np.array([2, 3, 4, 0, 6])[pair_form]

    quantity = np.empty(n, dtype=np.int64)
    rate = np.empty(n, dtype=np.int64)
    for code, name in enumerate(FORMS):
        rows = np.flatnonzero(form == code)
        quantity[rows] = rng.choice(np.array(QUANTITIES[name]), size=len(rows))
        rate[rows] = RATES.get(name, 100)
    days = (SEASON_END - SEASON).days
    day_weights = np.ones(days)
    day_weights[days - 45 :] = 0.25  # summer is quieter
    day = rng.choice(days, size=n, p=day_weights / day_weights.sum())
    # the second time rate from 2026-01-01, for the frozen values
    second_time = (form == 0) & (day >= (date(2026, 1, 1) - SEASON).days)
    rate[second_time] = 1550
    value = (quantity * rate + 500) // 1000  # quantity × rate, half-up to the cent

    status = np.full(n, "validated", dtype=object)
    status[originals:] = rng.choice(
        np.array(["submitted", "rejected"], dtype=object), size=pending, p=(0.6, 0.4)
    )
    frozen = np.ones(n, dtype=bool)
    frozen[originals:] = False
    unvalued = rng.choice(originals, size=max(5, entries // 20000), replace=False)
    frozen[unvalued] = False
    category = np.full(n, "", dtype=object)
    category[unvalued[form[unvalued] == 4]] = "studio"

    forms = np.array(FORMS, dtype=object)
    units = np.array([UNITS[f] for f in FORMS], dtype=object)
    out: list[tuple[Any, ...]] = []
    dates = [SEASON + timedelta(days=d) for d in range(days + 90)]
    # ids in the order entries are logged: their day plus a few days' delay, as a service gets
    # them (a table read in date order then reads its pages in order)
    logged = np.argsort(day + rng.geometric(0.2, size=n), kind="stable")
    position = np.empty(n, dtype=np.int64)
    position[logged] = np.arange(n)
    for at, number in enumerate(logged):
        out.append(
            (
                at + 1,
                NETWORK,
                f"c{at + 1}",
                int(giver_member[number]) or None,
                receiver_kind[number],
                int(receiver_member[number]) or None,
                int(receiver_group[number]) or None,
                int(receiver_project[number]) or None,
                forms[form[number]],
                units[form[number]],
                category[number],
                int(quantity[number]),
                dates[day[number]],
                status[number],
                None,
                int(rate[number]) if frozen[number] else None,
                int(value[number]) if frozen[number] else None,
            )
        )
    # reversal pairs: a validated entry cancelled later by a validated reversal, some of the
    # reversals dated in the next season
    cancelled = rng.choice(np.flatnonzero(frozen[:originals]), size=reversed_count, replace=False)
    for number, original in enumerate(sorted(int(c) for c in cancelled), start=n + 1):
        row = out[position[original]]
        later = dates[day[original] + 1 + int(rng.integers(60))]
        out.append(
            (number, NETWORK, f"c{number}", *row[3:12], later, "validated", row[0], *row[15:])
        )
    return out


# -- writing it ------------------------------------------------------------------------------------


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_sqlite(path: Path, net: Network) -> None:
    connection = sqlite3.connect(path)
    try:
        with connection:
            for table, (columns, rows) in net.tables.items():
                marks = ", ".join("?" for _ in columns)
                names = ", ".join(f'"{c}"' for c in columns)
                connection.executemany(
                    f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
                    ([_sqlite_value(v) for v in row] for row in rows),
                )
        connection.execute("ANALYZE")
    finally:
        connection.close()


def write_postgres(url: str, net: Network) -> None:
    import asyncpg

    async def go() -> None:
        connection = await asyncpg.connect(url)
        try:
            async with connection.transaction():
                for table, (columns, rows) in net.tables.items():
                    records = rows
                    if table == "member":  # disciplines is a text[] on PostgreSQL
                        at = columns.index("disciplines")
                        records = [(*r[:at], json.loads(r[at]), *r[at + 1 :]) for r in rows]
                    await connection.copy_records_to_table(table, records=records, columns=columns)
                    if "id" in columns:
                        await connection.execute(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                            f' (SELECT max(id) FROM "{table}"))'
                        )
            await connection.execute("ANALYZE")
        finally:
            await connection.close()

    asyncio.run(go())


# -- timing it (in a process of its own) -----------------------------------------------------------


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(args: argparse.Namespace) -> None:
    """Runs in the second process: RAVIV_DATABASE_URL names the bench database."""
    sys.path.insert(0, str(ROOT))
    from raviv.db import close_engine, open_engine
    from raviv.registry.service import network_id
    from raviv.scoring import service, totals

    since, until = date.fromisoformat(args.since), date.fromisoformat(args.until)
    detail = {"detail": True} if args.detail else {}
    out: dict[str, Any] = {}

    async def analytics() -> tuple[dict[str, Any], dict[str, Any], dict[str, float]]:
        cpu, start = time.process_time(), time.perf_counter()
        period = await service.network_period("bench", since, until, **detail)
        computed = time.perf_counter()
        report = period.report()
        reported = time.perf_counter()
        tables = period.tables()
        done = time.perf_counter()
        split = {
            "period": computed - start,
            "report": reported - computed,
            "tables": done - reported,
            "total": done - start,
            "cpu": time.process_time() - cpu,
        }
        return report, tables, split

    async def go() -> None:
        await open_engine(1, 4)
        try:
            network = await network_id("bench")
            out["rss_before_mib"] = _rss_mib()
            splits = []
            for _ in range(args.runs + 1):
                report, tables, split = await analytics()
                splits.append(split)
            start = time.perf_counter()
            inputs = await totals.scoring_inputs(network, since, until)
            out["reading_s"] = time.perf_counter() - start
            out["frame_rows"] = len(inputs.entries)
            out["frame_entries"] = int(inputs.entries["entries"].sum())
            out["first_s"] = splits[0]["total"]
            out["splits"] = splits[1:]
            out["members"] = len(report["members"])
            out["table_rows"] = {name: len(frame) for name, frame in tables.items()}
            out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            if args.compare:
                start = time.perf_counter()
                reference = await totals.scoring_inputs(network, since, until, entry_by_entry=True)
                out["by_entry_reading_s"] = time.perf_counter() - start
                from raviv.scoring import reciprocity as formulas

                entries = formulas.categorised(formulas.in_period(reference.entries, since, until))
                by_entry = service.PeriodReciprocity(formulas.reciprocity(reference), entries)
                expected = by_entry.tables()
                same_tables = expected.keys() == tables.keys() and all(
                    expected[name].equals(frame) for name, frame in tables.items()
                )
                out["same_as_by_entry"] = by_entry.report() == report and same_tables
            if args.profile:
                import cProfile
                import io
                import pstats

                profiler = cProfile.Profile()
                profiler.enable()
                await analytics()
                profiler.disable()
                text = io.StringIO()
                stats = pstats.Stats(profiler, stream=text)
                stats.sort_stats(args.profile_sort).print_stats(args.profile_top)
                out["profile"] = text.getvalue()
        finally:
            await close_engine()

    asyncio.run(go())
    print(json.dumps(out))


# -- the whole run ---------------------------------------------------------------------------------


def run_child(url: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", "--runs", str(args.runs)]
    command += ["--from", args.since, "--to", args.until]
    command += ["--profile-top", str(args.profile_top), "--profile-sort", args.profile_sort]
    command += ["--compare"] if args.compare else []
    command += ["--detail"] if args.detail else []
    command += ["--profile"] if args.profile else []
    env = {**os.environ, "RAVIV_DATABASE_URL": url, "RAVIV_LOG_LEVEL": "warning"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the analytics process failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _database(
    engine: str, workdir: Path, args: argparse.Namespace
) -> tuple[str, Callable[[], None]]:
    if engine == "sqlite":
        path = workdir / f"bench-{uuid.uuid4().hex[:6]}.db"
        return f"sqlite:///{path}", (lambda: None) if args.keep else path.unlink
    database = PostgresDatabase(DEFAULT_PG_URL, keep=args.keep)
    database.create()
    return database.url, database.drop


def bench_size(
    engine: str, entries: int, args: argparse.Namespace, workdir: Path
) -> dict[str, Any]:
    start = time.perf_counter()
    net = build(args.members, entries, args.seed)
    built = time.perf_counter() - start
    url, cleanup = _database(engine, workdir, args)
    try:
        upgrade = subprocess.run(
            [RAVIV, "db", "upgrade"],
            env={**os.environ, "RAVIV_DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=False,
        )
        if upgrade.returncode != 0:
            raise RuntimeError(f"raviv db upgrade failed:\n{upgrade.stderr}")
        start = time.perf_counter()
        if engine == "sqlite":
            write_sqlite(Path(url.removeprefix("sqlite:///")), net)
        else:
            write_postgres(url, net)
        written = time.perf_counter() - start
        rows = net.count("contribution")
        print(
            f"{engine}, {entries:,} validated entries ({rows:,} ledger rows with the pending and "
            f"rejected ones, {net.count('attendance'):,} attendance lines): built in "
            f"{built:.1f} s, written in {written:.1f} s"
        )
        del net
        result = run_child(url, args)
    finally:
        cleanup()
    totals = [split["total"] for split in result["splits"]]
    median = statistics.median(totals)
    parts = {
        name: statistics.median(s[name] for s in result["splits"])
        for name in ("period", "report", "tables", "cpu")
    }
    result.update(entries=entries, median_s=median, parts=parts)
    print(
        f"  the database reduced {result['frame_entries']:,} counted entries to "
        f"{result['frame_rows']:,} rows; {result['members']} members reported"
    )
    print(f"  first run (cold)                 {result['first_s']:6.3f} s")
    runs = ", ".join(f"{t:.3f}" for t in totals)
    print(
        f"  median of {len(totals)} next runs           {median:6.3f} s  ({runs}); "
        f"CPU {parts['cpu']:.3f} s"
    )
    print(
        f"    network_period {parts['period']:.3f} s (of which the reading about "
        f"{result['reading_s']:.3f} s), report {parts['report']:.3f} s, "
        f"tables {parts['tables']:.3f} s"
    )
    print(
        f"  RSS before / peak                {result['rss_before_mib']:.0f} MiB / "
        f"{result['peak_rss_mib']:.0f} MiB"
    )
    print(f"  table rows: {json.dumps(result['table_rows'])}")
    if "same_as_by_entry" in result:
        same = "identical" if result["same_as_by_entry"] else "DIFFERENT"
        print(
            f"  entry-by-entry reading {result['by_entry_reading_s']:.3f} s: report and "
            f"tables {same}"
        )
    if "profile" in result:
        print(result["profile"])
    return result


def summary(engine: str, results: list[dict[str, Any]]) -> bool:
    """The table of every size. Linear growth shows as a steady marginal cost: the seconds each
    100k more entries add between one size and the next (the time per 100k entries at each size
    falls as the fixed part, tables over 2,000 members and attendance, spreads)."""
    print(
        f"\n{engine}: entries | reduced rows | median s | CPU s | s per 100k | "
        "marginal s per 100k | reading s | peak RSS MiB"
    )
    previous: dict[str, Any] | None = None
    for r in results:
        per = r["median_s"] / (r["entries"] / 100_000)
        marginal = "—"
        if previous is not None:
            added = (r["entries"] - previous["entries"]) / 100_000
            marginal = f"{(r['median_s'] - previous['median_s']) / added:.3f}"
        print(
            f"  {r['entries']:>9,} | {r['frame_rows']:12,} | {r['median_s']:8.3f} | "
            f"{r['parts']['cpu']:5.2f} | {per:10.3f} | {marginal:>19} | "
            f"{r['reading_s']:9.3f} | {r['peak_rss_mib']:12.0f}"
        )
        previous = r
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = last["median_s"] / first["median_s"]
        ratio = last["entries"] / first["entries"]
        print(f"  {ratio:.0f}× the entries cost {growth:.2f}× the time")
    largest = results[-1]
    if engine != "sqlite" or largest["entries"] < TARGET_ENTRIES:
        return True
    holds = largest["median_s"] < TARGET_S and largest["peak_rss_mib"] < TARGET_MIB
    verdict = "holds" if holds else "does NOT hold"
    print(f"  target at 1M (< {TARGET_S:.0f} s and < 1.5 GB on SQLite): {verdict}")
    return holds


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--entries", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5, help="timed runs after the first (median)")
    parser.add_argument("--from", dest="since", default=SEASON.isoformat(), help="period start")
    parser.add_argument("--to", dest="until", default=SEASON_END.isoformat(), help="period end")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--compare", action="store_true", help="check against the entry-by-entry reading"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one more run")
    parser.add_argument(
        "--detail",
        action="store_true",
        help="with the trend and cross-tabulations (network_period(detail=True))",
    )
    parser.add_argument("--profile-top", type=int, default=30)
    parser.add_argument("--profile-sort", default="cumulative")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.compare and args.detail:
        print("--compare checks the tables without the detail: leave out --detail", file=sys.stderr)
        return 2
    if args.child:
        child(args)
        return 0
    print(
        f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} on {os.cpu_count()} "
        f"cores; period [{args.since}, {args.until}); {args.members} members"
    )
    workdir = Path(tempfile.mkdtemp(prefix="raviv-bench-reciprocity-"))
    holds = True
    try:
        engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
        for engine in engines:
            results = [bench_size(engine, n, args, workdir) for n in sorted(args.entries)]
            holds = summary(engine, results) and holds
    except (RuntimeError, OSError) as failure:
        print(f"the bench could not run: {failure}", file=sys.stderr)
        return 2
    finally:
        print(f"load average at the end {os.getloadavg()[0]:.2f}")
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept: {workdir}")
    return 0 if holds else 1


if __name__ == "__main__":
    sys.exit(main())
