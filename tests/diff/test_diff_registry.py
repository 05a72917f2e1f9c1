"""The rule registry: IDs come from function names, never repeat, and every rule is documented."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance.diff.engine import REGISTRY
from conformance.diff.model import Change, Family, Level
from conformance.diff.pairs import DOCUMENT, DocPair
from conformance.diff.registry import DuplicateRuleError, Registry, rule


def test_duplicate_rule_id_is_rejected() -> None:
    registry = Registry()

    def make() -> None:
        @rule(DOCUMENT, Level.INFO, registry=registry)
        def something_changed(doc: DocPair) -> Iterator[Change]:
            """Something changed."""
            yield from ()

    make()
    with pytest.raises(
        DuplicateRuleError, match="diff rule 'something-changed' is already registered"
    ):
        make()


def test_rule_counts_meet_the_issue() -> None:
    families = [r.family for r in REGISTRY.rules()]
    assert families.count(Family.OPENAPI) >= 40
    assert families.count(Family.CATALOG) + families.count(Family.REQUIREMENTS) >= 12


def test_every_rule_has_a_one_line_summary() -> None:
    assert [r.id for r in REGISTRY.rules() if not r.summary.endswith((".", ":"))] == []
