"""The ``nnmath`` command line: list presets, export preset traces, fit your own data.

    nnmath presets
    nnmath trace PRESET [--format json|csv|npz] [--out FILE]
                        [--learning-rate X] [--max-steps N] [--tolerance X]
                        [--schedule constant|exponential:D|inverse:D] [--batch-size N] [--seed N]
    nnmath fit --inputs 0 0.5 1 --outputs 0 1 0 [--activation softplus|relu|sigmoid]
               [--hidden N] [--max-iterations N] [--learning-rate X] [--schedule S] [--seed N]
               [--out FILE]  |  [--render [--quality l|m|h] [--out DIR]]
    nnmath fit-classes --csv FILE [--hidden N] [--activation A] [--learning-rate X]
               [--max-iterations N] [--seed N] [--format json|csv|npz] [--out FILE]
               |  [--render [--quality l|m|h] [--row K] [--out DIR]]
    nnmath fit-images --images FILE [--hidden N] [--learning-rate X] [--max-iterations N]
               [--seed N] [--format json|csv|npz] [--out FILE]  |  [--render [--quality l|m|h] [--out DIR]]

``fit-images`` reads labelled 0/1 images (the JSON shape in :mod:`nnmath.images`), trains the
convolutional network on them and prints, after the trace, how many of the images shifted by
one pixel still come out right (:func:`nnmath.images.shift_report`).

``fit --render`` writes trace.json, trace.csv and the video fit.mp4 into DIR (default
./nnmath-fit), the same files as the "fit your own data" page. nnmath draws nothing: a
renderer is found by the command's name in the entry-point group ``nnmath.render`` (this
project registers the page's renderer there, see pyproject.toml) and loaded only for
``--render``. It is called as ``renderer(trace, out, quality)`` (``fit-classes --row K`` adds
``row=K - 1`` when K is not 1), returns the line to print, and raises :class:`NNMathError` for bad input.

Bad input gives one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib.metadata import entry_points

from . import classes, export
from .errors import NNMathError
from .fit import fit
from .presets import PRESETS, build
from .trace import Trace

__all__ = ["RENDER_GROUP", "main", "renderer"]

#: entry-point group where a package offers a renderer for a command (entry name: "fit")
RENDER_GROUP = "nnmath.render"


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2."""

    def error(self, message):  # noqa: D401 - argparse API
        for name in ("--inputs", "--outputs"):
            if f"argument {name}:" in message:
                message += (f"; give the values after {name}, e.g. {name} -1 0 2.5 or "
                            f"{name}=-1,0,2.5")
        self.exit(2, f"{self.prog}: error: {_one_line(message)} (see {self.prog} --help)\n")


def _one_line(text) -> str:
    return " ".join(str(text).split())


def _join_number_lists(argv: list[str]) -> list[str]:
    """``--inputs -1 -0.5e3,2`` as ``--inputs=-1,-0.5e3,2``: argparse would take a value
    starting with "-" for an option. Only values that read as numbers are joined; anything
    else is left for argparse (and the validation) to answer."""
    out, k = [], 0
    while k < len(argv):
        token = argv[k]
        name = ("--inputs" if token.startswith("--i") and "--inputs".startswith(token) else
                "--outputs" if token.startswith("--outp") and "--outputs".startswith(token) else None)
        k += 1
        if name is None:
            out.append(token)
            continue
        values = []
        while k < len(argv) and (not argv[k].startswith("-") or _numberish(argv[k])):
            values.append(argv[k])
            k += 1
        out.append(f"{name}={','.join(values)}" if values else token)
    return out


def _numberish(token: str) -> bool:
    parts = [p for p in re.split(r"[,\s;]+", token) if p]
    try:
        [float(p) for p in parts]
    except ValueError:
        return False
    return bool(parts)


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
    _add_fit_images(sub)
    _add_fit_classes(sub)
    return parser


