"""What a check may consult besides the exchange: the contract, prepared once per run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from conformance.spec.jsonschemas import DocumentSchemas
from conformance.spec.loader import Code, SpecBundle

_PLACEHOLDER = re.compile(r"\{[a-z]\}")


def template_pattern(template: str) -> re.Pattern[str]:
    """A message template as a regex: literal text, each `{x}` standing for non-empty text."""
    parts = _PLACEHOLDER.split(template.strip())
    return re.compile("^" + "(.+?)".join(re.escape(p) for p in parts) + "$", re.S)


@dataclass(frozen=True)
class CheckContext:
    bundle: SpecBundle
    _routes: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for op in self.bundle.operations.values():
            self._routes[(op.method, op.path)] = op.operation_id

    @cached_property
    def schemas(self) -> DocumentSchemas:
        return DocumentSchemas(self.bundle.openapi)

    @cached_property
    def _message_patterns(self) -> dict[int, tuple[re.Pattern[str], ...]]:
        return {
            c.code: tuple(template_pattern(m) for m in (*c.messages, *c.observed_messages))
            for c in self.bundle.codes.values()
        }

    def operation_for(self, method: str, path: str) -> str | None:
        """The operationId for a method and a concrete path (the contract has no path templates)."""
        return self._routes.get((method.upper(), path.rstrip("/") or "/"))

    def code(self, code: object) -> Code | None:
        return self.bundle.codes.get(code) if isinstance(code, int) else None

    def message_matches(self, code: int, message: str) -> bool:
        return any(p.match(message.strip()) for p in self._message_patterns.get(code, ()))
