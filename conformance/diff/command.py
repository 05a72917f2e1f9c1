"""`lookup-conformance diff OLD NEW`: exit 0 clean, 1 failing change, 2 usage or unreadable spec."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import NoReturn

import click

from conformance.diff.engine import diff_dirs
from conformance.diff.ignore import IgnoreFileError, apply_ignore, load_ignore
from conformance.diff.model import Level
from conformance.diff.registry import REGISTRY
from conformance.diff.report import Report
from conformance.diff.report_ci import FORMATS
from conformance.diff.sources import SourceError, label, spec_dir
from conformance.spec.loader import SpecError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def usage_error(message: str) -> NoReturn:
    click.echo(f"lookup-conformance diff: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _spec_error(which: str, exc: SpecError) -> str:
    more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
    return f"{which}: {exc.problems[0] if exc.problems else 'unreadable spec'}{more}"


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report here instead of standard output.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "warning"]),
    default="breaking",
    show_default=True,
    help="Lowest level that makes the command exit 1.",
)
@click.option(
    "--ignore",
    "ignore_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="YAML list of accepted changes: {rule, location, reason}.",
)
@click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Git repository for REV:PATH arguments (default: the current directory).",
)
def diff(
    old: str,
    new: str,
    fmt: str,
    output: Path | None,
    fail_on: str,
    ignore_file: Path | None,
    repo: Path | None,
) -> None:
    """Compare two versions of the contract and report each change under a stable rule ID.

    OLD and NEW are spec directories or git revisions such as main:spec. Exit codes: 0 no
    failing change, 1 a change at or above --fail-on, 2 usage error or unreadable spec.
    """
    report = build_report(old, new, Level(fail_on), ignore_file, repo)
    text = FORMATS[fmt](report)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            usage_error(f"{output}: cannot write: {exc.strerror or exc}")
    sys.exit(EXIT_FAIL if report.failing else EXIT_OK)


def build_report(
    old: str, new: str, fail_on: Level, ignore_file: Path | None, repo: Path | None
) -> Report:
    """Diff, then set aside what the ignore file accepts; usage problems exit 2."""
    try:
        entries = load_ignore(ignore_file, {r.id for r in REGISTRY.rules()}) if ignore_file else []
    except IgnoreFileError as exc:
        usage_error(str(exc))
    with ExitStack() as stack:
        try:
            old_dir = stack.enter_context(spec_dir(old, repo))
            new_dir = stack.enter_context(spec_dir(new, repo))
        except SourceError as exc:
            usage_error(str(exc))
        try:
            findings = diff_dirs(old_dir, new_dir)
        except SpecError as exc:
            usage_error(_spec_error(old if _names(exc, old_dir) else new, exc))
        except (KeyError, TypeError, ValueError) as exc:
            usage_error(f"{old} or {new}: malformed spec entry: {type(exc).__name__}: {exc}")
    kept, ignored, unused = apply_ignore(findings, entries)
    for entry in unused:
        click.echo(f"note: ignore entry {entry.rule} {entry.location!r} matched nothing", err=True)
    return Report(tuple(kept), tuple(ignored), fail_on, label(new))


def _names(exc: SpecError, root: Path) -> bool:
    return any(p.startswith(str(root)) for p in exc.problems)
