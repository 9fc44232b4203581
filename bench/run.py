"""Benchmark the site under load and write docs/BENCHMARKS.md (`make bench`; see README.md)."""

import sys
from pathlib import Path

# Run as a script, sys.path[0] is bench/ itself: swap it for the project root so that
# `bench.*` and the site's apps import, and nothing in bench/ shadows a library module.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
