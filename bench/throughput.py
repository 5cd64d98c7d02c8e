"""Requests per second and p99 latency under gunicorn (2 workers) and wrk, beside a hello-world app.

    .venv/bin/python bench/throughput.py [--seconds 10] [--connections 16]

Measures, in one run: (a) a hello-world Flask endpoint, (b) a survey page, (c) a page submission
that writes a new response; prints (b)/(a) and (c)/(a), and checks that the stored responses equal
the acknowledged ones. Beside them, the stack's floor for (b) and (c) (bench/hello.py: the same
extensions, CSRF token and session, one SELECT or one committed INSERT, nothing else), so that the
figures say what the app's own work costs. Uses a throwaway SQLite database (or DATABASE_URL if
set). Loopback only.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A port the OS picks, so that runs of this bench (and other servers) never collide."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(app: str, port: int, env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", app],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)  # noqa: S310
            return process
        except urllib.error.HTTPError:
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{app} did not start")


def wrk(
    url: str, seconds: int, connections: int, script: Path | None = None, env: dict[str, str] | None = None
) -> dict[str, float]:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        args[1:1] = ["-s", str(script)]
    out = subprocess.run(args, capture_output=True, text=True, env=env, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99[2]]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    ack = re.search(r"ACKNOWLEDGED (\d+)", out)
    return {
        "rps": rps,
        "p99_ms": float(p99[1]) * scale,
        "errors": float(errors[1]) if errors else 0.0,
        "acknowledged": float(ack[1]) if ack else 0.0,
    }


def interleaved(
    runs: list[Callable[[int], dict[str, float]]], seconds: int, slices: int
) -> list[dict[str, float]]:
    """Each run for `seconds` in total, in `slices` turns; rates averaged, the p99 the slices'
    median, errors and acknowledgements summed."""
    length = max(1, seconds // slices)
    results: list[list[dict[str, float]]] = [[] for _ in runs]
    for _ in range(slices):
        for run, rows in zip(runs, results, strict=True):
            rows.append(run(length))
    return [
        {
            "rps": statistics.mean(r["rps"] for r in rows),
            "p99_ms": statistics.median(r["p99_ms"] for r in rows),
            "errors": sum(r["errors"] for r in rows),
            "acknowledged": sum(r["acknowledged"] for r in rows),
        }
        for rows in results
    ]


def session_for_submit(url: str) -> tuple[str, str]:
    """A session cookie and its CSRF token, as a browser would hold after opening the page."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(url).read().decode()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html)[1]
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, csrf


_runs = iter(range(1, 1000))


