"""Fixtures of the reference implementation's tests (helpers live in ref_helpers)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from ref_helpers import Kit, make_kit


@pytest.fixture
def kit() -> Iterator[Kit]:
    yield from make_kit()


@pytest.fixture(scope="module")
def shared_kit() -> Iterator[Kit]:
    """One app for a module's read-mostly tests."""
    yield from make_kit()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slow variants run only when asked for (`-m slow` or LOOKUP_SLOW=1)."""
    if "slow" in (config.getoption("markexpr") or "") or os.environ.get("LOOKUP_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow or LOOKUP_SLOW=1")
    for item in items:
        if "reference_impl" in str(item.path) and item.get_closest_marker("slow"):
            item.add_marker(skip)
