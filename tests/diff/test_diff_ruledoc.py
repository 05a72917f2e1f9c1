"""docs/rules.md is the registry's table, regenerated; rule levels follow oasdiff's direction."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.diff.engine import REGISTRY
from conformance.diff.model import Level
from conformance.diff.ruledoc import render_rules_markdown

RULES_MD = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_committed_rules_page_is_up_to_date() -> None:
    assert RULES_MD.read_text(encoding="utf-8") == render_rules_markdown(), (
        "docs/rules.md is stale: run `python -m conformance.diff.ruledoc docs/rules.md`"
    )


def test_every_rule_has_a_row() -> None:
    page = render_rules_markdown()
    assert [r.id for r in REGISTRY.rules() if f"| `{r.id}` | {r.level.value} |" not in page] == []


@pytest.mark.parametrize(
    ("rule_id", "level"),
    [
        # request side: narrowing breaks clients, widening does not
        ("request-parameter-enum-value-removed", Level.BREAKING),
        ("request-parameter-enum-value-added", Level.INFO),
        ("request-property-type-changed", Level.BREAKING),
        ("request-property-type-generalized", Level.INFO),
        ("request-property-max-decreased", Level.BREAKING),
        ("new-required-request-parameter", Level.BREAKING),
        # response side: widening breaks clients, narrowing does not
        ("response-property-enum-value-added", Level.BREAKING),
        ("response-property-enum-value-removed", Level.INFO),
        ("response-property-type-specialized", Level.INFO),
        ("response-property-max-increased", Level.BREAKING),
        ("response-property-became-optional", Level.BREAKING),
        ("response-property-became-required", Level.INFO),
        # catalog and requirements
        ("code-message-placeholders-changed", Level.BREAKING),
        ("code-message-wording-changed", Level.INFO),
        ("code-newly-emitted", Level.WARNING),
        ("requirement-level-raised", Level.BREAKING),
        ("requirement-level-lowered", Level.WARNING),
    ],
)
def test_direction(rule_id: str, level: Level) -> None:
    assert REGISTRY.get(rule_id).level is level
