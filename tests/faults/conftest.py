"""The fault and seed runs: slow variants only when asked for; runs ahead of their tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fault_runs import FaultRuns

# Each run is a kit process plus a server process; more than two at a time only queue on 2 cores.
WORKERS = max(1, min(2, os.cpu_count() or 1))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slow variants run only when asked for (`-m slow` or LOOKUP_SLOW=1)."""
    if "slow" in (config.getoption("markexpr") or "") or os.environ.get("LOOKUP_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow or LOOKUP_SLOW=1")
    for item in items:
        if item.path.parent.name == "faults" and item.get_closest_marker("slow"):
            item.add_marker(skip)


def _will_run(item: pytest.Item) -> bool:
    return not any(m.name == "skip" for m in item.iter_markers())


@pytest.fixture(scope="session")
def fault_runs(request: pytest.FixtureRequest) -> Iterator[FaultRuns]:
    runs = FaultRuns(WORKERS)
    if not hasattr(request.config, "workerinput"):  # under xdist, each worker runs its own share
        for item in request.session.items:
            callspec = getattr(item, "callspec", None)
            name = callspec.params.get("fault") if callspec is not None else None
            if isinstance(name, str) and item.path.parent.name == "faults" and _will_run(item):
                runs.start(name)
    yield runs
    runs.close()
