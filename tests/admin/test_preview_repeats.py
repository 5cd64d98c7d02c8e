"""The admin's preview of a survey with repeats: each instance's page in turn, and "Add another"."""

from __future__ import annotations

from surveyapp.services.surveys import import_survey

from ..fixtures.staff import csrf_of
from ..public.test_repeats import children_rows
from ..public.test_repeats_nested import households_rows


def test_the_preview_asks_each_instance_and_adds_one(demo, sign_in, xlsform):
    survey = import_survey(demo, xlsform(children_rows())).survey
    demo.commit()
    admin = sign_in("admin@demo.test")
    base = f"/admin/preview/{survey.current_version_id}"
    first = admin.get(base)
    assert "Child 1" in first.get_data(as_text=True)
    token = csrf_of(first)
    saved = admin.post(f"{base}/p/0", data={"csrf_token": token, "q_child[1]/cname": "A", "action": "next"})
    assert saved.headers["Location"].endswith(f"{base}/p/1")
    prompt = admin.get(f"{base}/p/1").get_data(as_text=True)
    assert "Add another Child" in prompt
    added = admin.post(f"{base}/p/1", data={"csrf_token": token, "action": "add"})
    assert added.headers["Location"].endswith(f"{base}/p/1")
    second = admin.get(f"{base}/p/1").get_data(as_text=True)
    assert "Child 2" in second
    assert 'name="q_child[2]/cname"' in second


def test_the_preview_adds_and_removes_members_within_a_household(demo, sign_in, xlsform):
    survey = import_survey(demo, xlsform(households_rows())).survey
    demo.commit()
    admin = sign_in("admin@demo.test")
    base = f"/admin/preview/{survey.current_version_id}"
    first = admin.get(base)
    token = csrf_of(first)
    admin.post(f"{base}/p/0", data={"csrf_token": token, "q_household[1]/hh_name": "North", "action": "next"})
    member = admin.get(f"{base}/p/1").get_data(as_text=True)
    assert "Household 1 › Member 1" in member
    admin.post(
        f"{base}/p/1", data={"csrf_token": token, "q_household[1]/member[1]/mname": "Ana", "action": "next"}
    )
    prompt = admin.get(f"{base}/p/2").get_data(as_text=True)
    assert "Add another Member" in prompt
    admin.post(f"{base}/p/2", data={"csrf_token": token, "action": "add"})
    second = admin.get(f"{base}/p/2").get_data(as_text=True)
    assert 'name="q_household[1]/member[2]/mname"' in second
    admin.post(
        f"{base}/p/2", data={"csrf_token": token, "q_household[1]/member[2]/mname": "Ben", "action": "remove"}
    )
    prompt = admin.get(f"{base}/p/2").get_data(as_text=True)
    assert "Add another Member" in prompt  # one member again
    assert "household[1]/member[2]" not in prompt
