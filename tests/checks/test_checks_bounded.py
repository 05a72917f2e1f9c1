"""Failures per check and response are capped, and so is the work of finding them.

`capped` (conformance/checks/bounded.py) keeps the first failures, counts a bounded number more
and reports them in one "…and N more" failure per requirement; the runner applies it to every
check. A body of a million `{}` warnings (three failures per item) gives a few dozen failures,
not three million, in about a second and without the memory of the list.
"""

from __future__ import annotations

import itertools
import json
import tracemalloc
from collections.abc import Iterator

from checks_fixture import UPDATE, exchange, run
from hypothesis import given
from hypothesis import strategies as st

from conformance.checks.bounded import MAX_COUNTED, MAX_FAILURES, MAX_TEXT, capped
from conformance.model import Failure, Outcome

MORE = "More failures not listed"


def _failure(i: int, requirements: tuple[str, ...] = ("LKP-X-001",)) -> Failure:
    return Failure("chk", f"failure {i}", "e", f"r{i}", f"/items/{i}", requirements=requirements)


class Counting:
    """An iterator of failures that counts how many were taken from it."""

    def __init__(self, failures: Iterator[Failure]) -> None:
        self._failures = failures
        self.taken = 0

    def __iter__(self) -> Counting:
        return self

    def __next__(self) -> Failure:
        self.taken += 1
        return next(self._failures)


@given(
    total=st.integers(min_value=0, max_value=400),
    keep=st.integers(min_value=0, max_value=30),
    count=st.integers(min_value=1, max_value=300),
    groups=st.integers(min_value=1, max_value=3),
)
def test_capped_keeps_the_first_and_counts_the_rest(
    total: int, keep: int, count: int, groups: int
) -> None:
    reqs = [(f"LKP-X-00{g}",) for g in range(groups)]
    source = Counting(_failure(i, reqs[i % groups]) for i in range(total))
    out = list(capped(source, keep=keep, count=count))
    listed = [f for f in out if f.title != MORE]
    summaries = [f for f in out if f.title == MORE]
    assert listed == [_failure(i, reqs[i % groups]) for i in range(min(total, keep))]
    assert out[: len(listed)] == listed  # the summaries come last
    assert source.taken <= keep + count + 1  # never the whole source
    rest = max(0, total - keep)
    if rest == 0:
        assert summaries == []
        return
    counted = min(rest, count)
    exact = rest <= count
    skipped = [reqs[i % groups] for i in range(keep, keep + counted)]
    assert [f.requirements for f in summaries] == list(dict.fromkeys(skipped))
    for f in summaries:
        n = skipped.count(f.requirements)
        assert f.received.startswith(f"…and {n} more" if exact else f"…and at least {n} more")


def test_capped_stops_taking_from_an_endless_check() -> None:
    source = Counting(_failure(i) for i in itertools.count())
    out = list(capped(source))
    assert len(out) == MAX_FAILURES + 1
    assert out[-1].received.startswith(f"…and at least {MAX_COUNTED} more")
    assert source.taken == MAX_FAILURES + MAX_COUNTED + 1


def _warnings(n: int) -> bytes:
    return b'{"warnings": [' + b",".join([b"{}"] * n) + b"]}"


def test_a_million_empty_warnings_give_a_bounded_list_in_bounded_memory() -> None:
    """Three failures per item: 3,000,000 uncapped (about 8 GB); 20 and one "…and at least 1000
    more", in a few MB besides the parsed body."""
    ex = exchange(200, _warnings(1_000_000), operation=UPDATE)
    ex.response.json()  # parsed once, cached: the body itself is not the checks' memory
    tracemalloc.start()
    try:
        result = run("warning_items_are_well_formed", ex)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, f"{peak / 2**20:.0f} MiB"
    assert result.outcome is Outcome.FAIL
    assert len(result.failures) == MAX_FAILURES + 1
    assert result.failures[0].pointer == "/warnings/0/code"
    assert result.failures[-1].title == MORE
    assert result.failures[-1].received.startswith(f"…and at least {MAX_COUNTED} more")
    schema = run("response_conforms_to_schema", ex)
    assert schema.outcome is Outcome.FAIL
    assert len(schema.failures) <= MAX_FAILURES + 1


def test_a_few_more_are_counted_exactly() -> None:
    result = run(
        "warning_items_are_well_formed", exchange(200, _warnings(10), operation=UPDATE)
    )  # 30 failures
    assert len(result.failures) == MAX_FAILURES + 1
    assert result.failures[-1].received.startswith("…and 10 more in this response")


def test_a_server_text_of_a_megabyte_is_quoted_clipped() -> None:
    message = "x" * 1_000_000
    body = json.dumps({"warnings": [{"status": False, "code": 1053, "message": message}]})
    result = run("messages_match_catalog", exchange(200, body.encode(), operation=UPDATE))
    assert result.outcome is Outcome.FAIL
    (failure,) = result.failures
    assert len(failure.received) <= MAX_TEXT
    assert failure.received.startswith("'xxx")
    assert "more characters" in failure.received
