"""Real Chromium (Debian's) driven by Playwright against the app served on 127.0.0.1.

The browser tests are part of `make test`: a missing browser fails them with the command that
installs it (`.ci/run` does so on a bare machine; `make test` installs axe-core).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

# AXE and audit kept importable from here for tests written before tests/fixtures/ existed.
from ..fixtures.browser import AXE, CHROMIUM, CHROMIUM_ARGS, audit  # noqa: F401


def _missing(what: str, install: str) -> None:
    pytest.fail(f"{what} is missing: {install}")


def _closing(app: Callable[..., Iterable[bytes]]) -> Callable[..., list[bytes]]:
    """Every response body read and closed before the server sends it.

    Werkzeug's development server skips the body's `close()` when the browser goes away while the
    server drains the request (a page navigated away from while its favicon is sent); the open
    static file is then reported as a ResourceWarning in whichever test runs next. The app streams
    no response, so reading each body at once changes nothing a test sees; gunicorn, in production,
    closes bodies itself.
    """

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        body = app(environ, start_response)
        try:
            return list(body)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return wrapped


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, _closing(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def playwright_instance():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium ({CHROMIUM})", "apt-get install -y chromium fonts-noto-core")
    if not AXE.exists():
        _missing("axe-core (node_modules)", "npm ci")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):  # type: ignore[no-untyped-def]
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def laptop(browser):  # type: ignore[no-untyped-def]
    """A laptop-sized window, as staff use."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser, playwright_instance):  # type: ignore[no-untyped-def]
    """A Pixel 5, as many respondents have: small screen, touch."""
    context = browser.new_context(**playwright_instance.devices["Pixel 5"])
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def tablet(browser, playwright_instance):  # type: ignore[no-untyped-def]
    """A shared intake tablet's browser (the kiosk tests' device)."""
    context = browser.new_context(**playwright_instance.devices["Galaxy Tab S4"])
    page = context.new_page()
    yield page
    context.close()
