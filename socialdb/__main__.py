"""``python -m socialdb`` runs the CLI (used by benchmarks and tests)."""

from socialdb.cli import main

main()
