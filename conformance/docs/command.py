"""`lookup-conformance docs --out DIR`: exit 0 written, 2 usage error or invalid spec."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from conformance.docs.render import HTML_FILE, build_site
from conformance.spec.loader import SpecBundle, SpecError, default_spec_dir, load_bundle

EXIT_OK, EXIT_USAGE = 0, 2


def usage_error(message: str) -> NoReturn:
    click.echo(f"lookup-conformance docs: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _load(root: Path, validate: bool) -> SpecBundle:
    try:
        return load_bundle(root, validate=validate)
    except SpecError as exc:
        more = f" (and {len(exc.problems) - 1} more; run validate)" if len(exc.problems) > 1 else ""
        usage_error(f"{exc.problems[0] if exc.problems else root}{more}")


def changelog(old: str, new: Path, repo: Path | None) -> str:
    """The diff of OLD against the documented spec, as Markdown; usage problems exit 2."""
    from conformance.diff.command import build_report
    from conformance.diff.model import Level
    from conformance.diff.report import render_markdown

    report = build_report(old, str(new), Level.BREAKING, None, repo)
    return render_markdown(report, heading=f"## Changes since `{old}`")


@click.command("docs")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the Markdown pages and the HTML file into.",
)
@click.option(
    "--spec",
    "spec_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Spec directory (default: the bundled spec/).",
)
@click.option(
    "--changelog-from",
    "old",
    default=None,
    metavar="OLD",
    help="Spec directory or git revision (main:spec) to list contract changes since.",
)
@click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Git repository for --changelog-from REV:PATH (default: current directory).",
)
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Validate the spec before rendering it.",
)
def docs(
    out: Path, spec_dir: Path | None, old: str | None, repo: Path | None, validate: bool
) -> None:
    """Render the contract as Markdown pages and one self-contained HTML file."""
    root = spec_dir or default_spec_dir()
    bundle = _load(root, validate)
    changes = changelog(old, root, repo) if old else None
    try:
        written = build_site(bundle, out, changes)
    except OSError as exc:
        usage_error(f"{out}: cannot write: {exc.strerror or exc}")
    click.echo(f"{len(written)} files written to {out} (HTML: {out / HTML_FILE})")
    sys.exit(EXIT_OK)
