"""The suites' variants of identifier values differ from the value they vary, whatever the run.

A near miss equal to the real value makes the suite blame the server for the kit's own data:
`ext.upper()` of an externalId whose run tag has no letters is the externalId itself, and
LKP-ID-015 failed in about 2% of runs. Every builder of conformance/suites/variants.py is checked
here over every run tag (8 hex digits, all-digit tags included) and serial number, for what the
test that sends it relies on: a near miss differs; a respelling differs and is still the value
under its type's rules (case, separators, a leading + of a mobile).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conformance.collector import Collector
from conformance.session import (
    PER_TEST,
    LookupSession,
    SuiteOptions,
    identifiers_for,
    run_tag_for,
)
from conformance.spec.loader import load_bundle
from conformance.suites import variants
from conformance.suites.resolution import SOURCE_SPECIFIC
from conformance.target import Credentials, Target

TAGS = st.text(alphabet="0123456789abcdef", min_size=8, max_size=8)
SERIALS = st.integers(min_value=1, max_value=10**7)
ALL_DIGITS = "12345678"  # the tag under which ext.upper() == ext


def _card(value: str) -> str:
    return re.sub(r"[\s.\-()]", "", value).casefold()


def _mobile(value: str) -> str:
    return re.sub(r"\D", "", value)


def _all_differ(value: str, found: list[str]) -> None:
    assert found, f"no variant of {value!r}"
    assert value not in found
    assert len(set(found)) == len(found)


@given(tag=TAGS, n=SERIALS)
@example(tag=ALL_DIGITS, n=1)
@example(tag="00000000", n=10**6)
@example(tag="abcdefab", n=1)
def test_every_variant_differs_from_its_value(tag: str, n: int) -> None:
    ids = identifiers_for(tag, n)
    ext, email, card, mobile = ids["externalId"], ids["email"], ids["cardnumber"], ids["mobile"]

    # LKP-ID-015: exact comparison; a server comparing ignoring case must be caught.
    near = variants.external_id_near_misses(ext)
    _all_differ(ext, near)
    assert any(v.casefold() == ext.casefold() for v in near), near
    # LKP-ID-016: a second customer whose externalId differs in case only.
    base = f"LKP-Case-{tag}-{n}"
    twin = variants.case_twin(base)
    assert twin != base
    assert twin.casefold() == base.casefold()
    # LKP-ID-019, 020, 021: values that must find no one.
    others = [v for k, v in ids.items() if k != "externalId"]
    _all_differ(ext, variants.differing(ext, [*variants.pattern_near_misses(ext), *others]))
    _all_differ(mobile, variants.mobile_near_misses(mobile))
    for name in ("email", "externalId", "cardnumber"):
        _all_differ(ids[name], variants.affix_near_misses(name, ids[name]))

    # LKP-ID-013/014: respellings that must find the holder, so equal under the type's rules.
    for found in (variants.email_case_variants(email), [variants.email_in_other_case(email)]):
        _all_differ(email, found)
        assert all(v.casefold() == email.casefold() for v in found)
    cards = variants.cardnumber_variants(card)
    _all_differ(card, cards)
    assert all(_card(v) == _card(card) for v in cards)
    # The non-canonical spellings registered by LKP-ID-009/012/013/014.
    assert (
        _mobile(variants.spelled("mobile", mobile)) == mobile != variants.spelled("mobile", mobile)
    )
    assert variants.spelled("email", email).casefold() == email.casefold()
    assert variants.spelled("email", email) != email
    assert _card(variants.spelled("cardnumber", card)) == _card(card)
    assert variants.spelled("cardnumber", card) != card

    # LKP-ID-018: source-specific values are exact; a case swap must be among the near misses.
    for value in variants.source_specific_identifiers(SOURCE_SPECIFIC, f"{tag}-{n}").values():
        found = variants.source_specific_near_misses(value)
        _all_differ(value, found)
        assert value.swapcase() in found


def test_the_old_builder_failed_on_an_all_digit_tag() -> None:
    """What the property guards against: the upper case of this externalId is itself."""
    ext = identifiers_for(ALL_DIGITS, 1)["externalId"]
    assert ext.upper() == ext
    assert ext.upper() not in variants.external_id_near_misses(ext)


def test_a_builder_without_a_differing_candidate_raises() -> None:
    with pytest.raises(ValueError, match="no variant of '123' differs from it"):
        variants.case_respellings("123")


@given(seed=st.integers(min_value=-(2**63), max_value=2**63))
def test_a_seed_gives_its_own_run_tag_every_time(seed: int) -> None:
    tag = run_tag_for(seed)
    assert re.fullmatch(r"[0-9a-f]{8}", tag)
    assert run_tag_for(seed) == tag


SLOTTED = LookupSession.open(
    load_bundle(validate=False),
    Target("http://127.0.0.1:9", Credentials("u", "p"), frozenset()),
    Collector(),
)


@settings(deadline=None)
@given(
    tag=st.text("0123456789abcdef", min_size=8, max_size=8),
    tests=st.lists(st.integers(0, 24_000), min_size=2, max_size=5, unique=True),
    draws=st.integers(1, PER_TEST),
)
def test_tests_never_share_an_identifier_whatever_the_worker(
    tag: str, tests: list[int], draws: int
) -> None:
    """A test's serials are its own slot's (its index among the collected tests): two tests,
    on one worker or two, never register the same mobile, email, externalId or card."""
    session = SLOTTED
    session.run_tag = tag
    seen: dict[str, int] = {}
    for index in tests:
        session.begin_test(index)  # a worker's session, or another worker's: the same
        for _ in range(draws):
            for value in session.unique_identifiers().values():
                assert seen.setdefault(value, index) == index, value


def test_a_test_drawing_past_its_slot_is_the_kits_error() -> None:
    bundle = load_bundle(validate=False)
    target = Target("http://127.0.0.1:9", Credentials("u", "p"), frozenset())
    session = LookupSession.open(bundle, target, Collector())
    session.begin_test(3)
    assert [session.serial() for _ in range(PER_TEST)] == list(range(3 * PER_TEST, 4 * PER_TEST))
    with pytest.raises(RuntimeError, match=f"more than {PER_TEST} serial numbers"):
        session.serial()
    session.close()


def test_without_a_seed_the_run_tag_is_random() -> None:
    tags = {run_tag_for(None) for _ in range(20)}
    assert len(tags) > 1
    assert all(re.fullmatch(r"[0-9a-f]{8}", t) for t in tags)


def test_sessions_opened_with_one_seed_send_the_same_identifiers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bundle = load_bundle(validate=False)
    target = Target("http://127.0.0.1:9", Credentials("u", "p"), frozenset())

    def opened(seed: int | None) -> LookupSession:
        session = LookupSession.open(bundle, target, Collector(), SuiteOptions(seed=seed))
        session.close()
        return session

    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")  # the worker does not change the data
    first, second, other = opened(7), opened(7), opened(8)
    assert first.run_tag == second.run_tag == run_tag_for(7) != other.run_tag
    assert first.unique_identifiers() == second.unique_identifiers()
    assert first.unique_identifiers() != other.unique_identifiers()