def _add_fit_images(sub) -> None:
    """``nnmath fit-images``: the convolutional network on a JSON file of 0/1 images."""
    im = sub.add_parser("fit-images", help="fit the convolutional network to your own 0/1 images")
    im.add_argument("--images", required=True,
                    help='a JSON file: {"classes": ["X", "O"], "images": [{"class": "X", '
                         '"pixels": [[0, 1, ...], ...]}, ...]}')
    im.add_argument("--hidden", default="2", help="hidden nodes of the dense head, 1 to 4 (2)")
    im.add_argument("--learning-rate", default="0.1", help="learning rate (0.1)")
    im.add_argument("--max-iterations", default="2000", help="at most this many steps (2000)")
    im.add_argument("--tolerance", default="0.001", help="stop when every step size is below this")
    im.add_argument("--seed", default="31", help="seed for the starting weights (31, the lecture's)")
    _add_output(im)
    im.add_argument("--render", action="store_true",
                    help="also render the video: trace.json, trace.csv and fit.mp4 into --out DIR")
    im.add_argument("--quality", choices=("l", "m", "h"), default="l",
                    help="video quality with --render: l 480p (default), m 720p, h 1080p")


def _fit_images(args) -> tuple[Trace, list[str]]:
    """The images fit of ``nnmath fit-images`` and its shift report's lines."""
    from .images import fit_images, read_images_json, shift_report

    data = read_images_json(args.images)
    trace = fit_images(data, hidden=args.hidden, learning_rate=args.learning_rate,
                       max_iterations=args.max_iterations, tolerance=args.tolerance, seed=args.seed)
    report = shift_report(trace)
    return trace, [f"shifted by one pixel: {report.message()}", *report.lines()]


def _add_fit_classes(sub) -> None:
    """``nnmath fit-classes``: classes from two inputs, read from a CSV file."""
    d = classes.DEFAULTS
    fc = sub.add_parser("fit-classes", help="fit classes from two inputs (a CSV file)")
    fc.add_argument("--csv", required=True,
                    help="CSV file: a header line naming the two inputs and the class, "
                         "then one row per line, e.g. 0.04,0.42,setosa")
    fc.add_argument("--hidden", default=str(d["hidden"]), help="hidden nodes, 1 to 4 (2)")
    fc.add_argument("--activation", default=d["activation"], help="relu (default), softplus or sigmoid")
    fc.add_argument("--learning-rate", default=str(d["learning_rate"]),
                    help=f"learning rate ({d['learning_rate']}; about 0.005 for 150 rows)")
    fc.add_argument("--max-iterations", default=str(d["max_iterations"]),
                    help=f"at most this many steps ({d['max_iterations']})")
    fc.add_argument("--tolerance", default=str(d["tolerance"]), help="stop when every step size is below this")
    fc.add_argument("--seed", default=str(d["seed"]), help=f"seed for the starting weights ({d['seed']})")
    _add_output(fc)
    fc.add_argument("--render", action="store_true",
                    help="also render the video: trace.json, trace.csv and fit.mp4 into --out DIR")
    fc.add_argument("--quality", choices=("l", "m", "h"), default="l",
                    help="video quality with --render: l 480p (default), m 720p, h 1080p")
    fc.add_argument("--row", default="1", help="with --render: the row whose probabilities the video "
                                               "follows, counting from 1 (1)")


def _fit_classes(args) -> tuple[Trace, int]:
    """The fit of ``nnmath fit-classes`` and the row (from 0) its video follows."""
    data = classes.read_class_csv(args.csv)
    row = classes.check_row(args.row, data.n_rows)
    trace = classes.fit_classes(data, hidden=args.hidden, activation=args.activation,
                                learning_rate=args.learning_rate, max_iterations=args.max_iterations,
                                tolerance=args.tolerance, seed=args.seed)
    return trace, row


def _classes_verdict(trace: Trace) -> None:
    """How many rows the fitted network classifies right; a warning for dead ReLU nodes."""
    right = int(round(classes.accuracy(trace) * len(trace.outputs)))
    print(f"nnmath: {right} of {len(trace.outputs)} rows classified right "
          f"({100 * classes.accuracy(trace):.1f} %)", file=sys.stderr)
    dead = classes.dead_nodes(trace)
    if dead:
        nodes = f"the hidden nodes {' and '.join(dead)} are" if len(dead) > 1 else f"the hidden node {dead[0]} is"
        print(f"nnmath: warning: {nodes} 0 for every row at the end and take no part; try another "
              "--seed or a smaller --learning-rate", file=sys.stderr)


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
        print(f"wrote {fmt.upper()} trace to {path}: {trace.report().message}")
        return
    data = export.dumps(trace, fmt)
    if fmt == "npz" and sys.stdout.isatty():
        raise NNMathError("NPZ is binary; give --out FILE.npz instead of printing it")
    sys.stdout.buffer.write(data)
    if fmt != "npz":
        sys.stdout.buffer.write(b"\n")
    sys.stdout.flush()


