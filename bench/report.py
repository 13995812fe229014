"""Bench: the DLA report (its figures, PDF and workbook) for ``raviv demo --members 2000``,
a network with a season of entries.

For each engine it makes a fresh database (a SQLite file under /tmp, or a throwaway
``raviv_bench_<random>`` database on the server of ``RAVIV_BENCH_PG_URL``, see ``pg.py``), runs
``raviv db upgrade`` and ``raviv demo --members N --seed S --ref big`` (the demo's season,
2025-09-01 to 2026-09-01: meetings with their attendance, a season of ledger entries, the rule,
exemptions; no snapshot kept, so every month's statuses are computed), then, in a second process
(so that its peak memory is the report's alone, not the generator's), times the whole report of
the season as ``raviv report dla --xlsx`` makes it (``reports.produce.produce_dla``: previous
period compared, the report dated 2026-09-01, the season over), split into:

- **reading**: what :func:`reports.gather.gather` reads through the services (reciprocity with
  its detail, the previous period, the fiscal year, meetings, members), evaluation aside;
- **evaluation**: the rule evaluated at the season's end and at each month's end
  (:func:`raviv.participation.evaluation.evaluate_network`, twelve times here), and the
  previous period's end;
- **building**: :func:`reports.build.build` (pure);
- **document**: the HTML from the templates, with its charts (pygal);
- **pdf**: WeasyPrint's layout and the PDF written (in a thread, as the command line does);
- **workbook**: :func:`reports.workbook.workbook_bytes`.

It prints the first run, the median of the next ``--runs`` (wall time of each part, and the
CPU time of the whole: on a loaded machine the wall time grows, the CPU time much less), the
peak RSS (``ru_maxrss``) of that process, then the wall time and peak RSS of the whole command
``raviv report dla --xlsx`` run as a user runs it (interpreter start and imports included),
``--runs`` times.

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
PARTS = ("reading", "evaluation", "building", "document", "pdf", "workbook")


# -- the measuring process ------------------------------------------------------------------------


async def _measure(runs: int) -> dict[str, Any]:
    from raviv.assembly import assemble
    from raviv.db import close_engine, open_engine
    from raviv.ledger.tables import Contribution, Meeting
    from raviv.registry.tables import Member
    from reports import build, gather
    from reports.produce import produce_dla

    assemble()
    await open_engine(min_size=1, max_size=4)
    spans: list[tuple[float, float]] = []
    evaluate, make = gather.evaluate_network, build.build
    built: list[float] = []

    async def timed_evaluation(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await evaluate(*args, **kwargs)
        finally:
            spans.append((started, time.perf_counter()))

    def timed_build(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return make(*args, **kwargs)
        finally:
            built.append(time.perf_counter() - started)

    gather.evaluate_network = timed_evaluation  # type: ignore[assignment]
    build.build = timed_build  # type: ignore[assignment]
    results = []
    try:
        for _ in range(runs + 1):
            spans.clear()
            built.clear()
            cpu, started = time.process_time(), time.perf_counter()
            # As `raviv report dla --xlsx` makes it: the PDF laid out in a thread of this
            # process (the command line's choice), the workbook after it.
            product = await produce_dla(
                REF, SEASON, workbook=True, isolate=False, generated_on=REPORT_DAY
            )
            done = time.perf_counter()
            evaluating = _covered(spans)  # the time any evaluation ran
            figures = product.seconds["figures"]
            results.append(
                {
                    "total": done - started,
                    "cpu": time.process_time() - cpu,
                    "reading": figures - evaluating - sum(built),
                    "evaluation": evaluating,
                    "evaluations": len(spans),
                    "building": sum(built),
                    "document": product.seconds["document"],
                    "pdf": product.seconds["pdf"],
                    "workbook": product.seconds["workbook"],
                    "pages": product.pdf.pages,
                    "pdf_bytes": len(product.pdf.pdf),
                    "xlsx_bytes": len(product.xlsx or b""),
                }
            )
        context = product.context
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


def _command(folder: Path, env: dict[str, str]) -> dict[str, float]:
    """The whole ``raviv report dla --xlsx`` command as a user runs it: the interpreter's start,
    the imports, the database opened, the report made and both files written. Its wall time, and
    its peak RSS as GNU time reads it."""
    command = [
        RAVIV, "report", "dla", "--network", REF, "--period", SEASON.isoformat(),
        "--out", str(folder / "report.pdf"), "--xlsx", str(folder / "report.xlsx"), "--json",
    ]  # fmt: skip
    timing = folder / "time.txt"
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", str(timing), *command],
        env=env, check=True, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - started
    summary = json.loads(done.stdout)
    return {
        "wall": wall,
        "inside": summary["seconds"],
        "peak_mib": int(timing.read_text().split()[-1]) / 1024,
    }


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
        result["commands"] = [_command(folder, env) for _ in range(max(runs, 1))]
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
    print(f"{'pages':12} {first['pages']:8d}      (PDF {first['pdf_bytes'] // 1024} KiB)")
    print(f"{'peak RSS':12} {result['peak_mib']:8.0f} MiB")
    commands = result["commands"]
    print(
        f"raviv report dla --xlsx, the whole command ({len(commands)} runs): wall "
        + ", ".join(f"{c['wall']:.2f}" for c in commands)
        + " s (of which the report: "
        + ", ".join(f"{c['inside']:.2f}" for c in commands)
        + " s); peak RSS "
        + ", ".join(f"{c['peak_mib']:.0f}" for c in commands)
        + " MiB"
    )


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
