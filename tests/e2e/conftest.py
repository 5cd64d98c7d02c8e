"""Real Chromium (Debian's) driven by Playwright against the app served on 127.0.0.1.

The browser tests are part of `make test`: a missing browser fails them with the command that
installs it (`.ci/run` does so on a bare machine; `make test` installs axe-core).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

# AXE and audit kept importable from here for tests written before tests/fixtures/ existed.
from ..fixtures.browser import AXE, CHROMIUM, CHROMIUM_ARGS, audit  # noqa: F401


def _missing(what: str, install: str) -> None:
    pytest.fail(f"{what} is missing: {install}")


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
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
