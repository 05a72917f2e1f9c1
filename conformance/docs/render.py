"""Write the reference: Markdown pages and one self-contained HTML file, from jinja2 templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from conformance.docs.model import (
    code_tables,
    operation_page,
    operations,
    requirements_by_profile,
)
from conformance.spec.loader import SpecBundle

HTML_FILE = "lookup-api.html"


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, one line."""
    return " ".join(str(text).split()).replace("|", "\\|")


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("conformance.docs", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = cell
    return env


def context(bundle: SpecBundle, changes: str | None = None) -> dict[str, Any]:
    """Everything any template may show."""
    info = bundle.openapi.get("info") or {}
    return {
        "title": str(info.get("title") or "Customer (V2 Lookup) API"),
        "description": str(info.get("description") or "").strip(),
        "version": str(info.get("version") or ""),
        "digest": bundle.digest,
        "pages": [operation_page(bundle, op) for op in operations(bundle)],
        "tables": code_tables(bundle),
        "groups": requirements_by_profile(bundle),
        "profiles": bundle.profiles,
        "changes": changes,
    }


def build_site(bundle: SpecBundle, out: Path, changes: str | None = None) -> list[Path]:
    """Render every page into `out`; returns the files written."""
    env, ctx = environment(), context(bundle, changes)
    pages: dict[str, tuple[str, dict[str, Any]]] = {
        "index.md": ("index.md.j2", ctx),
        "codes.md": ("codes.md.j2", ctx),
        "requirements.md": ("requirements.md.j2", ctx),
        "changelog.md": ("changelog.md.j2", ctx),
        HTML_FILE: ("site.html.j2", ctx),
    }
    for page in ctx["pages"]:
        name = f"operations/{page.op.operation_id}.md"
        pages[name] = ("operation.md.j2", {**ctx, "p": page})
    written: list[Path] = []
    for name, (template, values) in pages.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(env.get_template(template).render(values), encoding="utf-8")
        written.append(path)
    return written
