"""Complete survey submissions per second while gunicorn workers are SIGKILLed, and exactly once.

    .venv/bin/python bench/load_with_kills.py [--rate 50] [--seconds 60] [--kill-every 5]
        [--workers 5] [--clients 48] [--database-url postgresql+psycopg://...] [--no-preload-run]
        [--no-floor-run]

Starts gunicorn with the production settings (gunicorn.conf.py) on 127.0.0.1 and a port the OS
picks, against a PostgreSQL database of its own (`bench_kills`, created if missing, emptied each
run), loads the demo, then drives complete submissions of the demo survey as browsers do: every page
opened (GET with the session cookie) and saved (POST with its CSRF token and response id), the
review page, the final submit. A submission is acknowledged when its submit is answered with the
redirect to the thanks page. Submissions start at the target rate (open loop) for the given seconds,
first without kills, then with one worker, picked at random among the master's children, SIGKILLed
every `--kill-every` seconds; then again with the app not preloaded, for comparison. A client whose
request fails (connection reset by the killed worker, a 5xx) sends the same request again, with the
same response id, as a person pressing the button again would.

After each phase the database is checked: every acknowledged id is stored once, complete, with the
answers its client sent; ids stored complete whose client never saw the thanks page are listed.
Last, the same client drives the same 17 requests a submission on the stack's floor (bench/hello.py)
at the same target rate: what the stack and the machine carry at most, beside the app's figures.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_kills"
TOKEN = "demo"

# One answer set for the demo survey, page by page (every page applies once consent is given).
PAGES: list[dict[str, str | list[str]]] = [
    {"consent": "OK"},
    {"goal_type": "job", "goal": "A steady job as a nurse's aide"},
    {"barriers": ["transportation", "childcare"]},
    {"hardest": "The bus does not run at night", "help_most": "Evening classes with childcare"},
    {"strengths": "I speak three languages", "languages": ["english", "spanish"]},
    {"focus_group_interest": "maybe"},
    {
        "age_band": "25_34",
        "gender": "woman",
        "race_ethnicity": ["hispanic_latino"],
        "income_band": "15k_30k",
        "household_size": "4",
        "zip_code": "55104",
        "employment": "part_time",
        "education": "secondary",
    },
]
EXPECTED = {
    name: " ".join(value) if isinstance(value, list) else value
    for page in PAGES
    for name, value in page.items()
}
HIDDEN = re.compile(r'<input type="hidden" name="(csrf_token|rid)" value="([^"]*)">')
ACTION = re.compile(r'<form method="post" action="([^"]+)"')
RETRIES = 20


# --- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare_database(url: str, env: dict[str, str]) -> None:
    """Create the database if missing, empty it, build the schema and load the demo."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        ).first()
        if exists is None:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo"], cwd=ROOT, env=env, check=True, capture_output=True)


