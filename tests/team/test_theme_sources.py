"""Where a theme's answers come from: each answer and quote says its question, and a theme filtered to
one question is quoted from that question's answers rather than "No representative quote"."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from surveyapp.models import AnalysisRun


def test_each_answer_of_a_theme_says_which_question_it_answers(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    run = analysed
    theme = next(t for t in run.result["themes"] if t["kind"] != "other")
    body = analyst.get(f"/team/themes/{theme['id']}/answers").get_data(as_text=True)
    asked = re.findall(r"answer to “([^”]+)”", body)
    assert asked
    known = {
        "In your own words, what makes it hardest to get the training or job you want?",
        "What would help you most?",
        "What skills, experience or strengths do you bring?",
        "What else makes it hard?",
        "What credential, training or job do you want?",
    }
    assert set(asked) <= known, set(asked) - known


def test_a_theme_filtered_to_one_question_is_quoted_from_its_answers(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    for question in ("hardest", "help_most", "strengths"):
        body = analyst.get(f"/team/themes?question={question}").get_data(as_text=True)
        quoted = 0
        for article in re.findall(r'<article class="theme".*?</article>', body, flags=re.S):
            shown = re.search(r"(\d+) (?:person|people)</small>", article)
            if shown and int(shown[1]) > 0:
                assert "No representative quote within these filters" not in article, question
                assert '<figure class="quote">' in article
                quoted += 1
        assert quoted, f"no theme with answers to {question} on the page"
