"""The codebook pages' forms and the person's-language text of every reason a change is refused.

The change forms only carry what was typed (and CSRF); the rules live in services/codebooks.py, which
answers every problem of a form at once, so selects here do not refuse a value themselves.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Form, HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.validators import ValidationError

from ..i18n import autonym
from ..services import codebooks as service
from .staff import StaffForm, options

MESSAGES = {
    "language_unknown": _l("Please choose one of the survey’s languages."),
    "term_empty": _l("Please enter a word or phrase."),
    "term_too_long": _l("Please keep the word or phrase under %(n)d characters.", n=service.MAX_TERM),
    "term_unmatchable": _l("This holds no word the analysis can match: please enter a word."),
    "term_duplicate": _l("This word, or a form of it, is in this category already."),
    "term_missing": _l("A chosen word is no longer in this category (someone may have removed it)."),
    "term_none_chosen": _l("Please choose the words to remove."),
    "name_empty": _l("Please enter a name in at least one language."),
    "name_too_long": _l("Please keep each name under %(n)d characters.", n=service.MAX_NAME),
    "name_taken": _l("A category of this name exists already."),
    "kind_unknown": _l("Please choose barrier or strength."),
    "category_unknown": _l("This category is not in the codebook."),
}
KIND_NAMES = {"barrier": _l("Barrier"), "asset": _l("Strength")}


class Listed(SelectField):
    """A select whose "not in the list" message says what the list is, in the person's language."""

    def __init__(self, label: Any, message: Any, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.message = message

    def pre_validate(self, form: Form) -> None:
        if self.data not in {choice.value for choice in self.choices or []}:
            raise ValidationError(self.message)


class Offered(SelectField):
    """A select of a change form: what is not in the list is the service's to answer, with the
    form's other problems at once (kind_unknown, language_unknown)."""

    def pre_validate(self, form: Form) -> None:
        return None


class Chosen(SelectMultipleField):
    """Checkboxes of words; one no longer there is the service's to answer (term_missing)."""

    def pre_validate(self, form: Form) -> None:
        return None


class ChangeForm(StaffForm):
    survey = HiddenField()
    base = HiddenField()  # the version the page showed: a save on top of a newer one says so


class WordForm(ChangeForm):
    lang = Offered(_l("Language"))
    term = StringField(_l("Word or phrase"), render_kw={"maxlength": service.MAX_TERM, "dir": "auto"})


class RemoveForm(ChangeForm):
    terms = Chosen(_l("Words to remove"))


class SearchForm(Form):
    """The word search, a GET form: its language is `word_lang`, since `?lang=` is the language of
    the page (surveyapp.i18n) and would turn the analyst's pages into the word's language."""

    q = StringField(_l("Word or phrase"), render_kw={"maxlength": service.MAX_TERM, "dir": "auto"})
    word_lang = Listed(_l("Language"), MESSAGES["language_unknown"])


def category_form(languages: list[str], formdata: Any = None, **data: Any) -> ChangeForm:
    """The add-category form with one name field per survey language (also the make-a-theme form:
    it then carries the search as the category's first word)."""

    class CategoryForm(ChangeForm):
        kind = Offered(_l("Kind"), choices=options(KIND_NAMES.items()))
        q = HiddenField()
        lang = HiddenField()

    for code in languages:
        field = StringField(
            _l("Name in %(language)s", language=autonym(code)),
            render_kw={"maxlength": service.MAX_NAME, "lang": code, "dir": "auto"},
        )
        setattr(CategoryForm, f"name_{code}", field)
    return CategoryForm(formdata=formdata, **data)
