"""The battery's forms under the settings' `style pages` (services/xlsform_paging.py): a loop inside a
field-list group is asked on that group's page, each choice a group there, the loop's `relevant` and
that of a group within each choice governing their questions, `../total` read within the choice."""

from __future__ import annotations

from .battery_form import Case, Row, choices, q

PAGES = {"style": "pages"}
VEHICLES = choices("vehicles", "car", "bike")
CAR, BIKE = "w/fleet/car/", "w/fleet/bike/"


def loop_in_a_field_list() -> list[Row]:
    """A page of its own, the field-list page holding the loop (one group per vehicle), a last page."""
    return [
        q("text", "name"),
        {"type": "begin group", "name": "w", "label::en": "Fleet", "appearance": "field-list"},
        q("text", "who"),
        {
            "type": "begin loop over vehicles",
            "name": "fleet",
            "label::en": "Vehicles",
            "relevant": "${who} != 'nobody'",
        },
        q("integer", "total", **{"label::en": "How many %(label)s?"}),
        q("integer", "working", constraint=". <= ../total"),
        {"type": "begin group", "name": "idle", "label::en": "Idle", "relevant": "../total > ../working"},
        q("text", "why"),
        {"type": "end group"},
        {"type": "end loop"},
        {"type": "end group"},
        q("text", "after"),
    ]


def loop_alone_in_a_field_list() -> list[Row]:
    """A field-list page holding only a loop: it applies where the loop does."""
    return [
        q("text", "who"),
        {"type": "begin group", "name": "w", "label::en": "Fleet", "appearance": "field-list"},
        {
            "type": "begin loop over vehicles",
            "name": "fleet",
            "label::en": "V",
            "relevant": "${who} != 'nobody'",
        },
        q("integer", "total"),
        {"type": "end loop"},
        {"type": "end group"},
        q("text", "after"),
    ]


FLEET = {CAR + "total": "2", CAR + "working": "1", BIKE + "total": "3", BIKE + "working": "3"}

STYLE_PAGES = [
    Case(
        "style pages: a loop on its field-list page",
        loop_in_a_field_list(),
        [{"name": "Ana"}, {"who": "Ana", **FLEET, CAR + "idle/why": "flat tyre"}, {"after": "no"}],
        {"name": "Ana", "who": "Ana", **FLEET, CAR + "idle/why": "flat tyre", "after": "no"},
        choices=VEHICLES,
        settings=PAGES,
    ),
    Case(
        "style pages: a loop that does not apply on its page",
        loop_in_a_field_list(),
        [{"name": "Ana"}, {"who": "nobody"}, {"after": "no"}],
        {"name": "Ana", "who": "nobody", "after": "no"},
        choices=VEHICLES,
        settings=PAGES,
    ),
    Case(
        "style pages: a loop's choice reads its own total",
        loop_in_a_field_list(),
        [{"name": "Ana"}, {"who": "Ana", **FLEET, CAR + "working": "3"}, {"after": "no"}],
        {
            "name": "Ana",
            "who": "Ana",
            CAR + "total": "2",
            BIKE + "total": "3",
            BIKE + "working": "3",
            "after": "no",
        },
        errors={CAR + "working": "notAllowed"},  # 3 > the car's 2 (the bike's 3 would allow it)
        choices=VEHICLES,
        settings=PAGES,
    ),
    Case(
        "style pages: a field-list page of a loop that does not apply is skipped",
        loop_alone_in_a_field_list(),
        [{"who": "nobody"}, {}, {"after": "no"}],
        {"who": "nobody", "after": "no"},
        choices=VEHICLES,
        settings=PAGES,
        pages=[0, 2],
        counted=[0, 2],
    ),
    Case(
        "style pages: a field-list page of a loop that applies",
        loop_alone_in_a_field_list(),
        [{"who": "Ana"}, {CAR + "total": "1", BIKE + "total": "2"}, {"after": "no"}],
        {"who": "Ana", CAR + "total": "1", BIKE + "total": "2", "after": "no"},
        choices=VEHICLES,
        settings=PAGES,
    ),
]
