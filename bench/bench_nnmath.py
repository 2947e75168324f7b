"""How long the numeric core takes: every preset's trace built by nnmath, beside the same
computation written with plain per-step Python loops (bench/loops.py); and the network
curve of every recorded step of details-all on a 200-point grid, in one vectorised call
beside one call per step. Prints figures and writes them to bench/results/nnmath.json and
bench/RESULTS.md; it asserts nothing.

    python bench/bench_nnmath.py        (or: make bench)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nnmath  # noqa: E402
from nnmath import presets  # noqa: E402
from bench import report  # noqa: E402
from bench.loops import descend, dosage, run_preset  # noqa: E402


def timed(fn, repeat: int = 15) -> float:
    """Median wall time of ``fn()`` in milliseconds (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def fresh_build(name: str):
    """nnmath.build with the per-process cache of trained parameters emptied, so a preset
    that starts from another's training (cnn-forward) pays for that training."""
    presets._trained.cache_clear()
    return nnmath.build(name)


def scaling(n_points: int, steps: int = 100) -> tuple[float, float]:
    """(nnmath ms, loops ms) for ``steps`` steps of the details-all network on ``n_points``
    dosages (the efficacy bump of the lecture's data, with every point used each step; 200
    is the most nnmath accepts)."""
    preset = nnmath.get_preset("details-all")
    dose = np.linspace(0.0, 1.0, n_points)
    eff = np.exp(-((dose - 0.5) / 0.2) ** 2)
    model = nnmath.DosageNetwork()
    rate = 0.3 / n_points  # the SSR grows with the data: a smaller rate keeps the run stable
    run = dict(learning_rate=rate, tolerance=0.0, max_steps=steps)
    trace = nnmath.gradient_descent(model, preset.start, dose, eff, **run)
    assert trace.n_steps == steps, trace.message
    fast = timed(lambda: nnmath.gradient_descent(model, preset.start, dose, eff, **run), repeat=5)
    theta = [preset.start[name] for name in model.param_names]
    xs, ys = dose.tolist(), eff.tolist()
    slow = timed(lambda: descend(dosage, {}, theta, xs, ys, [True] * 7, rate, 0.0, steps), repeat=3)
    return fast, slow


def main() -> None:
    figures = dict(report.machine(), presets={})
    print(f"machine: {figures['cores']} cores, {figures['date']}")
    print(f"  {'preset':34s} {'steps':>5s} {'nnmath ms':>10s} {'loops ms':>10s} {'loops/nnmath':>13s}")
    for name in nnmath.preset_names():
        steps = fresh_build(name).n_steps
        fast = timed(lambda n=name: fresh_build(n))
        slow = timed(lambda n=name: run_preset(n), repeat=5)
        figures["presets"][name] = {"steps": steps, "nnmath_ms": fast, "loops_ms": slow}
        print(f"  {name:34s} {steps:5d} {fast:10.2f} {slow:10.2f} {slow / fast:12.1f}x", flush=True)

    print("the details-all network, 100 steps of all seven parameters, on more data points:")
    figures["scaling"] = {}
    for n in (3, 20, 200):
        fast, slow = scaling(n)
        figures["scaling"][str(n)] = {"nnmath_ms": fast, "loops_ms": slow}
        print(f"  {n:5d} points: nnmath {fast:8.2f} ms, loops {slow:8.2f} ms ({slow / fast:.1f}x)",
              flush=True)

    trace = nnmath.build("details-all")
    grid = np.linspace(0.0, 1.0, 200)
    model = trace.model()
    vec = timed(lambda: trace.curves(grid))
    loop = timed(lambda: [model.predict(trace.params_at(k), grid)
                          for k in range(trace.n_steps + 1)], repeat=5)
    figures["curves"] = {"steps": trace.n_steps + 1, "points": len(grid), "vector_ms": vec,
                         "loop_ms": loop}
    print(f"curves of details-all, {trace.n_steps + 1} steps x 200 points: {vec:.2f} ms in one "
          f"call, {loop:.2f} ms with one call per step ({loop / vec:.1f}x)")
    path = report.save("nnmath", figures)
    print(f"saved {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path} "
          "and bench/RESULTS.md")


if __name__ == "__main__":
    main()
