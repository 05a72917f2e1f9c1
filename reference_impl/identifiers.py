"""Identifier names and values: aliases, validation and the canonical form stored and compared."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import phonenumbers
from email_validator import EmailNotValidError, validate_email

NAMES = frozenset(
    {"mobile", "email", "externalId", "id", "cardnumber", "cardExternalId"}
    | {"wechat", "martjackId", "fbId", "cuid"}
)
ALIASES = {"cardNumber": "cardnumber", "externalID": "externalId"}
CUSTOMER_LEVEL = ("mobile", "email", "externalId", "cardnumber", "id")
SOURCE_SPECIFIC = ("wechat", "martjackId", "fbId", "cuid", "cardExternalId")
# Responses spell the card identifier the way the real API does.
RESPONSE_TYPE = {"cardnumber": "cardNumber"}
MAX_ID = 2**63 - 1
MAX_EXTERNAL_ID = 100
_MOBILE_SEPARATORS = re.compile(r"[\s\-.()]")
# phonenumbers compiles its metadata patterns through the re module's bounded cache; the
# server's other patterns evict them, and a lookup then recompiles regular expressions. Keep
# every compiled metadata pattern instead (phonenumbers >= 9.0.43; what parse and validation
# answer is unchanged).
phonenumbers.enable_pattern_cache()
_CARD_SEPARATORS = re.compile(r"[\s\-]")


def canonical_name(
    name: str, faults: frozenset[str] = frozenset(), *, body: bool = False
) -> str | None:
    """The identifierName the spec means, or None when it is not one (names are case-sensitive).

    `body`: the name is an identifiers[].type of a request body."""
    if body and name == "cardNumber" and "cardNumber_alias_rejected" in faults:
        return None
    name = ALIASES.get(name, name)
    return name if name in NAMES else None


LOOKUP_ONLY_FAULTS = frozenset({"mobile_plus_kept", "mobile_separators_kept"})


def canonical_value(
    name: str,
    raw: str,
    base_cc: str,
    faults: frozenset[str] = frozenset(),
    *,
    lookup: bool = False,
) -> str | None:
    """The canonical form of `raw` for identifier `name`, or None when it is malformed.

    `lookup`: the value was sent to find a customer (some faults spoil only those)."""
    if not lookup:
        faults = faults - LOOKUP_ONLY_FAULTS
    value = raw if "whitespace_not_trimmed" in faults else raw.strip()
    if not value:
        return None
    rule = _RULES.get(name, _exact)
    return rule(value, base_cc, faults)


def valid_external_id(value: str) -> bool:
    """An externalId a customer may be given (LKP-REG-011, LKP-CHG-003): non-empty after
    trimming, at most 100 characters, no comma and no control character."""
    text = value.strip()
    return (
        0 < len(text) <= MAX_EXTERNAL_ID
        and "," not in text
        and not any(unicodedata.category(ch) == "Cc" for ch in text)
    )


def _exact(value: str, base_cc: str, faults: frozenset[str]) -> str | None:
    return value


def _email(value: str, base_cc: str, faults: frozenset[str]) -> str | None:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return None
    return value if "email_case_sensitive" in faults else value.lower()


def _cardnumber(value: str, base_cc: str, faults: frozenset[str]) -> str | None:
    if "cardnumber_separators_kept" not in faults:
        value = _CARD_SEPARATORS.sub("", value)
    return value.upper() or None


def _id(value: str, base_cc: str, faults: frozenset[str]) -> str | None:
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return str(number) if 0 < number <= MAX_ID else None


def _mobile(value: str, base_cc: str, faults: frozenset[str]) -> str | None:
    plain_plus = value.startswith("+") and value[1:].isdigit()  # "+" and digits, nothing else
    if "mobile_separators_kept" not in faults:
        value = _MOBILE_SEPARATORS.sub("", value)
    plus = value.startswith(("+", "00"))
    digits = value[1:] if value.startswith("+") else value[2:] if plus else value
    if not digits.isascii() or not digits.isdigit() or len(digits) > 17:
        return None
    if plus or "mobile_no_base_country" in faults:
        found = _parse(f"+{digits}", None)
        number = found if found is not None and phonenumbers.is_possible_number(found) else None
    else:
        number = _bare_digits(digits, base_cc)
    if number is None:
        return None
    canonical = f"{number.country_code}{number.national_number}"
    return f"+{canonical}" if plain_plus and "mobile_plus_kept" in faults else canonical


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _bare_digits(digits: str, base_cc: str) -> phonenumbers.PhoneNumber | None:
    """Digits without '+': a valid national number of the org's base country when they are one,
    else international digits when possible as such (LKP-ID-011)."""
    region = phonenumbers.region_code_for_country_code(int(base_cc))
    national = _parse(digits, region) if region != "ZZ" else None
    if national is not None and phonenumbers.is_valid_number(national):
        return national
    intl = _parse(f"+{digits}", None)
    if intl is not None and phonenumbers.is_possible_number(intl):
        return intl
    return None


_Rule = Callable[[str, str, frozenset[str]], "str | None"]
_RULES: dict[str, _Rule] = {
    "mobile": _mobile,
    "email": _email,
    "externalId": _exact,
    "cardnumber": _cardnumber,
    "id": _id,
}
