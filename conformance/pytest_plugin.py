"""pytest plugin: `--lookup-*` options, requirement/profile markers, evidence per requirement."""

from __future__ import annotations

import argparse
import fnmatch
from collections.abc import Generator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conformance.client import NetworkError
from conformance.collector import Collector, summarize
from conformance.model import Failure, Outcome
from conformance.results import Evidence
from conformance.session import ConformanceFailure, LookupSession
from conformance.spec.loader import SpecBundle, SpecError, load_bundle
from conformance.target import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    ConfigError,
    Credentials,
    Limits,
    Target,
    load_declaration,
    load_fixtures,
)

NOT_APPLICABLE = "not-applicable: "
NETWORK_STREAK = 3  # failed requests in a row: the target is down; each more costs a timeout


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("lookup-conformance", "Customer (V2 Lookup) API conformance")
    add = group.addoption
    add("--lookup-base-url", help="Base URL of the implementation under test (enables the kit).")
    add("--lookup-user", help="Till user for HTTP Basic auth.")
    add("--lookup-password", help="Plain password; the kit sends its MD5 hex as the spec says.")
    add("--lookup-oauth-token", help="Token for the X-CAP-API-OAUTH-TOKEN header.")
    add("--lookup-declaration", type=Path, help="Declaration YAML: the profiles implemented.")
    add("--lookup-fixtures", type=Path, help="Fixtures file: orgs and special-state customers.")
    add("--lookup-spec", type=Path, help="Spec directory (default: the bundled spec).")
    add("--lookup-include", action="append", default=[], help="Only requirement ids matching.")
    add("--lookup-spec-validated", action="store_true", help=argparse.SUPPRESS)
    add("--lookup-results", type=Path, help="Write collected evidence (JSON) to this file.")
    add("--lookup-timeout", type=float, default=DEFAULT_TIMEOUT, help="Seconds per request.")
    add(
        "--lookup-max-response-bytes",
        type=int,
        default=DEFAULT_MAX_RESPONSE_BYTES,
        help="Stop reading a response body after this many bytes.",
    )
    add("--lookup-max-examples", type=int, default=25, help="Schemathesis examples per phase.")
    add("--lookup-seed", type=int, default=None, help="Seed of the schemathesis driver.")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "requirement(*ids): the spec requirement ids (LKP-…) this test verifies"
    )
    config.addinivalue_line(
        "markers", "profile(name): the profile the test needs (not applicable when undeclared)"
    )
    if config.getoption("lookup_base_url"):
        config.pluginmanager.register(LookupPlugin(config), PLUGIN_NAME)


PLUGIN_NAME = "lookup-conformance-session"


@pytest.fixture(scope="session")
def lookup(request: pytest.FixtureRequest) -> LookupSession:
    """The run's LookupSession: contract, target, recording client."""
    plugin = request.config.pluginmanager.get_plugin(PLUGIN_NAME)
    if not isinstance(plugin, LookupPlugin):
        pytest.skip("lookup-conformance is not enabled: pass --lookup-base-url URL")
    return plugin.session


