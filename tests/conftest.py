"""Shared fixtures: a writable copy of the project's spec directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from project_paths import SPEC_DIR

pytest_plugins = ["pytester"]


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    """A copy of spec/ that a test may break."""
    dest = tmp_path / "spec"
    shutil.copytree(SPEC_DIR, dest)
    return dest
