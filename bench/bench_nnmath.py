"""How long the numeric core takes: build the details-all trace to its stopping rule, and
evaluate the network curve of every recorded step on a 200-point grid (one vectorised call,
beside a per-step loop for comparison). Prints figures; it asserts nothing.

    python bench/bench_nnmath.py        (or: make bench)
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np

import nnmath


def timed(fn, repeat: int = 15) -> float:
    """Median wall time of ``fn()`` in milliseconds."""
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    trace = nnmath.build("details-all")
    grid = np.linspace(0.0, 1.0, 200)
    model = trace.model()

    def loop_curves():
        return [model.predict(trace.params_at(k), grid) for k in range(trace.n_steps + 1)]

    print(f"machine: {os.cpu_count()} cores")
    print(f"details-all: {trace.n_steps} steps ({trace.message})")
    vec = timed(lambda: trace.curves(grid))
    loop = timed(loop_curves, repeat=5)
    rows = [
        ("build trace to its stopping rule", timed(lambda: nnmath.build("details-all")), ""),
        (f"curves: {trace.n_steps + 1} steps x 200 points, one call", vec, ""),
        ("curves: the same, one call per step", loop, f"  ({loop / vec:.1f}x the one call)"),
    ]
    for label, ms, note in rows:
        print(f"  {label:48s} {ms:8.2f} ms{note}")
    print("every preset:")
    for name in nnmath.preset_names():
        print(f"  {name:48s} {timed(lambda n=name: nnmath.build(n)):8.2f} ms")


if __name__ == "__main__":
    main()
