"""The contract is read and validated once per run: `run` hands its plugin (bundle and all) to
the session, and xdist workers get the run as data (tests/kit/test_kit_workers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.pytest_plugin import LookupPlugin
from conformance.session import SuiteOptions
from conformance.spec import loader
from conformance.spec.loader import load_bundle
from conformance.target import Credentials, Target

URL = "http://127.0.0.1:9"  # never contacted
ACTIVE = ["--lookup-base-url", URL, "--lookup-user", "u", "--lookup-password", "p"]
SAME_BUNDLE = """
def test_bundle(lookup):
    import conformance.spec.loader as loader
    assert lookup.bundle is loader.HANDED
"""


def _break_a_cross_reference(spec: Path) -> None:
    """Readable, but invalid: an operation names a requirement that does not govern it."""
    text = (spec / "openapi.yaml").read_text(encoding="utf-8")
    assert "x-requirements: [" in text
    (spec / "openapi.yaml").write_text(
        text.replace("x-requirements: [", "x-requirements: [LKP-NOPE-999, ", 1), encoding="utf-8"
    )


def test_a_handed_plugin_is_used_as_is(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = load_bundle()
    monkeypatch.setattr(loader, "HANDED", bundle, raising=False)

    def no_second_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("the spec was loaded again")

    monkeypatch.setattr("conformance.pytest_plugin.load_bundle", no_second_load)
    pytester.makepyfile(SAME_BUNDLE)
    target = Target(URL, Credentials("u", "p"), frozenset(bundle.profiles))
    plugin = LookupPlugin(bundle, target, SuiteOptions())
    result = pytester.runpytest_inprocess(plugins=[plugin])  # no --lookup-* option at all
    result.assert_outcomes(passed=1)


def test_a_vendor_run_validates_and_a_worker_of_run_does_not(
    pytester: pytest.Pytester, spec_copy: Path
) -> None:
    _break_a_cross_reference(spec_copy)
    pytester.makepyfile("def test_x(lookup): pass")
    vendor = pytester.runpytest_inprocess(*ACTIVE, "--lookup-spec", str(spec_copy))
    assert vendor.ret == pytest.ExitCode.USAGE_ERROR
    vendor.stderr.fnmatch_lines(["*lookup-conformance: *LKP-NOPE-999*"])
    worker = pytester.runpytest_inprocess(
        *ACTIVE, "--lookup-spec", str(spec_copy), "--lookup-spec-validated"
    )
    worker.assert_outcomes(passed=1)


def test_validating_load_reads_each_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    original = loader.read_yaml

    def counted(path: Path) -> object:
        reads.append(path.name)
        return original(path)

    monkeypatch.setattr(loader, "read_yaml", counted)
    load_bundle(validate=True)
    assert sorted(reads) == ["codes.yaml", "openapi.yaml", "requirements.yaml"]
