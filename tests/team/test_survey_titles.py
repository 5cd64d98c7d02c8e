"""Surveys are shown by their title in the reader's language, not by their id ("barriers"), in the
dashboard's filter and on the partner page."""

from __future__ import annotations


def test_the_filter_names_the_survey_by_its_title_in_the_readers_language(analyst):
    html = analyst.get("/team/?lang=es").get_data(as_text=True)
    assert '<option selected value="barriers">Barreras para la capacitación y el empleo</option>' in html
    html = analyst.get("/team/?lang=en").get_data(as_text=True)
    assert '<option selected value="barriers">Barriers to training and jobs</option>' in html
    assert ">barriers</option>" not in html


def test_the_partner_page_names_its_surveys_by_their_titles(demo, sign_in):
    liaison = sign_in("liaison@demo.test")
    html = liaison.get("/p/demo-partner/?lang=so").get_data(as_text=True)
    assert "<strong>Caqabadaha tababarka iyo shaqada</strong>" in html
    assert "<strong>barriers</strong>" not in html
