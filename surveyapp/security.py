"""Response headers every page gets: a strict Content-Security-Policy, no framing, no sniffing,
no caching of pages that may hold personal data, HSTS in production.

The CSP allows scripts and styles from this site's own files only: templates have no inline
<script> or style= attributes (the kiosk's survey data is a JSON data block, which CSP does not run),
and the SVG charts draw with presentation attributes and CSS classes, which style-src does not govern.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        # A survey's audio and video (surveyapp/media.py).
        "media-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        # Staff pages hold one-click POST buttons: no other site may frame them (clickjacking).
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Survey links carry their token in the path: never send it to another site. Same-origin
    # referrers stay, because Flask-WTF checks the Referer of HTTPS form posts.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    # A geopoint's "Use my location" asks this site's own pages for the position; no frame may.
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(self), payment=()",
}

# Static files and a survey's media (addressed by their digest) are the same for everyone and may
# be cached; everything else may carry personal data
# (answers, rosters, contact details) and is never stored by a browser or proxy. A view's own
# "no-cache" (send_file's default, the kiosk's service worker) still lets a copy be stored, so it
# becomes no-store too.
CACHEABLE_ENDPOINTS = frozenset({"static", "media.media_file"})


def add_security_headers(response: Response) -> Response:
    """The after_request hook: one place for every header above."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint not in CACHEABLE_ENDPOINTS and not response.cache_control.no_store:
        response.headers["Cache-Control"] = "no-store"
    hsts = current_app.config.get("HSTS_SECONDS", 0)
    if current_app.config.get("ENV") == "production" and hsts:
        response.headers["Strict-Transport-Security"] = f"max-age={int(hsts)}; includeSubDomains"
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
