"""Checks: small pure functions that judge one recorded exchange against the contract."""

from __future__ import annotations

from conformance.checks.context import CheckContext
from conformance.checks.registry import Check, all_checks, check
from conformance.checks.runner import CheckResult, run_checks

__all__ = ["Check", "CheckContext", "CheckResult", "all_checks", "check", "run_checks"]
