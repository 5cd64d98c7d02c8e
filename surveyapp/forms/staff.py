"""Forms of the staff pages. Messages are ours (gettext), shown next to their fields."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..models import CHANNEL_MODES, PARTNER_KINDS, ROLES
from ..services.passwords import MAX_LENGTH, MIN_LENGTH, TOO_COMMON, TOO_LONG, TOO_SHORT, password_problem
from ..services.users import EMAIL


class StaffForm(FlaskForm):
    """A form of a page that holds several forms (exports, the codebook, the themes and their answers).

    Its hidden inputs (the CSRF token, the survey, the codebook version shown) render without an id:
    no label points at a hidden input, and each form would otherwise repeat `id="csrf_token"`. An id
    passed when rendering is kept.
    """

    class Meta:
        def render_field(self, field: Any, render_kw: dict[str, Any]) -> Any:
            if getattr(field.widget, "input_type", None) == "hidden":
                render_kw = {"id": False, **render_kw}  # WTForms leaves out an attribute set to False
            return super().render_field(field, render_kw)


def at_most(limit: int) -> Length:
    """A length limit whose message is ours, in the staff member's language (WTForms' own is English)."""
    return Length(max=limit, message=_l("Use at most %(count)s characters.", count=limit))


class LoginForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired(_l("Please enter your email.")), at_most(254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Please enter your password.")), at_most(200)]
    )


PASSWORD_MESSAGES = {
    TOO_SHORT: _l("Use at least %(count)s characters.", count=MIN_LENGTH),
    TOO_LONG: _l("Use at most %(count)s characters.", count=MAX_LENGTH),
    TOO_COMMON: _l(
        "This password is too common or too easy to guess. Choose a longer, unusual one, "
        "for example a few unrelated words."
    ),
}


def check_new_password(form: FlaskForm, field: PasswordField) -> None:
    """The password policy (services.passwords), with its reason in the person's language."""
    if not field.data:
        return
    email = str(getattr(getattr(form, "email", None), "data", "") or getattr(form, "account_email", ""))
    problem = password_problem(field.data, email=email)
    if problem is not None:
        raise ValidationError(PASSWORD_MESSAGES[problem])


