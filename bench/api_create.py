"""Benchmark: member creation (POST /api/networks/demo/members) against the bare GET /ping.

Starts the real service (``raviv serve``) as a subprocess on 127.0.0.1, on a free port, against a
fresh database made for the run (a SQLite file in a temporary directory, or a new PostgreSQL
database), loads each endpoint with wrk at 20 connections for a fixed duration after a short
warm-up, and prints requests/s, p50, p99 and the count of non-2xx responses, with the ratio
create/bare and whether the target holds:

    create req/s >= 25 % of bare req/s   AND   create p99 < 50 ms

Per-request logging is off for both endpoints alike (RAVIV_ACCESS_LOG=false). Beside the wrk
figures it reports the server process's CPU (% of one core, and ms per answered request) and how
busy the whole machine was, so a run disturbed by other work on the machine shows as such. It
checks that every 2xx create left one row (and no more rows than requests sent).

The code under test is frozen at start (``--rev``): a copy of the working tree by default, or a
git revision, put first on PYTHONPATH for `raviv db upgrade`, `raviv demo` and `raviv serve`.

    .venv/bin/python bench/api_create.py                      # both engines, 10 s per endpoint
    .venv/bin/python bench/api_create.py --rev HEAD           # the last commit, not the worktree
    .venv/bin/python bench/api_create.py --engine sqlite --duration 5 --json
    .venv/bin/python bench/api_create.py --engine postgres --profile   # + py-spy hotspots

Needs wrk (``apt-get install -y wrk``). Every run stops by itself (wrk has a fixed duration and
every subprocess a timeout); only 127.0.0.1 is targeted; the server and the temporary databases
are removed at the end, even on error or Ctrl-C.

Exit status: 0 when the target holds and no create request failed, 1 when it does not, 2 when
the benchmark itself could not run.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pg import DEFAULT_PG_URL, PostgresDatabase, PostgresError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LUA = HERE / "wrk_raviv.lua"
DEFAULT_RAVIV = ROOT / ".venv" / "bin" / "raviv"
HOST = "127.0.0.1"  # the only address this script ever targets
NETWORK = "demo"

TARGET_RATIO = 0.25
TARGET_P99_MS = 50.0


class BenchError(RuntimeError):
    """The benchmark could not run (not: the service was slow)."""


# -- results ------------------------------------------------------------------------------------


@dataclass
class EndpointResult:
    endpoint: str
    requests: int
    duration_s: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    non2xx: int
    statuses: dict[str, int]
    socket_errors: dict[str, int]
    server_cpu_pct: float | None = None  # of one core, all the server's threads
    server_cpu_ms_per_req: float | None = None
    machine_busy_pct: float | None = None  # of all cores: server + wrk + database + others


@dataclass
class EngineResult:
    engine: str
    database: str
    bare: EndpointResult
    create: EndpointResult
    members_in_db: int | None  # rows added by the load (warm-up included), demo rows excluded
    ratio: float
    ratio_ok: bool
    p99_ok: bool
    create_clean: bool
    target_holds: bool
    profile: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)


# -- small helpers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of a process, all threads (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime


def machine_cpu() -> tuple[float, float] | None:
    """(busy, total) jiffies of the whole machine since boot (Linux /proc/stat)."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return float(sum(values) - idle), float(sum(values))


def log(msg: str, *, quiet: bool = False) -> None:
    if not quiet:
        print(msg, file=sys.stderr, flush=True)


