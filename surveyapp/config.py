"""Configuration from the environment: the one place that reads os.environ.

The same code runs on the embedded SQLite default and on PostgreSQL; only DATABASE_URL changes.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SECRET = "dev-only-insecure-secret"  # noqa: S105 - refused in production, see check()
MIN_SECRET_BYTES = 32


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings read once at start-up; a test passes overrides to create_app instead."""

    def __init__(self, instance_path: str) -> None:
        sqlite_path = Path(instance_path) / "surveyapp.sqlite3"
        self.ENV = os.environ.get("SURVEYAPP_ENV", "development").strip().lower()
        self.SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET)
        self.DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{sqlite_path}")
        self.BABEL_DEFAULT_LOCALE = os.environ.get("DEFAULT_LANGUAGE", "en")
        self.BABEL_TRANSLATION_DIRECTORIES = os.environ.get(
            "TRANSLATIONS_DIR", str(Path(__file__).resolve().parent.parent / "translations")
        )
        # How long a save-and-resume code stays valid.
        self.RESUME_DAYS = _int("RESUME_DAYS", 14)
        # Longest free-text answer kept; longer answers are kept on the page and the person is told.
        self.TEXT_MAX_LENGTH = _int("TEXT_MAX_LENGTH", 2000)
        # No survey page needs more; a larger body gets a clear 413 page.
        self.MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 1024 * 1024)
        # The largest file a survey's file question takes (a survey page with files may post
        # MAX_CONTENT_LENGTH plus four times this: public/uploads.py).
        self.UPLOAD_MAX_BYTES = _int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", self.ENV == "production")
        self.PERMANENT_SESSION_LIFETIME = _int("SESSION_LIFETIME_SECONDS", 8 * 3600)
        # A respondent may keep a page open for a long time; the token lives as long as the session.
        self.WTF_CSRF_TIME_LIMIT = None
        # Every message a person sees is ours, in surveyapp's catalogues; WTForms' own are not used.
        self.WTF_I18N_ENABLED = False
        self.DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD")
        # Focus-group sign-ups (names, contact details) are deleted this many days after the session.
        self.INTAKE_PURGE_DAYS = _int("INTAKE_PURGE_DAYS", 30)
        # The partners' local time zone: "today" in counts, dates on posters.
        self.TIMEZONE = os.environ.get("TIMEZONE", "UTC")
        # The region a phone number without a country code belongs to (ISO 3166 code, e.g. US, CA, KE).
        self.PHONE_REGION = os.environ.get("PHONE_REGION", "US").upper()
        # The address people reach the app at (for QR posters), e.g. https://survey.example.org;
        # empty: the address of the request.
        self.PUBLIC_URL = os.environ.get("PUBLIC_URL", "").rstrip("/")
        self.PORT = _int("PORT", 8000)
        # Dashboard tables and exports hide counts below this (small cells can identify people).
        self.SMALL_CELL_MIN = max(2, _int("SMALL_CELL_MIN", 10))
        # A kiosk outbox may still deliver responses this long after their channel closed.
        self.OUTBOX_GRACE_HOURS = _int("OUTBOX_GRACE_HOURS", 72)
        # Admins and analysts must sign in with a TOTP code as well as their password.
        self.REQUIRE_2FA = _bool("REQUIRE_2FA", False)
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are believed (0: none).
        self.TRUSTED_PROXIES = max(0, _int("TRUSTED_PROXIES", 0))
        # How long a request waits for a database lock (SQLite busy timeout, PostgreSQL lock_timeout).
        self.DATABASE_LOCK_TIMEOUT_MS = _int("DATABASE_LOCK_TIMEOUT_MS", 5000)
        # How long a request waits to connect to PostgreSQL before the "try again" page.
        self.DATABASE_CONNECT_TIMEOUT = _int("DATABASE_CONNECT_TIMEOUT", 5)
        # /healthz answers within about this long, database reachable or not.
        self.HEALTHZ_TIMEOUT_MS = _int("HEALTHZ_TIMEOUT_MS", 1000)
        # Strict-Transport-Security max-age sent in production (0: not sent).
        self.HSTS_SECONDS = _int("HSTS_SECONDS", 31536000)
        # Longest text accepted in one form field or query value (survey answers have their own limit).
        self.FIELD_MAX_LENGTH = _int("FIELD_MAX_LENGTH", 100_000)

    def check(self) -> None:
        """Refuse a region no phone number belongs to, and to run production with a secret anyone can
        read in the source, or guess."""
        import phonenumbers

        if self.PHONE_REGION not in phonenumbers.SUPPORTED_REGIONS:
            raise RuntimeError(
                f"PHONE_REGION={self.PHONE_REGION} is not a region code such as US, CA "
                "or KE (ISO 3166-1 alpha-2)."
            )
        if self.ENV != "production":
            return
        if self.SECRET_KEY in ("", DEFAULT_SECRET):
            raise RuntimeError("SECRET_KEY must be set in production (SURVEYAPP_ENV=production).")
        if len(self.SECRET_KEY.encode()) < MIN_SECRET_BYTES:
            raise RuntimeError(
                f"SECRET_KEY must have at least {MIN_SECRET_BYTES} bytes in production "
                "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )


def test_database_url() -> str | None:
    """The database the test suite runs against (PostgreSQL in CI), if any."""
    return os.environ.get("TEST_DATABASE_URL")
