"""The code-semantics table: each triggerable catalog code is provoked and asserted by a test."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import conformance.suites as suites
from conformance.session import LookupSession
from conformance.spec.loader import SpecBundle
from conformance.suites.expect import fail
from conformance.suites.requests import PROVOKED

# Triggerable codes that no test can provoke with what the fixtures schema lets a vendor supply.
UNPROVOKABLE = {
    1203: "needs a campaign not configured for referrals: fixtures.schema.json has no member",
    1204: "needs a customer excluded from a referral campaign: fixtures.schema.json has no member",
}
# The assertion helpers that judge an exact code, and the position of their code argument.
ASSERTIONS = {"expect_error": 2, "expect_warning": 1}


def _code_argument(call: ast.Call) -> int | None:
    name = getattr(call.func, "id", getattr(call.func, "attr", None))
    if name not in ASSERTIONS:
        return None
    position = ASSERTIONS[name]
    values = [k.value for k in call.keywords if k.arg == "code"]
    values += call.args[position : position + 1]
    found = next((v.value for v in values if isinstance(v, ast.Constant)), None)
    return found if type(found) is int else None


def literal_codes() -> dict[int, set[str]]:
    """Codes written literally as the code argument of an assertion, by the function using them."""
    found: dict[int, set[str]] = {}
    for module in pkgutil.iter_modules(suites.__path__):
        path = Path(suites.__path__[0]) / f"{module.name}.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                code = _code_argument(node) if isinstance(node, ast.Call) else None
                if code is not None:
                    found.setdefault(code, set()).add(f"{module.name}::{function.name}")
    return found


def provoked_codes() -> dict[int, set[str]]:
    """Every code some suite test provokes: literal assertions plus the `provokes` registry."""
    for module in pkgutil.iter_modules(suites.__path__):
        if module.name.startswith("test_"):
            importlib.import_module(f"{suites.__name__}.{module.name}")
    found = literal_codes()
    for code, tests in PROVOKED.items():
        found.setdefault(code, set()).update(tests)
    return found


@pytest.fixture(scope="module")
def bundle(lookup: LookupSession) -> SpecBundle:
    return lookup.bundle


@pytest.mark.requirement("LKP-ERR-001")
def test_every_triggerable_code_is_provoked(bundle: SpecBundle) -> None:
    """A suite self-check, no server needed: the suites assert every triggerable code."""
    triggerable = {c.code for c in bundle.codes.values() if c.triggerable}
    missing = sorted(triggerable - set(provoked_codes()) - set(UNPROVOKABLE))
    if missing:
        fail(
            "Triggerable codes no test provokes",
            "a test asserting each triggerable code (expect_error / expect_warning, or @provokes)",
            ", ".join(map(str, missing)),
            remedy="Add a test provoking each code, or list it in UNPROVOKABLE with the reason.",
        )


@pytest.mark.requirement("LKP-ERR-001")
def test_code_table_has_no_stale_entries(bundle: SpecBundle) -> None:
    """Provoked and exempted codes are triggerable catalog codes; exempted ones stay unprovoked."""
    provoked = provoked_codes()
    unknown = sorted(c for c in provoked if c not in bundle.codes)
    if unknown:
        where = {c: sorted(provoked[c]) for c in unknown}
        fail("Tests assert codes missing from the catalog", "catalog codes", str(where))
    stale = sorted(
        c
        for c in UNPROVOKABLE
        if c in provoked or c not in bundle.codes or not bundle.codes[c].triggerable
    )
    if stale:
        fail("Stale UNPROVOKABLE entries", "codes no test provokes", ", ".join(map(str, stale)))
