"""The offline kiosk page carries only the attached data its pulldata() calls read, within its
budget; a form that reads more than a tablet keeps is answered online, and the start screen says why."""

from __future__ import annotations

import io
import json

import pytest

from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..fixtures.staff import PASSWORD, unlock
from ..public.test_form_attachments import FILES, attached_form
from ..public.test_page_weight import OFFLINE_BUDGET, weight


def _kiosk(db, channel_for, path, files):  # type: ignore[no-untyped-def]
    survey = import_survey(db, path, attachments=files).survey
    db.commit()
    channel_for(survey.id, token="kt", mode="kiosk", languages=["en"])
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()


def test_the_offline_page_carries_the_csv_that_pulldata_reads_and_no_other(client, db, xlsform, channel_for):
    _kiosk(db, channel_for, attached_form(xlsform), FILES)
    assert unlock(client).status_code == 302
    start = client.get("/k/kt").get_data(as_text=True)
    assert 'data-offline="/k/kt/offline?lang=en"' in start
    html = client.get("/k/kt/offline?lang=en").get_data(as_text=True)
    data = json.loads(html.split('id="survey-data">', 1)[1].split("</script>")[0])
    # the CSV pulldata() reads, and the external list whose choice_filter the tablet applies
    assert list(data["context"]["instances"]) == ["cities", "district"]
    assert data["context"]["instances"]["cities"][2]["population"] == "2100000"
    assert weight(client, html) < OFFLINE_BUDGET


@pytest.fixture
def big_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    rows = "".join(f"code{n},Place number {n},{n * 7}\n" for n in range(2000))
    path = xlsform(
        [
            {"type": "text", "name": "code", "label::en": "Code?"},
            {"type": "calculate", "name": "zip", "calculation": "pulldata('places', 'zip', 'name', ${code})"},
        ]
    )
    _kiosk(db, channel_for, path, {"places.csv": f"name,label,zip\n{rows}".encode()})


def test_a_form_that_reads_too_much_data_is_answered_online(client, big_kiosk):
    assert unlock(client).status_code == 302
    start = client.get("/k/kt").get_data(as_text=True)
    assert "data-offline" not in start
    assert "more than a tablet keeps offline (48 kB): it is answered online, page by page." in start
    offline = client.get("/k/kt/offline?lang=en")
    assert offline.status_code == 409
    assert "answered online" in offline.get_data(as_text=True)


def test_an_upload_lists_the_attached_files_problems_with_the_workbook_s(demo, sign_in, xlsform):
    from ..fixtures.staff import csrf_of

    path = xlsform(
        [
            {"type": "select_one_from_file towns.csv", "name": "town", "label::en": "Town?"},
            {"type": "select_one_from_file parks.csv", "name": "park", "label::en": "Park?"},
            {"type": "integer", "name": "n", "label::en": "N", "constraint": ". >"},
        ]
    )
    admin = sign_in("admin@demo.test")
    page = admin.get("/admin/")
    answer = admin.post(
        "/admin/surveys/upload",
        data={
            "csrf_token": csrf_of(page),
            "file": (io.BytesIO(path.read_bytes()), "towns.xlsx"),
            "attachments": [(io.BytesIO(b"id,title\n1,One\n"), "towns.csv")],
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert "The file has no column name for the choices" in html
    assert "parks.csv, which is not attached" in html
    assert "<td>towns.csv</td><td>1</td>" in html
    refused = admin.post(
        "/admin/surveys/upload",
        data={
            "csrf_token": csrf_of(page),
            "file": (io.BytesIO(path.read_bytes()), "towns.xlsx"),
            "attachments": [(io.BytesIO(b"x"), "run.sh")],
        },
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert "Only .csv, .xml and .geojson files" in refused.get_data(as_text=True)
