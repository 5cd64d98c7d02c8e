"""Account lifecycle: an admin edits, deactivates and resets accounts; people change their own
password; the password policy is the same on every page and in the CLI."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from surveyapp.models import AuditEvent, Partner, PartnerTarget, User
from surveyapp.services.passwords import TOO_COMMON, TOO_SHORT, password_problem

from ..fixtures.staff import PASSWORD, csrf_of


def _user(db, email):  # type: ignore[no-untyped-def]
    db.expire_all()
    return db.scalar(select(User).where(User.email == email))


def test_an_admin_changes_role_and_partner_and_it_is_logged(demo, sign_in):
    admin = sign_in("admin@demo.test")
    target = _user(demo, "facilitator@demo.test")
    partner = demo.scalar(select(Partner).where(Partner.slug == "demo-partner"))
    page = admin.get(f"/admin/users/{target.id}")
    answer = admin.post(
        f"/admin/users/{target.id}",
        data={"csrf_token": csrf_of(page), "name": "Fac", "role": "liaison", "partner_id": partner.id},
    )
    assert answer.status_code == 303
    changed = _user(demo, "facilitator@demo.test")
    assert (changed.role, changed.partner_id, changed.name) == ("liaison", partner.id, "Fac")
    assert demo.scalar(select(AuditEvent).where(AuditEvent.action == "user.update")) is not None


def test_a_liaison_without_partner_is_refused_with_a_message(demo, sign_in):
    admin = sign_in("admin@demo.test")
    target = _user(demo, "analyst@demo.test")
    page = admin.get(f"/admin/users/{target.id}")
    answer = admin.post(
        f"/admin/users/{target.id}",
        data={"csrf_token": csrf_of(page), "name": "", "role": "liaison", "partner_id": 0},
    )
    assert answer.status_code == 422
    assert "A liaison belongs to a partner organization." in answer.get_data(as_text=True)


def test_an_admin_cannot_deactivate_or_demote_themselves(demo, sign_in):
    admin = sign_in("admin@demo.test")
    me = _user(demo, "admin@demo.test")
    page = admin.get(f"/admin/users/{me.id}")
    admin.post(f"/admin/users/{me.id}/active", data={"csrf_token": csrf_of(page), "active": "0"})
    answer = admin.post(
        f"/admin/users/{me.id}",
        data={"csrf_token": csrf_of(page), "name": "", "role": "analyst", "partner_id": 0},
    )
    assert answer.status_code == 422
    assert _user(demo, "admin@demo.test").is_active
    assert _user(demo, "admin@demo.test").role == "admin"


def test_a_deactivated_account_is_refused_and_can_be_reactivated(demo, sign_in, client):
    admin = sign_in("admin@demo.test")
    target = _user(demo, "analyst@demo.test")
    page = admin.get(f"/admin/users/{target.id}")
    admin.post(f"/admin/users/{target.id}/active", data={"csrf_token": csrf_of(page), "active": "0"})
    page = client.get("/login")
    refused = client.post(
        "/login", data={"csrf_token": csrf_of(page), "email": "analyst@demo.test", "password": PASSWORD}
    )
    assert refused.status_code == 401
    page = admin.get(f"/admin/users/{target.id}")
    assert "Deactivated" in page.get_data(as_text=True)
    admin.post(f"/admin/users/{target.id}/active", data={"csrf_token": csrf_of(page), "active": "1"})
    assert sign_in("analyst@demo.test").get("/team/").status_code == 200


def test_a_reset_shows_a_temporary_password_once_that_must_be_replaced(demo, sign_in):
    victim_laptop = sign_in("analyst@demo.test")
    admin = sign_in("admin@demo.test")
    target = _user(demo, "analyst@demo.test")
    page = admin.get(f"/admin/users/{target.id}")
    shown = admin.post(
        f"/admin/users/{target.id}/reset-password", data={"csrf_token": csrf_of(page)}
    ).get_data(as_text=True)
    temporary = re.search(r"<code>([^<]+)</code>", shown)[1]  # type: ignore[index]
    assert victim_laptop.get("/team/").status_code == 302  # signed out everywhere
    person = sign_in("analyst@demo.test", temporary)
    assert person.get("/team/").headers["Location"] == "/account/password"
    page = person.get("/account/password")
    assert "temporary password" in page.get_data(as_text=True)
    done = person.post(
        "/account/password",
        data={
            "csrf_token": csrf_of(page),
            "current": temporary,
            "new": "quiet harbor violet 77",
            "confirm": "quiet harbor violet 77",
        },
    )
    assert done.status_code == 302
    assert person.get("/team/").status_code == 200
    assert not _user(demo, "analyst@demo.test").must_change_password


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short", "Use at least 12 characters."),
        ("password1234", "too common or too easy to guess"),
        ("analyst@demo.test1", "too common or too easy to guess"),
    ],
)
def test_a_weak_new_password_is_refused_with_the_reason(demo, sign_in, new, message):
    person = sign_in("analyst@demo.test")
    page = person.get("/account/password")
    answer = person.post(
        "/account/password",
        data={"csrf_token": csrf_of(page), "current": PASSWORD, "new": new, "confirm": new},
    )
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True)


def test_the_wrong_current_password_is_refused(demo, sign_in):
    person = sign_in("analyst@demo.test")
    page = person.get("/account/password")
    answer = person.post(
        "/account/password",
        data={
            "csrf_token": csrf_of(page),
            "current": "not-it-at-all",
            "new": "quiet harbor violet 77",
            "confirm": "quiet harbor violet 77",
        },
    )
    assert answer.status_code == 422
    assert "This is not your current password." in answer.get_data(as_text=True)


def test_the_policy_refuses_short_and_common_passwords() -> None:
    assert password_problem("abc") == TOO_SHORT
    assert password_problem("qwertyuiop123") == TOO_COMMON
    assert password_problem("Password2024!") == TOO_COMMON
    assert password_problem("lantern orbit meadow 42") is None


def test_the_cli_refuses_what_the_sign_in_pages_refuse(app, demo):
    runner = app.test_cli_runner()
    weak = runner.invoke(
        args=["user", "create", "new@demo.test", "--role", "analyst", "--password-stdin"],
        input="password1234\n",
    )
    assert weak.exit_code != 0
    assert "too common" in weak.output
    ok = runner.invoke(
        args=["user", "create", "new@demo.test", "--role", "analyst", "--password-stdin"],
        input="lantern orbit meadow 42\n",
    )
    assert ok.exit_code == 0, ok.output


def test_the_admin_form_refuses_a_common_password(demo, sign_in):
    admin = sign_in("admin@demo.test")
    page = admin.get("/admin/users/new")
    answer = admin.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf_of(page),
            "email": "weak@demo.test",
            "name": "",
            "role": "analyst",
            "partner_id": 0,
            "password": "password1234",
        },
    )
    assert answer.status_code == 422
    assert "too common" in answer.get_data(as_text=True)


@pytest.mark.parametrize("target", ["²", "١٢", "12x", "1000001"])
def test_a_partner_target_that_is_not_ascii_digits_gets_a_message(demo, sign_in, target):
    admin = sign_in("admin@demo.test")
    partner = demo.scalar(select(Partner).where(Partner.slug == "demo-partner"))
    page = admin.get(f"/admin/partners/{partner.id}")
    survey_id = int(re.search(r'name="target-(\d+)"', page.get_data(as_text=True))[1])  # type: ignore[index]
    answer = admin.post(
        f"/admin/partners/{partner.id}",
        data={
            "csrf_token": csrf_of(page),
            "name": partner.name,
            "slug": partner.slug,
            "kind": partner.kind,
            "languages": "en",
            f"target-{survey_id}": target,
        },
    )
    assert answer.status_code == 422
    assert "Enter a whole number of responses" in answer.get_data(as_text=True)
    assert demo.scalar(select(PartnerTarget).where(PartnerTarget.target == 2)) is None
