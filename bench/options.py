"""``--quick``: every benchmark's smallest run, for a first look and for tests/test_bench_smoke.py.

The documented defaults stay the measured configuration; ``--quick`` replaces the sizes it names
(whatever else is given on the command line), so a quick run is always the same run.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def parse_with_quick(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None, quick: dict[str, int]
) -> argparse.Namespace:
    sizes = " ".join(f"--{name.replace('_', '-')} {value}" for name, value in quick.items())
    parser.add_argument("--quick", action="store_true", help=f"the smallest run: {sizes}")
    options = parser.parse_args(argv)
    if options.quick:
        for name, value in quick.items():
            setattr(options, name, value)
    return options
