"""Phone numbers as people write them (`(701) 555-0142`, `+1 701 555 0142`, Arabic-Indic digits), read
by libphonenumber in the partners' default region (PHONE_REGION) and kept in E.164, so that one person
is one number however they typed it."""

from __future__ import annotations

import phonenumbers


def normalize_phone(raw: str, region: str) -> str | None:
    """E.164 (`+17015550142`) for a valid number, None for anything else."""
    try:
        number = phonenumbers.parse(raw.strip()[:64], region.upper())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def example_phone(region: str) -> str:
    """A mobile number of the region as people there write it, for the message that asks for one."""
    number = phonenumbers.example_number_for_type(region.upper(), phonenumbers.PhoneNumberType.MOBILE)
    if number is None:
        return "+1 201 555 0123"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def shown_phone(stored: str, region: str) -> str:
    """A stored number as staff dial it: national within the region, international elsewhere."""
    try:
        number = phonenumbers.parse(stored, region.upper())
    except phonenumbers.NumberParseException:
        return stored
    same = phonenumbers.region_code_for_number(number) == region.upper()
    return phonenumbers.format_number(
        number,
        phonenumbers.PhoneNumberFormat.NATIONAL if same else phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    )
