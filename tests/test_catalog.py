"""The code catalog holds every seed row word for word, and every code is placed."""

from __future__ import annotations

from collections import Counter

import yaml
from project_paths import SPEC_DIR
from seed_table import seed_rows


def catalog() -> dict[int, dict[str, object]]:
    doc = yaml.safe_load((SPEC_DIR / "codes.yaml").read_text(encoding="utf-8"))
    return {c["code"]: c for c in doc["codes"]}


def test_seed_parse_sees_every_row() -> None:
    rows = seed_rows()
    # 6 success codes carrying 18 messages, 95 error rows (94 codes: 1222 twice), 17 warnings.
    assert Counter(kind for _, kind, _ in rows) == {"success": 18, "error": 95, "warning": 17}


def in_catalog(codes: dict[int, dict[str, object]], code: int, kind: str, message: str) -> bool:
    entry = codes.get(code)
    return entry is not None and entry["kind"] == kind and message in entry["messages"]  # type: ignore[operator]


def test_every_seed_row_is_in_the_catalog_word_for_word() -> None:
    codes = catalog()
    missing = [
        (code, kind, message)
        for code, kind, message in seed_rows()
        if code not in codes
        or codes[code]["kind"] != kind
        or message not in codes[code]["messages"]
    ]
    assert missing == []


def test_catalog_seed_entries_hold_nothing_but_seed_messages() -> None:
    by_code: dict[int, set[str]] = {}
    for code, _, message in seed_rows():
        by_code.setdefault(code, set()).add(message)
    for code, entry in catalog().items():
        if entry["origin"] == "seed":
            assert set(entry["messages"]) == by_code[code], code  # type: ignore[arg-type]
        else:
            assert code not in by_code, f"{code} is in the seed but marked {entry['origin']}"


def test_seed_oddities_are_noted() -> None:
    codes = catalog()
    assert codes[1222]["seed_rows"] == 2
    assert "1061" in str(codes[1050]["notes"])
    assert "1050" in str(codes[1061]["notes"])
    assert len(codes[1000]["messages"]) == 12  # type: ignore[arg-type]
    for code in (400, 500):
        assert "HTTP status" in str(codes[code]["notes"])


def test_every_code_is_placed_and_explained() -> None:
    for code, entry in catalog().items():
        assert ("operations" in entry) != ("scope" in entry), code
        if "scope" in entry:
            assert len(str(entry["scope_reason"])) > 20, code
        if not entry["triggerable"]:
            assert entry["not_triggerable_reason"], code


def test_docs_codes_named_by_the_issue_are_present() -> None:
    codes = catalog()
    for code in (8003, 8130, 8083, 885):
        assert codes[code]["origin"] == "docs"
