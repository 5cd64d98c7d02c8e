"""Repeats within repeats on the offline kiosk page, in Chromium with the network cut: households and
members within each added and removed with the page's buttons, stored (once the network is back)
with the same answers as the walk of the server's pages without JavaScript
(tests/e2e/test_repeats_nested.py)."""

from __future__ import annotations

import pytest

from surveyapp.models import Channel

from ..public.test_repeats_nested import counted_rows, households_rows
from .network import offline
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_repeats import field, shown, stored
from .test_kiosk_tablet import choose, unlock

pytestmark = pytest.mark.browser


@pytest.fixture
def households_kiosk(db, xlsform, channel_for, snapshots):  # type: ignore[no-untyped-def]
    """Copied into each test after the first (tests/fixtures/snapshots.py)."""

    def build() -> int:
        return int(kiosk_for(db, channel_for, xlsform(households_rows())).id)

    db.commit()
    return db.get(Channel, snapshots.state("households_kiosk", build))


@pytest.fixture
def counted_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, xlsform(counted_rows()))


def heading(tablet) -> str:  # type: ignore[no-untyped-def]
    return " ".join(shown(tablet).locator("h1").inner_text().split())


def test_households_and_members_on_the_offline_page(tablet, live_server, households_kiosk, db):  # type: ignore[no-untyped-def]
    unlock(tablet, live_server)
    offline(tablet, True)
    tablet.goto(f"{live_server}/k/tab")
    choose(tablet, "en")
    field(tablet, "household[1]/hh_name").fill("North")
    tablet.click("#next")
    assert heading(tablet) == "Household 1 › Member 1"
    assert "Name of a member of North" in shown(tablet).inner_text()
    for index, name in ((1, "Ana"), (2, "Ben"), (3, "Cy")):
        field(tablet, f"household[1]/member[{index}]/mname").fill(name)
        tablet.click("#next")
        if index < 3:
            tablet.click("section.page:not([hidden]) button[data-add]")
    tablet.click("#back")  # from the members' prompt to Member 3
    tablet.click("#back")  # Member 2
    assert field(tablet, "household[1]/member[2]/mname").input_value() == "Ben"
    tablet.click("section.page:not([hidden]) button[data-remove]")  # Ben goes; Cy moves into second place
    assert heading(tablet) == "Household 1 › Member 2"
    assert field(tablet, "household[1]/member[2]/mname").input_value() == "Cy"
    tablet.click("#next")  # the members' prompt
    tablet.click("#next")  # no more members: the households' prompt
    tablet.click("section.page:not([hidden]) button[data-add]")  # a second household
    assert heading(tablet) == "Household 2"
    field(tablet, "household[2]/hh_name").fill("South")
    tablet.click("#next")
    assert heading(tablet) == "Household 2 › Member 1"
    field(tablet, "household[2]/member[1]/mname").fill("Dee")
    tablet.click("#next")  # the members' prompt
    tablet.click("#next")  # no more members
    tablet.click("#next")  # no more households
    field(tablet, "after").fill("no")
    tablet.click("#next")
    offline(tablet, False)
    assert stored(tablet, db) == {
        "household[1]/hh_name": "North",
        "household[1]/member[1]/mname": "Ana",
        "household[1]/member[2]/mname": "Cy",
        "household[1]/member[count]": "2",
        "household[1]/hh_members": "2",
        "household[2]/hh_name": "South",
        "household[2]/member[1]/mname": "Dee",
        "household[2]/hh_members": "1",
        "household[count]": "2",
        "people": "3",
        "after": "no",
    }


def test_repeat_count_read_in_each_household_on_the_offline_page(tablet, live_server, counted_kiosk, db):  # type: ignore[no-untyped-def]
    unlock(tablet, live_server)
    choose(tablet, "en")
    field(tablet, "household[1]/size").fill("2")
    tablet.click("#next")
    for index, (name, age) in enumerate((("Ana", "40"), ("Ben", "10")), start=1):
        assert heading(tablet) == f"Household 1 › Member {index}"
        assert f"member {index} of 2" in shown(tablet).inner_text()  # position(..) and the outer size
        field(tablet, f"household[1]/member[{index}]/mname").fill(name)
        field(tablet, f"household[1]/member[{index}]/age").fill(age)
        tablet.click("#next")
    assert "Add another Household" in shown(tablet).inner_text()  # exactly two members asked
    tablet.click("section.page:not([hidden]) button[data-add]")
    field(tablet, "household[2]/size").fill("1")
    tablet.click("#next")
    assert "member 1 of 1" in shown(tablet).inner_text()
    field(tablet, "household[2]/member[1]/mname").fill("Cy")
    field(tablet, "household[2]/member[1]/age").fill("70")
    tablet.click("#next")
    assert "Add another Household" in shown(tablet).inner_text()  # exactly one member asked
    tablet.click("#next")
    field(tablet, "after").fill("no")
    tablet.click("#next")
    assert stored(tablet, db) == {
        "household[1]/size": "2",
        "household[1]/member[1]/mname": "Ana",
        "household[1]/member[1]/age": "40",
        "household[1]/member[1]/pos": "1",
        "household[1]/member[2]/mname": "Ben",
        "household[1]/member[2]/age": "10",
        "household[1]/member[2]/pos": "2",
        "household[1]/oldest": "40",
        "household[2]/size": "1",
        "household[2]/member[1]/mname": "Cy",
        "household[2]/member[1]/age": "70",
        "household[2]/member[1]/pos": "1",
        "household[2]/oldest": "70",
        "household[count]": "2",
        "ages": "120",
        "after": "no",
    }


