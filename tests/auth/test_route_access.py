"""Every route, every role: the expected answer, so that a new route cannot forget its role check.

The table is per blueprint; a blueprint missing from it fails the test until someone decides who may
use it. Roles: anonymous, the four staff roles, and a tablet in kiosk mode.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import Channel, FocusGroup, Partner, Survey, User
from surveyapp.services.users import create_user

from ..fixtures.staff import PASSWORD, csrf_of

OPEN, LOGIN, FORBIDDEN, TO_KIOSK = "open", "login", "forbidden", "to kiosk start"
STAFF = ("admin", "analyst", "liaison", "facilitator")
ROLES = ("anonymous", *STAFF, "kiosk")


def staff_area(*allowed: str) -> dict[str, str]:
    return {"anonymous": LOGIN, **{r: OPEN if r in allowed else FORBIDDEN for r in STAFF}, "kiosk": TO_KIOSK}


EVERYONE_BUT_KIOSK = {**{r: OPEN for r in ROLES}, "kiosk": TO_KIOSK}
ACCESS: dict[str, dict[str, str]] = {
    "public": EVERYONE_BUT_KIOSK,
    "groups": EVERYONE_BUT_KIOSK,
    "auth": EVERYONE_BUT_KIOSK,
    # A person's own account pages: any signed-in staff member.
    "auth-account": {"anonymous": LOGIN, **{r: OPEN for r in STAFF}, "kiosk": TO_KIOSK},
    "system": {r: OPEN for r in ROLES},
    # A survey's media, by digest: the pages that show them are public, kiosk pages included.
    "media": {r: OPEN for r in ROLES},
    "admin": staff_area("admin"),
    "partner": staff_area("admin", "liaison"),
    "team_groups": staff_area("admin", "facilitator"),
    "team": staff_area("admin", "analyst"),
    "assisted": staff_area("admin", "liaison"),
    # Kiosk pages: the start screen (with its unlock form) is open; the rest needs an unlocked tablet.
    "kiosk": {**{r: TO_KIOSK for r in ROLES}, "kiosk": OPEN},
    "kiosk-unlock": {r: OPEN for r in ROLES},
    # Calls of the kiosk page's script: a reason (403) for any browser that is not an unlocked tablet.
    "kiosk-call": {**{r: FORBIDDEN for r in ROLES}, "kiosk": OPEN},
}
KIOSK_UNLOCK = {"kiosk.start", "kiosk.unlock", "kiosk.receive", "kiosk.service_worker"}
KIOSK_CALLS = {"kiosk.touch"}
SIGN_IN = {"auth.login", "auth.login_code", "auth.logout"}
# Routes that end the browser's session: it signs in again before the walk goes on.
SIGNS_OUT = {"auth.logout", "auth.sign_out_everywhere"}


@pytest.fixture
def browsers(demo: Session, sign_in: Callable[..., FlaskClient], app: Flask) -> dict[str, FlaskClient]:
    clients = {"anonymous": app.test_client()}
    for role in STAFF:
        clients[role] = sign_in(f"{role}@demo.test")
    tablet = sign_in("liaison@demo.test")
    page = tablet.get("/k/demo-kiosk")
    unlocked = tablet.post(
        "/k/demo-kiosk/unlock",
        data={"csrf_token": csrf_of(page), "email": "liaison@demo.test", "password": PASSWORD, "pin": "2468"},
    )
    assert unlocked.status_code == 302
    clients["kiosk"] = tablet
    # The account the admin pages act on in the walk (deactivate, reset), not one of the walkers.
    create_user(demo, "walk-target@demo.test", "analyst", PASSWORD)
    demo.commit()
    return clients


def _arguments(db: Session, blueprint: str) -> dict[str, object]:
    link = db.scalar(select(Channel).where(Channel.token == "demo"))
    group = db.scalar(select(FocusGroup).where(FocusGroup.token == "demo-group"))
    partner = db.scalar(select(Partner).where(Partner.slug == "demo-partner"))
    assert link is not None
    assert partner is not None
    tokens = {"public": "demo", "kiosk": "demo-kiosk", "assisted": "demo-paper", "groups": "demo-group"}
    return {
        "token": tokens.get(blueprint, "demo"),
        "index": 0,
        "channel_id": link.id,
        "partner_id": partner.id,
        "slug": partner.slug,
        "kind": "svg",
        "secret": "not-a-sign-up-link",
        "group_id": group.id,
        "signup_id": 1,
        "fmt": "csv",
        "group_token": "demo-group",
        "theme_id": "childcare",
        "category_id": "childcare",
        "number": 1,
        "run_id": 1,
        "name": "cities.csv",
        "response_id": "00000000-0000-4000-8000-000000000000",
        "file_name": "1.jpg",
        "digest": "0" * 32,
        "user_id": db.scalar(select(User.id).where(User.email == "walk-target@demo.test")),
        "version_id": db.scalar(select(Survey.current_version_id).where(Survey.slug == "barriers")),
    }


def _token_for_post(client: FlaskClient) -> str:
    page = client.get("/r")
    if page.status_code == 302:
        page = client.get(page.headers["Location"])
    return csrf_of(page)


def _outcome(status: int, location: str) -> str:
    if status == 403:
        return FORBIDDEN
    if status == 302 and location.startswith("/login?next="):
        return LOGIN
    if status == 302 and location.rstrip("/").endswith("/k/demo-kiosk"):
        return TO_KIOSK
    assert status < 500
    return OPEN


def test_every_route_answers_each_role_as_the_table_says(
    app: Flask, demo: Session, browsers: dict[str, FlaskClient]
) -> None:
    checked = 0
    wrong = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        blueprint = rule.endpoint.split(".")[0]
        table = (
            "kiosk-unlock"
            if rule.endpoint in KIOSK_UNLOCK
            else "kiosk-call"
            if rule.endpoint in KIOSK_CALLS
            else "auth-account"
            if blueprint == "auth" and rule.endpoint not in SIGN_IN
            else blueprint
        )
        assert table in ACCESS, f"{rule.rule}: blueprint {blueprint!r} has no row in ACCESS yet"
        path = rule.build(_arguments(demo, blueprint), append_unknown=False)[1]  # type: ignore[index]
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            for role, client in browsers.items():
                if method == "GET":
                    answer = client.get(path)
                else:
                    answer = client.post(path, data={"csrf_token": _token_for_post(client)})
                got = _outcome(answer.status_code, answer.headers.get("Location", ""))
                answer.close()
                if rule.endpoint == "auth.logout" and role != "kiosk":
                    got = OPEN if answer.status_code == 302 else got  # logout sends everyone to /login
                if rule.endpoint in SIGNS_OUT and role != "kiosk":
                    if role != "anonymous":
                        browsers[role] = _signed_in_again(app, role)
                if got != ACCESS[table][role]:
                    wrong.append(
                        f"{method} {path} as {role}: {got} ({answer.status_code}), "
                        f"expected {ACCESS[table][role]}"
                    )
                checked += 1
    assert not wrong, "\n".join(wrong)
    assert checked > 200


def _signed_in_again(app: Flask, role: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/login")
    client.post(
        "/login", data={"csrf_token": csrf_of(page), "email": f"{role}@demo.test", "password": PASSWORD}
    )
    return client
