"""The ignore file: accepted changes, each naming a rule, a location and why it is accepted."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import yaml

from conformance.diff.model import Finding

FIELDS = ("rule", "location", "reason")


class IgnoreFileError(Exception):
    """The ignore file is unreadable or an entry is incomplete; one line."""


@dataclass(frozen=True, slots=True)
class IgnoreEntry:
    """One accepted change; `location` may use shell wildcards (`getCustomerByLookup *`)."""

    rule: str
    location: str
    reason: str

    def matches(self, finding: Finding) -> bool:
        return self.rule == finding.rule and fnmatchcase(finding.location, self.location)


def load_ignore(path: Path, known_rules: set[str]) -> list[IgnoreEntry]:
    """Read and check the file: a YAML list of {rule, location, reason}, every field required."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise IgnoreFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise IgnoreFileError(f"{path}: invalid YAML: {str(exc).splitlines()[0]}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise IgnoreFileError(f"{path}: must be a list of {{rule, location, reason}} entries")
    return [_entry(path, n, item, known_rules) for n, item in enumerate(data, start=1)]


def _entry(path: Path, n: int, item: Any, known_rules: set[str]) -> IgnoreEntry:
    if not isinstance(item, dict):
        raise IgnoreFileError(f"{path}: entry {n}: must be a mapping with rule, location, reason")
    for name in FIELDS:
        value = item.get(name)
        if not isinstance(value, str) or not value.strip():
            raise IgnoreFileError(f"{path}: entry {n}: {name} is required")
    extra = sorted(set(item) - set(FIELDS))
    if extra:
        raise IgnoreFileError(f"{path}: entry {n}: unknown field {extra[0]}")
    if item["rule"] not in known_rules:
        raise IgnoreFileError(f"{path}: entry {n}: unknown rule {item['rule']}")
    return IgnoreEntry(item["rule"], item["location"], item["reason"].strip())


def apply_ignore(
    findings: list[Finding], entries: list[IgnoreEntry]
) -> tuple[list[Finding], list[Finding], list[IgnoreEntry]]:
    """(kept, ignored, entries that matched nothing)."""
    kept: list[Finding] = []
    ignored: list[Finding] = []
    used: set[IgnoreEntry] = set()
    for finding in findings:
        hits = [e for e in entries if e.matches(finding)]
        used.update(hits)
        (ignored if hits else kept).append(finding)
    return kept, ignored, [e for e in entries if e not in used]