class Server:
    """gunicorn with gunicorn.conf.py (optionally without preloading), its log read as it grows."""

    def __init__(
        self,
        port: int,
        env: dict[str, str],
        workers: int,
        preload: bool,
        workdir: Path,
        app: str = "wsgi:app",
        cwd: Path = ROOT,
    ) -> None:
        config = ROOT / "gunicorn.conf.py"
        if not preload:
            config = workdir / "no_preload.conf.py"
            config.write_text(f"exec(open({str(ROOT / 'gunicorn.conf.py')!r}).read())\npreload_app = False\n")
        self.log_path = workdir / f"gunicorn-{port}.log"
        self.port = port
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                str(config),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "/dev/null",
                "--error-logfile",
                str(self.log_path),
                app,
            ],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.workers = workers
        deadline = time.monotonic() + 120
        while len(self.ready_pids()) < workers:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"gunicorn did not start; see {self.log_path}")
            time.sleep(0.1)

    def ready_pids(self) -> list[int]:
        """Workers that logged "Worker ready" (gunicorn.conf.py's post_worker_init), in order."""
        log = self.log_path.read_text() if self.log_path.exists() else ""
        return [int(pid) for pid in re.findall(r"Worker ready \(pid: (\d+)\)", log)]

    def worker_pids(self) -> list[int]:
        """The master's children, from /proc."""
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Killer(threading.Thread):
    """SIGKILLs a random worker every `every` seconds, on schedule whatever the workers are doing;
    records how long each replacement took from its kill to logging that it is ready to serve
    (replacements are matched to kills in order)."""

    def __init__(self, server: Server, every: float, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.server, self.every, self.stop_event = server, every, stop
        self.kills = 0
        self.replacement_seconds: list[float] = []
        self.unreplaced = 0

    def run(self) -> None:
        started = time.monotonic()
        known = set(self.server.ready_pids())
        pending: list[float] = []  # kill times whose replacement has not logged "ready" yet
        while not self.stop_event.wait(0.01):
            now = time.monotonic()
            if now >= started + (self.kills + 1) * self.every:
                os.kill(random.choice(self.server.worker_pids()), signal.SIGKILL)
                pending.append(now)
                self.kills += 1
            ready = set(self.server.ready_pids())
            for _ in ready - known:
                if pending:
                    self.replacement_seconds.append(time.monotonic() - pending.pop(0))
            known = ready
        self.unreplaced = len(pending)


# --- a browser ------------------------------------------------------------------------------------


class Failed(Exception):
    """A request that kept failing after every retry."""


@dataclass
class Outcome:
    response_id: str | None = None
    acknowledged: bool = False
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


class Browser:
    """One person's browser: a session cookie, a connection, and the retry of a failed request."""

    def __init__(self, port: int, outcome: Outcome) -> None:
        self.port = port
        self.cookie = ""
        self.outcome = outcome
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        """(status, Location, body); a dropped connection or a 5xx is retried as it was sent."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(RETRIES):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                reply = self.connection.getresponse()
                data = reply.read().decode()
            except (OSError, http.client.HTTPException) as error:
                self.outcome.errors[type(error).__name__] += 1
                self.connection.close()
                time.sleep(0.05 * (attempt + 1))
                continue
            for name, value in reply.getheaders():
                if name.lower() == "set-cookie" and value.startswith("session="):
                    self.cookie = value.split(";", 1)[0]
            if reply.status >= 500:
                self.outcome.errors[f"HTTP {reply.status}"] += 1
                time.sleep(0.05 * (attempt + 1))
                continue
            if reply.getheader("Connection", "").lower() == "close":
                self.connection.close()
            return reply.status, urlsplit(reply.getheader("Location", "")).path, data
        raise Failed(f"{method} {path}")

    def close(self) -> None:
        self.connection.close()


def complete_one(port: int) -> Outcome:
    """Open the survey, answer every page, review, submit; follow redirects as a browser does."""
    outcome = Outcome()
    started = time.monotonic()
    browser = Browser(port, outcome)
    try:
        status, _, page = browser.request("GET", f"/s/{TOKEN}")
        for answers in PAGES:
            hidden = dict(HIDDEN.findall(page))
            outcome.response_id = hidden.get("rid", outcome.response_id)
            fields: list[tuple[str, str]] = [
                ("csrf_token", hidden.get("csrf_token", "")),
                ("rid", hidden.get("rid", "")),
                ("action", "next"),
            ]
            for name, value in answers.items():
                fields += [(f"q_{name}", v) for v in (value if isinstance(value, list) else [value])]
            status, location, page = browser.request("POST", ACTION.search(page)[1], urlencode(fields))
            if status != 302:
                outcome.errors[f"page save answered {status}"] += 1
                return outcome
            status, _, page = browser.request("GET", location)
        hidden = dict(HIDDEN.findall(page))
        status, location, _ = browser.request("POST", ACTION.search(page)[1], urlencode(hidden))
        # 303 for the submit that stored it; a resend of a stored one is redirected there too.
        if status in (302, 303) and location.endswith("/thanks"):
            outcome.acknowledged = True
            browser.request("GET", location)
        else:
            outcome.errors[f"submit answered {status}"] += 1
    except Failed:
        outcome.errors["gave up after retries"] += 1
    except TypeError:
        outcome.errors["page without a form"] += 1
    finally:
        browser.close()
        outcome.seconds = time.monotonic() - started
    return outcome


def floor_one(port: int) -> Outcome:
    """The same 17 requests as a submission, on the stack's floor (bench/hello.py): 9 page GETs and
    8 saves, each save one committed INSERT with a new id; the most this stack and machine carry."""
    outcome = Outcome()
    started = time.monotonic()
    browser = Browser(port, outcome)
    try:
        _, _, page = browser.request("GET", "/floor/page")
        for _ in range(len(PAGES) + 1):
            hidden = dict(HIDDEN.findall(page))
            body = urlencode({**hidden, "q_consent": "OK"})
            status, location, _ = browser.request("POST", "/floor/submit", body)
            if status != 302:
                outcome.errors[f"floor save answered {status}"] += 1
                return outcome
            _, _, page = browser.request("GET", location)
        outcome.acknowledged = True
    except Failed:
        outcome.errors["gave up after retries"] += 1
    finally:
        browser.close()
        outcome.seconds = time.monotonic() - started
    return outcome


def schedule(rate: float, seconds: float) -> Iterator[float]:
    """Start times of the submissions, relative to the phase's start."""
    for i in range(int(rate * seconds)):
        yield i / rate


def drive(
    port: int, rate: float, seconds: float, clients: int, one: Callable[[int], Outcome] = complete_one
) -> tuple[list[Outcome], float, int]:
    """Start submissions at `rate` per second for `seconds`, each on the next free client; those
    still waiting for a client when the window closes are not started. Returns the outcomes, the
    seconds until the last started one finished, and how many were never started."""
    start = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        futures = []
        for at in schedule(rate, seconds):
            delay = start + at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(one, port))
        time.sleep(max(0.0, start + seconds - time.monotonic()))
        not_started = sum(future.cancel() for future in futures)
        outcomes = [future.result() for future in futures if not future.cancelled()]
    return outcomes, time.monotonic() - start, not_started


