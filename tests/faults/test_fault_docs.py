"""docs/fault-matrix.md is generated (benchmarks/fault_matrix.py) and lists every fault."""

from __future__ import annotations

import re

from fault_runs import documented
from project_paths import ROOT

from reference_impl.faults import FAULTS

DOC = ROOT / "docs" / "fault-matrix.md"
ROW = re.compile(r"^\| `(?P<fault>\w+)` \| [^|]* \| (?P<documented>[^|]+) \|", re.MULTILINE)


def rows() -> dict[str, str]:
    return {m["fault"]: m["documented"].strip() for m in ROW.finditer(DOC.read_text("utf-8"))}


def test_fault_matrix_lists_every_fault_of_the_registry() -> None:
    listed = rows()
    missing = sorted(set(FAULTS) - set(listed))
    unknown = sorted(set(listed) - set(FAULTS))
    hint = "re-run .venv/bin/python benchmarks/fault_matrix.py"
    assert not missing, f"docs/fault-matrix.md lacks {missing}: {hint}"
    assert not unknown, f"docs/fault-matrix.md lists faults the registry lacks {unknown}: {hint}"


def test_fault_matrix_shows_each_fault_documented_requirements() -> None:
    listed = rows()
    for name, fault in FAULTS.items():
        assert listed.get(name) == ", ".join(sorted(documented(fault))), name


def test_fault_matrix_states_the_totals() -> None:
    text = DOC.read_text("utf-8")
    found = re.search(r"\*\*Faults killed (\d+)/(\d+)\*\*", text)
    assert found, "the totals line is missing"
    assert int(found[2]) == len(FAULTS)
    verdicts = re.findall(
        r"^\| `\w+` \|(?:[^|]*\|){3} (killed|hidden|survived|error) \|", text, re.M
    )
    assert verdicts.count("killed") == int(found[1])