class LookupPlugin:
    """Active only when `--lookup-base-url` is given."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        try:
            bundle = _bundle(config)
            target = _target(config, bundle)
        except SpecError as exc:
            raise pytest.UsageError("lookup-conformance: " + exc.problems[0]) from None
        except ConfigError as exc:
            raise pytest.UsageError(f"lookup-conformance: {exc}") from None
        self.collector = Collector()
        self.session = LookupSession.open(bundle, target, self.collector)
        self.include: list[str] = config.getoption("lookup_include")
        self._network_streak: list[BaseException] = []

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        if self.include:
            keep = [i for i in items if self._included(i)]
            self.config.hook.pytest_deselected(items=[i for i in items if i not in keep])
            items[:] = keep
        for item in items:
            missing = [
                p for p in _profiles(item, self.session) if not self.session.target.declares(p)
            ]
            if missing:
                reason = f"{NOT_APPLICABLE}profile {', '.join(sorted(missing))} not declared"
                item.add_marker(pytest.mark.skip(reason=reason))

    def _included(self, item: pytest.Item) -> bool:
        ids = _requirements(item)
        return any(fnmatch.fnmatchcase(i, pat) for i in ids for pat in self.include)

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.session.current_test = item.nodeid
        self.session.last_exchange = None

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self._record(item, report, call)
        return report

    def _record(self, item: pytest.Item, report: pytest.TestReport, call: Any) -> None:
        outcome, detail, failures = _classify(report, call)
        last = self.session.last_exchange
        ev = Evidence(
            item.nodeid,
            outcome,
            detail,
            tuple(failures),
            summarize(last) if last is not None and outcome is not Outcome.PASS else None,
        )
        if outcome is Outcome.ERROR and detail.startswith("kit:"):
            self.collector.kit_error(f"{item.nodeid}: {detail}")
        for rid, evidence in _attributed(_requirements(item), ev).items():
            self.collector.add(rid, evidence)
        self._watch_network(item, outcome, detail, call)

    def _watch_network(self, item: pytest.Item, outcome: Outcome, detail: str, call: Any) -> None:
        """A network error leaves the run unproven (exit 3); a streak of them ends the run."""
        exc = call.excinfo.value if call.excinfo is not None else None
        if not isinstance(exc, NetworkError):
            if outcome in (Outcome.PASS, Outcome.FAIL):
                self._network_streak.clear()
            return
        self.collector.kit_error(detail)
        if exc not in self._network_streak:  # a failed module fixture re-raises the same error
            self._network_streak.append(exc)
        if len(self._network_streak) >= NETWORK_STREAK:
            stop = f"run stopped: {NETWORK_STREAK} requests in a row got no usable response"
            stop += f" (last: {exc})"
            item.session.shouldstop = stop
            self.collector.kit_error(stop)

    def failed_requirements(self) -> list[str]:
        reqs = self.session.bundle.requirements
        return sorted(
            rid
            for rid, (counts, _) in self.collector.tallies().items()
            if counts.get(Outcome.FAIL.value) and rid in reqs and reqs[rid].level == "MUST"
        )

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        path = self.config.getoption("lookup_results")
        if path is not None:
            self.collector.dump(path)
        self.session.close()
        if self.failed_requirements() and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED  # a check failed on some exchange

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        failed = self.failed_requirements()
        if failed:
            more = f" and {len(failed) - 20} more" if len(failed) > 20 else ""
            terminalreporter.write_line(
                f"lookup-conformance: MUST requirement(s) failed: {', '.join(failed[:20])}{more}"
            )


def _attributed(marked: list[str], ev: Evidence) -> dict[str, Evidence]:
    """The evidence of one test, by requirement.

    A test's outcome counts for the requirements it is marked with, unless its failures name
    the requirement they break (a step the test depends on failed: the error envelope could not
    be read, a code came with the wrong HTTP status, a precondition the test sets up was
    refused). Then the failure counts for those requirements only, and the test's own
    requirements are recorded as not verified (skip), naming what failed first.
    """
    named = [rid for f in ev.failures for rid in f.requirements]
    if ev.outcome is not Outcome.FAIL or not named:
        return dict.fromkeys(marked, ev)
    out: dict[str, Evidence] = {}
    for rid in dict.fromkeys(named):
        mine = tuple(f for f in ev.failures if rid in f.requirements)
        out[rid] = replace(ev, failures=mine)
    unnamed = tuple(f for f in ev.failures if not f.requirements)
    blocked = f"not verified: {', '.join(out)} failed first ({ev.detail})"
    for rid in marked:
        if rid in out:
            continue
        if unnamed:
            out[rid] = replace(ev, failures=unnamed)
        else:
            out[rid] = replace(ev, outcome=Outcome.SKIP, detail=blocked, failures=())
    return out


class PreloadedBundle:
    """What `run` hands its in-process pytest session (`pytest.main(plugins=[...])`): the
    bundle it has loaded and validated, so the session neither reads nor validates spec/ again.
    Holds no hooks; xdist workers do not get it and load the spec (unvalidated) themselves."""

    def __init__(self, bundle: SpecBundle) -> None:
        self.bundle = bundle


def _bundle(config: pytest.Config) -> SpecBundle:
    """The contract, read and validated once per run.

    From `run`: the bundle it handed over, or (an xdist worker) read without validating again
    (`--lookup-spec-validated`). A vendor's own pytest run validates it here."""
    spec = config.getoption("lookup_spec")
    for plugin in config.pluginmanager.get_plugins():
        if isinstance(plugin, PreloadedBundle) and (
            spec is None or Path(spec).resolve() == plugin.bundle.root.resolve()
        ):
            return plugin.bundle
    return load_bundle(spec, validate=not config.getoption("lookup_spec_validated"))


def _classify(report: pytest.TestReport, call: Any) -> tuple[Outcome, str, list[Failure]]:
    if report.passed:
        return Outcome.PASS, "", []
    if report.skipped:
        reason = _skip_reason(report)
        if reason.startswith(NOT_APPLICABLE):
            return Outcome.NOT_APPLICABLE, reason[len(NOT_APPLICABLE) :], []
        return Outcome.SKIP, reason, []
    exc = call.excinfo.value if call.excinfo is not None else None
    if isinstance(exc, ConformanceFailure):
        return Outcome.FAIL, str(exc), list(exc.failures)
    attributed = getattr(exc, "lookup_failures", None)  # test_contract_fuzz's, attributed
    if isinstance(attributed, list) and attributed:
        failures = [f for f in attributed if isinstance(f, Failure)]
        return Outcome.FAIL, str(ConformanceFailure(failures)), failures
    if isinstance(exc, NetworkError):
        return Outcome.ERROR, f"network: {exc}", []
    if isinstance(exc, AssertionError):
        return Outcome.FAIL, _first_line(str(exc)), []
    name = type(exc).__name__ if exc is not None else "error"
    return Outcome.ERROR, f"kit: {name}: {_first_line(str(exc))}", []


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "skipped")


def _first_line(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[0][:300] if lines else ""


def _requirements(item: pytest.Item) -> list[str]:
    return [rid for mark in item.iter_markers("requirement") for rid in mark.args]


def _profiles(item: pytest.Item, session: LookupSession) -> set[str]:
    explicit = {str(m.args[0]) for m in item.iter_markers("profile") if m.args}
    reqs = session.bundle.requirements
    return explicit | {reqs[r].profile for r in _requirements(item) if r in reqs}


def _target(config: pytest.Config, bundle: Any) -> Target:
    fixtures = load_fixtures(config.getoption("lookup_fixtures"), bundle)
    profiles = load_declaration(config.getoption("lookup_declaration"), bundle)
    creds = Credentials(
        config.getoption("lookup_user"),
        config.getoption("lookup_password"),
        config.getoption("lookup_oauth_token"),
    )
    primary = (fixtures.get("orgs") or {}).get("primary")
    if not creds.headers() and primary:
        creds = Credentials.from_mapping(primary["credentials"])
    if not creds.headers():
        raise ConfigError("no credentials: pass --lookup-user and --lookup-password, or a token")
    limits = Limits(
        timeout=config.getoption("lookup_timeout"),
        max_response_bytes=config.getoption("lookup_max_response_bytes"),
    )
    return Target(config.getoption("lookup_base_url"), creds, profiles, fixtures, limits)