def run_checked(cmd: list[str], env: dict[str, str], timeout: float, what: str) -> str:
    try:
        done = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"{what}: no answer after {timeout:.0f} s") from None
    if done.returncode != 0:
        raise BenchError(f"{what} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


# -- the databases ------------------------------------------------------------------------------


class Database:
    """A fresh, empty database for one run; ``drop()`` removes it. PostgreSQL's is
    :class:`pg.PostgresDatabase`, shared with the other scripts."""

    engine: str
    url: str

    def create(self) -> None: ...
    def drop(self) -> None: ...
    def count_members(self) -> int | None: ...


class SQLiteDatabase(Database):
    engine = "sqlite"

    def __init__(self, keep: bool) -> None:
        self.keep = keep
        self.dir = Path(tempfile.mkdtemp(prefix="raviv-bench-", dir="/tmp"))
        self.path = self.dir / "bench.db"
        self.url = f"sqlite:///{self.path}"  # sqlite:////tmp/... (absolute)

    def create(self) -> None:
        pass  # `raviv db upgrade` creates the file

    def drop(self) -> None:
        if self.keep:
            log(f"  kept {self.dir}")
            return
        shutil.rmtree(self.dir, ignore_errors=True)

    def count_members(self) -> int | None:
        with contextlib.closing(sqlite3.connect(self.path, timeout=10)) as conn:
            return int(conn.execute("SELECT count(*) FROM member").fetchone()[0])


# -- the code under test ------------------------------------------------------------------------

PACKAGES = ("raviv", "admin", "reports")  # what the service imports from the repository


def git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=30, check=True
    ).stdout


def snapshot_code(rev: str, dest: Path) -> dict[str, Any]:
    """Freeze the service's code in ``dest`` (put first on PYTHONPATH for every subprocess).

    The working tree may be edited while a run goes on; the database upgrade, the demo network
    and the server must all see one and the same code, and the report must say which.
    """
    info: dict[str, Any] = {"rev": rev}
    try:
        info["head"] = git("rev-parse", "--short", "HEAD").strip()
        if rev == "worktree":
            for name in PACKAGES:
                if (ROOT / name).is_dir():
                    shutil.copytree(
                        ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__")
                    )
            changed = git("status", "--porcelain", "--", *PACKAGES).splitlines()
            info["uncommitted"] = [line.strip() for line in changed]
        else:
            info["commit"] = git("rev-parse", "--short", f"{rev}^{{commit}}").strip()
            present = [n for n in PACKAGES if git("ls-tree", "--name-only", rev, n).strip()]
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", rev, *present],
                capture_output=True,
                timeout=60,
                check=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, timeout=60, check=True)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        raise BenchError(f"cannot snapshot the code at {rev!r}: {exc}") from None
    digest = hashlib.sha256()
    for path in sorted(dest.rglob("*.py")):
        digest.update(str(path.relative_to(dest)).encode() + b"\0" + path.read_bytes())
    info["sha256_py"] = digest.hexdigest()[:12]
    return info


# -- the server ---------------------------------------------------------------------------------


class Server:
    """``raviv serve`` in its own process group, stopped (by its pid) when the run ends."""

    def __init__(self, raviv: Path, env: dict[str, str], workdir: Path) -> None:
        self.raviv = raviv
        self.env = env
        self.port = free_port()
        self.log_path = workdir / f"server-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        with open(self.log_path, "wb") as out:
            self.proc = subprocess.Popen(
                [str(self.raviv), "serve", "--host", HOST, "--port", str(self.port)],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: Ctrl-C here does not reach it twice
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"the server exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base}/ping", timeout=1) as resp:
                    if resp.status == 200 and resp.read() == b"pong":
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise BenchError(f"GET /ping did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def stop(self) -> None:
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)  # the group this script created for this one server
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=wait)
            if proc.poll() is not None:
                return


# -- wrk ----------------------------------------------------------------------------------------


def wrk_run(
    base: str,
    mode: str,
    duration: float,
    *,
    threads: int,
    connections: int,
    tag: str = "",
    token: str = "",
    extra: tuple[str, ...] = (),
) -> dict[str, Any]:
    assert base.startswith(f"http://{HOST}:"), base
    seconds = max(1, round(duration))
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "--latency",
        "-s",
        str(LUA),
        base,
        "--",
        mode,
    ]
    if mode != "ping":
        cmd += [tag, NETWORK, token, *extra]
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=seconds + 30, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"wrk did not finish within {seconds + 30} s") from None
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    for line in done.stdout.splitlines():
        if line.startswith("RAVIV_BENCH "):
            data: dict[str, Any] = json.loads(line.removeprefix("RAVIV_BENCH "))
            data["wrk_output"] = done.stdout
            return data
    raise BenchError(f"wrk printed no RAVIV_BENCH line:\n{done.stdout}{done.stderr}")


