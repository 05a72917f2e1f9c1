"""The customer body of registration and profile update, checked for shape and typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reference_impl import sources
from reference_impl.bodies import objects, opt_list, opt_object, opt_str
from reference_impl.errors import ApiError
from reference_impl.identifiers import canonical_name
from reference_impl.store import Org

CUSTOM_FIELDS = frozenset(
    {"gender", "city", "age", "occupation", "marital_status", "preferred_language", "company"}
)
EXTENDED_FIELDS = frozenset(
    {"gender", "city", "dob_date", "anniversary_date", "marital_status", "state", "zip"}
    | {"country_of_residence", "preferred_language", "area", "preferred_store"}
)
MAX_FIELD = 255


@dataclass(frozen=True, slots=True)
class ProfileIn:
    source: str
    account_id: str
    first_name: str | None
    last_name: str | None
    fields: dict[str, str]
    identifiers: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class CustomerIn:
    profiles: tuple[ProfileIn, ...]
    loyalty_type: str | None
    extended: dict[str, Any]
    enrollments: tuple[int, ...]

    def identifiers(self) -> list[tuple[str, str]]:
        return [pair for profile in self.profiles for pair in profile.identifiers]

    def unknown_custom_field(self) -> bool:
        return any(key not in CUSTOM_FIELDS for p in self.profiles for key in p.fields)


def parse_customer(
    doc: dict[str, Any], org: Org, *, source_required: bool, faults: frozenset[str] = frozenset()
) -> CustomerIn:
    """The body's customer data; any value of the wrong type or shape is 400."""
    profiles = tuple(
        _profile(p, org, source_required, faults) for p in objects(opt_list(doc, "profiles"))
    )
    loyalty = opt_object(doc, "loyaltyInfo")
    loyalty_type = opt_str(loyalty, "loyaltyType")
    if loyalty_type not in (None, "loyalty", "non_loyalty"):
        raise ApiError(400)
    extended = opt_object(doc, "extendedFields")
    for value in extended.values():
        if not isinstance(value, str | int | float | bool):
            raise ApiError(400)
    enrollments = []
    for item in objects(opt_list(doc, "loyaltyProgramEnrollments")):
        program = item.get("programId")
        if isinstance(program, bool) or not isinstance(program, int):
            raise ApiError(400)
        enrollments.append(program)
    return CustomerIn(profiles, loyalty_type, extended, tuple(enrollments))


def _profile(
    doc: dict[str, Any], org: Org, source_required: bool, faults: frozenset[str]
) -> ProfileIn:
    source = opt_str(doc, "source")
    if source is None and source_required:
        raise ApiError(400)
    source = source or "INSTORE"
    if not sources.allowed(source, write=True):
        raise ApiError(400)
    account_id = (opt_str(doc, "accountId") or "").strip()
    if sources.needs_account(source):
        if account_id not in org.accounts.get(source, frozenset()):
            raise ApiError(400)
    else:
        account_id = ""
    fields = opt_object(doc, "fields")
    if not all(isinstance(v, str) for v in fields.values()):
        raise ApiError(400)
    pairs = []
    for item in objects(opt_list(doc, "identifiers")):
        name = canonical_name(str(item.get("type", "")), faults, body=True)
        value = item.get("value")
        # A blank value is a malformed identifier, answered by the operation (1001/1002/1003).
        if name is None or not isinstance(value, str):
            raise ApiError(400)
        pairs.append((name, value))
    for item in objects(opt_list(doc, "commChannels")):
        if not isinstance(item.get("type"), str) or not isinstance(item.get("value"), str):
            raise ApiError(400)
    return ProfileIn(
        source=source,
        account_id=account_id,
        first_name=opt_str(doc, "firstName", max_len=MAX_FIELD),
        last_name=opt_str(doc, "lastName", max_len=MAX_FIELD),
        fields=fields,
        identifiers=tuple(pairs),
    )


def extended_warnings(extended: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The extended fields to store, and the names refused (unknown or over 255 characters)."""
    kept: dict[str, str] = {}
    refused: list[str] = []
    for name, value in extended.items():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        if name not in EXTENDED_FIELDS or len(text) > MAX_FIELD:
            refused.append(name)
        else:
            kept[name] = text
    return kept, refused
