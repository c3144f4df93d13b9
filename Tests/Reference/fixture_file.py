"""Shared command line of the fixture scripts that write one JSON file: write it, or with --check compare a fresh
computation with the committed file (scripts/test.sh runs the --check form)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]


def write_or_check(out: Path, build: Callable[[], Any], description: str | None) -> int:
    """Writes `build()` as indented JSON to `out`, or with --check reports whether `out` holds exactly that."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="recompute and compare with the committed file")
    args = parser.parse_args()
    text = json.dumps(build(), indent=1) + "\n"
    name = out.relative_to(ROOT)
    if args.check:
        if out.read_text() != text:
            print(f"{name}: differs from a fresh computation", file=sys.stderr)
            return 1
        print(f"{name}: ok")
        return 0
    out.write_text(text)
    print(f"wrote {name}")
    return 0
