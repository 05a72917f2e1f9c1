"""The records of a contract diff: levels, findings and the rules that produce them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    """How a change affects those who rely on the contract; ordered from least to most severe."""

    INFO = "info"
    WARNING = "warning"
    BREAKING = "breaking"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "breaking": 2}[self.value]


class Family(StrEnum):
    """Which document a rule reads; names the spec file a finding points into."""

    OPENAPI = "openapi"
    CATALOG = "catalog"
    REQUIREMENTS = "requirements"

    @property
    def source(self) -> str:
        return {"openapi": "openapi.yaml", "catalog": "codes.yaml"}.get(
            self.value, "requirements.yaml"
        )


@dataclass(frozen=True, slots=True)
class Change:
    """What a rule yields: its subject (operation, code, requirement), the change, a location."""

    subject: str
    text: str
    location: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported change: stable rule ID, level, one-line message, location for ignore files."""

    rule: str
    level: Level
    message: str
    location: str
    source: str

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "level": self.level.value,
            "message": self.message,
            "location": self.location,
            "source": self.source,
        }


def sort_key(finding: Finding) -> tuple[int, str, str, str]:
    """Most severe first, then by file, location and rule, so output is stable."""
    return (-finding.level.rank, finding.source, finding.location, finding.rule)


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered diff rule: its ID is its function's name with hyphens."""

    id: str
    level: Level
    family: Family
    scope: str
    summary: str
    check: Callable[[Any], Iterable[Change]]

    def findings(self, item: Any) -> list[Finding]:
        return [
            Finding(
                rule=self.id,
                level=self.level,
                message=f"{c.subject}: {c.text}",
                location=c.location,
                source=self.family.source,
            )
            for c in self.check(item)
        ]
