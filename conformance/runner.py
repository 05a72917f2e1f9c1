"""One certification run: drive the suites under pytest, then turn evidence into results."""

from __future__ import annotations

import fnmatch
import os
import signal
import tempfile
import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from conformance import __version__
from conformance.checks import CheckContext
from conformance.checks.bodies import json_object
from conformance.client import NetworkError, RecordingClient
from conformance.collector import Collector
from conformance.model import Exchange, Outcome
from conformance.pytest_plugin import LookupPlugin
from conformance.results import (
    EXIT_KIT,
    EXIT_USAGE,
    UNEXERCISED,
    Evidence,
    RequirementResult,
    RunHeader,
    RunResult,
    compute_coverage,
    compute_verdict,
)
from conformance.session import SuiteOptions
from conformance.spec.loader import Requirement, SpecBundle
from conformance.target import Target, replay_setup

SUITES = "conformance.suites"
DEFAULT_MAX_DURATION = 1800.0  # seconds: a whole run, past which it ends INCOMPLETE


@dataclass(frozen=True)
class RunOptions:
    seed: int | None = None
    workers: int = 1
    max_examples: int = 25
    include: tuple[str, ...] = ()
    extra_pytest_args: tuple[str, ...] = field(default_factory=tuple)
    quiet: bool = True
    max_duration: float | None = DEFAULT_MAX_DURATION


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def pytest_args(opts: RunOptions, tmp: Path) -> list[str]:
    """pytest's own arguments: which suites, how quiet, how many workers. The run itself (spec,
    target, options) travels in the plugin object, never in argv."""
    args = [
        "--pyargs",
        SUITES,
        "-p",
        "no:cacheprovider",
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",  # the kit's own imports precede pytest's
        "-c",
        str(tmp / "pytest.ini"),
        "--rootdir",
        str(tmp),
    ]
    if opts.seed is not None:
        args.append(f"--hypothesis-seed={opts.seed}")
    if opts.workers > 1:
        # loadgroup: a module's tests on one worker (the plugin groups them), but the fuzz
        # tests of test_contract_fuzz (INDEPENDENT_TESTS) one by one: they are most of the time
        args += ["-n", str(opts.workers), "--dist", "loadgroup"]
    # quiet: the reports are the product; pytest's tracebacks of failed suite code are noise
    args += ["-q", "--no-header", "-rN", "--tb=no"] if opts.quiet else ["-v"]
    return args + list(opts.extra_pytest_args)


@dataclass(frozen=True)
class Stop:
    """Why a run ended before its suites did, and the exit code that calls for."""

    reason: str
    exit_code: int = EXIT_KIT


def preflight(target: Target, bundle: SpecBundle, http: httpx.Client | None = None) -> Stop | None:
    """One authenticated lookup before any suite, so that the user's own mistakes are reported
    as theirs, within seconds: no HTTP answer (exit 3), credentials refused (exit 2), or no
    lookup API at the base URL (exit 2). None: go on."""
    client = RecordingClient(
        target.base_url, target.credentials, CheckContext(bundle), target.limits, http
    )
    params = [
        ("source", "INSTORE"),
        ("identifierName", "mobile"),
        ("identifierValue", "919000000001"),
    ]
    try:
        ex = client.request("GET", LOOKUP_PATH, params=params)
        status, body = ex.response.status, json_object(ex)
        errors = body.get("errors") if body is not None else None
        if status == 401:
            code = _first_code(errors)
            with_code = f", code {code}" if code is not None else ""
            return Stop(
                f"preflight: credentials refused by the server (HTTP 401{with_code} for "
                f"{_credential_kind(target)}); check them, nothing was tested",
                EXIT_USAGE,
            )
        if status in (404, 405) and _first_code(errors) != NOT_FOUND:
            # A lookup API answers an unheld mobile otherwise than a path it does not have.
            other = client.request("GET", NO_SUCH_PATH, params=params)
            if _same_answer(ex, other):
                code = _first_code(errors)
                shown = (
                    f"code {code}"
                    if code is not None
                    else (
                        "a JSON body without an errors array"
                        if body is not None
                        else "no JSON body"
                    )
                )
                return Stop(
                    f"preflight: no lookup API at --base-url {target.base_url} (GET "
                    f"{ex.request.url.split('?')[0]} of a mobile no one holds answered HTTP "
                    f"{status} with {shown}, as a path that cannot exist does); the base URL is "
                    "the part before /v2/customers",
                    EXIT_USAGE,
                )
    except NetworkError as exc:
        return Stop(f"preflight: no usable answer from {target.base_url}: {exc}")
    finally:
        client.close()
    return None


