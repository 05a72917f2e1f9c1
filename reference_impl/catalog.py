"""The code catalog, read once from spec/codes.yaml: every error and warning body comes from it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Item = dict[str, Any]


def spec_dir() -> Path:
    """`$LOOKUP_SPEC_DIR`, else the checkout's `spec/` beside the package."""
    env = os.environ.get("LOOKUP_SPEC_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "spec"


@dataclass(frozen=True, slots=True)
class CodeEntry:
    code: int
    kind: str
    messages: tuple[str, ...]
    http_status: int


class Catalog:
    """Codes by number, with their message templates and HTTP status."""

    def __init__(self, entries: dict[int, CodeEntry]) -> None:
        self._entries = entries

    @classmethod
    def load(cls, root: Path | None = None) -> Catalog:
        path = (root or spec_dir()) / "codes.yaml"
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries: dict[int, CodeEntry] = {}
        for raw in doc["codes"]:
            entry = CodeEntry(
                code=int(raw["code"]),
                kind=str(raw["kind"]),
                messages=tuple(str(m) for m in raw["messages"]),
                http_status=int(raw["http_status"]),
            )
            entries[entry.code] = entry
        return cls(entries)

    def __contains__(self, code: object) -> bool:
        return code in self._entries

    def entry(self, code: int) -> CodeEntry:
        return self._entries[code]

    def status(self, code: int) -> int:
        return self._entries[code].http_status

    def message(self, code: int, x: str | None = None, y: str | None = None, index: int = 0) -> str:
        """The catalog message of `code`, its `{x}`/`{y}` filled with non-empty text."""
        template = self._entries[code].messages[index]
        return template.replace("{x}", x or "value").replace("{y}", y or "value")

    def item(self, code: int, x: str | None = None, y: str | None = None) -> Item:
        return {"status": False, "code": code, "message": self.message(code, x, y)}

    def codes(self) -> list[int]:
        return sorted(self._entries)
