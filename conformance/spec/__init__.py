"""Loading and validating the contract in `spec/`."""

from __future__ import annotations

from conformance.spec.loader import (
    Code,
    Operation,
    Profile,
    Requirement,
    SpecBundle,
    SpecError,
    default_spec_dir,
    load_bundle,
)

__all__ = [
    "Code",
    "Operation",
    "Profile",
    "Requirement",
    "SpecBundle",
    "SpecError",
    "default_spec_dir",
    "load_bundle",
]
