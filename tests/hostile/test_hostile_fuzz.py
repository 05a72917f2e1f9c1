"""Servers that misbehave only on the schemathesis driver's requests: its session is bounded like
the kit's own client (conformance/fuzz_session.py) in size, time, redirects and decoding.

The kit's own requests (the preflight, the hand-written suites) get a proper 404; only requests
carrying schemathesis' `X-Schemathesis-TestCaseId` header get the hostile answer. The runs cover
LKP-GEN-010 alone, whose only test is the schemathesis driver, with one example per phase.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hostile_kit import KitRuns, assert_survived
from hostile_servers import (
    MIB,
    App,
    Hostile,
    asgi,
    loop_redirect,
    on_fuzz,
    streaming,
    trickle,
)

pytestmark = pytest.mark.network

FUZZ = ("LKP-GEN-010",)
SMALL = ("--max-examples", "1", "--max-response-bytes", "65536")  # each case reads 64 KiB at most
CUT = r"body longer than 65536 bytes, the kit's --max-response-bytes limit"


def _fuzz(name: str, app: Callable[[], App], exit_code: int, problem: str, *args: str) -> Hostile:
    # Each run drives schemathesis over all operations (its coverage phase alone is hundreds of
    # cases, whatever --max-examples): about 30 s alone on a quiet machine, 60-70 s beside other
    # runs on two busy cores, hence the wider bound. Unbounded, these runs are killed at
    # hostile_kit.HARD_LIMIT (the 2 GiB one after growing past 6 GB).
    return Hostile(
        name,
        asgi(lambda: on_fuzz(app())),
        exit_code,
        problem,
        max_seconds=110,
        include=FUZZ,
        kit_args=args,
    )


CASES = [
    _fuzz("fuzz_content_length_2_gib", lambda: streaming(2048 * MIB), 1, CUT, *SMALL),
    _fuzz("fuzz_endless_chunked", lambda: streaming(None), 1, CUT, *SMALL),
    _fuzz(
        "fuzz_trickle_1_byte_per_s",
        lambda: trickle(1.0),
        3,
        r"response body still arriving after 2 s",
        "--max-examples",
        "1",
    ),
    _fuzz(
        "fuzz_redirect_loop",
        loop_redirect,
        3,
        r"redirect HTTP 302 to /v2/\S+ refused \(the kit follows none\)",
        "--max-examples",
        "1",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_fuzz_driver_stops_and_says_why(case: Hostile, kit_runs: KitRuns) -> None:
    run = kit_runs.result(case)
    assert_survived(case, run)
    assert run.report is not None, f"{case.name}: no report.json\n{run.output[-2000:]}"
