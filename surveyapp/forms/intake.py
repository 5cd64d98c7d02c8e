"""The focus-group sign-up form: only what is needed to come, every message in the person's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..models import CONTACT_METHODS
from .plain_text import plain_text
from .staff import Choice, options

CONTACT_LABELS = {
    "phone": _l("A phone call"),
    "text": _l("A text message"),
    "email": _l("Email"),
    "partner": _l("Through my partner organization"),
}
TOO_LONG = _l("Please keep this shorter.")


class Radio(RadioField):
    """Radio buttons whose 'not in the list' (a tampered form) message is ours."""

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data is not None and self.data not in {c.value for c in self.choices or []}:
            raise ValidationError(_l("Please choose one of the listed options."))


class SignupForm(FlaskForm):
    name = StringField(
        _l("Your name or a nickname"),
        validators=[
            DataRequired(_l("Please tell us what to call you.")),
            plain_text,
            Length(max=120, message=TOO_LONG),
        ],
    )
    contact_method = Radio(
        _l("How can we reach you?"),
        choices=options((m, CONTACT_LABELS[m]) for m in CONTACT_METHODS),
        validators=[DataRequired(_l("Please choose how we can reach you."))],
    )
    phone = StringField(
        _l("Phone number"),
        validators=[plain_text, Length(max=32, message=TOO_LONG)],
        render_kw={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"},
    )
    email = StringField(
        _l("Email address"),
        validators=[plain_text, Length(max=254, message=TOO_LONG)],
        render_kw={"inputmode": "email", "autocomplete": "email", "dir": "ltr"},
    )
    language = Choice(_l("Language you prefer to speak"))
    children = IntegerField(
        _l("Children who need childcare during the session"),
        default=0,
        validators=[Optional(), NumberRange(0, 20, message=_l("Please enter a number from 0 to 20."))],
        render_kw={"inputmode": "numeric"},
    )
    children_ages = StringField(_l("Their ages"), validators=[plain_text, Length(max=120, message=TOO_LONG)])
    needs_transportation = BooleanField(_l("I need help with transportation"))
    interpretation = Choice(_l("I need an interpreter for"))
    accessibility = TextAreaField(
        _l("Accessibility needs"), validators=[plain_text, Length(max=500, message=TOO_LONG)]
    )
    dietary = TextAreaField(_l("Dietary needs"), validators=[plain_text, Length(max=500, message=TOO_LONG)])
    consent_contact = BooleanField(
        _l("You may contact me about this session."),
        validators=[DataRequired(_l("We need your permission to contact you about the session."))],
    )
    link_answers = BooleanField(_l("Link my survey answers to this sign-up (optional)."))
