"""One certification run: drive the suites under pytest, then turn evidence into results."""

from __future__ import annotations

import fnmatch
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conformance import __version__
from conformance.checks import CheckContext
from conformance.client import NetworkError, RecordingClient
from conformance.collector import Collector
from conformance.model import Outcome
from conformance.pytest_plugin import PreloadedBundle
from conformance.results import (
    Coverage,
    Evidence,
    RequirementResult,
    RunHeader,
    RunResult,
    compute_verdict,
)
from conformance.spec.loader import Requirement, SpecBundle
from conformance.target import Target

SUITES = "conformance.suites"


@dataclass(frozen=True)
class RunOptions:
    seed: int | None = None
    workers: int = 1
    max_examples: int = 25
    include: tuple[str, ...] = ()
    declaration: Path | None = None
    fixtures: Path | None = None
    extra_pytest_args: tuple[str, ...] = field(default_factory=tuple)
    quiet: bool = True


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def pytest_args(target: Target, bundle: SpecBundle, opts: RunOptions, results: Path) -> list[str]:
    creds = target.credentials
    args = [
        "--pyargs",
        SUITES,
        "-p",
        "no:cacheprovider",
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",  # the kit's own imports precede pytest's
        "-c",
        str(results.parent / "pytest.ini"),
        "--rootdir",
        str(results.parent),
        "--lookup-base-url",
        target.base_url,
        "--lookup-spec",
        str(bundle.root),
        "--lookup-spec-validated",
        "--lookup-results",
        str(results),
        "--lookup-timeout",
        str(target.limits.timeout),
        "--lookup-max-response-bytes",
        str(target.limits.max_response_bytes),
        "--lookup-max-examples",
        str(opts.max_examples),
    ]
    if creds.oauth_token:
        args += ["--lookup-oauth-token", creds.oauth_token]
    if creds.user is not None and creds.password is not None:
        args += ["--lookup-user", creds.user, "--lookup-password", creds.password]
    for flag, value in (
        ("--lookup-declaration", opts.declaration),
        ("--lookup-fixtures", opts.fixtures),
    ):
        if value is not None:
            args += [flag, str(value)]
    if opts.seed is not None:
        args += ["--lookup-seed", str(opts.seed), f"--hypothesis-seed={opts.seed}"]
    for pattern in opts.include:
        args += ["--lookup-include", pattern]
    if opts.workers > 1:
        args += ["-n", str(opts.workers)]
    # quiet: the reports are the product; pytest's tracebacks of failed suite code are noise
    args += ["-q", "--no-header", "-rN", "--tb=no"] if opts.quiet else ["-v"]
    return args + list(opts.extra_pytest_args)


class TargetUnreachable(Exception):
    """The target gave no usable HTTP answer to the preflight request (exit 3)."""


def preflight(target: Target, bundle: SpecBundle) -> None:
    """One lookup before the suites: a target that does not answer HTTP ends the run at once."""
    client = RecordingClient(
        target.base_url, target.credentials, CheckContext(bundle), target.limits
    )
    params = [
        ("source", "INSTORE"),
        ("identifierName", "mobile"),
        ("identifierValue", "919000000001"),
    ]
    try:
        client.request("GET", "/v2/customers/lookup", params=params)
    except NetworkError as exc:
        raise TargetUnreachable(f"{target.base_url}: {exc}") from None
    finally:
        client.close()


def execute(target: Target, bundle: SpecBundle, opts: RunOptions) -> RunResult:
    """Run every suite against the target; the verdict comes from `compute_verdict`."""
    started = now()
    preflight(target, bundle)
    with tempfile.TemporaryDirectory(prefix="lookup-run-") as tmp:
        results_path = Path(tmp) / "evidence.json"
        (Path(tmp) / "pytest.ini").write_text("[pytest]\naddopts =\n", encoding="utf-8")
        # the session takes this bundle instead of reading spec/ again (PreloadedBundle)
        args = pytest_args(target, bundle, opts, results_path)
        code = pytest.main(args, plugins=[PreloadedBundle(bundle)])
        if results_path.is_file():
            collector = Collector.load(results_path)
        else:
            collector = Collector()
            collector.kit_error(
                f"the test session ended before writing evidence (pytest exit {code})"
            )
    header = RunHeader(
        kit_version=__version__,
        spec_sha256=bundle.digest,
        target=target.base_url,
        profiles=tuple(sorted(target.profiles)),
        seed=opts.seed,
        started=started,
        finished=now(),
        options={
            "workers": opts.workers,
            "max_examples": opts.max_examples,
            "include": list(opts.include),
        },
    )
    return assemble(bundle, target, collector, header, opts.include)


def assemble(
    bundle: SpecBundle,
    target: Target,
    collector: Collector,
    header: RunHeader,
    include: tuple[str, ...] = (),
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

    results = tuple(
        requirement_result(req, target, tallies.get(req.id))
        for req in bundle.requirements.values()
        if included(req.id) or failed(req.id)
    )
    return RunResult(
        header=header,
        requirements=results,
        verdict=compute_verdict(results, len(collector.kit_errors)),
        coverage=coverage(bundle, tuple(r for r in results if included(r.id))),
        kit_errors=tuple(collector.kit_errors),
    )


def requirement_result(
    req: Requirement,
    target: Target,
    tally: tuple[dict[str, int], tuple[Evidence, ...]] | None,
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
        return result(Outcome.SKIP, "no test of this kit exercised it")
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


def coverage(bundle: SpecBundle, results: tuple[RequirementResult, ...]) -> Coverage:
    musts = [r for r in results if r.level == "MUST"]
    reqs = bundle.requirements
    tested = [r for r in musts if r.checked > 0 or r.outcome is Outcome.NOT_APPLICABLE]
    with_reason = [r for r in musts if r not in tested and reqs[r.id].not_testable_reason]
    untested = tuple(r.id for r in musts if r not in tested and r not in with_reason)
    return Coverage(len(musts), len(tested), len(with_reason), untested)