LOOKUP_PATH = "/v2/customers/lookup"
NO_SUCH_PATH = "/v2/customers/lookup-conformance-no-such-path"
NOT_FOUND = 8015  # what a lookup of an identifier no customer holds answers (LKP-ERR-004)


def _same_answer(a: Exchange, b: Exchange) -> bool:
    """The same status and, for JSON error bodies, the same first code; else the same body."""
    if a.response.status != b.response.status:
        return False
    codes = [_first_code((json_object(x) or {}).get("errors")) for x in (a, b)]
    if codes[0] is not None or codes[1] is not None:
        return codes[0] == codes[1]
    return a.response.body == b.response.body


def _first_code(errors: Any) -> int | None:
    """The first error's code, also when sent as a string of digits (that is LKP-ERR-002's
    failure, for the suites to report, not a sign of another API)."""
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        code = errors[0].get("code")
        if isinstance(code, str) and code.isdigit():
            return int(code)
        if isinstance(code, int) and not isinstance(code, bool):
            return code
    if isinstance(errors, dict):  # an object for an array: the envelope's failure, not ours
        return _first_code([errors])
    return None


def _credential_kind(target: Target) -> str:
    c = target.credentials
    if c.oauth_token:
        return "the OAuth token given"
    return f"user {c.user!r} with the password given (sent as Basic user:md5(password))"


class _Interrupt:
    """SIGINT, SIGTERM and the overall time limit, each turned into KeyboardInterrupt in the
    main thread (which pytest answers by ending the session and keeping what it has), with the
    reason kept for the verdict."""

    def __init__(self, max_duration: float | None) -> None:
        self.reason = ""
        self._max = max_duration
        self._timer: threading.Timer | None = None
        self._old: dict[int, Any] = {}

    def __enter__(self) -> _Interrupt:
        if threading.current_thread() is not threading.main_thread():
            return self  # signals reach the main thread only: a run in another thread is unbounded
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._old[sig] = signal.signal(sig, self._on_signal)
        if self._max:
            self._timer = threading.Timer(self._max, self._on_time_limit)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
        for sig, old in self._old.items():
            signal.signal(sig, old)

    def _on_signal(self, signum: int, frame: Any) -> None:
        if not self.reason:
            self.reason = f"interrupted ({signal.Signals(signum).name})"
        raise KeyboardInterrupt

    def _on_time_limit(self) -> None:
        if not self.reason:
            self.reason = f"time limit: --max-duration {self._max:g} s reached"
            os.kill(os.getpid(), signal.SIGINT)


def execute(target: Target, bundle: SpecBundle, opts: RunOptions) -> RunResult:
    """Run every suite against the target; the verdict comes from `compute_verdict`. Always a
    result, reports to write: a run stopped by the preflight, a signal, the time limit or a
    dead target is INCOMPLETE and says why (`RunResult.stop_exit`: the exit code it calls
    for)."""
    started = now()
    collector = Collector()
    stop: Stop | None = None
    with _Interrupt(opts.max_duration) as interrupt:
        try:
            stop = preflight(target, bundle)
            if stop is None:
                plugin = LookupPlugin(
                    bundle, target, SuiteOptions(opts.seed, opts.max_examples, opts.include)
                )
                collector = plugin.collector
                with tempfile.TemporaryDirectory(prefix="lookup-run-") as tmp:
                    (Path(tmp) / "pytest.ini").write_text("[pytest]\naddopts =\n", "utf-8")
                    code = pytest.main(pytest_args(opts, Path(tmp)), plugins=[plugin])
                if interrupt.reason or code is pytest.ExitCode.INTERRUPTED:
                    stop = Stop(interrupt.reason or plugin.stopped or "interrupted")
                elif plugin.stopped:
                    stop = Stop(plugin.stopped)
                elif code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
                    collector.kit_error(f"the test session ended with pytest exit code {code}")
        except KeyboardInterrupt:
            stop = Stop(interrupt.reason or "interrupted")
    if stop is not None:
        collector.kit_error(f"run stopped: {stop.reason}")
    header = RunHeader(
        kit_version=__version__,
        spec_sha256=bundle.digest,
        target=target.base_url,
        profiles=tuple(sorted(target.profiles)),
        seed=opts.seed,
        started=started,
        finished=now(),
        replay=replay_setup(target.credentials),
        options={
            "workers": opts.workers,
            "max_examples": opts.max_examples,
            "include": list(opts.include),
            "max_duration": opts.max_duration,
        },
    )
    result = assemble(bundle, target, collector, header, opts.include, stop.reason if stop else "")
    return replace(result, stop_exit=stop.exit_code if stop else None)


