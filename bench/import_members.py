"""Bench: importing a 2,000-row XLSX member list (with contacts) through `raviv import members`.

Builds the XLSX from the demo generator, creates an empty network on a fresh database, then times
the real command (dry run, then the all-or-nothing import, then the no-op re-import) on SQLite and
PostgreSQL. Only 127.0.0.1 is used; everything it creates is removed at the end.

    .venv/bin/python bench/import_members.py [--rows 2000] [--engine sqlite|postgres|both]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from pg import PostgresDatabase

ROOT = Path(__file__).resolve().parents[1]
RAVIV = str(Path(sys.executable).parent / "raviv")


def build_xlsx(rows: int, path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from raviv.demo import generate_network
    from raviv.spreadsheet.reading import export_members

    document = generate_network(seed=7, members=rows, ref="bench")
    table = []
    for m in document["members"]:
        person = (m.get("people") or [{}])[0]
        table.append(
            {
                "ref": m["ref"],
                "name": m["name"],
                "siret": m["siret"],
                "legal_form": m["legal_form"],
                "disciplines": [m["discipline"]],
                "departement": m["departement"],
                "commune": m.get("commune", ""),
                "employer": m["employer"],
                "headcount_fte": Decimal(m["headcount_fte"]) if m.get("headcount_fte") else None,
                "joined_on": m["memberships"][0]["from"],
                "tier": m["tier"],
                "person_last_name": person.get("last_name", ""),
                "person_first_name": person.get("first_name", ""),
                "person_email": person.get("email") or "",
                "person_phone": person.get("phone", ""),
            }
        )
    path.write_bytes(export_members(table, "xlsx"))


def run(env: dict[str, str], *args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [RAVIV, *args], env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"raviv {' '.join(args)} failed:\n{done.stderr}")
    return elapsed


def bench(engine: str, xlsx: Path, workdir: Path) -> dict[str, float]:
    if engine == "sqlite":
        url, cleanup = f"sqlite:///{workdir}/bench.db", lambda: None
    else:
        database = PostgresDatabase()
        database.create()
        url, cleanup = database.url, database.drop
    env = {"RAVIV_DATABASE_URL": url}
    try:
        run(env, "db", "upgrade")
        empty = workdir / "empty.json"
        empty.write_text(
            '{"format": "raviv-network/1", "network": {"ref": "bench", "name": "Bench",'
            ' "period": "season", "timezone": "Europe/Paris", "rates": []}, "members": [],'
            ' "working_groups": [], "meetings": [], "contributions": [], "rule_sets": [],'
            ' "exemptions": []}'
        )
        run(env, "import", "network", str(empty))
        common = ("import", "members", "--network", "bench", str(xlsx))
        return {
            "dry run": run(env, *common, "--dry-run"),
            "import": run(env, *common),
            "re-import (no change)": run(env, *common),
        }
    finally:
        cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="raviv-bench-"))
    try:
        xlsx = workdir / "membres.xlsx"
        build_xlsx(args.rows, xlsx)
        print(f"{args.rows} rows with contacts, {xlsx.stat().st_size / 1024:.0f} KiB XLSX")
        print("wall time of the whole `raviv import members` command (process start included)")
        engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
        for engine in engines:
            for step, seconds in bench(engine, xlsx, workdir).items():
                print(f"  {engine:9} {step:22} {seconds:6.2f} s")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
