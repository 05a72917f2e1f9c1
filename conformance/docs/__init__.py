"""Docs from the spec: Markdown pages and one self-contained HTML page, never written by hand."""

from __future__ import annotations

from conformance.docs.render import HTML_FILE, build_site

__all__ = ["HTML_FILE", "build_site"]