def to_result(endpoint: str, raw: dict[str, Any]) -> EndpointResult:
    lat = raw["latency_us"]
    duration_s = raw["duration_us"] / 1e6
    errors = {k: v for k, v in raw["errors"].items() if k != "status" and v}
    return EndpointResult(
        endpoint=endpoint,
        requests=raw["requests"],
        duration_s=round(duration_s, 3),
        rps=round(raw["requests"] / duration_s, 1) if duration_s else 0.0,
        p50_ms=lat["p50"] / 1000,
        p90_ms=lat["p90"] / 1000,
        p99_ms=lat["p99"] / 1000,
        max_ms=lat["max"] / 1000,
        mean_ms=round(lat["mean"] / 1000, 3),
        non2xx=raw["non2xx"],
        statuses=raw["statuses"],
        socket_errors=errors,
    )


# -- profiling (optional) -----------------------------------------------------------------------


def summarise_collapsed(path: Path, top: int) -> dict[str, Any]:
    """Self and inclusive sample shares per function, from py-spy's collapsed (raw) output."""
    self_counts: Counter[str] = Counter()
    incl_counts: Counter[str] = Counter()
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_s = line.rpartition(" ")
        if not stack or not count_s.isdigit():
            continue
        count = int(count_s)
        total += count
        frames = [f for f in stack.split(";") if f]
        if not frames:
            continue
        self_counts[frames[-1]] += count
        for frame in set(frames):
            incl_counts[frame] += count

    def rows(counter: Counter[str]) -> list[dict[str, Any]]:
        return [
            {"frame": frame, "samples": n, "share": round(n / total, 4) if total else 0.0}
            for frame, n in counter.most_common(top)
        ]

    return {"samples": total, "self": rows(self_counts), "inclusive": rows(incl_counts)}


