"""The corpus runs ahead of its tests, a few at a time; the terminal summary lists each run."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hostile_kit import KitRuns
from hostile_servers import Hostile

WORKERS = max(1, min(3, os.cpu_count() or 1))  # each run is one busy process; more only queue
RUNS = pytest.StashKey[KitRuns]()


@pytest.fixture(scope="session")
def kit_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KitRuns]:
    runs = KitRuns(tmp_path_factory.mktemp("hostile"), WORKERS)
    request.config.stash[RUNS] = runs
    if not hasattr(request.config, "workerinput"):  # under xdist, each worker runs its own share
        for item in request.session.items:
            callspec = getattr(item, "callspec", None)
            case = callspec.params.get("case") if callspec is not None else None
            if isinstance(case, Hostile):
                runs.start(case)
    yield runs
    runs.close()


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    runs = config.stash.get(RUNS, None)
    if runs is None or not runs.done():
        return
    terminalreporter.section("hostile servers: exit, time, peak RSS, what the kit said")
    for case, run in runs.done():
        terminalreporter.write_line(
            f"{case.name:<24} exit {run.exit_code} {run.seconds:5.1f} s"
            f" {run.peak_rss_mib:4.0f} MiB  {run.headline(case.names_problem, 140)}"
        )
