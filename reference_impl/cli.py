"""`lookup-reference`: serve the reference, seed a database, list the faults."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from reference_impl.faults import FAULTS, UnknownFaultError, check_faults


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """Usage mistakes are one line on stderr and exit status 2, never a traceback."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lookup-reference", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    serve = commands.add_parser("serve", help="serve the reference implementation")
    serve.add_argument("--db", default="lookup-reference.sqlite", help="SQLite file")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--faults", default="", help="comma-separated fault names")
    seed = commands.add_parser("seed", help="bulk-create customers and the special ones")
    seed.add_argument("--db", required=True, help="SQLite file")
    seed.add_argument("--customers", type=int, default=0, help="number of bulk customers")
    seed.add_argument("--fixtures-out", type=Path, help="write the vendor fixtures file here")
    commands.add_parser("faults", help="list the faults: name, then a one-line description")
    return parser


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from reference_impl.app import create_app

    faults = frozenset(name.strip() for name in args.faults.split(",") if name.strip())
    try:
        check_faults(faults)
    except UnknownFaultError as exc:
        print(f"lookup-reference: error: {exc}", file=sys.stderr)
        return 2
    app = create_app(args.db, faults)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def _seed(args: argparse.Namespace) -> int:
    from reference_impl.fixtures import fixtures
    from reference_impl.seed import timed_seed
    from reference_impl.seed_special import seed_special
    from reference_impl.store import Store

    if args.customers < 0:
        print("lookup-reference: error: --customers must be >= 0", file=sys.stderr)
        return 2
    store = Store(args.db)
    seconds = timed_seed(store, args.customers)
    ids = seed_special(store)
    if args.fixtures_out is not None:
        text = json.dumps(fixtures(store, ids), indent=2) + "\n"
        args.fixtures_out.write_text(text, encoding="utf-8")
    store.close()
    print(f"seeded {args.customers} customers in {seconds:.1f} s into {args.db}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command == "seed":
        return _seed(args)
    for fault in FAULTS.values():
        print(f"{fault.name}\t{fault.description}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
