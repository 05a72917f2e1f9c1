"""The one registry of checks: name -> rule, cited requirements, applicability."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from conformance.checks.context import CheckContext
from conformance.model import Exchange, Failure

CheckFn = Callable[[CheckContext, Exchange], Iterator[Failure]]
Applies = Callable[[CheckContext, Exchange], bool]


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    requirements: tuple[str, ...]
    doc: str
    run: CheckFn
    applies: Applies


_REGISTRY: dict[str, Check] = {}


def _always(ctx: CheckContext, ex: Exchange) -> bool:
    return True


def check(*requirements: str, applies: Applies = _always) -> Callable[[CheckFn], CheckFn]:
    """Register a check under its function name, which is its public ID."""

    def register(fn: CheckFn) -> CheckFn:
        name = fn.__name__
        if name in _REGISTRY:
            raise ValueError(f"check {name!r} is registered twice")
        if not requirements:
            raise ValueError(f"check {name!r} cites no requirement")
        doc = next(iter((fn.__doc__ or "").strip().splitlines()), "")
        _REGISTRY[name] = Check(name, tuple(requirements), doc, fn, applies)
        return fn

    return register


def all_checks() -> dict[str, Check]:
    """Every registered check, importing the modules that define them."""
    from conformance.checks import catalog, envelope, schema  # noqa: F401  (registers them)

    return dict(_REGISTRY)
