"""Bench: the DLA report's figures (its context and workbook) for ``raviv demo --members 2000``,
a network with a season of entries.

For each engine it makes a fresh database (a SQLite file under /tmp, or a throwaway
``raviv_bench_<random>`` database on the server of ``RAVIV_BENCH_PG_URL``, see ``pg.py``), runs
``raviv db upgrade`` and ``raviv demo --members N --seed S --ref big`` (the demo's season,
2025-09-01 to 2026-09-01: meetings with their attendance, a season of ledger entries, the rule,
exemptions; no snapshot kept, so every month's statuses are computed), then, in a second process
(so that its peak memory is the report's alone, not the generator's), times the context of the
season as ``raviv report dla`` makes it (``reports.dla.dla_context``: previous period compared,
the report dated 2026-09-01, the season over), split into:

- **reading**: what :func:`reports.gather.gather` reads through the services (reciprocity with
  its detail, the previous period, the fiscal year, meetings, members), evaluation aside;
- **evaluation**: the rule evaluated at the season's end and at each month's end
  (:func:`raviv.participation.evaluation.evaluate_network`, twelve times here), and the
  previous period's end;
- **building**: :func:`reports.build.build` (pure);
- **workbook**: :func:`reports.workbook.workbook_bytes`.

It prints the first run, the median of the next ``--runs`` (wall time of each part, and the
CPU time of the whole: on a loaded machine the wall time grows, the CPU time much less), and the
peak RSS (``ru_maxrss``) of that process.

    .venv/bin/python bench/report.py                       # SQLite, 2,000 members
    .venv/bin/python bench/report.py --engine both --runs 3
    .venv/bin/python bench/report.py --members 40          # the demo's usual size

Exit status 0 when it ran; 2 when it could not. Everything it creates is removed at the end
(``--keep`` keeps the databases).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from pg import DEFAULT_PG_URL, PostgresDatabase

ROOT = Path(__file__).resolve().parents[1]
RAVIV = str(Path(sys.executable).parent / "raviv")
SEASON = date(2025, 9, 1)
REPORT_DAY = date(2026, 9, 1)
REF = "big"
PARTS = ("reading", "evaluation", "building", "workbook")


# -- the measuring process ------------------------------------------------------------------------


async def _measure(runs: int) -> dict[str, Any]:
    from raviv.assembly import assemble
    from raviv.db import close_engine, open_engine
    from raviv.ledger.tables import Contribution, Meeting
    from raviv.registry.tables import Member
    from reports import build, gather, workbook

    assemble()
    await open_engine(min_size=1, max_size=4)
    spans: list[tuple[float, float]] = []
    evaluate = gather.evaluate_network

    async def timed_evaluation(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await evaluate(*args, **kwargs)
        finally:
            spans.append((started, time.perf_counter()))

    gather.evaluate_network = timed_evaluation  # type: ignore[assignment]
    results = []
    try:
        for _ in range(runs + 1):
            spans.clear()
            cpu, started = time.process_time(), time.perf_counter()
            inputs = await gather.gather(REF, SEASON, generated_on=REPORT_DAY)
            read = time.perf_counter()
            context = build.build(inputs, lang="fr")
            built = time.perf_counter()
            data = workbook.workbook_bytes(context)
            done = time.perf_counter()
            evaluating = _covered(spans)  # the time any evaluation ran
            results.append(
                {
                    "total": done - started,
                    "cpu": time.process_time() - cpu,
                    "reading": read - started - evaluating,
                    "evaluation": evaluating,
                    "evaluations": len(spans),
                    "building": built - read,
                    "workbook": done - built,
                    "xlsx_bytes": len(data),
                }
            )
        counts = {
            "members": await Member.count(),
            "contributions": await Contribution.count(),
            "meetings": await Meeting.count(),
            "evaluated_at_end": context.participation.status_at_end.evaluated
            if context.participation.status_at_end
            else 0,
            "months": len(context.participation.status_by_month),
            "months_computed": sum(
                m.source == "computed" for m in context.participation.status_by_month
            ),
            "valued_total_eur": str(context.reciprocity.valued_total_eur),
        }
    finally:
        await close_engine()
    return {
        "runs": results,
        "counts": counts,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _covered(spans: list[tuple[float, float]]) -> float:
    """The time covered by at least one of the spans."""
    covered, reach = 0.0, float("-inf")
    for start, end in sorted(spans):
        if end > reach:
            covered += end - max(start, reach)
            reach = end
    return covered


# -- the driver -----------------------------------------------------------------------------------


def _run(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _one_engine(engine: str, members: int, seed: int, runs: int, keep: bool) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAVIV_LOG_LEVEL": "warning"}
    folder = Path(tempfile.mkdtemp(prefix="raviv-bench-report-"))
    env["RAVIV_DATA_DIR"] = str(folder)
    database = None
    if engine == "postgres":
        database = PostgresDatabase(DEFAULT_PG_URL, keep=keep)
        database.create()
        env["RAVIV_DATABASE_URL"] = database.url
    else:
        env["RAVIV_DATABASE_URL"] = f"sqlite:///{folder}/bench.db"
    try:
        _run([RAVIV, "db", "upgrade"], env)
        made = _run(
            [
                *(RAVIV, "demo", "--members", str(members), "--seed", str(seed), "--ref", REF),
                *("--season-start", SEASON.isoformat()),  # the one season measured, whatever today
            ],
            env,
        )
        measured = subprocess.run(
            [sys.executable, __file__, "--measure", "--runs", str(runs)],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        result: dict[str, Any] = json.loads(measured.stdout)
        result["demo_seconds"] = made
        return result
    finally:
        if database is not None:
            database.drop()
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def _report(engine: str, result: dict[str, Any]) -> None:
    first, rest = result["runs"][0], result["runs"][1:] or result["runs"]
    counts = result["counts"]
    print(
        f"\n{engine}: {counts['members']} members, {counts['contributions']} contributions, "
        f"{counts['meetings']} meetings (raviv demo: {result['demo_seconds']:.1f} s); "
        f"{first['evaluations']} evaluations ({counts['months']} month ends, "
        f"{counts['months_computed']} computed); "
        f"valued total {counts['valued_total_eur']} €; workbook {first['xlsx_bytes'] // 1024} KiB"
    )
    print(f"{'':12} {'first':>8} {'median':>8}  (of {len(rest)})")
    for part in ("total", "cpu", *PARTS):
        median = statistics.median(run[part] for run in rest)
        print(f"{part:12} {first[part]:8.2f} {median:8.2f} s")
    print(f"{'peak RSS':12} {result['peak_mib']:8.0f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3, help="timed runs after the first")
    parser.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(asyncio.run(_measure(args.runs))))
        return 0
    engines = ("sqlite", "postgres") if args.engine == "both" else (args.engine,)
    try:
        for engine in engines:
            _report(engine, _one_engine(engine, args.members, args.seed, args.runs, args.keep))
    except (subprocess.CalledProcessError, OSError) as failed:
        print(f"the bench could not run: {failed}", file=sys.stderr)
        if isinstance(failed, subprocess.CalledProcessError) and failed.stderr:
            print(failed.stderr, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
