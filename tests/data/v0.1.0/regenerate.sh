#!/usr/bin/env bash
# Rebuilds this folder from the code of release v0.1.0 (docs/development.md, "The v0.1.0 fixture"):
# the demo network (`raviv demo --members 12`, seed 2026) made by v0.1.0's own `raviv db upgrade`
# and `raviv demo`, on SQLite and on PostgreSQL, then
#   sqlite.sql           the SQLite database as SQL text (Python's sqlite3 iterdump)
#   postgresql.sql       the PostgreSQL database as plain SQL (pg_dump --inserts, no owner, no grants)
#   network-demo.json    `raviv export network demo` of that state (the same on both engines)
#   schema.json          v0.1.0's migration ids, its tables and the SHA-256 of its migration files
#                        (tests/unit/test_migration_rules.py)
#
#   bash tests/data/v0.1.0/regenerate.sh [postgresql://postgres@127.0.0.1:5432/test]
#
# The URL names any database of a PostgreSQL server; a scratch database is made beside it and
# dropped. Needs the tag v0.1.0 (git fetch --tags), the project's .venv, pg_dump and psql.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
server=${1:-postgresql://postgres@127.0.0.1:5432/test}
python=$root/.venv/bin/python
work=$(mktemp -d)
scratch="${server##*/}_v010_fixture"  # beside the named database, dropped at the end
pg_url="${server%/*}/$scratch"
cleanup() {
  psql -q "$server" -c "DROP DATABASE IF EXISTS $scratch WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/code" "$work/sqlite" "$work/postgresql"
git -C "$root" archive v0.1.0 | tar -x -C "$work/code"

v010() {  # the raviv command of v0.1.0: its code first on the path, this data directory
  local data=$1
  shift
  PYTHONPATH="$work/code" RAVIV_DATA_DIR="$work/$data" RAVIV_SCHEDULER=off \
    RAVIV_LOG_FORMAT=console "$python" -m raviv.cli "$@"
}

export RAVIV_DATABASE_URL="sqlite:///$work/sqlite/raviv.db"
v010 sqlite db upgrade >/dev/null
v010 sqlite demo --members 12 >/dev/null
v010 sqlite export network demo --out "$here/network-demo.json" >/dev/null
"$python" - "$work/sqlite/raviv.db" "$here/sqlite.sql" <<'PY'
import sqlite3, sys
with sqlite3.connect(sys.argv[1]) as connection, open(sys.argv[2], "w", encoding="utf-8") as out:
    for statement in connection.iterdump():
        out.write(statement + "\n")
PY

psql -q "$server" -c "CREATE DATABASE $scratch" >/dev/null
export RAVIV_DATABASE_URL="$pg_url"
v010 postgresql db upgrade >/dev/null
v010 postgresql demo --members 12 >/dev/null
v010 postgresql export network demo --out "$work/postgresql/network-demo.json" >/dev/null
if ! cmp -s "$here/network-demo.json" "$work/postgresql/network-demo.json"; then
  echo "the demo network exports differently from SQLite and from PostgreSQL" >&2
  diff "$here/network-demo.json" "$work/postgresql/network-demo.json" | head -20 >&2
  exit 1
fi
pg_dump --no-owner --no-privileges --inserts --rows-per-insert=100 "$pg_url" \
  | grep -v '^\\' >"$here/postgresql.sql"  # no psql meta-commands (\restrict): any client loads it

"$python" - "$work/sqlite/raviv.db" "$here/schema.json" "$work/code" <<'PY'
import hashlib, json, pathlib, sqlite3, sys
code = pathlib.Path(sys.argv[3])
files = {
    str(path.relative_to(code)): hashlib.sha256(path.read_bytes()).hexdigest()
    for path in sorted(code.glob("raviv/*/piccolo_migrations/*.py"))
    if path.name != "__init__.py"
}
with sqlite3.connect(sys.argv[1]) as connection:
    migrations = [
        f"{app}:{name}"
        for app, name in connection.execute("SELECT app_name, name FROM migration ORDER BY id")
    ]
    tables = sorted(
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    )
document = {
    "release": "v0.1.0",
    "commit": "3a52e19",
    "migrations": migrations,
    "tables": tables,
    "files": files,
}
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(document, out, indent=2)
    out.write("\n")
PY
echo "rebuilt $here from v0.1.0: $(wc -c <"$here/sqlite.sql") B SQLite, $(wc -c <"$here/postgresql.sql") B PostgreSQL"
