"""`python -m conformance` runs the CLI."""

from conformance.cli import main

main()