def submit_script(workdir: Path, name: str, url: str, path: str) -> Path:
    """A wrk script posting new response ids, none of which an earlier script of this run used."""
    cookie, csrf = session_for_submit(url)
    run = next(_runs)
    script = workdir / f"{name}-{run}.lua"
    script.write_text(
        f'cookie = "{cookie}"\ncsrf = "{csrf}"\npath = "{path}"\nrun = {run}\n'
        + (ROOT / "bench" / "submit.lua").read_text()
    )
    return script


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--slices",
        type=int,
        default=5,
        help="each endpoint's seconds are split in this many slices, run in turn",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    workdir = Path(tempfile.mkdtemp(prefix="surveyapp-bench-"))
    database = workdir / "bench.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{database}"),
        "SECRET_KEY": "bench-secret",
        "PYTHONPATH": str(ROOT),
    }
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    hello_env = {**env, "PYTHONPATH": f"{ROOT / 'bench'}{os.pathsep}{ROOT}"}
    subprocess.run(
        [sys.executable, "-c", "import hello; hello.create_table()"],
        cwd=ROOT / "bench",
        env=hello_env,
        check=True,
    )
    hello_port, app_port = free_port(), free_port()
    hello = serve("hello:app", hello_port, hello_env, ROOT / "bench")
    app = serve("wsgi:app", app_port, env, ROOT)
    try:
        floor, base = f"http://127.0.0.1:{hello_port}", f"http://127.0.0.1:{app_port}"
        for url in (f"{floor}/", f"{base}/s/demo?lang=es"):
            wrk(url, 2, args.connections)  # warm-up
        before = count_responses(env["DATABASE_URL"])
        # Each figure and its floor alternate in slices of the same length, so that the machine's
        # load, which drifts on a shared host, weighs the same on both sides of a ratio.
        a, floor_b, hooked_b, b, floor_c, c = interleaved(
            [
                lambda s: wrk(f"{floor}/", s, args.connections),
                lambda s: wrk(f"{floor}/floor/page?lang=es", s, args.connections),
                lambda s: wrk(f"{floor}/hooked/floor/page?lang=es", s, args.connections),
                lambda s: wrk(f"{base}/s/demo/p/0?lang=es", s, args.connections),
                lambda s: wrk(
                    f"{floor}/floor/submit",
                    s,
                    args.connections,
                    submit_script(workdir, "floor", f"{floor}/floor/page", "/floor/submit"),
                ),
                lambda s: wrk(
                    f"{base}/s/demo/p/0",
                    s,
                    args.connections,
                    submit_script(workdir, "submit", f"{base}/s/demo", "/s/demo/p/0"),
                ),
            ],
            args.seconds,
            args.slices,
        )
        stored = count_responses(env["DATABASE_URL"]) - before
    finally:
        for process in (hello, app):
            process.send_signal(signal.SIGTERM)
            process.wait()
    print(
        f"gunicorn 2 workers, wrk 2 threads, {args.connections} connections, {args.seconds} s each "
        f"in {args.slices} slices taken in turn; load average {os.getloadavg()[0]:.2f}"
    )
    print(f"{'endpoint':38} {'req/s':>9} {'p99 ms':>9} {'ratio':>7}")
    for name, row in (
        ("(a) hello world", a),
        ("    stack floor of a page", floor_b),
        ("    the floor + the project's guard, headers", hooked_b),
        ("(b) survey page GET", b),
        ("    stack floor of a save", floor_c),
        ("(c) page submit + database write", c),
    ):
        print(f"{name:38} {row['rps']:9.0f} {row['p99_ms']:9.1f} {row['rps'] / a['rps']:7.2f}")
    print(
        f"(b)/(a) = {b['rps'] / a['rps']:.2f} (aim >= 0.50; the stack's floor "
        f"{floor_b['rps'] / a['rps']:.2f}, the page at {b['rps'] / floor_b['rps']:.2f} of it); "
        f"(c)/(a) = {c['rps'] / a['rps']:.2f} (aim >= 0.25; the stack's floor "
        f"{floor_c['rps'] / a['rps']:.2f}, the save at {c['rps'] / floor_c['rps']:.2f} of it)"
    )
    print(
        f"the floor with the project's guard and security headers: "
        f"{hooked_b['rps'] / floor_b['rps']:.2f} of the floor of a page (the most a page can reach "
        "while keeping those promises)"
    )
    in_flight = stored - int(c["acknowledged"])
    verdict = (
        "EQUAL"
        if in_flight == 0
        else f"{in_flight} stored but cut off by wrk's stop before their reply (at most one per connection "
        "and slice; a real client retries and gets the same acknowledgement)"
        if 0 < in_flight <= args.connections * args.slices
        else "MISMATCH"
    )
    print(
        f"submissions acknowledged: {c['acknowledged']:.0f}; responses stored: {stored}; "
        f"errors: {c['errors']:.0f}; {verdict}"
    )
    shutil.rmtree(workdir, ignore_errors=True)


def count_responses(url: str) -> int:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return connection.execute("SELECT count(*) FROM responses").fetchone()[0]
    from sqlalchemy import create_engine, text

    with create_engine(url).connect() as connection:
        return connection.execute(text("SELECT count(*) FROM responses")).scalar_one()


if __name__ == "__main__":
    main()
