"""Requirement and profile rules: what an implementation must do to be certified."""

from __future__ import annotations

from collections.abc import Iterator

from conformance.diff.model import Change, Family, Level
from conformance.diff.pairs import DOCUMENT, REQUIREMENT, DocPair, RequirementPair
from conformance.diff.registry import rule
from conformance.spec.loader import Requirement

_STRENGTH = {"MAY": 0, "SHOULD": 1, "MUST": 2}


def _describe(r: Requirement) -> str:
    return f"{r.level}, profile {r.profile}: {r.title}"


@rule(DOCUMENT, Level.BREAKING, Family.REQUIREMENTS)
def requirement_removed(doc: DocPair) -> Iterator[Change]:
    """A requirement is gone: clients lose a guarantee, reports cite an unknown ID."""
    for rid in sorted(doc.old.requirements.keys() - doc.new.requirements.keys()):
        yield Change(rid, f"requirement removed ({_describe(doc.old.requirements[rid])})", rid)


@rule(DOCUMENT, Level.WARNING, Family.REQUIREMENTS)
def requirement_added(doc: DocPair) -> Iterator[Change]:
    """A new requirement: certified implementations may no longer pass."""
    for rid in sorted(doc.new.requirements.keys() - doc.old.requirements.keys()):
        yield Change(rid, f"requirement added ({_describe(doc.new.requirements[rid])})", rid)


@rule(REQUIREMENT, Level.BREAKING, Family.REQUIREMENTS)
def requirement_level_raised(r: RequirementPair) -> Iterator[Change]:
    """MAY to SHOULD, or SHOULD to MUST: implementations that passed may now fail."""
    if _STRENGTH.get(r.new.level, 0) > _STRENGTH.get(r.old.level, 0):
        yield r.change(f"level raised from {r.old.level} to {r.new.level}")


@rule(REQUIREMENT, Level.WARNING, Family.REQUIREMENTS)
def requirement_level_lowered(r: RequirementPair) -> Iterator[Change]:
    """MUST to SHOULD, or SHOULD to MAY: clients lose a guarantee."""
    if _STRENGTH.get(r.new.level, 0) < _STRENGTH.get(r.old.level, 0):
        yield r.change(f"level lowered from {r.old.level} to {r.new.level}")


@rule(REQUIREMENT, Level.WARNING, Family.REQUIREMENTS)
def requirement_profile_changed(r: RequirementPair) -> Iterator[Change]:
    """The requirement moved to another profile: who must meet it changed."""
    if r.old.profile != r.new.profile:
        yield r.change(f"profile changed from {r.old.profile} to {r.new.profile}")


@rule(REQUIREMENT, Level.INFO, Family.REQUIREMENTS)
def requirement_text_changed(r: RequirementPair) -> Iterator[Change]:
    """The clause was reworded; review whether its meaning moved."""
    if r.old.text.split() != r.new.text.split():
        yield r.change("text changed")


@rule(REQUIREMENT, Level.INFO, Family.REQUIREMENTS)
def requirement_title_changed(r: RequirementPair) -> Iterator[Change]:
    """The requirement's title changed."""
    if r.old.title != r.new.title:
        yield r.change(f'title changed from "{r.old.title}" to "{r.new.title}"')


def _governed(r: Requirement, everything: set[str]) -> set[str]:
    return set(everything) if "*" in r.operations else set(r.operations)


def _all_operations(doc: DocPair) -> set[str]:
    return set(doc.old.operations) | set(doc.new.operations)


@rule(REQUIREMENT, Level.WARNING, Family.REQUIREMENTS)
def requirement_scope_widened(r: RequirementPair) -> Iterator[Change]:
    """The requirement now governs operations it did not: more to implement."""
    every = _all_operations(r.doc)
    more = _governed(r.new, every) - _governed(r.old, every)
    if more:
        yield r.change(f"now governs {', '.join(sorted(more))}")


@rule(REQUIREMENT, Level.INFO, Family.REQUIREMENTS)
def requirement_scope_narrowed(r: RequirementPair) -> Iterator[Change]:
    """The requirement no longer governs some operations."""
    every = _all_operations(r.doc)
    fewer = _governed(r.old, every) - _governed(r.new, every)
    if fewer:
        yield r.change(f"no longer governs {', '.join(sorted(fewer))}")


@rule(DOCUMENT, Level.BREAKING, Family.REQUIREMENTS)
def profile_removed(doc: DocPair) -> Iterator[Change]:
    """A profile vendors declare is gone: their declarations no longer validate."""
    for name in sorted(doc.old.profiles.keys() - doc.new.profiles.keys()):
        yield Change(f"profile {name}", "profile removed", f"profile {name}")


@rule(DOCUMENT, Level.INFO, Family.REQUIREMENTS)
def profile_added(doc: DocPair) -> Iterator[Change]:
    """A new optional capability vendors may declare."""
    for name in sorted(doc.new.profiles.keys() - doc.old.profiles.keys()):
        yield Change(f"profile {name}", "profile added", f"profile {name}")


@rule(DOCUMENT, Level.BREAKING, Family.REQUIREMENTS)
def profile_became_mandatory(doc: DocPair) -> Iterator[Change]:
    """Every implementation must now support a profile that was optional."""
    old, new = doc.old.profiles, doc.new.profiles
    for name in sorted(old.keys() & new.keys()):
        if new[name].mandatory and not old[name].mandatory:
            yield Change(f"profile {name}", "profile became mandatory", f"profile {name}")


@rule(DOCUMENT, Level.INFO, Family.REQUIREMENTS)
def profile_became_optional(doc: DocPair) -> Iterator[Change]:
    """A mandatory profile became optional: clients can no longer count on it."""
    old, new = doc.old.profiles, doc.new.profiles
    for name in sorted(old.keys() & new.keys()):
        if old[name].mandatory and not new[name].mandatory:
            yield Change(f"profile {name}", "profile became optional", f"profile {name}")
