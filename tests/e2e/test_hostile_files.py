"""Hostile files through the API and the command line: each refused (4xx naming the limit or
the problem) or accepted within stated bounds, nothing written when refused, and ``/ping``
answering throughout.

The files are made here (zip bombs under the byte limit, a million-column CSV line, huge cells,
formula text, wrong encodings, binary garbage, NUL bytes, deep JSON). The figures are printed
(run with ``-s``): file, size, outcome, seconds, peak MB of the reading process; the server's
own peak resident memory is printed at the end. docs/reliability.md records the last ones.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_cli_and_server import RAVIV, _free_port, run_raviv
from tests.figures import record

# Reading a file does not touch the database engine: the proof runs once, in the SQLite run.
pytestmark = pytest.mark.engine_free

MB = 1024 * 1024
SECONDS_PER_FILE = 45.0  # the worker's time budget is 30 s; the answer comes soon after
PING_BOUND = 1.0  # liveness, not speed: every /ping answers within a second
READ_PEAK_MB = 1100  # the reading process runs under RLIMIT_AS = 1024 MB


# --- the generator -------------------------------------------------------------------------------

HEADER = "Nom de la structure;Commune\n"


def _xlsx_with_sheet(sheet_xml: Iterator[bytes]) -> bytes:
    """A real workbook (made by openpyxl) whose first sheet is replaced by ``sheet_xml``."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    buffer = io.BytesIO()
    Workbook().save(buffer)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open("xl/worksheets/sheet1.xml", "w") as sheet:
                    for chunk in sheet_xml:
                        sheet.write(chunk)
            else:
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


def _sheet(rows: int, row: Callable[[int], bytes]) -> Iterator[bytes]:
    yield (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    batch = []
    for i in range(1, rows + 1):
        batch.append(row(i))
        if len(batch) == 1000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch) + b"</sheetData></worksheet>"


def _cell(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def xlsx_bomb(inner_mb: int, cell_chars: int = 1000) -> bytes:
    """An XLSX of a few hundred KB holding about ``inner_mb`` MB of sheet XML."""
    filler = "x" * cell_chars
    rows = inner_mb * MB // (cell_chars + 60)
    return _xlsx_with_sheet(
        _sheet(rows, lambda i: f'<row r="{i}">'.encode() + _cell(f"A{i}", filler) + b"</row>")
    )


def xlsx_members(rows: int) -> bytes:
    """The largest honest member list: ``rows`` members, 10 columns each."""
    headers = ["Nom de la structure", "Commune", *(f"Notes {n}" for n in range(8))]

    def row(i: int) -> bytes:
        texts = headers if i == 1 else [f"Structure {i}", "Montreuil", *["note"] * 8]
        cells = b"".join(_cell(f"{chr(65 + j)}{i}", t) for j, t in enumerate(texts))
        return f'<row r="{i}">'.encode() + cells + b"</row>"

    return _xlsx_with_sheet(_sheet(rows + 1, row))


_ODS_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    b'<office:body><office:spreadsheet><table:table table:name="Feuille1">'
)
_ODS_TAIL = b"</table:table></office:spreadsheet></office:body></office:document-content>"