def renderer(command: str):
    """The renderer registered for ``nnmath COMMAND --render`` in the entry-point group
    :data:`RENDER_GROUP`; a one-line :class:`NNMathError` when none (or more than one) is
    installed or it cannot be loaded."""
    found = sorted(entry_points(group=RENDER_GROUP, name=command), key=lambda e: e.value)
    if not found:
        raise NNMathError(f"--render needs a video renderer for 'nnmath {command}' and none is "
                          "installed; install the project with: pip install -e .")
    if len(found) > 1:
        raise NNMathError(f"--render found {len(found)} renderers for 'nnmath {command}' "
                          f"({', '.join(e.value for e in found)}); keep one installed")
    try:
        return found[0].load()
    except (ImportError, AttributeError) as err:
        raise NNMathError(f"--render: the renderer {found[0].value} cannot be loaded ({err}); "
                          "install the project with: pip install -e .") from None


def _run(args) -> None:
    if args.command == "presets":
        width = max(map(len, PRESETS))
        for name, preset in PRESETS.items():
            print(f"{name:<{width}}  {preset.description}")
        return
    render = None
    if getattr(args, "render", False):
        if args.format:
            raise NNMathError("--format does not go with --render: the trace is written as "
                              "both trace.json and trace.csv into --out DIR")
        render = renderer(args.command)  # found before a long fit, not after it
    notes: list[str] = []  # printed after the trace: on stdout, or stderr when the trace is there
    options: dict[str, int] = {}
    if args.command == "fit-images":
        trace, notes = _fit_images(args)
    elif args.command == "trace":
        trace = build(args.preset, learning_rate=args.learning_rate,
                      max_steps=args.max_steps, tolerance=args.tolerance, schedule=args.schedule,
                      batch_size=args.batch_size, seed=args.seed)
    elif args.command == "fit-classes":
        trace, row = _fit_classes(args)
        options = {"row": row} if render is not None and row else {}
    else:
        trace = fit(_numbers(args.inputs), _numbers(args.outputs), activation=args.activation,
                    hidden=args.hidden,
                    max_iterations=args.max_iterations, learning_rate=args.learning_rate,
                    tolerance=args.tolerance, seed=args.seed, batch_size=args.batch_size,
                    schedule=args.schedule)
    if render is not None:  # refuses a diverged run, with the verdict
        print(render(trace, args.out, args.quality, **options))
    else:
        _emit(trace, args)
    for line in notes:
        print(line, file=sys.stdout if render is not None or args.out else sys.stderr)
    if args.command == "fit-classes":
        _classes_verdict(trace)
    report = trace.report()
    if report.behaviour not in ("converged", "forward-only"):
        print(f"nnmath: warning: {report.message}", file=sys.stderr)
    elif not args.out:  # with --out the verdict is in the 'wrote' line
        print(f"nnmath: {report.message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``nnmath`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(_join_number_lists(argv))
    except SystemExit as done:  # --help, or a usage error already printed as one line
        return done.code if isinstance(done.code, int) else 2
    if getattr(args, "out", None) is not None and not args.out.strip():
        return _fail("--out is empty; give a file name (or a folder with --render)")
    try:
        _run(args)
    except NNMathError as err:
        return _fail(err)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("nnmath: interrupted", file=sys.stderr)
        return 130
    except OSError as err:
        where = f" ({err.filename})" if err.filename else ""
        return _fail(f"cannot read or write{where}: {err.strerror or err}")
    except MemoryError:
        return _fail("out of memory; use fewer data points, steps or hidden nodes")
    except Exception as err:  # noqa: BLE001 - never a traceback on the command line
        return _fail(f"could not finish ({type(err).__name__}: {err}); please report this")
    return 0


def _fail(message) -> int:
    """One line on stderr, exit code 2."""
    print(f"nnmath: error: {_one_line(message)}", file=sys.stderr)
    return 2
