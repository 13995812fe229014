"""Bench: evaluating the participation rule of a 2,000-member network with 200,000 ledger entries.

For each engine it makes a fresh database (a SQLite file under /tmp, or a new
``raviv_bench_<random>`` database on ``postgresql://postgres@127.0.0.1:5432/test``), runs
``raviv db upgrade``, then writes a whole network straight into the tables with bulk SQL
(``executemany`` on SQLite, ``COPY`` on PostgreSQL; not through the API, which would take an hour):

- 2,000 members (three tiers), their memberships: most open since before the season, some joining
  or leaving during it (half of the leavers come back), some suspended for a while;
- the season's dues (85 % paid), 30 working groups with enrolments (some ending mid-season);
- about 260 meetings (two mandatory general assemblies, board meetings, working-group meetings,
  seminars) with their attendance (present with 1 to 3 people, or excused);
- 200,000 ledger entries dated in the season: every form, given by members to the network, a
  group or another member, or by the network to members; 90 % validated (value frozen as the
  service freezes it), the rest submitted or rejected, and validated reversal pairs (some
  reversals dated in the next season);
- a rule set with eight criteria (balance index included) and criteria of their own for the
  board and the associates; a few exemptions.

Then a second process (so that its memory is the evaluation's alone) opens the database as the
service does and times ``raviv.participation.evaluation.evaluate_network`` for the whole network
at ``--at`` (by default the day after the season: every entry counts). It prints the first run,
the median of the next ``--runs``, the peak RSS of that process, and whether the issue's target
holds (under 2 s on SQLite). ``--compare`` also checks, once, that the result is exactly the one
of the archive path (``evaluate_archive(export_archive(...))``) and times that path.
``--profile`` prints cProfile's top functions of one more run.

    .venv/bin/python bench/evaluate_rules.py                      # SQLite and PostgreSQL
    .venv/bin/python bench/evaluate_rules.py --engine sqlite --runs 7 --compare
    .venv/bin/python bench/evaluate_rules.py --engine sqlite --profile

Exit status 0: the target holds on SQLite (or SQLite was not run); 1: it does not; 2: the bench
could not run. Everything it creates is removed at the end (``--keep`` keeps the databases).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pg import DEFAULT_PG_URL, PostgresDatabase

ROOT = Path(__file__).resolve().parents[1]
RAVIV = str(Path(sys.executable).parent / "raviv")
TARGET_S = 2.0

SEASON = date(2025, 9, 1)
SEASON_END = date(2026, 9, 1)
NETWORK = 1

FORMS = {  # form: (share of entries, unit, rate in cents, quantities in thousandths)
    "time": (0.33, "hours", 1503, [500, 1000, 1500, 2000, 3000, 4000, 6000, 8000]),
    "knowledge": (0.20, "hours", 1503, [1000, 1500, 2000, 3000]),
    "equipment": (0.12, "item-days", 2000, [1000, 2000, 3000, 5000]),
    "premises": (0.10, "room-hours", 1200, [2000, 3000, 4000, 8000]),
    "coproduction": (0.13, "hours", 1503, [2000, 4000, 7000, 10000]),
    "shared_staff": (0.05, "hours", 1503, [7000, 14000, 35000]),
    "money": (0.03, "euros", 100, [50000, 100000, 250000]),
    "meeting": (0.04, "hours", 1503, [1000, 2000, 3000]),
}
RULE = {
    "criteria": [
        {"criterion": "meetings_attended", "min": 3},
        {"criterion": "hours_given", "min": "10"},
        {"criterion": "mandatory_meetings"},
        {"criterion": "groups_enrolled", "min": 1},
        {"criterion": "dues_paid"},
        {"criterion": "forms_given", "min": 2},
        {"criterion": "value_given", "min": "150"},
        {"criterion": "balance_index", "min": "-0.5", "min_volume_eur": "100"},
    ],
    "tiers": [
        {
            "tier": "board",
            "criteria": [
                {"criterion": "meetings_attended", "min": 6, "kinds": ["board"]},
                {"criterion": "mandatory_meetings"},
                {"criterion": "hours_given", "min": "30"},
                {"criterion": "dues_paid"},
            ],
        },
        {
            "tier": "associate",
            "criteria": [
                {"criterion": "dues_paid"},
                {"criterion": "hours_given", "min": "4"},
                {"criterion": "meetings_attended", "min": 1, "mandatory_only": True},
            ],
        },
    ],
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


def _day(rnd: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rnd.randrange((end - start).days))


def _in_spans(rnd: random.Random, spans: Sequence[tuple[date, date]]) -> date:
    total = sum((end - start).days for start, end in spans)
    offset = rnd.randrange(total)
    for start, end in spans:
        if offset < (end - start).days:
            return start + timedelta(days=offset)
        offset -= (end - start).days
    raise AssertionError("beyond the spans")


def build(members: int, entries: int, seed: int) -> Network:
    rnd = random.Random(seed)
    net = Network()
    net.add(
        "network",
        ("id", "ref", "name", "period_kind", "timezone"),
        [(NETWORK, "bench", "Réseau de mesure", "season", "Europe/Paris")],
    )
    net.add(
        "tier",
        ("network", "code", "label", "position"),
        [
            (NETWORK, "associate", "Associé", 0),
            (NETWORK, "member", "Adhérent", 1),
            (NETWORK, "board", "Membre du CA", 2),
        ],
    )
    tiers = rnd.choices(("member", "associate", "board"), weights=(80, 19, 1), k=members)
    ids = range(1, members + 1)
    net.add(
        "member",
        ("id", "network", "ref", "name", "tier"),
        [(i, NETWORK, f"m{i:05d}", f"Compagnie {i}", tiers[i - 1]) for i in ids],
    )

    memberships: list[tuple[Any, ...]] = []
    spans: dict[int, list[tuple[date, date]]] = {}  # active days in the season, per member
    for i in ids:
        since = SEASON - timedelta(days=1 + rnd.randrange(3000))
        draw = rnd.random()
        if draw < 0.08:  # joins during the season
            joined = _day(rnd, SEASON + timedelta(days=15), SEASON_END - timedelta(days=60))
            rows = [(joined, None, "active")]
        elif draw < 0.12:  # leaves during the season; one in two comes back
            left = _day(rnd, SEASON + timedelta(days=40), SEASON_END - timedelta(days=120))
            rows = [(since, left, "active")]
            if rnd.random() < 0.5:
                rows.append((left + timedelta(days=30 + rnd.randrange(60)), None, "active"))
        elif draw < 0.15:  # suspended for a while
            pause = _day(rnd, SEASON + timedelta(days=30), SEASON_END - timedelta(days=150))
            back = pause + timedelta(days=30 + rnd.randrange(90))
            rows = [(since, pause, "active"), (pause, back, "suspended"), (back, None, "active")]
        else:
            rows = [(since, None, "active")]
        memberships += [(NETWORK, i, start, end, status) for start, end, status in rows]
        spans[i] = [
            (max(start, SEASON), min(end or SEASON_END, SEASON_END))
            for start, end, status in rows
            if status == "active" and start < SEASON_END and (end or SEASON_END) > SEASON
        ]
        spans[i] = [(s, e) for s, e in spans[i] if s < e]
    net.add("membership", ("network", "member", "starts_on", "ends_on", "status"), memberships)
    in_season = [i for i in ids if spans[i]]

    net.add(
        "due",
        ("network", "member", "period_start", "amount_cents", "paid_on", "means"),
        [
            (NETWORK, i, SEASON, 5000, _in_spans(rnd, spans[i]), "transfer")
            if rnd.random() < 0.85
            else (NETWORK, i, SEASON, 5000, None, "")
            for i in in_season
        ],
    )

    groups = range(1, 31)
    net.add(
        "working_group",
        ("id", "network", "ref", "name"),
        [(g, NETWORK, f"gt-{g:02d}", f"Groupe de travail {g}") for g in groups],
    )
    enrolled: dict[int, list[int]] = {g: [] for g in groups}
    enrolments = []
    for i in in_season:
        wanted = rnd.choices((0, 1, 2, 3), weights=(15, 55, 22, 8))[0]
        for g in rnd.sample(list(groups), wanted):
            start = spans[i][0][0] - timedelta(days=rnd.randrange(400))
            end = _day(rnd, SEASON + timedelta(days=60), SEASON_END) if rnd.random() < 0.1 else None
            enrolments.append((NETWORK, g, i, start, end))
            enrolled[g].append(i)
    net.add("enrolment", ("network", "working_group", "member", "starts_on", "ends_on"), enrolments)

    meetings: list[tuple[Any, ...]] = []
    attendance: list[tuple[Any, ...]] = []
    board = [i for i in in_season if tiers[i - 1] == "board"]

    def meeting(
        ref: str,
        kind: str,
        day: date,
        hours: int,
        invited: Sequence[int],
        rate: float,
        **extra: Any,
    ) -> None:
        number = len(meetings) + 1
        meetings.append(
            (
                number,
                NETWORK,
                ref,
                ref,
                kind,
                extra.get("mandatory", False),
                day,
                hours * 1000,
                extra.get("group"),
            )
        )
        for i in invited:
            draw = rnd.random()
            if draw < rate:
                people = rnd.choices((1, 2, 3), weights=(80, 17, 3))[0]
                attendance.append((NETWORK, number, i, people, False))
            elif draw < rate + 0.12:
                attendance.append((NETWORK, number, i, None, True))

    meeting("ag-2025", "general_assembly", date(2025, 11, 20), 3, in_season, 0.65, mandatory=True)
    meeting("age-2026", "general_assembly", date(2026, 6, 15), 2, in_season, 0.45, mandatory=True)
    for n in range(10):
        meeting(f"ca-{n + 1}", "board", SEASON + timedelta(days=20 + 33 * n), 2, board, 0.75)
    for g in groups:
        for n in range(8):
            day = SEASON + timedelta(days=15 + 42 * n + rnd.randrange(10))
            meeting(f"gt-{g:02d}-{n + 1}", "working_group", day, 2, enrolled[g], 0.5, group=g)
    for n, kind in enumerate(("seminar", "training", "seminar", "training")):
        guests = rnd.sample(in_season, len(in_season) // 10)
        meeting(f"sem-{n + 1}", kind, SEASON + timedelta(days=30 + 80 * n), 4, guests, 0.9)
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

    net.add(
        "rate",
        ("network", "form", "eur_per_unit_cents", "unit", "effective_from", "method"),
        [
            (NETWORK, form, cents, unit, date(2024, 9, 1), "bench")
            for form, (_, unit, cents, _) in FORMS.items()
            if form != "money"
        ],
    )

    # The ledger: about one validated entry in 200 is reversed later by a validated reversal.
    weights = [rnd.lognormvariate(0, 0.8) for _ in in_season]
    forms = list(FORMS)
    form_weights = [FORMS[f][0] for f in forms]
    originals = round(entries / 1.0045)
    givers = rnd.choices(in_season, weights=weights, k=originals)
    drawn_forms = rnd.choices(forms, weights=form_weights, k=originals)
    rows: list[tuple[Any, ...]] = []
    reversals: list[tuple[Any, ...]] = []
    # Entries are logged as the season goes: ids follow dates, as in a real ledger.
    drawn = sorted(
        (
            (_in_spans(rnd, spans[giver]), giver, form)
            for giver, form in zip(givers, drawn_forms, strict=True)
        ),
        key=lambda draw: draw[0],
    )
    for number, (day, giver, form) in enumerate(drawn, start=1):
        _, unit, rate, quantities = FORMS[form]
        quantity = rnd.choice(quantities)
        draw = rnd.random()
        giver_member: int | None = giver
        receiver_member = receiver_group = None
        if draw < 0.04:  # a service of the network to the member
            giver_member, kind, receiver_member = None, "member", giver
        elif draw < 0.40:
            kind = "network"
        elif draw < 0.68:
            kind, receiver_group = "group", rnd.choice(list(groups))
        else:
            kind = "member"
            receiver_member = rnd.choice(in_season)
            if receiver_member == giver:
                kind, receiver_member = "network", None
        status = rnd.choices(("validated", "submitted", "rejected"), weights=(90, 6, 4))[0]
        rate_cents = value_cents = None
        if status == "validated":
            rate_cents = rate
            value_cents = (quantity * rate + 500) // 1000  # quantity × rate, half-up to the cent
        row = (
            number,
            NETWORK,
            f"c{number}",
            giver_member,
            kind,
            receiver_member,
            receiver_group,
            form,
            unit,
            quantity,
            day,
            status,
            None,
            rate_cents,
            value_cents,
        )
        rows.append(row)
        if status == "validated" and len(reversals) < entries - originals and rnd.random() < 0.005:
            reversals.append(row)
    for number, original in enumerate(reversals, start=len(rows) + 1):
        day = original[10] + timedelta(days=1 + rnd.randrange(60))  # some in the next season
        rows.append(
            (
                number,
                NETWORK,
                f"c{number}",
                *original[3:10],
                day,
                "validated",
                original[0],
                *original[13:],
            )
        )
    while len(rows) < entries:  # top up to the exact count with submitted entries
        number = len(rows) + 1
        rows.append(
            (
                number,
                NETWORK,
                f"c{number}",
                *rows[number % originals][3:10],
                SEASON,
                "submitted",
                None,
                None,
                None,
            )
        )
    net.add(
        "contribution",
        (
            "id",
            "network",
            "ref",
            "giver_member",
            "receiver_kind",
            "receiver_member",
            "receiver_group",
            "form",
            "unit",
            "quantity_milli",
            "date",
            "status",
            "reverses",
            "rate_cents",
            "value_cents",
        ),
        rows,
    )

    net.add(
        "rule_set",
        ("network", "ref", "effective_from", "period_kind", "grace_days", "criteria", "tiers"),
        [
            (
                NETWORK,
                "regle-bench",
                date(2024, 9, 1),
                "season",
                30,
                json.dumps(RULE["criteria"]),
                json.dumps(RULE["tiers"]),
            )
        ],
    )
    exempted = rnd.sample(in_season, 20)
    net.add(
        "exemption",
        ("network", "member", "criteria", "period_start", "reason"),
        [
            (NETWORK, i, '"all"' if n % 2 else '["meetings_attended"]', SEASON, "Décision du CA")
            for n, i in enumerate(exempted)
        ],
    )
    return net


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
                    await connection.copy_records_to_table(table, records=rows, columns=columns)
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
    from raviv.participation.evaluation import evaluate_network
    from raviv.rules.report import encode

    at, period = date.fromisoformat(args.at), date.fromisoformat(args.period)
    out: dict[str, Any] = {}

    async def go() -> None:
        await open_engine(1, 4)
        try:
            out["rss_before_mib"] = _rss_mib()
            out["load_before"] = os.getloadavg()[0]
            times, cpu = [], []
            for _ in range(args.runs + 1):
                start, start_cpu = time.perf_counter(), time.process_time()
                evaluation = await evaluate_network("bench", at=at, period_start=period)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            out["first_s"], out["times_s"], out["cpu_s"] = times[0], times[1:], cpu[1:]
            out["load_after"] = os.getloadavg()[0]
            out["members"] = len(evaluation.members)
            statuses: dict[str, int] = {}
            for member in evaluation.members:
                statuses[member.status.value] = statuses.get(member.status.value, 0) + 1
            out["statuses"] = statuses
            out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            if args.compare:
                from raviv.network_archive.evaluation import evaluate_exported

                start = time.perf_counter()
                reference = await evaluate_exported("bench", at=at, period_start=period)
                out["archive_path_s"] = time.perf_counter() - start
                out["same_as_archive_path"] = encode(reference) == encode(evaluation)
            if args.profile:
                import cProfile
                import io
                import pstats

                profiler = cProfile.Profile()
                profiler.enable()
                await evaluate_network("bench", at=at, period_start=period)
                profiler.disable()
                text = io.StringIO()
                stats = pstats.Stats(profiler, stream=text)
                stats.sort_stats("tottime").print_stats(args.profile_top)
                out["profile"] = text.getvalue()
        finally:
            await close_engine()

    asyncio.run(go())
    print(json.dumps(out))


# -- the whole run ---------------------------------------------------------------------------------


def run_child(url: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", "--at", args.at, "--period", args.period]
    command += ["--runs", str(args.runs)]
    command += ["--profile-top", str(args.profile_top)]
    command += ["--compare"] if args.compare else []
    command += ["--profile"] if args.profile else []
    env = {**os.environ, "RAVIV_DATABASE_URL": url, "RAVIV_LOG_LEVEL": "warning"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the evaluation process failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def bench_engine(engine: str, net: Network, args: argparse.Namespace, workdir: Path) -> float:
    cleanup: Callable[[], None] = lambda: None  # noqa: E731
    if engine == "sqlite":
        path = workdir / "bench.db"
        url = f"sqlite:///{path}"
    else:
        database = PostgresDatabase(DEFAULT_PG_URL, keep=args.keep)
        database.create()
        url, cleanup = database.url, database.drop
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
            write_sqlite(path, net)
        else:
            write_postgres(url, net)
        print(f"{engine}: network written in {time.perf_counter() - start:.1f} s ({url})")
        result = run_child(url, args)
    finally:
        cleanup()
    median = statistics.median(result["times_s"])
    print(
        f"  evaluate_network, period {args.period} at {args.at}: "
        f"{result['members']} members evaluated"
    )
    print(f"    first run (cold: caches, connections)  {result['first_s']:6.3f} s")
    runs = ", ".join(f"{t:.3f}" for t in result["times_s"])
    print(f"    median of {len(result['times_s'])} next runs            {median:6.3f} s  ({runs})")
    cpu = statistics.median(result["cpu_s"])
    print(f"    median CPU time of those runs (all threads) {cpu:6.3f} s")
    load = f"{result['load_before']:.2f} before, {result['load_after']:.2f} after"
    print(f"    load average of the machine (1 min)     {load}")
    print(
        f"    RSS before / peak                       {result['rss_before_mib']:.0f} MiB / ", end=""
    )
    print(f"{result['peak_rss_mib']:.0f} MiB")
    print(f"    statuses: {json.dumps(result['statuses'], sort_keys=True)}")
    if "archive_path_s" in result:
        same = "identical" if result["same_as_archive_path"] else "DIFFERENT"
        took = result["archive_path_s"]
        print(f"    archive path (export + evaluate_archive) {took:6.3f} s: {same}")
    if "profile" in result:
        print(result["profile"])
    if engine == "sqlite":
        verdict = "holds" if median < TARGET_S else "does NOT hold"
        print(f"    target (< {TARGET_S:.0f} s on SQLite): {verdict}")
    return median


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs after the first (median)")
    parser.add_argument("--at", default=SEASON_END.isoformat(), help="day evaluated")
    parser.add_argument("--period", default=SEASON.isoformat(), help="first day of the period")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--compare", action="store_true", help="check against the archive path")
    parser.add_argument("--profile", action="store_true", help="cProfile one more run")
    parser.add_argument("--profile-top", type=int, default=25)
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        child(args)
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="raviv-bench-rules-"))
    try:
        start = time.perf_counter()
        net = build(args.members, args.entries, args.seed)
        print(
            f"network built in {time.perf_counter() - start:.1f} s: "
            f"{net.count('member')} members, {net.count('membership')} membership periods, "
            f"{net.count('contribution')} ledger entries, {net.count('meeting')} meetings, "
            f"{net.count('attendance')} attendance lines, {net.count('enrolment')} enrolments, "
            f"{net.count('due')} dues, {net.count('exemption')} exemptions"
        )
        engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
        medians = {engine: bench_engine(engine, net, args, workdir) for engine in engines}
    except (RuntimeError, OSError) as failure:
        print(f"the bench could not run: {failure}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept: {workdir}")
    return 1 if medians.get("sqlite", 0.0) >= TARGET_S else 0


if __name__ == "__main__":
    sys.exit(main())
