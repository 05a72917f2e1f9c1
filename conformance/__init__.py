"""Contract and conformance kit for the Customer (V2 Lookup) API."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
