"""Catalog checks: each code in a body exists, has the right kind, status, operation and message."""

from __future__ import annotations

from collections.abc import Iterator

from conformance.checks.bodies import first_coded_item, has_coded_items, is_error, iter_coded_items
from conformance.checks.context import CheckContext
from conformance.checks.registry import check
from conformance.checks.requirement_ids import REQ, status_requirement
from conformance.model import Exchange, Failure


def _has_codes(ctx: CheckContext, ex: Exchange) -> bool:
    return has_coded_items(ex, "errors") or has_coded_items(ex, "warnings")


def _kind_failures(ctx: CheckContext, ex: Exchange, key: str, kind: str) -> Iterator[Failure]:
    name = f"{key[:-1]}_codes_are_catalog_{key}"
    for _, where, item in iter_coded_items(ex, key):
        entry = ctx.code(item["code"])
        if entry is None:
            yield Failure(
                name,
                "Code not in the catalog",
                f"{_article(kind)} {kind} code of spec/codes.yaml",
                f"code {item['code']}",
                where + "/code",
                "Use the catalog's codes; a code clients cannot look up cannot be handled.",
            )
        elif entry.kind != kind:
            yield Failure(
                name,
                f"{entry.kind.capitalize()} code listed as {kind}",
                f"{_article(kind)} {kind} code in `{key}`",
                f"code {entry.code}, which the catalog lists as {entry.kind}",
                where + "/code",
                _kind_remedy(entry.kind, key),
            )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _kind_remedy(kind: str, key: str) -> str:
    if kind == "success":
        return "Success codes are never sent in bodies; send the code the case calls for."
    home = "errors" if kind == "error" else "warnings"
    return f"List {kind} codes under `{home}`, never under `{key}`."


@check(REQ["error_kind"], applies=lambda c, e: has_coded_items(e, "errors"))
def error_codes_are_catalog_errors(ctx: CheckContext, ex: Exchange) -> Iterator[Failure]:
    """Every code in `errors` is an error code of the catalog."""
    yield from _kind_failures(ctx, ex, "errors", "error")


@check(REQ["warning_kind"], applies=lambda c, e: has_coded_items(e, "warnings"))
def warning_codes_are_catalog_warnings(ctx: CheckContext, ex: Exchange) -> Iterator[Failure]:
    """Every code in `warnings` is a warning code of the catalog."""
    yield from _kind_failures(ctx, ex, "warnings", "warning")


def _first_catalog_error(ctx: CheckContext, ex: Exchange) -> bool:
    """The first errors item has a catalog code: its status is known (a 200 included)."""
    first = first_coded_item(ex, "errors")
    if first is None:
        return False
    entry = ctx.code(first[2]["code"])
    return entry is not None and (is_error(ex) or entry.kind == "error")


@check(REQ["http_status"], applies=_first_catalog_error)
def http_status_matches_catalog(ctx: CheckContext, ex: Exchange) -> Iterator[Failure]:
    """The HTTP status is the one the catalog gives for the first error code."""
    first = first_coded_item(ex, "errors")
    assert first is not None  # guaranteed by applies
    _, where, item = first
    entry = ctx.code(item["code"])
    assert entry is not None  # guaranteed by applies
    if ex.response.status != entry.http_status:
        yield Failure(
            "http_status_matches_catalog",
            "HTTP status does not match the catalog",
            f"HTTP {entry.http_status} for code {entry.code}",
            f"HTTP {ex.response.status}",
            where + "/code",
            f"Send code {entry.code} with HTTP {entry.http_status}, as spec/codes.yaml says.",
            (status_requirement(entry.code),),
        )


@check(REQ["code_operation"], applies=lambda c, e: e.operation_id is not None and _has_codes(c, e))
def codes_are_emitted_by_operation(ctx: CheckContext, ex: Exchange) -> Iterator[Failure]:
    """Every code in a body is one the operation may emit (its x-codes or a resource-wide code)."""
    op = ex.operation_id or ""
    for key in ("errors", "warnings"):
        for _, where, item in iter_coded_items(ex, key):
            entry = ctx.code(item["code"])
            if entry is not None and not entry.applies_to(op):
                yield Failure(
                    "codes_are_emitted_by_operation",
                    "Code not emitted by this operation",
                    f"a code that {op} may emit",
                    f"code {entry.code}, which the catalog gives to "
                    + ", ".join(entry.operations or ()),
                    where + "/code",
                    "Use the code the contract assigns to this operation and case.",
                )


@check(REQ["message"], applies=_has_codes)
def messages_match_catalog(ctx: CheckContext, ex: Exchange) -> Iterator[Failure]:
    """Each message is one of the catalog's messages for its code, placeholders filled."""
    for key in ("errors", "warnings"):
        for _, where, item in iter_coded_items(ex, key):
            entry = ctx.code(item["code"])
            message = item.get("message")
            if entry is None or not isinstance(message, str):
                continue
            if not ctx.message_matches(entry.code, message):
                yield Failure(
                    "messages_match_catalog",
                    "Message differs from the catalog",
                    " | ".join(repr(m) for m in entry.messages),
                    repr(message),
                    where + "/message",
                    "Use the catalog's wording so that clients and docs agree.",
                )
