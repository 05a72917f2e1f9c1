"""Validate instances against schemas inside the OpenAPI document, refs resolved."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

try:  # compiled validator (a dependency of schemathesis): only a fast "is it valid?" answer
    import jsonschema_rs as _rs
except ImportError:  # pragma: no cover - then every instance takes the detailed path
    _rs = None  # type: ignore[assignment]

BASE_URI = "urn:lookup-openapi"
# Keywords whose results could differ between the two validators (float precision of
# multipleOf; regexes of patternProperties, which `pattern` below cannot stand in for): a
# document using any of them is validated by `jsonschema` alone.
_FAST_PATH_UNSAFE = frozenset({"multipleOf", "patternProperties"})


def pointer_escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    return "#/" + "/".join(pointer_escape(str(t)) for t in tokens)


class _PythonPattern:
    """`pattern` for jsonschema_rs with Python's `re.search`, as `jsonschema` evaluates it
    (Rust's `\\S`, `\\w`, `\\d` classes are not Python's)."""

    def __init__(
        self, parent_schema: dict[str, Any], value: Any, schema_path: list[str | int]
    ) -> None:
        self._regex = re.compile(value)

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and not self._regex.search(instance):
            raise ValueError(f"{instance!r} does not match {self._regex.pattern!r}")


class DocumentSchemas:
    """Builds (and caches) one validator per JSON pointer into an OpenAPI 3.1 document.

    `errors` asks a compiled validator (jsonschema_rs) first and runs `jsonschema`, which
    produces the detailed errors, only for an instance it does not accept; so a valid
    instance costs microseconds, an invalid one gets exactly the errors `jsonschema` reports.
    """

    def __init__(self, document: dict[str, Any]) -> None:
        self._document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(BASE_URI, resource)
        self._validator = lru_cache(maxsize=None)(self._build)
        self._fast = lru_cache(maxsize=None)(self._build_fast)
        self._rs_registry: Any = None
        self._fast_usable: bool | None = None

    def _build(self, ref: str) -> Draft202012Validator:
        return Draft202012Validator({"$ref": BASE_URI + ref}, registry=self._registry)

    def _build_fast(self, ref: str) -> Any:
        """A jsonschema_rs validator for `ref`, or None (not installed, or cannot compile it)."""
        if _rs is None:
            return None
        if self._fast_usable is None:
            self._fast_usable = not _uses_any(self._document, _FAST_PATH_UNSAFE)
        if not self._fast_usable:
            return None
        try:
            if self._rs_registry is None:
                self._rs_registry = _rs.Registry(
                    [(BASE_URI, self._document)], draft=_rs.Draft202012
                )
            return _rs.Draft202012Validator(
                {"$ref": BASE_URI + ref},
                registry=self._rs_registry,
                validate_formats=False,  # `jsonschema` without a format checker: annotations
                keywords={"pattern": _PythonPattern},
            )
        except Exception:  # e.g. a $ref that points nowhere: `jsonschema` reports it
            return None

    def validator(self, ref: str) -> Draft202012Validator:
        """`ref` is a JSON pointer fragment such as `#/components/schemas/ErrorEnvelope`."""
        return self._validator(ref)

    def errors(self, ref: str, instance: Any) -> Iterator[ValidationError]:
        fast = self._fast(ref)
        if fast is not None:
            try:
                if fast.is_valid(instance):
                    return iter(())
            except Exception:  # e.g. a number it cannot represent: `jsonschema` decides
                pass
        errors: Iterator[ValidationError] = self._validator(ref).iter_errors(instance)
        return errors


def _uses_any(node: Any, keywords: frozenset[str]) -> bool:
    """Whether any mapping in the document has one of `keywords` as a key (iterative)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if not keywords.isdisjoint(item):
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def describe(error: ValidationError) -> str:
    """One line: where in the instance, and what is wrong."""
    where = "/" + "/".join(str(p) for p in error.absolute_path) if error.absolute_path else ""
    message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
    return f"at {where}: {message}" if where else f"at the top level: {message}"
