"""How fast this machine runs Python right now, printed beside every bench's figures: a shared or
throttled machine can run the same code at half speed an hour later, so a figure means little
without the speed it was measured at."""

import time

# A fixed pure-Python loop, long enough to time steadily, short enough to run three times.
LOOP = 2_000_000


def python_speed_ms() -> float:
    """The fastest of three runs of the same loop (lower is faster)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for number in range(LOOP):
            total += number
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 1)


def describe() -> str:
    speed = python_speed_ms()
    return f"machine speed: {LOOP:,} additions in {speed} ms of Python (lower is faster)"