# --- the check ------------------------------------------------------------------------------------


@dataclass
class Check:
    acknowledged_ok: int = 0
    missing: list[str] = field(default_factory=list)
    incomplete_or_wrong: list[str] = field(default_factory=list)
    stored_not_acknowledged: list[str] = field(default_factory=list)
    duplicate_answers: int = 0

    @property
    def exactly_once(self) -> bool:
        return not (self.missing or self.incomplete_or_wrong or self.duplicate_answers)


def check(url: str, outcomes: list[Outcome]) -> Check:
    """Every acknowledged id stored once, complete, with the answers sent."""
    ids = [o.response_id for o in outcomes if o.response_id]
    acknowledged = {o.response_id for o in outcomes if o.acknowledged}
    result = Check()
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT r.id, r.status, count(r.id) OVER (PARTITION BY r.id) AS copies "
                "FROM responses r WHERE r.id = ANY(:ids)"
            ),
            {"ids": ids},
        ).all()
        answers: dict[str, dict[str, str]] = {}
        for rid, question, value in connection.execute(
            text("SELECT response_id, question, value FROM answers WHERE response_id = ANY(:ids)"),
            {"ids": ids},
        ):
            if question in answers.setdefault(rid, {}):
                result.duplicate_answers += 1
            answers[rid][question] = value
    engine.dispose()
    stored = {row.id: row for row in rows}
    for rid in acknowledged:
        row = stored.get(rid)
        if row is None:
            result.missing.append(rid)
        elif row.copies != 1 or row.status != "complete" or answers.get(rid) != EXPECTED:
            result.incomplete_or_wrong.append(rid)
        else:
            result.acknowledged_ok += 1
    result.stored_not_acknowledged = [
        rid for rid, row in stored.items() if row.status == "complete" and rid not in acknowledged
    ]
    return result


# --- the run --------------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    outcomes: list[Outcome]
    elapsed: float
    check: Check
    kills: int = 0
    replacement_seconds: list[float] = field(default_factory=list)
    not_started: int = 0
    unreplaced: int = 0

    @property
    def acknowledged(self) -> int:
        return sum(o.acknowledged for o in self.outcomes)

    @property
    def rate(self) -> float:
        return self.acknowledged / self.elapsed


def run_phase(name: str, server: Server, args: argparse.Namespace, kill: bool) -> Phase:
    stop = threading.Event()
    killer = Killer(server, args.kill_every, stop)
    if kill:
        killer.start()
    outcomes, elapsed, not_started = drive(server.port, args.rate, args.seconds, args.clients)
    stop.set()
    if kill:
        killer.join()
    phase = Phase(
        name,
        outcomes,
        elapsed,
        check(args.database_url, outcomes),
        killer.kills,
        killer.replacement_seconds,
        not_started,
        killer.unreplaced,
    )
    print(
        f"  {name}: {phase.acknowledged} acknowledged in {elapsed:.1f} s, {not_started} not "
        "started (no free client in time)",
        flush=True,
    )
    return phase


