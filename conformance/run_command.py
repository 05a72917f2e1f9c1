"""`lookup-conformance run`: certify an implementation (or the embedded reference) and report."""

from __future__ import annotations

import contextlib
import fnmatch
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NoReturn

import click

from conformance.reference import ReferenceServerError, reference_server
from conformance.results import EXIT_KIT, EXIT_USAGE, RunResult, Status
from conformance.runner import DEFAULT_MAX_DURATION, RunOptions, execute
from conformance.spec import SpecError, default_spec_dir, load_bundle
from conformance.target import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    ConfigError,
    Credentials,
    Limits,
    Target,
    load_declaration,
    load_fixtures,
)


@click.command("run")
@click.option("--base-url", help="Base URL of the implementation, e.g. https://host.")
@click.option("--user", help="Till user (HTTP Basic; the password is sent MD5-hashed).")
@click.option("--password", help="Plain password of --user.")
@click.option("--oauth-token", help="X-CAP-API-OAUTH-TOKEN value, instead of --user/--password.")
@click.option("--declaration", type=click.Path(path_type=Path, dir_okay=False), help="Profiles.")
@click.option("--fixtures", type=click.Path(path_type=Path, dir_okay=False), help="Fixtures file.")
@click.option(
    "--report-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("reports"),
    show_default=True,
    help="Where report.json/html/md and junit.xml go.",
)
@click.option(
    "--seed", type=int, default=None, help="Seed of the generated tests (repeatable runs)."
)
@click.option("--workers", type=click.IntRange(1, 16), default=1, show_default=True)
@click.option(
    "--max-examples",
    type=click.IntRange(1, 10000),
    default=25,
    show_default=True,
    help="Schemathesis examples per operation and phase.",
)
@click.option("--include", multiple=True, help="Only requirements whose id matches (glob).")
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 600),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds per request, first byte to last.",
)
@click.option(
    "--max-response-bytes",
    type=click.IntRange(1024),
    default=DEFAULT_MAX_RESPONSE_BYTES,
    show_default=True,
    help="Stop reading a response body after this many bytes.",
)
@click.option(
    "--max-duration",
    type=click.FloatRange(1, 86400),
    default=DEFAULT_MAX_DURATION,
    show_default=True,
    help="Seconds for the whole run; past them it ends INCOMPLETE, with its reports.",
)
@click.option(
    "--reference", is_flag=True, help="Start the embedded reference server and certify it."
)
@click.option("--reference-faults", default="", help="With --reference: faults to switch on (a,b).")
@click.option("--spec", "spec_dir", type=click.Path(path_type=Path, file_okay=False), default=None)
def run(
    base_url: str | None,
    user: str | None,
    password: str | None,
    oauth_token: str | None,
    declaration: Path | None,
    fixtures: Path | None,
    report_dir: Path,
    seed: int | None,
    workers: int,
    max_examples: int,
    include: tuple[str, ...],
    timeout: float,
    max_response_bytes: int,
    max_duration: float,
    reference: bool,
    reference_faults: str,
    spec_dir: Path | None,
) -> None:
    """Certify an implementation. Exit 0 conformant or partial pass, 1 not conformant, 2 usage,
    spec or credentials, 3 incomplete (untested, kit, network, interrupted, time limit)."""
    try:
        bundle = load_bundle(spec_dir or default_spec_dir())
    except SpecError as exc:
        _die(EXIT_USAGE, f"spec: {exc.problems[0]} ({len(exc.problems)} problem(s); run validate)")
    faults = tuple(f for f in reference_faults.split(",") if f)
    try:
        check_include(include, bundle.requirements)
        if reference and base_url:
            raise ConfigError("--reference and --base-url exclude each other")
        if faults and not reference:
            raise ConfigError("--reference-faults needs --reference")
        with _source(
            reference, faults, base_url, Credentials(user, password, oauth_token), fixtures
        ) as (url, creds, fixtures_path):
            opts = RunOptions(seed, workers, max_examples, include, max_duration=max_duration)
            target = Target(
                url,
                creds,
                load_declaration(declaration, bundle),
                load_fixtures(fixtures_path, bundle),
                Limits(timeout, max_response_bytes),
            )
            result = execute(target, bundle, opts)
    except ConfigError as exc:
        _die(EXIT_USAGE, str(exc))
    except ReferenceServerError as exc:
        _die(EXIT_KIT, str(exc))
    finish(result, report_dir)


def finish(result: RunResult, report_dir: Path) -> None:
    """Write the reports, print the summary, exit with the verdict's code."""
    from rich.console import Console

    from conformance.report import write_reports
    from conformance.report.summary import render_summary

    try:
        paths = write_reports(result, report_dir)
    except OSError as exc:
        _die(EXIT_USAGE, f"cannot write reports to {report_dir}: {exc.strerror or exc}")
    render_summary(result, paths, Console())
    if result.stop_exit is not None and result.verdict.status is not Status.NOT_CONFORMANT:
        click.echo(f"lookup-conformance run: {result.verdict.stopped}", err=True)
        sys.exit(result.stop_exit)
    sys.exit(result.verdict.exit_code)


@contextlib.contextmanager
def _source(
    reference: bool,
    faults: tuple[str, ...],
    base_url: str | None,
    creds: Credentials,
    fixtures: Path | None,
) -> Iterator[tuple[str, Credentials, Path | None]]:
    if reference:
        with reference_server(faults) as server:
            yield (
                server.base_url,
                Credentials(server.user, server.password),
                fixtures or server.fixtures,
            )
        return
    if not base_url:
        raise ConfigError("give --base-url URL (or --reference to certify the embedded server)")
    if (creds.user is None) != (creds.password is None):
        raise ConfigError("--user and --password go together")
    if not creds.headers() and fixtures is None:
        raise ConfigError("give --user and --password, or --oauth-token")
    yield base_url, creds, fixtures


def check_include(patterns: tuple[str, ...], ids: Iterable[str]) -> None:
    """Every --include pattern must match a requirement id: a typo never certifies nothing."""
    known = list(ids)
    for pattern in patterns:
        if not any(fnmatch.fnmatchcase(rid, pattern) for rid in known):
            raise ConfigError(
                f"--include {pattern!r} matches no requirement (ids look like LKP-ID-001; "
                "`lookup-conformance docs` lists them)"
            )


def _die(code: int, message: str) -> NoReturn:
    click.echo(f"lookup-conformance run: {message}", err=True)
    sys.exit(code)
