"""The reference implementation of the Customer (V2 Lookup) API contract."""

from __future__ import annotations

from reference_impl.app import create_app
from reference_impl.faults import FAULTS

__all__ = ["FAULTS", "create_app"]
