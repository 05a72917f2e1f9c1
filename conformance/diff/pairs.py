"""What diff rules look at: the same element of the old and the new contract, side by side."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance.diff.model import Change
from conformance.spec.loader import Code, Requirement, SpecBundle

DOCUMENT = "document"
OPERATION = "operation"
PARAMETER = "parameter"
RESPONSE = "response"
REQUEST_SCHEMA = "request-schema"
RESPONSE_SCHEMA = "response-schema"
CODE = "code"
REQUIREMENT = "requirement"

SCOPES = (
    DOCUMENT,
    OPERATION,
    PARAMETER,
    RESPONSE,
    REQUEST_SCHEMA,
    RESPONSE_SCHEMA,
    CODE,
    REQUIREMENT,
)


@dataclass(frozen=True, slots=True)
class DocPair:
    """Both whole contracts."""

    old: SpecBundle
    new: SpecBundle


@dataclass(frozen=True, slots=True)
class OperationPair:
    """One operation (matched by method and path) in both contracts."""

    doc: DocPair
    method: str
    path: str
    operation_id: str
    old: dict[str, Any] = field(repr=False)
    new: dict[str, Any] = field(repr=False)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path} ({self.operation_id})"

    def change(self, text: str, where: str = "") -> Change:
        return Change(self.label, text, f"{self.operation_id}{' ' + where if where else ''}")


@dataclass(frozen=True, slots=True)
class ParameterPair:
    """One parameter (matched by location and name) of one operation."""

    op: OperationPair
    location: str  # query, header, path, cookie
    name: str
    old: dict[str, Any] = field(repr=False)
    new: dict[str, Any] = field(repr=False)
    old_schema: dict[str, Any] = field(repr=False)
    new_schema: dict[str, Any] = field(repr=False)

    @property
    def what(self) -> str:
        return f"the {self.location} request parameter {self.name}"

    def change(self, text: str) -> Change:
        return self.op.change(text, f"{self.location}.{self.name}")


@dataclass(frozen=True, slots=True)
class ResponsePair:
    """One response status of one operation."""

    op: OperationPair
    status: str
    old: dict[str, Any] = field(repr=False)
    new: dict[str, Any] = field(repr=False)

    def change(self, text: str) -> Change:
        return self.op.change(text, f"response {self.status}")


@dataclass(frozen=True, slots=True)
class SchemaPair:
    """One schema node of a request body or of a response, reached by the same property path."""

    op: OperationPair
    side: str  # request, response
    status: str | None  # the response status; None on the request side
    path: str  # dotted property path; "" for the body itself, `[]` for array items
    old: dict[str, Any] = field(repr=False)
    new: dict[str, Any] = field(repr=False)
    old_required: bool = True
    new_required: bool = True

    @property
    def is_body(self) -> bool:
        return self.path == ""

    @property
    def what(self) -> str:
        """`the request property notes[].key`, `the response body`."""
        return f"the {self.side} {'body' if self.is_body else 'property ' + self.path}"

    def child(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    @property
    def for_status(self) -> str:
        return f" for status {self.status}" if self.status else ""

    def change(self, text: str, path: str | None = None) -> Change:
        where = [self.side] + ([self.status] if self.status else []) + [path or self.path or "body"]
        return self.op.change(text, " ".join(where))


@dataclass(frozen=True, slots=True)
class CodePair:
    """One catalog code present in both catalogs."""

    doc: DocPair
    old: Code
    new: Code

    def change(self, text: str) -> Change:
        return Change(f"code {self.new.code}", text, f"code {self.new.code}")


@dataclass(frozen=True, slots=True)
class RequirementPair:
    """One requirement ID present in both versions."""

    doc: DocPair
    old: Requirement
    new: Requirement

    def change(self, text: str) -> Change:
        return Change(self.new.id, text, self.new.id)