def assemble(
    bundle: SpecBundle,
    target: Target,
    collector: Collector,
    header: RunHeader,
    include: tuple[str, ...] = (),
    stopped: str = "",
) -> RunResult:
    """The run's result. With `include`, the report covers the matching requirements, plus any
    other requirement a test failed on the way: a failure attributed outside the included set
    (an included test answered with the wrong status, say) stays in the report and the verdict,
    so a subset run never certifies past it. Coverage counts the included requirements only."""
    tallies = collector.tallies()

    def included(rid: str) -> bool:
        return not include or any(fnmatch.fnmatchcase(rid, p) for p in include)

    def failed(rid: str) -> bool:
        tally = tallies.get(rid)
        return tally is not None and bool(tally[0].get(Outcome.FAIL.value))

    unrun = "not run: the run stopped early" if stopped else UNEXERCISED
    results = tuple(
        requirement_result(req, target, tallies.get(req.id), unrun)
        for req in bundle.requirements.values()
        if included(req.id) or failed(req.id)
    )
    reqs = bundle.requirements
    coverage = compute_coverage(
        tuple(r for r in results if included(r.id)),
        lambda rid: bool(reqs[rid].not_testable_reason),
    )
    return RunResult(
        header=header,
        requirements=results,
        verdict=compute_verdict(
            results,
            len(collector.kit_errors),
            coverage=coverage,
            scope=include,
            stopped=stopped,
        ),
        coverage=coverage,
        kit_errors=tuple(collector.kit_errors),
    )


def requirement_result(
    req: Requirement,
    target: Target,
    tally: tuple[dict[str, int], tuple[Evidence, ...]] | None,
    unrun: str = UNEXERCISED,
) -> RequirementResult:
    def result(
        outcome: Outcome, reason: str = "", evidence: tuple[Evidence, ...] = (), checked: int = 0
    ) -> RequirementResult:
        return RequirementResult(
            req.id, req.level, req.title, req.profile, outcome, reason, evidence, checked
        )

    if not target.declares(req.profile):
        return result(Outcome.NOT_APPLICABLE, f"profile {req.profile} not declared")
    if tally is None:
        if req.not_testable_reason:
            return result(Outcome.SKIP, f"not testable: {req.not_testable_reason}")
        return result(Outcome.SKIP, unrun)
    counts, evidence = tally
    outcome = _aggregate(counts)
    reason = ""
    if outcome in (Outcome.SKIP, Outcome.NOT_APPLICABLE, Outcome.ERROR):
        reason = next((e.detail for e in evidence if e.outcome is outcome and e.detail), "")
    checked = sum(counts.get(o.value, 0) for o in (Outcome.PASS, Outcome.FAIL))
    return result(outcome, reason, evidence=evidence, checked=checked)


def _aggregate(counts: dict[str, int]) -> Outcome:
    """Any fail fails; else a kit/network error; else any pass; else skip; else not applicable."""
    for outcome in (Outcome.FAIL, Outcome.ERROR, Outcome.PASS, Outcome.SKIP):
        if counts.get(outcome.value):
            return outcome
    return Outcome.NOT_APPLICABLE
