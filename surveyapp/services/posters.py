"""QR posters: the public address of a page, its QR code (segno) as inline SVG or a file to download."""

from __future__ import annotations

import io
import ipaddress
from typing import Any
from urllib.parse import urlsplit

import segno
from flask import current_app, request, url_for

# Names that only this machine or its own network resolve.
LOCAL_SUFFIXES = (".localhost", ".local", ".lan", ".internal", ".home.arpa")


def public_url(endpoint: str, **values: Any) -> str:
    """The address people reach (PUBLIC_URL behind a proxy, else this request's host)."""
    base = current_app.config["PUBLIC_URL"] or request.host_url.rstrip("/")
    return base + url_for(endpoint, **values)


def unreachable_host(link: str) -> str | None:
    """The host of a poster's link when phones elsewhere cannot reach it: no PUBLIC_URL is set and the
    page was opened at a loopback, private or link-local address (or a name of the local network)."""
    if current_app.config["PUBLIC_URL"]:
        return None
    host = (urlsplit(link).hostname or "").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        local = host == "localhost" or "." not in host or host.endswith(LOCAL_SUFFIXES)
        return host if local else None
    return None if address.is_global else host


def qr_svg(link: str, title: str) -> str:
    """Inline SVG that scales with CSS; segno escapes the title."""
    return segno.make(link, error="m").svg_inline(border=2, omitsize=True, title=title)


def qr_file(link: str, kind: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind=kind, scale=12 if kind == "png" else 10, border=4)
    buffer.seek(0)
    return buffer
