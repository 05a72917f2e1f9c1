"""The one registry of diff rules; a rule registers with a decorator and IDs never repeat."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from conformance.diff.model import Change, Family, Level, Rule

T = TypeVar("T")
Check = Callable[[T], Iterable[Change]]


class DuplicateRuleError(ValueError):
    """Two rules claimed the same ID."""


class Registry:
    """Rules by ID, in registration order."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def add(self, rule: Rule) -> None:
        if rule.id in self._rules:
            raise DuplicateRuleError(f"diff rule {rule.id!r} is already registered")
        self._rules[rule.id] = rule

    def rules(self, scope: str | None = None) -> list[Rule]:
        return [r for r in self._rules.values() if scope is None or r.scope == scope]

    def get(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __len__(self) -> int:
        return len(self._rules)


REGISTRY = Registry()


def rule(
    scope: str, level: Level, family: Family = Family.OPENAPI, registry: Registry = REGISTRY
) -> Callable[[Check[T]], Check[T]]:
    """Register `check` under the ID spelled by its name (`code_removed` -> `code-removed`)."""

    def register(check: Check[T]) -> Check[T]:
        doc = (check.__doc__ or "").strip().splitlines()
        summary = doc[0] if doc else ""
        rule_id = check.__name__.replace("_", "-")
        registry.add(Rule(rule_id, level, family, scope, summary, check))
        return check

    return register
