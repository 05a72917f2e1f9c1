"""Steps 4–9 of the precedence chain: source, accountId, identifierName, identifierValue, lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.datastructures import QueryParams

from reference_impl import sources
from reference_impl.errors import ApiError
from reference_impl.identifiers import canonical_name, canonical_value
from reference_impl.store import Org

MAX_LIST = 5


@dataclass(frozen=True, slots=True)
class LookupQuery:
    source: str
    account_id: str
    pairs: tuple[tuple[str, str], ...]


@dataclass(slots=True)
class _Parse:
    params: QueryParams
    org: Org
    write: bool
    allow_lists: bool
    faults: frozenset[str]
    source: str = ""
    account_id: str = ""
    names: list[str] = field(default_factory=list)
    raw_values: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)

    def check_source(self) -> None:
        self.source = self.params.get("source", "").strip()
        if not sources.allowed(self.source, self.write):
            raise ApiError(8003)

    def check_account(self) -> None:
        if not sources.needs_account(self.source):
            return
        self.account_id = self.params.get("accountId", "").strip()
        if not self.account_id:
            if "account_not_required" in self.faults:
                return
            raise ApiError(8003 if "code_8003_for_missing_account" in self.faults else 8045)
        known = self.org.accounts.get(self.source, frozenset())
        if self.account_id not in known and "account_not_checked" not in self.faults:
            raise ApiError(8011)

    def _lists_on(self) -> bool:
        lenient = "dual_list_accepted_when_disabled" in self.faults
        return self.allow_lists and (self.org.dual_enabled or lenient)

    def check_names(self) -> None:
        raw = self.params.get("identifierName", "")
        parts = raw.split(",") if self._lists_on() else [raw]
        names = [canonical_name(part.strip(), self.faults) for part in parts]
        if not all(names):
            raise ApiError(8013)
        self.names = [name for name in names if name]

    def check_values_present(self) -> None:
        raw = self.params.get("identifierValue", "")
        self.raw_values = raw.split(",") if self._lists_on() else [raw]
        # The fault: a blank (not empty) value is left to the format check, which refuses it.
        blank_is_form = "precedence_format_before_presence" in self.faults
        if not all(value.strip() or (blank_is_form and value) for value in self.raw_values):
            raise ApiError(8013 if "code_8013_for_missing_value" in self.faults else 1015)

    def check_values_form(self) -> None:
        self.raw_values = self.raw_values or self.params.get("identifierValue", "").split(",")
        for name, raw in zip(self.names, self.raw_values, strict=False):
            value = canonical_value(name, raw, self.org.base_cc, self.faults, lookup=True)
            if value is None:
                raise ApiError(8013)
            self.values.append(value)

    def check_lists(self) -> None:
        self.raw_values = self.raw_values or [self.params.get("identifierValue", "")]
        longest = max(len(self.names), len(self.raw_values))
        if longest > MAX_LIST and "dual_batch_limit_ignored" not in self.faults:
            raise ApiError(1060)
        if len(self.names) != len(self.raw_values) or len(set(self.names)) != len(self.names):
            raise ApiError(8013)


def parse_lookup(
    params: QueryParams, org: Org, *, write: bool, allow_lists: bool, faults: frozenset[str]
) -> LookupQuery:
    """The lookup parameters, validated in the spec's order; the first failure raises."""
    p = _Parse(params, org, write, allow_lists, faults)
    steps: list[Callable[[], None]] = [
        p.check_source,
        p.check_account,
        p.check_names,
        p.check_values_present,
        p.check_values_form,
        p.check_lists,
    ]
    if "precedence_identifier_before_account" in faults:
        steps[1], steps[2] = steps[2], steps[1]
    if "precedence_batch_before_format" in faults:
        steps[4], steps[5] = steps[5], steps[4]
    for step in steps:
        step()
    return LookupQuery(p.source, p.account_id, tuple(zip(p.names, p.values, strict=True)))