class CodeForm(FlaskForm):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code from your authenticator app, or a recovery code"),
        validators=[DataRequired(_l("Please enter the code.")), at_most(40)],
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "off"},
    )


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Please enter your current password.")), at_most(200)],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Please choose a new password.")), check_new_password],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(_l("Please type the new password again.")),
            EqualTo("new", message=_l("The two new passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )

    def __init__(self, account_email: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.account_email = account_email


LANGUAGE_CODES = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{3,64}$")


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class Choice(SelectField):
    """A select whose 'not in the list' (a tampered form) message is ours, in the person's language."""

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data not in {choice.value for choice in self.choices or []}:
            raise ValidationError(_l("Please choose one of the listed options."))


class Choices(SelectMultipleField):
    """Checkboxes (one labelled input per option, as browsers send them) whose 'not in the list'
    message is ours."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: FlaskForm) -> None:
        allowed = {choice.value for choice in self.choices or []}
        if any(value not in allowed for value in self.data or []):
            raise ValidationError(_l("Please choose one of the listed options."))


def language_list(text: str | list[str] | None) -> list[str]:
    """Codes typed as "en es, so" (or already a list, as stored on a partner or channel)."""
    if isinstance(text, list):
        text = " ".join(text)
    return [code for code in re.split(r"[\s,]+", (text or "").strip()) if code]


def check_language_codes(_form: FlaskForm, field: StringField) -> None:
    bad = [code for code in language_list(field.data) if not LANGUAGE_CODES.match(code)]
    if bad:
        raise ValidationError(
            _l("Not a language code: %(codes)s (use codes such as en, es, so).", codes=", ".join(bad))
        )


class PartnerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Please enter a name.")), at_most(200)])
    slug = StringField(
        _l("Short name in links"),
        validators=[
            DataRequired(_l("Please enter a short name.")),
            at_most(80),
            Regexp(r"^[a-z0-9][a-z0-9_-]*$", message=_l("Use lowercase letters, digits, - and _.")),
        ],
    )
    kind = Choice(_l("Kind of organization"), choices=options((k, k) for k in PARTNER_KINDS))
    languages = StringField(_l("Languages served"), validators=[at_most(200), check_language_codes])


class ChannelForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Please enter a name.")), at_most(200)])
    token = StringField(
        _l("Link token"),
        validators=[Optional(), Regexp(TOKEN.pattern, message=_l("Use 3 to 64 letters, digits, - and _."))],
    )
    survey_id = Choice(_l("Survey"), coerce=int)
    partner_id = Choice(_l("Partner organization"), coerce=int)
    liaison_id = Choice(_l("Liaison"), coerce=int)
    mode = Choice(_l("Mode"), choices=options((m, m) for m in CHANNEL_MODES))
    place = StringField(_l("Place"), validators=[at_most(200)])
    languages = StringField(_l("Languages offered first"), validators=[at_most(200), check_language_codes])
    default_language = StringField(
        _l("Default language"), validators=[Optional(), at_most(20), check_language_codes]
    )
    is_open = BooleanField(_l("Open for answers"), default=True)
    expires_on = DateField(_l("Closes after (optional)"), validators=[Optional()], render_kw={"type": "date"})
    idle_seconds = IntegerField(
        _l("Kiosk idle timeout in seconds"),
        default=120,
        validators=[NumberRange(30, 3600, message=_l("Enter a number of seconds from 30 to 3600."))],
    )


class UserForm(FlaskForm):
    email = StringField(
        _l("Email"),
        validators=[
            DataRequired(_l("Please enter your email.")),
            Regexp(EMAIL.pattern, message=_l("Please enter an email address.")),
            at_most(254),
        ],
    )
    name = StringField(_l("Name"), validators=[at_most(200)])
    role = Choice(_l("Role"), choices=options((r, r) for r in ROLES))
    partner_id = Choice(_l("Partner organization"), coerce=int)
    password = PasswordField(_l("Password (leave empty to generate one)"), validators=[check_new_password])


class AccountForm(FlaskForm):
    """An admin changes a person's name, role and partner organization."""

    name = StringField(_l("Name"), validators=[at_most(200)])
    role = Choice(_l("Role"), choices=options((r, r) for r in ROLES))
    partner_id = Choice(_l("Partner organization"), coerce=int)


class UploadForm(FlaskForm):
    file = FileField(_l("XLSForm (.xlsx)"), validators=[FileRequired(_l("Please choose a file."))])
    # The files the form reads (select_one_from_file, pulldata) and shows (media columns), checked
    # by services.attachments and services.form_media.
    attachments = MultipleFileField(
        _l("Attached files (.csv, .xml, .geojson; images, audio and video), if the form reads or shows any"),
        render_kw={"accept": ".csv,.xml,.geojson,.png,.jpg,.jpeg,.gif,.webp,.mp3,.m4a,.ogg,.wav,.mp4,.webm"},
    )


PIN = r"^[0-9]{4,8}$"


class UnlockForm(FlaskForm):
    """A liaison starts kiosk mode on a tablet: their login, and a PIN that ends kiosk mode."""

    email = StringField(_l("Email"), validators=[DataRequired(_l("Please enter your email.")), at_most(254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Please enter your password.")), at_most(200)]
    )
    pin = PasswordField(
        _l("PIN to leave kiosk mode (4 to 8 digits)"),
        validators=[DataRequired(_l("Please choose a PIN.")), Regexp(PIN, message=_l("Use 4 to 8 digits."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


class ExitForm(FlaskForm):
    """Leaving kiosk mode: the PIN, or (after too many wrong PINs, or a forgotten one) a staff login."""

    pin = PasswordField(
        _l("PIN"),
        validators=[Optional(), at_most(8)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    email = StringField(_l("Email"), validators=[Optional(), at_most(254)])
    password = PasswordField(_l("Password"), validators=[Optional(), at_most(200)])


class PlainForm(FlaskForm):
    """A button that changes something: only its CSRF token is checked."""


@cache
def time_zones() -> frozenset[str]:
    """The IANA names this machine knows: a typed zone is looked up here, never opened as a file."""
    return frozenset(available_timezones())


def check_time_zone(_form: FlaskForm, field: StringField) -> None:
    if (field.data or "").strip() not in time_zones():
        raise ValidationError(_l("Not a time zone. Use a name like America/Chicago."))


class GroupForm(FlaskForm):
    """A focus-group session; its texts per language (title, description, address, transit and
    parking notes) come as title-<code>, address-<code>, ... fields (team/groups.py)."""

    date = DateField(
        _l("Date"),
        validators=[DataRequired(_l("Please enter a date like 2024-05-31."))],
        render_kw={"type": "date"},
    )
    starts = TimeField(_l("Starts at"), validators=[DataRequired(_l("Please enter a time like 17:30."))])
    ends = TimeField(_l("Ends at"), validators=[DataRequired(_l("Please enter a time like 17:30."))])
    timezone = StringField(_l("Time zone"), default="UTC", validators=[check_time_zone])
    is_remote = BooleanField(_l("Online (no place)"))
    host_partner_id = Choice(_l("Host partner organization"), coerce=int)
    languages = Choices(
        _l("Languages offered"), validators=[DataRequired(_l("Please choose at least one language."))]
    )
    provided = Choices(_l("Provided"))
    capacity = IntegerField(
        _l("Seats"),
        default=12,
        validators=[NumberRange(1, 500, message=_l("Enter a number of seats from 1 to 500."))],
    )
    facilitator_id = Choice(_l("Facilitator"), coerce=int)
    scribe_id = Choice(_l("Scribe"), coerce=int)
    prompts = TextAreaField(_l("Discussion prompts, one per line"), default="", validators=[at_most(5000)])
    is_open = BooleanField(_l("Open for sign-up"), default=True)
