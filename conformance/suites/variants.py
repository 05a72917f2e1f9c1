"""Variants of identifier values the suites send: other spellings that must find the holder, and
near misses that must find no one.

A variant equal to the value it varies would make a test blame the server for the kit's own data
(an `externalId` of an all-digit run tag is its own upper case): every builder here drops the
candidates equal to the value and guarantees that at least one remains, whatever the run tag and
serial number (tests/kit/test_kit_variants.py checks each builder over every such value).
"""

from __future__ import annotations

from collections.abc import Iterable


def differing(value: str, candidates: Iterable[str]) -> list[str]:
    """The candidates that differ from `value`, each once, in order; never empty."""
    out = list(dict.fromkeys(c for c in candidates if c != value))
    if not out:
        raise ValueError(f"no variant of {value!r} differs from it")
    return out


def case_respellings(value: str) -> list[str]:
    """`value` in other letter case: each differs from it, and equals it ignoring case."""
    return differing(value, [value.swapcase(), value.lower(), value.upper()])


# --- spellings that must find the holder (equal to the value under the type's rules) ---------


def spelled(name: str, value: str) -> str:
    """A non-canonical spelling of `value`, registered in its place (LKP-ID-009/012/013/014)."""
    if name == "mobile":
        return f"+{value[:2]} {value[2:7]}-{value[7:]}"
    if name == "email":
        return differing(value, [value.upper().replace(".COM", ".Com"), value.swapcase()])[0]
    if name == "cardnumber":
        return f"{value[:4].lower()} {value[4:8].lower()}-{value[8:]}"
    raise ValueError(f"no non-canonical spelling of {name}")


def email_case_variants(value: str) -> list[str]:
    """An email in other letter case (LKP-ID-013: the comparison ignores case)."""
    mixed = value[:1].upper() + value[1:].replace("example", "Example")
    return differing(value, [value.upper(), mixed, value.swapcase()])


def cardnumber_variants(value: str) -> list[str]:
    """A card number in other case and with separators (LKP-ID-014: both are ignored)."""
    separated = f"{value[:4].lower()} {value[4:8]}-{value[8:].lower()}"
    return differing(value, [separated, value.lower()])


def email_in_other_case(value: str) -> str:
    """The same email spelled in other case (an equivalent spelling, not a change)."""
    return email_case_variants(value)[0]


# --- near misses that must find no one --------------------------------------------------------


def external_id_near_misses(value: str) -> list[str]:
    """Case respellings and the value without its dashes (LKP-ID-015: compared exactly)."""
    return differing(value, [*case_respellings(value), value.replace("-", "")])


def pattern_near_misses(value: str) -> list[str]:
    """Wildcards of SQL LIKE and globs, alone and in place of the last character (LKP-ID-019)."""
    stem = value[:-1]
    return differing(value, ["%", "*", "_", "?", stem + "%", stem + "_", stem + "*", stem + "?"])


def source_specific_near_misses(value: str) -> list[str]:
    """Swapped case and no dashes (LKP-ID-018: source-specific identifiers are exact)."""
    return differing(value, [value.swapcase(), value.replace("-", "")])


def mobile_near_misses(value: str) -> list[str]:
    """One digit more, one digit changed, one digit fewer (LKP-ID-020)."""
    changed = value[:5] + str((int(value[5]) + 1) % 10) + value[6:]
    return differing(value, [value + "7", changed, value[:-1]])


def affix_near_misses(name: str, value: str) -> list[str]:
    """A proper prefix and suffix of the value (LKP-ID-021). An email's stay well-formed
    addresses (a bare local part is 8013)."""
    if name == "email":
        return differing(value, [value[4:], value[:-1]])
    return differing(value, [value[:-1], value[1:]])


def source_specific_identifiers(names: Iterable[str], tag: str) -> dict[str, str]:
    """Values of the source-specific types in mixed case, so that a case swap changes them."""
    return {n: f"{n[:3]}-{tag}-Src" for n in names}


def case_twin(value: str) -> str:
    """Another externalId that differs from `value` in case only (LKP-ID-016)."""
    return case_respellings(value)[0]
