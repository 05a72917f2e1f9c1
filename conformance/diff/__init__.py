"""Diff two versions of the contract: each change under a stable rule ID and a level."""

from __future__ import annotations

from conformance.diff.engine import REGISTRY, diff_bundles, diff_dirs
from conformance.diff.model import Finding, Level

__all__ = ["REGISTRY", "Finding", "Level", "diff_bundles", "diff_dirs"]
