"""Mobile canonicalisation is remembered, and remembering never changes an answer."""

from __future__ import annotations

import itertools

from reference_impl import identifiers
from reference_impl.identifiers import canonical_value

VALUES = ("919972752991", "+91 99727 52991", "0091-9972752991", "9972752991", "+14155550123")
VALUES += ("12", "91997275299x", "", "  919972752991 ", "+919972752991")
FAULTS = (
    frozenset(),
    frozenset({"mobile_plus_kept"}),
    frozenset({"mobile_separators_kept"}),
    frozenset({"mobile_no_base_country"}),
)


def _all() -> list[str | None]:
    return [
        canonical_value("mobile", v, cc, f)
        for v, cc, f in itertools.product(VALUES, ("91", "1"), FAULTS)
    ]


def test_cached_answers_are_the_computed_ones() -> None:
    identifiers._mobile.cache_clear()
    computed = _all()
    assert _all() == computed  # now from the cache
    assert identifiers._mobile.cache_info().hits >= len(computed)


def test_the_cache_is_bounded() -> None:
    assert identifiers._mobile.cache_info().maxsize is not None
