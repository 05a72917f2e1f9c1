"""pytest plugin: `--lookup-*` options, requirement/profile markers, evidence per requirement.

Two ways in. `lookup-conformance run` builds a `LookupPlugin` itself (bundle, target, options)
and hands the object to `pytest.main(plugins=[...])`; a vendor's own `pytest --lookup-base-url`
builds one from the options. Under xdist the controller sends the run (`to_wire`) to each worker
through `workerinput`; each worker's evidence comes back through xdist's own channel: per test
in `report.user_properties`, the rest in `workeroutput` — so `-n 2` reports what `-n 1` does."""

from __future__ import annotations

import argparse
import fnmatch
import json
from collections.abc import Generator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conformance.client import NetworkError
from conformance.collector import Collector, summarize
from conformance.model import Failure, Outcome
from conformance.results import Evidence
from conformance.session import (
    ConformanceFailure,
    LookupSession,
    NotApplicable,
    SuiteOptions,
)
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
    target_from_wire,
    target_to_wire,
)

WIRE_KEY = "lookup_conformance_run"  # in xdist's workerinput
EVIDENCE_KEY = "lookup-evidence"  # in a worker's report.user_properties and workeroutput
STOPPED_KEY = "lookup-stopped"  # in a worker's report.user_properties: why it stopped
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
    if active_plugin(config) is not None:
        return  # `run` handed its own
    workerinput = getattr(config, "workerinput", None)
    if isinstance(workerinput, dict) and WIRE_KEY in workerinput:
        config.pluginmanager.register(LookupPlugin.from_wire(workerinput[WIRE_KEY]), PLUGIN_NAME)
    elif config.getoption("lookup_base_url"):
        config.pluginmanager.register(LookupPlugin.from_config(config), PLUGIN_NAME)


PLUGIN_NAME = "lookup-conformance-session"


def active_plugin(config: pytest.Config) -> LookupPlugin | None:
    for plugin in config.pluginmanager.get_plugins():
        if isinstance(plugin, LookupPlugin):
            return plugin
    return None


@pytest.fixture(scope="session")
def lookup(request: pytest.FixtureRequest) -> LookupSession:
    """The run's LookupSession: contract, target, recording client."""
    plugin = active_plugin(request.config)
    if plugin is None:
        pytest.skip("lookup-conformance is not enabled: pass --lookup-base-url URL")
    return plugin.session


