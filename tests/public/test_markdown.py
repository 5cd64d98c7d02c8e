"""ODK's Markdown in labels, hints and choice labels (survey/markup.py), as ODK Collect and Enketo
show it: read from the author's text, never from an answer, and never a way into the page's markup."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.survey.markup import markdown

from .respondent import Respondent


def test_the_markdown_subset_odk_reads():
    assert markdown("**Important**: your _own_ view") == "<strong>Important</strong>: your <em>own</em> view"
    assert markdown("__also__ *this*") == "<strong>also</strong> <em>this</em>"
    assert markdown("# Household\nWho lives here?") == '<span class="md-h1">Household</span>Who lives here?'
    assert markdown("### Small") == '<span class="md-h3">Small</span>'
    assert markdown("Bring:\n* an ID\n* a letter") == (
        'Bring:<br><span class="md-list"><span class="md-item">an ID</span>'
        '<span class="md-item">a letter</span></span>'
    )
    assert markdown("one\ntwo") == "one<br>two"
    assert markdown("x<sup>2</sup> H<sub>2</sub>O") == "x<sup>2</sup> H<sub>2</sub>O"
    # The colour needs an inline style, which the page's policy refuses: the words stay.
    assert markdown('<span style="color:#ff0000">Red</span> alert') == "Red alert"
    assert markdown(r"5 \* 3 \_ \# and \\") == "5 * 3 _ # and \\"


def test_markdown_is_never_a_way_into_the_page():
    assert markdown("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert markdown('<img src=x onerror="alert(1)">') == "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"
    assert markdown("[click](javascript:alert(1))") == "[click](javascript:alert(1))"
    assert markdown('[x](https://a.org/"onmouseover="alert(1))') == (
        '<a href="https://a.org/&#34;onmouseover=&#34;alert(1" rel="noopener noreferrer" '
        'target="_blank">x</a>)'
    )
    assert markdown("[our site](https://example.org/?a=1&b=2)") == (
        '<a href="https://example.org/?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">our site</a>'
    )


def test_a_form_written_with_markdown_reads_as_its_author_saw_it(app, db, xlsform, channel_for):
    path = xlsform(
        [
            {"type": "text", "name": "first_name", "label::en": "Your **first** name?"},
            {
                "type": "select_one yn",
                "name": "ok",
                "label::en": "# Check\nIs _${first_name}_ right?",
                "hint::en": "See [the guide](https://example.org/guide)",
            },
        ],
        choices=[
            {"list_name": "yn", "name": "yes", "label::en": "**Yes**"},
            {"list_name": "yn", "name": "no", "label::en": "No"},
        ],
    )
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    page = person.open().get_data(as_text=True)
    assert "Your <strong>first</strong> name?" in page
    assert '<span class="md-h1">Check</span>Is <em><span data-pipe="first_name"></span></em> right?' in page
    guide = '<a href="https://example.org/guide" rel="noopener noreferrer" target="_blank">the guide</a>'
    assert guide in page
    assert "<span><strong>Yes</strong></span>" in page
    # An answer is shown as typed: its asterisks and tags are text, not Markdown or markup.
    review = person.post({"first_name": "**Ana** <b>", "ok": "yes"}).get_data(as_text=True)
    assert 'Is <em><span data-pipe="first_name">**Ana** &lt;b&gt;</span></em> right?' in review
    assert '<dd><span dir="auto">**Ana** &lt;b&gt;</span></dd>' in review
    assert "<strong>Yes</strong>" in review
    assert person.submit().status_code == 200
    stored = db.scalars(select(Response)).one()
    assert stored.answer_map() == {"first_name": "**Ana** <b>", "ok": "yes"}