def _ods(content: Iterator[bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        with archive.open("content.xml", "w") as xml:
            for chunk in content:
                xml.write(chunk)
    return out.getvalue()


def _ods_cell(text: str, repeat: int = 1) -> bytes:
    attribute = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{attribute}><text:p>{text}</text:p>'
        "</table:table-cell>"
    ).encode()


def ods_bomb(inner_mb: int) -> bytes:
    """An ODS of a few hundred KB whose content.xml is ``inner_mb`` MB."""

    def content() -> Iterator[bytes]:
        yield _ODS_HEAD
        row = b"<table:table-row>" + _ods_cell("x" * 1000) + b"</table:table-row>"
        for _ in range(inner_mb):
            yield row * 1000
        yield _ODS_TAIL

    return _ods(content())


def ods_repeat_bomb() -> bytes:
    """A few KB of ODS whose repeated cells and rows make a billion cells when expanded."""

    def content() -> Iterator[bytes]:
        yield _ODS_HEAD
        yield b"<table:table-row>" + _ods_cell("Nom de la structure") + b"</table:table-row>"
        yield (
            b'<table:table-row table:number-rows-repeated="65536">'
            + _ods_cell("Compagnie", 16384)
            + b"</table:table-row>"
        )
        yield _ODS_TAIL

    return _ods(content())


def csv_text(rows: list[str], encoding: str = "utf-8") -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode(encoding)


@dataclass(frozen=True)
class Hostile:
    name: str
    content: bytes
    filename: str
    expect: int | tuple[int, ...]  # 201 accepted (dry run); 413 or 422 refused
    says: str = ""  # a word the refusal must contain: the limit or the problem


def hostile_files() -> list[Hostile]:
    return [
        Hostile("xlsx bomb 100 MB inside", xlsx_bomb(100), "b.xlsx", 413, "max_unzipped_bytes"),
        Hostile("xlsx 60 MB inside, 5 kB cells", xlsx_bomb(60, 5000), "b.xlsx", (422,), "line 1"),
        Hostile("ods bomb 50 MB inside", ods_bomb(50), "b.ods", 413, "max_ods_xml_bytes"),
        Hostile("ods repeated cells bomb", ods_repeat_bomb(), "r.ods", 413, "(limit "),
        Hostile("xlsx 49,000 members x 10 columns", xlsx_members(49_000), "m.xlsx", 201),
        Hostile(
            "csv one line of a million columns",
            (HEADER + ";" * 1_000_000 + "\n").encode(),
            "c.csv",
            413,
            "max_columns",
        ),
        Hostile(
            "csv 5 MB cell", csv_text(["A" * 5 * MB + ";Paris"]), "c.csv", 413, "max_cell_chars"
        ),
        Hostile(
            "csv 60,000 rows",
            csv_text([f"S{i};Paris" for i in range(60_000)]),
            "c.csv",
            413,
            "max_rows",
        ),
        Hostile(
            "csv 20,000 bad rows (capped errors)",
            csv_text([f"=cmd|' /C calc'!A{i};{'x' * 150}" for i in range(20_000)]),
            "c.csv",
            422,
            "errors_total",
        ),
        Hostile("csv formula text", csv_text(["=cmd|' /C calc'!A0;Paris"]), "f.csv", 201),
        Hostile(
            "csv latin-1", csv_text(["Théâtre de l'Échangeur;Bagnolet"], "latin-1"), "l.csv", 201
        ),
        Hostile(
            "csv utf-16 with BOM", csv_text(["Compagnie Alizé;Montreuil"], "utf-16"), "u.csv", 201
        ),
        Hostile(
            "csv utf-16 without BOM",
            csv_text(["Compagnie Alizé;Montreuil"], "utf-16-le"),
            "u.csv",
            422,
            "neither",
        ),
        Hostile("binary garbage", os.urandom(256 * 1024), "g.csv", 422, "neither"),
        Hostile(
            "csv with NUL bytes", csv_text(["Compa\x00gnie;Paris"] * 200), "n.csv", 422, "neither"
        ),
    ]


def deep_json(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


# --- the run -------------------------------------------------------------------------------------


@dataclass
class Pinger:
    base: str
    worst: float = 0.0
    count: int = 0
    failures: int = 0
    stop: bool = False

    def run(self) -> None:
        with httpx.Client(timeout=5) as client:
            while not self.stop:
                started = time.monotonic()
                try:
                    ok = client.get(f"{self.base}/ping").status_code == 200
                except httpx.TransportError:
                    ok = False
                self.worst = max(self.worst, time.monotonic() - started)
                self.count += 1
                self.failures += not ok
                time.sleep(0.05)


def _members(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM member").fetchone()[0])


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _readings(log: Path) -> list[dict[str, object]]:
    found = []
    for line in log.read_text(errors="replace").splitlines():
        if '"spreadsheet.read"' in line:
            try:
                found.append(json.loads(line))
            except ValueError:
                continue
    return found


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int, Path, dict[str, str]]]:
    env = {
        "RAVIV_DATABASE_URL": f"sqlite:///{tmp_path / 'hostile.db'}",
        "RAVIV_DATA_DIR": str(tmp_path),
        "RAVIV_ACCESS_LOG": "false",
        "RAVIV_LOG_FORMAT": "json",
    }
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    assert run_raviv("demo", "--members", "12", env=env).returncode == 0
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command
            [RAVIV, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/ping", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                pytest.fail("the server did not start")
            yield base, process.pid, log, env
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_hostile_files_are_refused_or_read_within_bounds_and_ping_keeps_answering(  # noqa: PLR0912, PLR0915 - one run, many figures
    server: tuple[str, int, Path, dict[str, str]], tmp_path: Path
) -> None:
    base, pid, log, env = server
    db = tmp_path / "hostile.db"
    done = run_raviv("accounts", "token", "camille@demo.raviv.test", "--scope", "write", env=env)
    headers = {"Authorization": f"Bearer {done.stdout.strip()}"}
    url = f"{base}/api/networks/demo/imports/members"
    pinger = Pinger(base)
    thread = threading.Thread(target=pinger.run, daemon=True)
    thread.start()
    figures: list[str] = []
    failures: list[str] = []
    try:
        for hostile in hostile_files():
            before = _members(db)
            read_before = len(_readings(log))
            started = time.monotonic()
            answer = httpx.post(
                url,
                params={"dry_run": "false" if hostile.expect != 201 else "true"},
                files={"file": (hostile.filename, hostile.content)},
                headers=headers,
                timeout=SECONDS_PER_FILE + 30,
            )
            seconds = time.monotonic() - started
            readings = _readings(log)[read_before:]
            peak = max((float(str(r.get("peak_mb", 0))) for r in readings), default=0.0)
            figures.append(
                f"api  {hostile.name:<38} {len(hostile.content) / MB:7.2f} MB  "
                f"{answer.status_code}  {seconds:6.2f} s  read peak {peak:6.1f} MB  "
                f"body {len(answer.content) / 1024:6.1f} KB"
            )
            expected = hostile.expect if isinstance(hostile.expect, tuple) else (hostile.expect,)
            if answer.status_code not in expected:
                failures.append(f"{hostile.name}: {answer.status_code} {answer.text[:300]}")
            if hostile.says and hostile.says not in answer.text:
                failures.append(f"{hostile.name}: no {hostile.says!r} in {answer.text[:300]}")
            if seconds > SECONDS_PER_FILE:
                failures.append(f"{hostile.name}: {seconds:.1f} s")
            if peak > READ_PEAK_MB:
                failures.append(f"{hostile.name}: read peak {peak:.0f} MB")
            if answer.status_code >= 400 and len(answer.content) > 256 * 1024:
                failures.append(f"{hostile.name}: a {len(answer.content)} byte answer")
            if hostile.expect != 201 and _members(db) != before:
                failures.append(f"{hostile.name}: rows written although refused")
        # Deep JSON where it is parsed: the unauthenticated sign-in, and two writes the
        # coordinator may make (a contribution; a rule set, read by the archive validator).
        deep = deep_json(100_000)
        for name, url, auth in [
            ("sign-in", f"{base}/api/auth/login", {}),
            ("contribution", f"{base}/api/networks/demo/contributions", headers),
            ("rule set", f"{base}/api/networks/demo/rule-sets", headers),
        ]:
            before = _members(db)
            started = time.monotonic()
            answer = httpx.post(
                url,
                content=deep,
                headers={**auth, "Content-Type": "application/json"},
                timeout=30,
            )
            figures.append(
                f"api  {'deep JSON (100,000 levels) ' + name:<38} "
                f"{len(deep) / MB:7.2f} MB  {answer.status_code}  "
                f"{time.monotonic() - started:6.2f} s"
            )
            if answer.status_code != 400 or "body" not in answer.text:
                failures.append(f"deep JSON {name}: {answer.status_code} {answer.text[:300]}")
            if _members(db) != before:
                failures.append(f"deep JSON {name}: rows written although refused")
        # The command line: the same limits, a clear message and no traceback.
        for hostile in [h for h in hostile_files() if h.expect != 201][:6]:
            path = tmp_path / hostile.filename
            path.write_bytes(hostile.content)
            before = _members(db)
            started = time.monotonic()
            ran = subprocess.run(  # noqa: S603 - our own command, measured by GNU time
                [
                    "/usr/bin/time",
                    "-f",
                    "%M",
                    RAVIV,
                    "import",
                    "members",
                    "--network",
                    "demo",
                    str(path),
                ],
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                timeout=SECONDS_PER_FILE + 60,
                check=False,
            )
            seconds = time.monotonic() - started
            peak_kb = ran.stderr.strip().splitlines()[-1]
            figures.append(
                f"cli  {hostile.name:<38} {len(hostile.content) / MB:7.2f} MB  "
                f"exit {ran.returncode}  {seconds:6.2f} s  cli peak {int(peak_kb) / 1024:6.1f} MB"
            )
            if ran.returncode == 0 or "Traceback" in ran.stderr:
                failures.append(f"cli {hostile.name}: {ran.returncode} {ran.stderr[-300:]}")
            if hostile.says and hostile.says != "errors_total" and hostile.says not in ran.stderr:
                failures.append(f"cli {hostile.name}: no {hostile.says!r} in {ran.stderr[-300:]}")
            if _members(db) != before:
                failures.append(f"cli {hostile.name}: rows written although refused")
    finally:
        pinger.stop = True
        thread.join(10)
    record("hostile files (file, size, outcome, seconds, peak MB):\n" + "\n".join(figures))
    record(
        f"/ping: {pinger.count} answered during the run, {pinger.failures} failed, "
        f"slowest {pinger.worst:.3f} s; server peak RSS {_peak_mb(pid):.0f} MB"
    )
    assert failures == []
    assert pinger.failures == 0
    assert pinger.worst < PING_BOUND