def profile_create(
    server: Server,
    workdir: Path,
    duration: float,
    args: argparse.Namespace,
    engine: str,
    token: str,
) -> dict[str, Any]:
    pyspy = shutil.which("py-spy") or str(ROOT / ".venv" / "bin" / "py-spy")
    if not Path(pyspy).exists():
        raise BenchError("--profile needs py-spy (.venv/bin/pip install py-spy)")
    assert server.proc is not None
    seconds = max(1, round(duration))
    out_dir = Path(args.profile_dir) if args.profile_dir else workdir
    out_dir.mkdir(parents=True, exist_ok=True)
    raw = out_dir / f"profile-{engine}-create.txt"
    svg = out_dir / f"profile-{engine}-create.svg"
    base = [
        pyspy,
        "record",
        "--pid",
        str(server.proc.pid),
        "--rate",
        "250",
        "--duration",
        str(seconds),
        "--nonblocking",
    ]
    # Two recorders would fight over the process; record raw stacks, then render the SVG from them.
    rec = subprocess.Popen(
        [*base, "--format", "raw", "-o", str(raw)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        time.sleep(0.5)
        wrk_run(
            server.base,
            "create",
            seconds,
            threads=args.threads,
            connections=args.connections,
            tag=f"p{secrets.token_hex(3)}",
            token=token,
        )
        _, err = rec.communicate(timeout=seconds + 30)
    finally:
        if rec.poll() is None:
            rec.kill()
            rec.wait()
    if not raw.exists():
        raise BenchError(f"py-spy wrote no profile: {err.decode(errors='replace')}")
    summary = summarise_collapsed(raw, args.profile_top)
    summary["collapsed_stacks"] = str(raw)
    flamegraph = shutil.which("flamegraph.pl")
    if flamegraph:
        with open(svg, "wb") as out:
            subprocess.run([flamegraph, str(raw)], stdout=out, timeout=60, check=False)
        summary["svg"] = str(svg)
    return summary


# -- one engine ---------------------------------------------------------------------------------


def bench_engine(
    engine: str, args: argparse.Namespace, workdir: Path, code_dir: Path
) -> EngineResult:
    q = args.json
    db: Database = (
        SQLiteDatabase(args.keep)
        if engine == "sqlite"
        else PostgresDatabase(args.pg_url, args.keep)
    )
    server: Server | None = None
    try:
        db.create()
        env = dict(os.environ)
        env.update(
            RAVIV_DATABASE_URL=db.url,
            RAVIV_ACCESS_LOG="false",
            RAVIV_DATA_DIR=str(getattr(db, "dir", workdir)),
            PYTHONPATH=os.pathsep.join(filter(None, [str(code_dir), os.environ.get("PYTHONPATH")])),
        )
        raviv = Path(args.raviv)
        log(f"[{engine}] database {db.url}", quiet=q)
        run_checked([str(raviv), "db", "upgrade"], env, 120, "raviv db upgrade")
        run_checked([str(raviv), "demo"], env, 120, "raviv demo")
        token = run_checked(
            [str(raviv), "accounts", "token", f"camille@{NETWORK}.raviv.test", "--scope", "write"],
            env,
            60,
            "raviv accounts token",
        ).strip()
        baseline = db.count_members() or 0  # `raviv demo` may seed members of its own
        server = Server(raviv, env, workdir)
        server.start()
        log(
            f"[{engine}] server pid {server.proc.pid if server.proc else '?'} on {server.base}",
            quiet=q,
        )

        common = {"threads": args.threads, "connections": args.connections, "token": token}
        results: dict[str, EndpointResult] = {}
        created = 0  # 2xx answers to create, warm-up included: each must be one row
        sent = 0  # create requests sent, answered or still in flight when wrk stopped
        for endpoint, mode in (
            ("GET /ping", "ping"),
            (f"POST /api/networks/{NETWORK}/members", "create"),
        ):
            if args.warmup > 0:
                log(f"[{engine}] warm-up {endpoint} {args.warmup:g} s", quiet=q)
                warm = wrk_run(
                    server.base, mode, args.warmup, tag=f"w{secrets.token_hex(3)}", **common
                )
                if mode == "create":
                    created += warm["requests"] - warm["non2xx"]
                    sent += warm["sent"]
            log(f"[{engine}] measure {endpoint} {args.duration:g} s", quiet=q)
            assert server.proc is not None
            cpu0, mach0, t0 = process_cpu_s(server.proc.pid), machine_cpu(), time.monotonic()
            raw = wrk_run(
                server.base, mode, args.duration, tag=f"m{secrets.token_hex(3)}", **common
            )
            cpu1, mach1, t1 = process_cpu_s(server.proc.pid), machine_cpu(), time.monotonic()
            result = to_result(endpoint, raw)
            if cpu0 is not None and cpu1 is not None:
                result.server_cpu_pct = round(100 * (cpu1 - cpu0) / (t1 - t0), 1)
                if result.requests:
                    result.server_cpu_ms_per_req = round(1000 * (cpu1 - cpu0) / result.requests, 3)
            if mach0 is not None and mach1 is not None and mach1[1] > mach0[1]:
                busy = (mach1[0] - mach0[0]) / (mach1[1] - mach0[1])
                result.machine_busy_pct = round(100 * busy, 1)
            results[mode] = result
            if mode == "create":
                created += raw["requests"] - raw["non2xx"]
                sent += raw["sent"]
            if args.verbose:
                log(raw["wrk_output"], quiet=q)

        members = None
        with contextlib.suppress(Exception):
            total = db.count_members()
            members = None if total is None else total - baseline

        profile = None
        if args.profile:
            log(f"[{engine}] profiling create with py-spy, {args.duration:g} s", quiet=q)
            profile = profile_create(server, workdir, args.duration, args, engine, token)

        bare, create = results["ping"], results["create"]
        ratio = create.rps / bare.rps if bare.rps else 0.0
        ratio_ok = ratio >= TARGET_RATIO
        p99_ok = create.p99_ms < TARGET_P99_MS
        clean = create.non2xx == 0 and not create.socket_errors
        notes = []
        if not clean:
            notes.append(
                f"create had {create.non2xx} non-2xx response(s) {create.statuses} "
                f"and socket errors {create.socket_errors}: FAILURE"
            )
        if bare.non2xx or bare.socket_errors:
            notes.append(f"bare had {bare.non2xx} non-2xx and socket errors {bare.socket_errors}")
        # wrk stops with requests in flight: the server may still store them, uncounted.
        if members is not None and not created <= members <= sent:
            notes.append(
                f"{created} creates answered 2xx and {sent} were sent, "
                f"but the database holds {members} rows"
            )
        if server.proc is not None and server.proc.poll() is not None:
            notes.append(f"the server exited during the run ({server.proc.returncode})")
        return EngineResult(
            engine=engine,
            database=db.url,
            bare=bare,
            create=create,
            members_in_db=members,
            ratio=round(ratio, 4),
            ratio_ok=ratio_ok,
            p99_ok=p99_ok,
            create_clean=clean,
            target_holds=ratio_ok and p99_ok,
            profile=profile,
            notes=notes,
        )
    except (BenchError, PostgresError) as exc:
        if server is not None:
            raise BenchError(f"[{engine}] {exc}\n--- server log ---\n{server.log_tail()}") from None
        raise BenchError(f"[{engine}] {exc}") from None
    finally:
        if server is not None:
            server.stop()
        db.drop()


# -- output -------------------------------------------------------------------------------------


def print_table(r: EngineResult, args: argparse.Namespace) -> None:
    print()
    print(
        f"== {r.engine} ({r.database}) — wrk -t{args.threads} -c{args.connections}, "
        f"{args.duration:g} s per endpoint after {args.warmup:g} s warm-up, access log off"
    )
    head = (
        f"{'endpoint':<34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}"
        f" {'srv CPU':>8} {'CPU ms/req':>10} {'box busy':>8}"
    )
    print(head)
    print("-" * len(head))
    for e in (r.bare, r.create):
        extra = f"  {e.statuses}" if e.statuses else ""
        if e.socket_errors:
            extra += f"  socket errors {e.socket_errors}"
        cpu = f"{e.server_cpu_pct:.0f}%" if e.server_cpu_pct is not None else "?"
        per = f"{e.server_cpu_ms_per_req:.3f}" if e.server_cpu_ms_per_req is not None else "?"
        box = f"{e.machine_busy_pct:.0f}%" if e.machine_busy_pct is not None else "?"
        print(
            f"{e.endpoint:<34} {e.rps:>9.1f} {e.p50_ms:>8.2f} {e.p99_ms:>8.2f} {e.non2xx:>8}"
            f" {cpu:>8} {per:>10} {box:>8}{extra}"
        )
    print(
        f"create/bare = {r.ratio:.1%} (target >= {TARGET_RATIO:.0%}: "
        f"{'ok' if r.ratio_ok else 'MISSED'}); create p99 = {r.create.p99_ms:.2f} ms "
        f"(target < {TARGET_P99_MS:g} ms: {'ok' if r.p99_ok else 'MISSED'})"
    )
    print(
        f"target {'HOLDS' if r.target_holds else 'DOES NOT HOLD'}"
        + ("" if r.create_clean else "; create requests FAILED (non-2xx)")
    )
    print(
        "(srv CPU: the server process, % of one core; CPU ms/req: its CPU time per answered "
        "request; box busy: all cores, everything on the machine)"
    )
    if r.members_in_db is not None:
        print(f"members added to the database by the run: {r.members_in_db} (warm-up included)")
    for note in r.notes:
        print(f"note: {note}")
    if r.profile:
        print(f"py-spy: {r.profile['samples']} samples, stacks in {r.profile['collapsed_stacks']}")
        print("  top self time:")
        for row in r.profile["self"]:
            print(f"    {row['share']:>6.1%}  {row['frame']}")


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    with contextlib.suppress(OSError):
        info["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    with contextlib.suppress(Exception):
        info["wrk"] = (
            subprocess.run(
                ["wrk", "--version"], check=False, capture_output=True, text=True, timeout=5
            )
            .stdout.split("[")[0]
            .strip()
        )
    with contextlib.suppress(Exception):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    return info


# -- main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    p.add_argument("--duration", type=float, default=10.0, help="seconds per endpoint (default 10)")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up (default 2)")
    p.add_argument("--connections", type=int, default=20, help="wrk connections (default 20)")
    p.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    p.add_argument("--json", action="store_true", help="print JSON only (progress goes nowhere)")
    p.add_argument(
        "--pg-url",
        default=DEFAULT_PG_URL,
        help=f"PostgreSQL database used to create/drop the bench database "
        f"(default {DEFAULT_PG_URL})",
    )
    p.add_argument(
        "--rev",
        default="worktree",
        help="code to run: 'worktree' (default: a copy of the working tree taken at start) "
        "or a git revision such as HEAD (via git archive)",
    )
    p.add_argument("--raviv", default=str(DEFAULT_RAVIV), help="the raviv command")
    p.add_argument(
        "--profile",
        action="store_true",
        help="after measuring, run one more create load under py-spy and show hotspots",
    )
    p.add_argument(
        "--profile-dir",
        default="",
        help="where to keep py-spy output (default: a kept temporary directory)",
    )
    p.add_argument("--profile-top", type=int, default=15)
    p.add_argument("--keep", action="store_true", help="keep the databases (for inspection)")
    p.add_argument("-v", "--verbose", action="store_true", help="show wrk's own output")
    args = p.parse_args(argv)
    if not 1 <= args.duration <= 600:
        p.error("--duration must be between 1 and 600 seconds")
    if not 0 <= args.warmup <= 60:
        p.error("--warmup must be between 0 and 60 seconds")
    if not 1 <= args.threads <= args.connections <= 1000:
        p.error("need 1 <= --threads <= --connections <= 1000")
    pg = urlsplit(args.pg_url)
    if pg.scheme not in {"postgres", "postgresql"} or pg.hostname not in {"127.0.0.1", "localhost"}:
        p.error("--pg-url must be postgresql://...@127.0.0.1[:port]/<db> (local only)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2
    if not Path(args.raviv).exists():
        print(f"{args.raviv} not found (create the venv, or pass --raviv)", file=sys.stderr)
        return 2

    # SIGTERM cleans up like Ctrl-C does.
    def on_term(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)

    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    results: list[EngineResult] = []
    workdir = Path(tempfile.mkdtemp(prefix="raviv-bench-run-", dir="/tmp"))
    code_dir = Path(tempfile.mkdtemp(prefix="raviv-bench-code-", dir="/tmp"))
    try:
        code = snapshot_code(args.rev, code_dir)
        log(f"code: {code}", quiet=args.json)
        results.extend(bench_engine(engine, args, workdir, code_dir) for engine in engines)
    except (BenchError, PostgresError) as exc:
        print(f"benchmark error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; server stopped and databases removed", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(code_dir, ignore_errors=True)
        if not (args.keep or (args.profile and not args.profile_dir)):
            shutil.rmtree(workdir, ignore_errors=True)

    payload: dict[str, Any] = {
        "machine": machine(),
        "code": code,
        "settings": {
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "threads": args.threads,
            "connections": args.connections,
            "access_log": False,
            "target": {"create_over_bare_min": TARGET_RATIO, "create_p99_ms_max": TARGET_P99_MS},
        },
        "results": [asdict(r) for r in results],
    }
    if args.json:
        print(json.dumps(payload, indent=2))
    else:
        m = payload["machine"]
        print(
            f"machine: {m.get('cpu', '?')}, nproc={m['nproc']}, Python {m['python']}, "
            f"{m.get('wrk', 'wrk')}"
        )
        dirty = code.get("uncommitted")
        print(
            f"code: {code['rev']} (HEAD {code['head']}"
            + (f", commit {code['commit']}" if "commit" in code else "")
            + (f", {len(dirty)} uncommitted file(s)" if dirty else "")
            + f", sha256 of *.py {code['sha256_py']}), frozen for the whole run"
        )
        print("per-request logging: off for both endpoints (RAVIV_ACCESS_LOG=false)")
        for r in results:
            print_table(r, args)
    ok = all(r.target_holds and r.create_clean for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
