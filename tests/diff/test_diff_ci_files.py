"""The ready-to-copy workflow and the pre-commit hooks call commands and options that exist."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import yaml

from conformance.diff.command import diff
from conformance.diff.report_ci import FORMATS

ROOT = Path(__file__).resolve().parents[2]


def steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load((ROOT / ".github/workflows/lookup-contract.yml").read_text("utf-8"))
    return workflow["jobs"]["contract"]["steps"]  # type: ignore[no-any-return]


def test_workflow_validates_then_diffs_against_the_base_branch() -> None:
    runs = [s.get("run", "") for s in steps()]
    assert any(r.strip() == "lookup-conformance validate --spec spec" for r in runs)
    diff_lines = [
        line.strip() for r in runs for line in r.splitlines() if "lookup-conformance diff" in line
    ]
    assert diff_lines
    options = {p.opts[0] for p in diff.params if p.opts[0].startswith("-")} | {"-o"}
    for line in diff_lines:
        words = shlex.split(line)
        assert words[2:4] == ["$old", "spec"]
        assert {w for w in words if w.startswith("-")} <= options | {"--ignore"}
        assert words[words.index("--format") + 1] in FORMATS


def test_pre_commit_hooks_name_both_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    entries = {h["id"]: (h["entry"], h["args"]) for h in hooks}
    assert entries == {
        "lookup-contract-validate": ("lookup-conformance validate", ["--spec", "spec"]),
        "lookup-contract-diff": ("lookup-conformance diff", ["origin/main:spec", "spec"]),
    }