def report(args: argparse.Namespace, phases: list[Phase], load: tuple[float, float]) -> None:
    print(
        f"\ngunicorn -c gunicorn.conf.py, {args.workers} sync workers, PostgreSQL; "
        f"{args.clients} client threads; demo survey: 7 pages, review, submit "
        f"(17 requests a submission); load average before/after: {load[0]:.2f} / {load[1]:.2f}"
    )
    print(
        f"target: {args.rate:.0f} complete submissions/s for {args.seconds:.0f} s "
        f"({int(args.rate * args.seconds)} submissions a phase)"
    )
    print(
        f"{'phase':34} {'ack/s':>7} {'ratio':>6} {'acked':>6} {'kills':>6} "
        f"{'unsent':>6} {'p50 s':>6} {'p99 s':>6} {'replacement ready, s (median / max)':>44}"
    )
    base = phases[0].rate
    for phase in phases:
        seconds = sorted(o.seconds for o in phase.outcomes)
        ready = sorted(phase.replacement_seconds)
        ready_text = f"{ready[len(ready) // 2]:.3f} / {ready[-1]:.3f} ({len(ready)} seen)" if ready else "-"
        print(
            f"{phase.name:34} {phase.rate:7.1f} {phase.rate / base:6.2f} {phase.acknowledged:6d} "
            f"{phase.kills:6d} {phase.not_started:6d} {seconds[len(seconds) // 2]:6.2f} "
            f"{seconds[int(len(seconds) * 0.99)]:6.2f} {ready_text:>44}"
        )
    for phase in phases:
        errors = Counter[str]()
        for outcome in phase.outcomes:
            errors.update(outcome.errors)
        c = phase.check
        print(f"\n{phase.name}:")
        print(f"  errors by kind (each retried): {dict(errors) or 'none'}")
        print(
            f"  exactly once: {'YES' if c.exactly_once else 'NO'}: {c.acknowledged_ok} of "
            f"{phase.acknowledged} acknowledged ids stored once, complete, with the answers sent; "
            f"missing {len(c.missing)}, incomplete or different {len(c.incomplete_or_wrong)}, "
            f"duplicate answer rows {c.duplicate_answers}"
        )
        print(
            f"  stored complete but never acknowledged to their client: "
            f"{len(c.stored_not_acknowledged)} {c.stored_not_acknowledged[:5]}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--kill-every", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--clients", type=int, default=48)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument(
        "--no-preload-run",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also run the kill phase with the app not preloaded (default: yes)",
    )
    parser.add_argument(
        "--floor-run",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also drive the same requests on the stack's floor (default: yes)",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="surveyapp-kills-"))
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": "bench-secret",
        "DEMO_PASSWORD": "bench-demo-password",
        "PYTHONPATH": str(ROOT),
    }
    prepare_database(args.database_url, env)
    load_before = os.getloadavg()[0]
    phases = []
    server = Server(free_port(), env, args.workers, preload=True, workdir=workdir)
    try:
        drive(server.port, args.rate, 3, args.clients)  # warm-up: every worker renders its pages
        phases.append(run_phase("preloaded, no kills", server, args, kill=False))
        phases.append(run_phase(f"preloaded, SIGKILL every {args.kill_every:g} s", server, args, kill=True))
    finally:
        server.stop()
    if args.no_preload_run:
        server = Server(free_port(), env, args.workers, preload=False, workdir=workdir)
        try:
            drive(server.port, args.rate, 3, args.clients)
            phases.append(
                run_phase(f"not preloaded, SIGKILL every {args.kill_every:g} s", server, args, kill=True)
            )
        finally:
            server.stop()
    floor = run_floor(env, args, workdir) if args.floor_run else None
    report(args, phases, (load_before, os.getloadavg()[0]))
    if floor is not None:
        print(
            f"\nthe stack's floor (bench/hello.py, the same {args.workers} workers and client, "
            f"17 requests a submission, each save a committed INSERT): {floor.rate:.1f} "
            f"submissions/s at a target of {args.rate:.0f}; the app without kills is at "
            f"{phases[0].rate / floor.rate:.2f} of it"
        )


def run_floor(env: dict[str, str], args: argparse.Namespace, workdir: Path) -> Phase:
    """The floor's rate for the same requests, same workers, same client, same database."""
    bench = ROOT / "bench"
    floor_env = {**env, "PYTHONPATH": f"{bench}{os.pathsep}{ROOT}"}
    subprocess.run(
        [sys.executable, "-c", "import hello; hello.create_table()"], cwd=bench, env=floor_env, check=True
    )
    server = Server(
        free_port(), floor_env, args.workers, preload=False, workdir=workdir, app="hello:app", cwd=bench
    )
    try:
        drive(server.port, args.rate, 3, args.clients, floor_one)
        outcomes, elapsed, not_started = drive(server.port, args.rate, args.seconds, args.clients, floor_one)
    finally:
        server.stop()
    phase = Phase("the stack's floor", outcomes, elapsed, Check(), not_started=not_started)
    print(f"  the stack's floor: {phase.acknowledged} in {elapsed:.1f} s", flush=True)
    return phase


if __name__ == "__main__":
    main()
