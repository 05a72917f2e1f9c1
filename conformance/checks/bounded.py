"""Failures per check and response, bounded: a hostile body must not become millions of records.

A body of a million `{}` warnings breaks the item rules three times per item; listing each would
take gigabytes and tell a vendor nothing the first few do not. `capped` keeps the first failures,
counts a bounded number more without keeping them, and ends with one failure per requirement
saying how many more there are ("…and N more", or "…and at least N more" past the count limit).
It consumes the checks' failures lazily: a check that yields them one at a time (from a
generator, `itertools.islice` of a validator's `iter_errors`) is never run past the limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from conformance.model import Failure

MAX_FAILURES = 20  # kept per check and response: enough to act on
MAX_COUNTED = 1000  # counted (not kept) past those; beyond, the count is a lower bound
MAX_TEXT = 500  # characters of a failure's expected/received/pointer text


def capped(
    failures: Iterable[Failure], keep: int = MAX_FAILURES, count: int = MAX_COUNTED
) -> Iterator[Failure]:
    """The first `keep` failures, then one "…and N more" failure for each requirement tuple of
    the failures not kept (N exact up to `count` more, else "at least")."""
    found = iter(failures)
    kept = 0
    for failure in islice(found, keep):
        kept += 1
        yield clipped(failure)
    if kept < keep:
        return
    more: dict[tuple[str, ...], tuple[Failure, int]] = {}  # requirements -> (first, how many)
    for failure in islice(found, count):
        first, n = more.get(failure.requirements, (failure, 0))
        more[failure.requirements] = (first, n + 1)
    exhausted = next(found, None) is None
    for first, n in more.values():
        yield _more(first, n, keep, exact=exhausted)


def _more(like: Failure, n: int, listed: int, *, exact: bool) -> Failure:
    how_many = f"…and {n} more" if exact else f"…and at least {n} more"
    return Failure(
        like.check,
        "More failures not listed",
        f"at most {listed} failures listed per check and response",
        f"{how_many} in this response (the first: {like.title})",
        requirements=like.requirements,
    )


def clipped(failure: Failure) -> Failure:
    """The failure with its evidence texts cut to MAX_TEXT characters (a server's own text, a
    message of megabytes, is quoted in `received`)."""
    texts = (failure.expected, failure.received, failure.pointer)
    if all(len(t) <= MAX_TEXT for t in texts):
        return failure
    expected, received, pointer = (clip(t) for t in texts)
    return Failure(
        failure.check,
        failure.title,
        expected,
        received,
        pointer,
        failure.remedy,
        failure.requirements,
    )


def clip(text: str, limit: int = MAX_TEXT) -> str:
    if len(text) <= limit:
        return text
    return f"{text[: limit - 40]}… ({len(text) - limit + 40} more characters)"
