"""Validate instances against schemas inside the OpenAPI document, refs resolved."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BASE_URI = "urn:lookup-openapi"


def pointer_escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    return "#/" + "/".join(pointer_escape(str(t)) for t in tokens)


class DocumentSchemas:
    """Builds (and caches) one validator per JSON pointer into an OpenAPI 3.1 document."""

    def __init__(self, document: dict[str, Any]) -> None:
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(BASE_URI, resource)
        self._validator = lru_cache(maxsize=None)(self._build)

    def _build(self, ref: str) -> Draft202012Validator:
        return Draft202012Validator({"$ref": BASE_URI + ref}, registry=self._registry)

    def validator(self, ref: str) -> Draft202012Validator:
        """`ref` is a JSON pointer fragment such as `#/components/schemas/ErrorEnvelope`."""
        return self._validator(ref)

    def errors(self, ref: str, instance: Any) -> Iterator[ValidationError]:
        errors: Iterator[ValidationError] = self._validator(ref).iter_errors(instance)
        return errors


def describe(error: ValidationError) -> str:
    """One line: where in the instance, and what is wrong."""
    where = "/" + "/".join(str(p) for p in error.absolute_path) if error.absolute_path else ""
    message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
    return f"at {where}: {message}" if where else f"at the top level: {message}"
