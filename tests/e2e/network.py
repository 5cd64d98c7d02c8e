"""The tablet's network cut and restored, for the page and its service worker alike.

Playwright's `set_offline` can miss a service worker's traffic and a post that falls through it,
so every request is also aborted as a lost connection would abort it.
"""

from __future__ import annotations


def offline(page, on: bool) -> None:  # type: ignore[no-untyped-def]
    if on:
        page.context.set_offline(True)
        page.context.route("**/*", lambda route: route.abort("internetdisconnected"))
    else:
        page.context.unroute("**/*")
        page.context.set_offline(False)
