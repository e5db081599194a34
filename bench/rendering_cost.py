"""Time the Markdown renderer on comments built to be costly, each at the length limit.

Usage: python bench/rendering_cost.py [--runs 5] [--case NAME]
Prints one row per case (fastest of the runs in ms for render_markdown and render_plain_text,
and calls per character), then the slowest case. The cases are the ones
articles/tests/test_rendering_cost.py bounds by work; a comment should render well under 200 ms.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from articles.rendering import render_markdown, render_plain_text  # noqa: E402
from articles.tests.test_rendering_cost import PATHOLOGICAL, counted_calls  # noqa: E402


def fastest_ms(render, text: str, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        render(text)
        timings.append(time.perf_counter() - start)
    return min(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case; fastest kept")
    parser.add_argument("--case", default="", help="only cases whose name contains this")
    arguments = parser.parse_args()
    runs = max(1, arguments.runs)
    print(f"{'case':<32} {'markdown ms':>12} {'plain ms':>9} {'calls/char':>11}")
    slowest = ("", 0.0)
    for name, text in PATHOLOGICAL.items():
        if arguments.case not in name:
            continue
        markdown_ms = fastest_ms(render_markdown, text, runs)
        plain_ms = fastest_ms(render_plain_text, text, runs)
        calls, _ = counted_calls(render_markdown, text)
        print(f"{name:<32} {markdown_ms:>12.1f} {plain_ms:>9.1f} {calls / len(text):>11.1f}")
        slowest = max(slowest, (name, markdown_ms), key=lambda case: case[1])
    print(f"slowest: {slowest[0]} {slowest[1]:.1f} ms")


if __name__ == "__main__":
    main()