def test_inner_instances_come_back_with_the_draft(tablet, live_server, households_kiosk):  # type: ignore[no-untyped-def]
    """The draft (a language switch reloads it) keeps how many members each household has."""
    unlock(tablet, live_server)
    choose(tablet, "en")
    field(tablet, "household[1]/hh_name").fill("North")
    tablet.click("#next")
    field(tablet, "household[1]/member[1]/mname").fill("Ana")
    tablet.click("#next")
    tablet.click("section.page:not([hidden]) button[data-add]")
    field(tablet, "household[1]/member[2]/mname").fill("Ben")
    tablet.click("#next")  # kept, on the members' prompt
    tablet.reload()
    tablet.wait_for_selector("section.page:not([hidden])")
    assert "Add another Member" in shown(tablet).inner_text()
    assert field(tablet, "household[1]/member[1]/mname").input_value() == "Ana"
    assert field(tablet, "household[1]/member[2]/mname").input_value() == "Ben"


def test_a_household_removed_on_the_offline_page_takes_its_members(tablet, live_server, households_kiosk, db):  # type: ignore[no-untyped-def]
    """The second household, with its members and their number, moves into the first one's place."""
    unlock(tablet, live_server)
    choose(tablet, "en")
    field(tablet, "household[1]/hh_name").fill("North")
    tablet.click("#next")
    field(tablet, "household[1]/member[1]/mname").fill("Ana")
    tablet.click("#next")
    tablet.click("#next")  # no more members
    tablet.click("section.page:not([hidden]) button[data-add]")
    field(tablet, "household[2]/hh_name").fill("South")
    tablet.click("#next")
    field(tablet, "household[2]/member[1]/mname").fill("Dee")
    tablet.click("#next")
    tablet.click("section.page:not([hidden]) button[data-add]")
    field(tablet, "household[2]/member[2]/mname").fill("Eve")
    tablet.click("#next")
    tablet.click("#next")  # no more members: the households' prompt
    for _ in range(7):  # back to the first household's page
        tablet.click("#back")
    assert heading(tablet) == "Household 1"
    tablet.click("section.page:not([hidden]) button[data-remove]")
    assert heading(tablet) == "Household 1"
    assert field(tablet, "household[1]/hh_name").input_value() == "South"
    tablet.click("#next")
    assert heading(tablet) == "Household 1 › Member 1"
    assert field(tablet, "household[1]/member[1]/mname").input_value() == "Dee"
    tablet.click("#next")
    assert field(tablet, "household[1]/member[2]/mname").input_value() == "Eve"
    tablet.click("#next")  # the members' prompt
    tablet.click("#next")  # no more members
    tablet.click("#next")  # no more households
    field(tablet, "after").fill("no")
    tablet.click("#next")
    assert stored(tablet, db) == {
        "household[1]/hh_name": "South",
        "household[1]/member[1]/mname": "Dee",
        "household[1]/member[2]/mname": "Eve",
        "household[1]/member[count]": "2",
        "household[1]/hh_members": "2",
        "household[count]": "1",
        "people": "2",
        "after": "no",
    }


def test_an_inner_repeat_whose_name_ends_with_the_outer_one_s(tablet, live_server, db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    """`grandchild` inside `child`: renaming child 1 to 2 must leave `grandchild[1]/` as it is."""
    rows = [
        {"type": "begin repeat", "name": "child", "label::en": "Child", "repeat_count": "2"},
        {"type": "text", "name": "cn", "label::en": "Child's name"},
        {"type": "begin repeat", "name": "grandchild", "label::en": "Grandchild", "repeat_count": "2"},
        {"type": "text", "name": "gn", "label::en": "Grandchild's name"},
        {"type": "end repeat", "name": ""},
        {"type": "end repeat", "name": ""},
    ]
    kiosk_for(db, channel_for, xlsform(rows))
    unlock(tablet, live_server)
    offline(tablet, True)
    tablet.goto(f"{live_server}/k/tab")
    choose(tablet, "en")
    for k, name in ((1, "A"), (2, "B")):
        field(tablet, f"child[{k}]/cn").fill(name)
        tablet.click("#next")
        for j in (1, 2):
            assert heading(tablet) == f"Child {k} › Grandchild {j}"
            field(tablet, f"child[{k}]/grandchild[{j}]/gn").fill(f"{name}{j}")
            tablet.click("#next")
    offline(tablet, False)
    assert stored(tablet, db) == {
        "child[1]/cn": "A",
        "child[1]/grandchild[1]/gn": "A1",
        "child[1]/grandchild[2]/gn": "A2",
        "child[2]/cn": "B",
        "child[2]/grandchild[1]/gn": "B1",
        "child[2]/grandchild[2]/gn": "B2",
    }
