"""Where the project's files are, for tests in every folder."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC_DIR = ROOT / "spec"
DATA = Path(__file__).resolve().parent / "data"