class LookupPlugin:
    """The run inside pytest: one session (bundle, target, recording client), one collector."""

    def __init__(self, bundle: SpecBundle, target: Target, options: SuiteOptions) -> None:
        self.collector = Collector()
        self.session = LookupSession.open(bundle, target, self.collector, options)
        self.include = list(options.include)
        self.worker = False  # an xdist worker: evidence goes to the controller
        self._not_applicable: dict[str, str] = {}  # node id -> why (undeclared profile)
        self._index: dict[str, int] = {}  # node id -> its number among the collected tests
        self._network_streak: list[BaseException] = []
        self.stopped = ""  # why the session stopped early (a worker's comes with its reports)

    @classmethod
    def from_config(cls, config: pytest.Config) -> LookupPlugin:
        """A vendor's own pytest run: everything from the `--lookup-*` options."""
        try:
            bundle = _bundle(config)
            target = _target(config, bundle)
        except SpecError as exc:
            raise pytest.UsageError("lookup-conformance: " + exc.problems[0]) from None
        except ConfigError as exc:
            raise pytest.UsageError(f"lookup-conformance: {exc}") from None
        options = SuiteOptions(
            config.getoption("lookup_seed"),
            config.getoption("lookup_max_examples"),
            tuple(config.getoption("lookup_include")),
        )
        return cls(bundle, target, options)

    def to_wire(self) -> dict[str, Any]:
        return {
            "spec": str(self.session.bundle.root),
            "target": target_to_wire(self.session.target),
            "options": self.session.options.to_wire(),
        }

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> LookupPlugin:
        bundle = load_bundle(Path(data["spec"]), validate=False)  # the controller validated it
        return cls(
            bundle, target_from_wire(data["target"]), SuiteOptions.from_wire(data["options"])
        )

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        """xdist controller: each worker gets the run as data."""
        node.workerinput[WIRE_KEY] = self.to_wire()

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.worker = hasattr(session.config, "workerinput")

    @pytest.hookimpl(tryfirst=True)  # before xdist's loadgroup renames the items it groups
    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        # every collected test's number, before --include: a test's data never depends on
        # which others run, nor on the worker that runs it (session.begin_test)
        self._index = {nodeid: i for i, nodeid in enumerate(sorted(i.nodeid for i in items))}
        # xdist sets `loadgroup` on its workers (and `dist` to "no" there)
        grouped = bool(getattr(config.option, "loadgroup", False))
        for item in items:
            item.stash[TEST_ID] = item.nodeid
            if grouped and not getattr(getattr(item, "module", None), "INDEPENDENT_TESTS", False):
                # a module's tests share what its fixtures and caches set up: one worker
                item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))
        if self.include:
            keep = [i for i in items if self._included(i)]
            config.hook.pytest_deselected(items=[i for i in items if i not in keep])
            items[:] = keep
        for item in items:
            missing = [
                p for p in _profiles(item, self.session) if not self.session.target.declares(p)
            ]
            if missing:
                reason = f"profile {', '.join(sorted(missing))} not declared"
                self._not_applicable[_test_id(item)] = reason
                item.add_marker(pytest.mark.skip(reason=f"not applicable: {reason}"))

    def _included(self, item: pytest.Item) -> bool:
        ids = _requirements(item)
        return any(fnmatch.fnmatchcase(i, pat) for i in ids for pat in self.include)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        """Before the test's fixtures: what they register is the test's own data."""
        self.session.current_test = _test_id(item)
        self.session.last_exchange = None
        self.session.begin_test(self._index.get(_test_id(item)))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self._record(item, report, call)
        if self.worker and report.when == "teardown":
            delta = self.collector.drain()
            if delta is not None:
                report.user_properties.append((EVIDENCE_KEY, json.dumps(delta, default=str)))
            if self.stopped:
                report.user_properties.append((STOPPED_KEY, self.stopped))
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """xdist controller: a worker's evidence of one test."""
        if self.worker:
            return
        for name, value in report.user_properties:
            if name == EVIDENCE_KEY and isinstance(value, str):
                self.collector.merge(json.loads(value))
            elif name == STOPPED_KEY and isinstance(value, str) and not self.stopped:
                self.stopped = value

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        """xdist controller: what a worker collected outside any test."""
        rest = getattr(node, "workeroutput", {}).get(EVIDENCE_KEY)
        if isinstance(rest, str):
            self.collector.merge(json.loads(rest))
        if error:
            self.collector.kit_error(f"xdist worker {getattr(node, 'gateway', node)} crashed")

    def _record(self, item: pytest.Item, report: pytest.TestReport, call: Any) -> None:
        test_id = _test_id(item)
        outcome, detail, failures = _classify(report, call, self._not_applicable.get(test_id))
        exc = call.excinfo.value if call.excinfo is not None else None
        if outcome is Outcome.ERROR and self.session.last_exchange is not None:
            shape = _shape_failure(exc, call)
            if shape is not None:  # the body the test read was not what the spec says
                outcome, detail, failures = Outcome.FAIL, str(ConformanceFailure([shape])), [shape]
        last = _first_exchange(exc) or self.session.last_exchange
        ev = Evidence(
            test_id,
            outcome,
            detail,
            tuple(failures),
            summarize(last) if last is not None and outcome is not Outcome.PASS else None,
        )
        if outcome is Outcome.ERROR and detail.startswith("kit:"):
            self.collector.kit_error(f"{test_id}: {detail}")
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
            self.stopped = (
                f"{NETWORK_STREAK} requests in a row got no usable response (last: {exc})"
            )
            item.session.shouldstop = f"run stopped: {self.stopped}"
            self.collector.kit_error(item.session.shouldstop)

    def failed_requirements(self) -> list[str]:
        reqs = self.session.bundle.requirements
        return sorted(
            rid
            for rid, (counts, _) in self.collector.tallies().items()
            if counts.get(Outcome.FAIL.value) and rid in reqs and reqs[rid].level == "MUST"
        )

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Before xdist's own sessionfinish sends `workeroutput` (it runs as a wrapper)."""
        self.session.close()
        if self.worker:
            rest = self.collector.drain()
            if rest is not None:
                session.config.workeroutput[EVIDENCE_KEY] = json.dumps(rest, default=str)  # type: ignore[attr-defined]
            return
        path = session.config.getoption("lookup_results")
        if path is not None:
            self.collector.dump(path)
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


