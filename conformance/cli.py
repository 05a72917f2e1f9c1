"""The `lookup-conformance` command: validate, run, diff, docs; exit codes are a contract."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from conformance import __version__
from conformance.results import EXIT_KIT, EXIT_USAGE
from conformance.spec import default_spec_dir

spec_option = click.option(
    "--spec",
    "spec_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Spec directory (default: the bundled spec/, or $LOOKUP_SPEC_DIR).",
)


# Imported when invoked (or listed): `validate`, `diff` and `docs` never import pytest, httpx
# or the runner that `run` needs (~0.4 s of every start).
LAZY_COMMANDS = {
    "run": "conformance.run_command",
    "diff": "conformance.diff.command",
    "docs": "conformance.docs.command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = LAZY_COMMANDS.get(cmd_name)
        if module is not None:
            command = getattr(importlib.import_module(module), cmd_name)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lookup-conformance")
def cli() -> None:
    """Contract and conformance kit for the Customer (V2 Lookup) API.

    Exit codes: 0 conformant/valid, 1 not conformant/failing, 2 usage or spec error,
    3 kit or network error.
    """


@cli.command()
@spec_option
def validate(spec_dir: Path | None) -> None:
    """Validate the OpenAPI document, both catalogs and every cross-reference."""
    from conformance.spec.validate import validate_spec

    root = spec_dir or default_spec_dir()
    problems = validate_spec(root)
    if problems:
        for line in problems:
            click.echo(line, err=True)
        click.echo(f"{len(problems)} problem(s) in {root}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"{root}: valid")


def main() -> None:
    """Console entry point: no traceback ever reaches the user."""
    try:
        cli.main(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(EXIT_KIT)
    except Exception as exc:  # the kit's own fault: one line, exit 3
        click.echo(f"lookup-conformance: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_KIT)


if __name__ == "__main__":
    main()
