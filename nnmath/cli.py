"""The ``nnmath`` command line: list presets, export preset traces, fit your own data.

    nnmath presets
    nnmath trace PRESET [--format json|csv|npz] [--out FILE]
                        [--learning-rate X] [--max-steps N] [--tolerance X]
                        [--schedule constant|exponential:D|inverse:D] [--batch-size N] [--seed N]
    nnmath fit --inputs 0 0.5 1 --outputs 0 1 0 [--activation softplus|relu|sigmoid]
               [--hidden N] [--max-iterations N] [--learning-rate X] [--schedule S] [--seed N]
               [--out FILE]  |  [--render [--quality l|m|h] [--out DIR]]

``fit --render`` writes trace.json, trace.csv and the video fit.mp4 into DIR (default
./nnmath-fit), the same files as the "fit your own data" page; it needs the project's
``app`` package (rendering is imported only then, so nnmath never imports manim).

Bad input gives one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import export
from .errors import NNMathError
from .fit import fit
from .presets import PRESETS, build
from .trace import Trace

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2."""

    def error(self, message):  # noqa: D401 - argparse API
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _numbers(values: list[str]) -> list[str]:
    """Accept "0 0.5 1" as well as "0,0.5,1" or "0, 0.5, 1"; values stay text for validation."""
    items = []
    for v in values:
        items += [part for part in re.split(r"[,\s;]+", v) if part]
    return items


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nnmath", description="Numbers behind the neural-network lecture.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sub.add_parser("presets", help="list the worked examples")

    tr = sub.add_parser("trace", help="compute a preset's trace and export it")
    tr.add_argument("preset", help="preset name (see 'nnmath presets')")
    _add_output(tr)
    tr.add_argument("--learning-rate", type=str, help="override the preset's learning rate")
    tr.add_argument("--max-steps", type=str, help="override the maximum number of steps")
    tr.add_argument("--tolerance", type=str, help="override the step-size tolerance (0.001)")
    tr.add_argument("--batch-size", default=None, help="mini-batch size for stochastic descent")
    tr.add_argument("--seed", default=None, help="seed for the mini-batch draws (0)")
    _add_schedule(tr)

    ft = sub.add_parser("fit", help="fit the 1-2-1 network to your own data")
    ft.add_argument("--inputs", nargs="+", required=True, help="input values, e.g. 0 0.5 1")
    ft.add_argument("--outputs", nargs="+", required=True, help="output values, e.g. 0 1 0")
    ft.add_argument("--activation", default="softplus", help="softplus, relu or sigmoid")
    ft.add_argument("--hidden", default="2", help="number of hidden nodes, 1 to 4 (2)")
    ft.add_argument("--max-iterations", default="1000", help="at most this many steps (1000)")
    ft.add_argument("--learning-rate", default="0.1", help="learning rate (0.1)")
    ft.add_argument("--tolerance", default="0.001", help="stop when every step size is below this")
    ft.add_argument("--seed", default="0", help="seed for the starting weights (0)")
    ft.add_argument("--batch-size", default=None, help="mini-batch size for stochastic descent")
    _add_schedule(ft)
    _add_output(ft)
    ft.add_argument("--render", action="store_true",
                    help="also render the video: trace.json, trace.csv and fit.mp4 into --out DIR")
    ft.add_argument("--quality", choices=("l", "m", "h"), default="l",
                    help="video quality with --render: l 480p (default), m 720p, h 1080p")
    return parser


def _add_schedule(p: argparse.ArgumentParser) -> None:
    p.add_argument("--schedule", default=None,
                   help="learning-rate schedule: constant (default), exponential:0.8, inverse:0.5")


def _add_output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=export.FORMATS, help="json (default), csv or npz")
    p.add_argument("--out", help="write to FILE instead of standard output")


def _emit(trace: Trace, args) -> None:
    fmt = args.format or (export.format_for_path(args.out) if args.out else "json")
    if args.out:
        path = export.save(trace, args.out, fmt)
        print(f"wrote {fmt.upper()} trace ({trace.n_steps} steps; {trace.message}) to {path}")
        return
    data = export.dumps(trace, fmt)
    if fmt == "npz" and sys.stdout.isatty():
        raise NNMathError("NPZ is binary; give --out FILE.npz instead of printing it")
    sys.stdout.buffer.write(data)
    if fmt != "npz":
        sys.stdout.buffer.write(b"\n")
    sys.stdout.flush()


def _render(trace: Trace, args) -> None:
    """The fit's files and video into --out DIR, through the page's own renderer."""
    try:
        from app.render import render_fit  # outside nnmath: imports manim
    except ImportError as err:
        raise NNMathError(f"--render needs the project's app package and manim ({err}); "
                          "install the project with: pip install -e .") from None
    folder = Path(args.out or "nnmath-fit")
    if folder.exists() and not folder.is_dir():
        raise NNMathError(f"--out {folder} is a file; with --render give a folder")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise NNMathError(f"cannot create the folder {folder}: {err.strerror or err}") from None
    shown = [-1]

    def progress(done: int, total: int) -> None:
        tenth = 10 * done // max(total, 1)
        if tenth > shown[0]:
            shown[0] = tenth
            print(f"rendering: frame {done} of {total}", file=sys.stderr, flush=True)

    result = render_fit(trace, folder, args.quality, progress)
    print(f"wrote {result.video} ({result.frames} frames), {result.trace_json} and "
          f"{result.trace_csv} ({trace.n_steps} steps; {trace.message})")


def _run(args) -> None:
    if args.command == "presets":
        width = max(map(len, PRESETS))
        for name, preset in PRESETS.items():
            print(f"{name:<{width}}  {preset.description}")
        return
    if args.command == "trace":
        trace = build(args.preset, learning_rate=args.learning_rate,
                      max_steps=args.max_steps, tolerance=args.tolerance, schedule=args.schedule,
                      batch_size=args.batch_size, seed=args.seed)
    else:
        if args.render and args.format:
            raise NNMathError("--format does not go with --render: the trace is written as "
                              "both trace.json and trace.csv into --out DIR")
        trace = fit(_numbers(args.inputs), _numbers(args.outputs), activation=args.activation,
                    hidden=args.hidden,
                    max_iterations=args.max_iterations, learning_rate=args.learning_rate,
                    tolerance=args.tolerance, seed=args.seed, batch_size=args.batch_size,
                    schedule=args.schedule)
    if getattr(args, "render", False):
        _render(trace, args)
    else:
        _emit(trace, args)
    report = trace.report()
    if report.behaviour in ("diverged", "oscillating", "unfinished"):
        print(f"nnmath: warning: {report.message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``nnmath`` console script; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        _run(args)
    except NNMathError as err:
        print(f"nnmath: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("nnmath: interrupted", file=sys.stderr)
        return 130
    return 0
