"""Parse the project's copy of the seed status-code page into (code, kind, message) rows."""

from __future__ import annotations

import re
from pathlib import Path

SEED = Path(__file__).resolve().parent / "data" / "seed" / "customer-v2-lookup-status-codes.md"


def _clean(text: str) -> str:
    return text.strip().replace("\\{", "{").replace("\\_", "_")


def seed_rows() -> list[tuple[int, str, str]]:
    """Every (code, kind, message) of the seed in page order, one row per message."""
    page = SEED.read_text(encoding="utf-8")
    success = page.split("### Success Codes")[1].split("### Error Codes")[0]
    errors = page.split("### Error Codes")[1].split("### Warning Codes")[0]
    warnings = page.split("### Warning Codes")[1]
    rows: list[tuple[int, str, str]] = []
    cell = re.compile(r"<tr>\s*<td>\s*(\d+)\s*</td>\s*<td>(.*?)</td>\s*</tr>", re.S)
    for m in cell.finditer(success):
        rows += [(int(m[1]), "success", _clean(x)) for x in m[2].split("\\\n") if _clean(x)]
    line = re.compile(r"^\|\s*(\d+)\s*\|\s*(.*?)\s*\|\s*$", re.M)
    rows += [(int(m[1]), "error", _clean(m[2])) for m in line.finditer(errors)]
    rows += [(int(m[1]), "warning", _clean(m[2])) for m in line.finditer(warnings)]
    return rows
