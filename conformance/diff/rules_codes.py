"""Catalog rules: a code is an API surface; clients branch on its number, kind, status, message."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from conformance.diff.model import Change, Family, Level
from conformance.diff.pairs import CODE, DOCUMENT, OPERATION, CodePair, DocPair, OperationPair
from conformance.diff.registry import rule
from conformance.spec.loader import Code, SpecBundle

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _shape(code: Code) -> str:
    return f"{code.kind}, HTTP {code.http_status}"


@rule(DOCUMENT, Level.BREAKING, Family.CATALOG)
def code_removed(doc: DocPair) -> Iterator[Change]:
    """A code clients branch on is gone from the catalog."""
    for number in sorted(doc.old.codes.keys() - doc.new.codes.keys()):
        text = f"removed from the catalog ({_shape(doc.old.codes[number])})"
        yield Change(f"code {number}", text, f"code {number}")


@rule(DOCUMENT, Level.INFO, Family.CATALOG)
def code_added(doc: DocPair) -> Iterator[Change]:
    """A new code in the catalog."""
    for number in sorted(doc.new.codes.keys() - doc.old.codes.keys()):
        text = f"added to the catalog ({_shape(doc.new.codes[number])})"
        yield Change(f"code {number}", text, f"code {number}")


@rule(CODE, Level.BREAKING, Family.CATALOG)
def code_kind_changed(c: CodePair) -> Iterator[Change]:
    """Success, warning and error travel in different places; clients look in the old one."""
    if c.old.kind != c.new.kind:
        yield c.change(f"kind changed from {c.old.kind} to {c.new.kind}")


@rule(CODE, Level.BREAKING, Family.CATALOG)
def code_http_status_changed(c: CodePair) -> Iterator[Change]:
    """The code now travels with another HTTP status: clients dispatch on the status first."""
    if c.old.http_status != c.new.http_status:
        yield c.change(f"HTTP status changed from {c.old.http_status} to {c.new.http_status}")


def placeholders(message: str) -> str:
    return ", ".join("{" + p + "}" for p in sorted(set(_PLACEHOLDER.findall(message)))) or "none"


def message_pairs(c: CodePair) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(old, new) rewordings, then removed and added messages; unchanged ones are left out."""
    old = [m for m in c.old.messages if m not in c.new.messages]
    new = [m for m in c.new.messages if m not in c.old.messages]
    return list(zip(old, new, strict=False)), old[len(new) :], new[len(old) :]


@rule(CODE, Level.BREAKING, Family.CATALOG)
def code_message_placeholders_changed(c: CodePair) -> Iterator[Change]:
    """The message's placeholders changed: it now carries different facts."""
    for before, after in message_pairs(c)[0]:
        if placeholders(before) != placeholders(after):
            detail = f"placeholders {placeholders(before)} -> {placeholders(after)}"
            yield c.change(f'message "{before}" became "{after}" ({detail})')


@rule(CODE, Level.INFO, Family.CATALOG)
def code_message_wording_changed(c: CodePair) -> Iterator[Change]:
    """Same placeholders, new wording: the meaning holds."""
    for before, after in message_pairs(c)[0]:
        if placeholders(before) == placeholders(after):
            yield c.change(f'message wording changed from "{before}" to "{after}"')


@rule(CODE, Level.WARNING, Family.CATALOG)
def code_message_removed(c: CodePair) -> Iterator[Change]:
    """One of the code's messages is gone: clients matching on it stop matching."""
    for message in message_pairs(c)[1]:
        yield c.change(f'message "{message}" removed')


@rule(CODE, Level.INFO, Family.CATALOG)
def code_message_added(c: CodePair) -> Iterator[Change]:
    """The code gained a message."""
    for message in message_pairs(c)[2]:
        yield c.change(f'message "{message}" added')


@rule(CODE, Level.INFO, Family.CATALOG)
def code_triggerable_changed(c: CodePair) -> Iterator[Change]:
    """Whether a black-box client can provoke the code changed: certification tests move."""
    if c.old.triggerable != c.new.triggerable:
        text = f"triggerable changed from {c.old.triggerable} to {c.new.triggerable}".lower()
        yield c.change(text)


def emitted(bundle: SpecBundle, op: dict[str, Any]) -> dict[int, Code]:
    """The codes an operation may emit: the catalog's, resource-wide ones and its x-codes."""
    found = dict(bundle.codes_for(str(op.get("operationId") or "")))
    listed = op.get("x-codes")
    for number in listed if isinstance(listed, list) else []:
        if isinstance(number, int) and number in bundle.codes:
            found[number] = bundle.codes[number]
    return found


@rule(OPERATION, Level.WARNING, Family.CATALOG)
def code_newly_emitted(op: OperationPair) -> Iterator[Change]:
    """An existing operation may now emit a code its clients never saw from it."""
    old, new = emitted(op.doc.old, op.old), emitted(op.doc.new, op.new)
    for number in sorted(new.keys() - old.keys()):
        yield op.change(f"now emits code {number} ({_shape(new[number])})", f"code {number}")


@rule(OPERATION, Level.INFO, Family.CATALOG)
def code_no_longer_emitted(op: OperationPair) -> Iterator[Change]:
    """The operation no longer emits a code; clients' handling of it becomes dead code."""
    old, new = emitted(op.doc.old, op.old), emitted(op.doc.new, op.new)
    for number in sorted(old.keys() - new.keys()):
        yield op.change(f"no longer emits code {number}", f"code {number}")
