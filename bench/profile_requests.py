"""Where a survey page GET and a page save spend their time, beside the stack's floor (bench/hello.py).

    .venv/bin/python bench/profile_requests.py [--requests 2000] [--top 25]

Runs both apps in this process (no server: what a gunicorn worker runs for one request) on a
throwaway SQLite database (or DATABASE_URL), after a warm-up, under cProfile; prints the time per
request of each kind, then the time grouped by package (own time of each function), so that what the
app adds beyond the floor shows by where it is spent, then the functions with the most own time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HIDDEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def prepare(database_url: str) -> None:
    import subprocess

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-secret",
        "DEMO_PASSWORD": "bench-demo-password",
        "PYTHONPATH": str(ROOT),
    }
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo"], cwd=ROOT, env=env, check=True, capture_output=True)


def group_of(filename: str) -> str:
    """The package a function lives in (site-packages name, our module path, or the stdlib)."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if str(ROOT) in filename:
        parts = Path(filename).relative_to(ROOT).with_suffix("").parts
        return ".".join(parts[:2]) if parts[0] == "surveyapp" else ".".join(parts[:1])
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins"
    return "stdlib"


def profile(name: str, action: Callable[[], object], n: int, top: int) -> float:
    for _ in range(50):
        action()
    start = time.perf_counter()
    for _ in range(n):
        action()
    plain = (time.perf_counter() - start) / n
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        action()
    profiler.disable()
    stats = pstats.Stats(profiler)
    groups: dict[str, float] = defaultdict(float)
    rows = []
    for (filename, line, function), (_cc, calls, own, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        groups[group_of(filename)] += own
        rows.append((own, calls, f"{group_of(filename)}:{Path(filename).name}:{line}({function})"))
    total = sum(groups.values())
    calls_total = sum(calls for _own, calls, _label in rows)
    print(
        f"\n== {name}: {plain * 1000:.3f} ms a request without the profiler; "
        f"{total / n * 1000:.3f} ms under it; {calls_total / n:.0f} function calls a request "
        "(the measure that does not move with the machine's load)"
    )
    for group, own in sorted(groups.items(), key=lambda item: -item[1])[:12]:
        print(f"   {own / n * 1000:7.3f} ms {own / total:6.1%}  {group}")
    print("   functions with the most own time (ms a request, calls a request):")
    for own, calls, label in sorted(rows, reverse=True)[:top]:
        print(f"   {own / n * 1000:7.3f} {calls / n:7.1f}  {label}")
    return plain


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="surveyapp-profile-"))
    url = os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'profile.sqlite3'}")
    prepare(url)
    os.environ.update({"DATABASE_URL": url, "SECRET_KEY": "bench-secret"})
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import hello

    import wsgi

    hello.create_table()
    floor_client, app_client = hello.app.test_client(), wsgi.app.test_client()
    floor_token = HIDDEN.search(floor_client.get("/floor/page?lang=es").get_data(as_text=True))[1]
    app_token = HIDDEN.search(app_client.get("/s/demo?lang=es").get_data(as_text=True))[1]

    def floor_save() -> object:
        return floor_client.post(
            "/floor/submit", data={"csrf_token": floor_token, "rid": str(uuid.uuid4()), "q_consent": "OK"}
        )

    hooked_client = hello.hooked.test_client()
    hooked_token = HIDDEN.search(hooked_client.get("/floor/page?lang=es").get_data(as_text=True))[1]

    def hooked_save() -> object:
        return hooked_client.post(
            "/floor/submit", data={"csrf_token": hooked_token, "rid": str(uuid.uuid4()), "q_consent": "OK"}
        )

    def app_save() -> object:
        return app_client.post(
            "/s/demo/p/0",
            data={"csrf_token": app_token, "rid": str(uuid.uuid4()), "q_consent": "OK", "action": "next"},
        )

    page_client = wsgi.app.test_client()
    results = {
        "stack floor of a page": profile(
            "stack floor of a page", lambda: floor_client.get("/floor/page?lang=es"), args.requests, args.top
        ),
        "hooked floor of a page": profile(
            "stack floor of a page with the project's guard and security headers",
            lambda: hooked_client.get("/floor/page?lang=es"),
            args.requests,
            args.top,
        ),
        "survey page GET": profile(
            "survey page GET (/s/demo/p/0?lang=es, a newcomer)",
            lambda: page_client.get("/s/demo/p/0?lang=es"),
            args.requests,
            args.top,
        ),
        "stack floor of a save": profile("stack floor of a save", floor_save, args.requests, args.top),
        "hooked floor of a save": profile(
            "stack floor of a save with the project's guard and security headers",
            hooked_save,
            args.requests,
            args.top,
        ),
        "page save": profile("page save (/s/demo/p/0, a new response)", app_save, args.requests, args.top),
    }
    print("\nms a request, in this process (no server):")
    for name, seconds in results.items():
        print(f"  {name:24} {seconds * 1000:7.3f}")
    print(
        f"  page / floor: {results['stack floor of a page'] / results['survey page GET']:.2f}; "
        f"save / floor: {results['stack floor of a save'] / results['page save']:.2f} "
        "(as throughput ratios)"
    )
    page_hooked = results["stack floor of a page"] / results["hooked floor of a page"]
    save_hooked = results["stack floor of a save"] / results["hooked floor of a save"]
    print(
        f"  the floor with the project's guard and security headers, as a share of the floor "
        f"(the most the app can reach while keeping those promises): page {page_hooked:.2f}; "
        f"save {save_hooked:.2f}"
    )


if __name__ == "__main__":
    main()
