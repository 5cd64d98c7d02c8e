"""The password policy, in one place for the sign-in pages, the admin pages and the CLI.

A minimum length, and zxcvbn's estimate (it knows the common-password lists, names, keyboard walks
and the account's own email), so that "password1234" is refused even though it is long enough.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 200
MIN_SCORE = 3  # zxcvbn: 0 too guessable ... 4 very unguessable
# zxcvbn's matching grows fast with length; the first characters decide whether it is common.
_SCORED_PREFIX = 100

TOO_SHORT, TOO_LONG, TOO_COMMON = "too_short", "too_long", "too_common"
ENGLISH = {
    TOO_SHORT: f"the password needs at least {MIN_LENGTH} characters",
    TOO_LONG: f"the password may have at most {MAX_LENGTH} characters",
    TOO_COMMON: "this password is too common or too easy to guess; choose a longer, unusual one",
}


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why this password is refused (one of TOO_SHORT, TOO_LONG, TOO_COMMON), or None."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    inputs = [part for part in (email, email.split("@")[0], name) if part]
    if zxcvbn(password[:_SCORED_PREFIX], user_inputs=inputs)["score"] < MIN_SCORE:
        return TOO_COMMON
    return None