def _bundle(config: pytest.Config) -> SpecBundle:
    """The contract of a vendor's own pytest run, validated here (`--lookup-spec-validated`:
    already validated by whoever passed it)."""
    spec = config.getoption("lookup_spec")
    return load_bundle(spec, validate=not config.getoption("lookup_spec_validated"))


def _classify(
    report: pytest.TestReport, call: Any, not_applicable_reason: str | None = None
) -> tuple[Outcome, str, list[Failure]]:
    """A test's outcome from pytest's report and the exception it raised: typed signals only
    (ConformanceFailure, NotApplicable, NetworkError), nothing read out of message text."""
    exc = call.excinfo.value if call.excinfo is not None else None
    if report.passed:
        return Outcome.PASS, "", []
    if report.skipped:
        if isinstance(exc, NotApplicable):
            return Outcome.NOT_APPLICABLE, str(exc.msg or ""), []
        if not_applicable_reason is not None:
            return Outcome.NOT_APPLICABLE, not_applicable_reason, []
        return Outcome.SKIP, _skip_reason(report), []
    if isinstance(exc, KeyboardInterrupt):  # SIGINT, SIGTERM or the time limit (runner.py)
        return Outcome.SKIP, "not run: the run was interrupted", []
    found = _conformance_failures(exc)
    if found:
        failures = [f for c in found for f in c.failures]
        return Outcome.FAIL, str(ConformanceFailure(failures)), failures
    if isinstance(exc, NetworkError):
        return Outcome.ERROR, f"network: {exc}", []
    if isinstance(exc, AssertionError):
        return Outcome.FAIL, _first_line(str(exc)), []
    name = type(exc).__name__ if exc is not None else "error"
    return Outcome.ERROR, f"kit: {name}: {_first_line(str(exc))}", []


SHAPE_ERRORS = (KeyError, IndexError, TypeError, AttributeError)


def _shape_failure(exc: BaseException | None, call: Any) -> Failure | None:
    """A suite test that got a response and then met a missing member or a value of another
    type (KeyError, IndexError, TypeError, AttributeError in suite code) read a body the spec
    does not allow: a failure of the requirement it tests, not a kit error."""
    if not isinstance(exc, SHAPE_ERRORS) or call.excinfo is None:
        return None
    where = ""
    for entry in reversed(call.excinfo.traceback):
        path = str(entry.path)
        if "conformance/suites/" in path.replace("\\", "/"):
            where = f" (at {Path(path).name}:{entry.lineno + 1})"
            break
    else:
        return None
    return Failure(
        "suite",
        "Unexpected response body shape",
        "the members and types the contract's schema gives",
        f"{type(exc).__name__}: {_first_line(str(exc))}{where}",
    )


def _conformance_failures(exc: BaseException | None) -> list[ConformanceFailure]:
    """The ConformanceFailures in `exc`: itself, or inside the exception group Hypothesis
    raises when one test found several distinct failures."""
    if isinstance(exc, ConformanceFailure):
        return [exc]
    if isinstance(exc, BaseExceptionGroup):
        return [c for e in exc.exceptions for c in _conformance_failures(e)]
    return []


def _first_exchange(exc: BaseException | None) -> Any:
    return next((c.exchange for c in _conformance_failures(exc) if c.exchange is not None), None)


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "skipped")


def _first_line(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[0][:300] if lines else ""


TEST_ID = pytest.StashKey[str]()


def _test_id(item: pytest.Item) -> str:
    """The test's node id as collected (xdist's loadgroup appends `@group` to grouped ones)."""
    return item.stash.get(TEST_ID, item.nodeid)


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
