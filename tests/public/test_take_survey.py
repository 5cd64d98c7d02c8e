"""A person answers a survey page by page, in their language, with JavaScript off."""

from __future__ import annotations

from sqlalchemy import func, select

from surveyapp.models import Response

from .respondent import Respondent


def complete_small_survey(person: Respondent, lang: str = "en") -> None:
    person.open(f"?lang={lang}")
    person.post({"consent": "OK"})
    person.post({"barriers": ["transportation", "childcare"], "age": "34", "children": "yes"})
    person.post({"hardest": "The bus does not run at night", "since": "2024-05-01", "hours": "7,5"})
    assert "review" in person.page.request.path
    person.submit()


def test_complete_survey_stores_one_response_with_typed_answers(client, small_survey, db):
    person = Respondent(client)
    complete_small_survey(person)
    assert person.page.status_code == 200
    assert "Thank you" in person.text()
    response = db.scalars(select(Response)).one()
    assert response.status == "complete"
    assert response.completed_at is not None
    assert response.language == "en"
    assert response.channel.token == "t1"
    assert response.version.version == "2026010101"
    assert response.answer_map() == {
        "consent": "OK",
        "barriers": "transportation childcare",
        "age": "34",
        "children": "yes",
        "hardest": "The bus does not run at night",
        "since": "2024-05-01",
        "hours": "7.5",
    }


def test_progress_shows_page_of_total_and_consent_comes_first(client, small_survey):
    person = Respondent(client)
    page = person.open().get_data(as_text=True)
    assert "I agree" in page
    assert "Page 1 of 3" in page
    person.post({"consent": "OK"})
    assert "Page 2 of 3" in person.text()


def test_without_consent_the_survey_does_not_go_on(client, small_survey, db):
    person = Respondent(client)
    person.open()
    reply = person.post({})
    assert reply.status_code == 422
    assert "Please check the box to continue." in person.text()
    assert 'aria-invalid="true"' in person.text()


def test_language_chain_query_then_remembered_choice(client, small_survey):
    person = Respondent(client)
    page = person.open("?lang=es").get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in page
    assert "Acepto" in page
    # The choice is remembered on later pages without the query string.
    assert "Acepto" in person.open().get_data(as_text=True)


def test_accept_language_then_channel_default_then_source(client, small_survey, db):
    page = client.get("/s/t1", headers={"Accept-Language": "ar,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    small_survey.default_language = "es"
    db.commit()
    fresh = client.application.test_client()
    page = fresh.get("/s/t1", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="es"' in page  # the channel's default comes before the browser's
    small_survey.default_language = None
    db.commit()
    page = fresh.get("/s/t1", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="en"' in page


def test_missing_translation_falls_back_string_by_string(client, small_survey):
    person = Respondent(client)
    person.open("?lang=ar")
    person.post({"consent": "OK"})
    page = person.text()
    assert "العوائق" in page  # translated label
    # "Childcare" has no Arabic label: the English one is shown, marked as English, never blank.
    assert '<span lang="en" dir="ltr">Childcare</span>' in page


def test_switching_language_mid_survey_keeps_every_answer(client, small_survey):
    person = Respondent(client)
    person.open("?lang=en")
    person.post({"consent": "OK"})
    # Typed on this page but not yet sent with Next: switching language must keep it.
    person.post({"barriers": ["childcare"], "age": "40"}, switch_lang="es")
    page = person.text()
    assert '<html lang="es"' in page
    assert 'value="childcare" checked' in page
    assert 'value="40"' in page
    person.post({"barriers": ["childcare"], "age": "40"}, action="back")
    assert 'value="OK" checked' in person.text()


def test_skip_logic_hides_pages_and_reports_inapplicable_answers(client, small_survey, db):
    person = Respondent(client)
    person.open()
    person.post({"consent": "OK"})
    reply = person.post({"barriers": ["transportation"], "barriers_other": "my knee", "children": "no"})
    assert reply.status_code == 422
    assert "This is asked only if you choose" in person.text()  # the follow-up says what to do
    # Nothing typed is lost: the text is still in the field.
    assert "my knee" in person.text()
    person.post({"barriers": ["transportation", "other"], "barriers_other": "my knee", "children": "no"})
    assert "In your words" in person.text()


def test_review_lists_answers_with_labels_and_change_links(client, small_survey):
    person = Respondent(client)
    person.open("?lang=es")
    person.post({"consent": "OK"})
    person.post({"barriers": ["transportation"], "children": "yes"})
    person.post({"hardest": "<script>alert(1)</script>"})
    page = person.text()
    assert "Transporte" in page
    assert "Sí" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "/s/t1/p/1" in page
    assert "Other barrier" not in page  # applies only when "Other" is chosen


def test_unknown_token_is_a_translated_404(client, small_survey):
    reply = client.get("/s/nope", headers={"Accept-Language": "es"})
    assert reply.status_code == 404
    page = reply.get_data(as_text=True)
    assert '<html lang="es"' in page


def test_closed_channel_says_so(client, small_survey, db):
    small_survey.is_open = False
    db.commit()
    reply = client.get("/s/t1")
    assert reply.status_code == 410
    assert "closed" in reply.get_data(as_text=True)


def test_skipping_ahead_by_url_cannot_bypass_required_answers(client, small_survey, db):
    person = Respondent(client)
    person.open()
    person.post({"consent": "OK"})
    person.open("/review")
    reply = person.submit()
    assert reply.status_code == 422
    assert "This question needs an answer." in person.text()
    assert db.scalar(select(func.count()).select_from(Response).where(Response.status == "complete")) == 0
