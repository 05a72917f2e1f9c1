"""The import rules of ARCHITECTURE.md, enforced."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from project_paths import ROOT


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_the_packages_exist() -> None:
    assert modules("conformance")
    assert modules("reference_impl")


@pytest.mark.parametrize(
    ("package", "forbidden"), [("conformance", "reference_impl"), ("reference_impl", "conformance")]
)
def test_kit_and_reference_never_import_each_other(package: str, forbidden: str) -> None:
    offenders = [
        f"{p.relative_to(ROOT)} imports {m}"
        for p in modules(package)
        for m in imports_of(p)
        if m == forbidden or m.startswith(forbidden + ".")
    ]
    assert offenders == []


def test_checks_import_only_the_model_and_spec_loaders() -> None:
    allowed = ("conformance.checks", "conformance.model", "conformance.spec")
    offenders = [
        f"{p.relative_to(ROOT)} imports {m}"
        for p in modules("conformance/checks")
        for m in imports_of(p)
        if m.startswith("conformance") and not m.startswith(allowed)
    ]
    offenders += [
        f"{p.relative_to(ROOT)} imports {m}"
        for p in modules("conformance/checks")
        for m in imports_of(p)
        if m.split(".")[0] in {"pytest", "click", "httpx", "schemathesis"}
    ]
    assert offenders == []


def test_spec_loaders_import_nothing_else_of_the_kit() -> None:
    offenders = [
        f"{p.relative_to(ROOT)} imports {m}"
        for p in modules("conformance/spec")
        for m in imports_of(p)
        if m.startswith("conformance") and not m.startswith("conformance.spec")
    ]
    assert offenders == []


def test_nothing_imports_the_cli() -> None:
    offenders = [
        f"{p.relative_to(ROOT)} imports {m}"
        for p in modules("conformance")
        if p.name not in {"__main__.py", "cli.py"}
        for m in imports_of(p)
        if m == "conformance.cli"
    ]
    assert offenders == []
