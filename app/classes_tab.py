"""The page's classes tab: rows of two inputs and a class, the settings, then the cross
entropy, the rows classified right and the video of the winning-class map.

The request thread only checks the boxes (:mod:`app.classes_form`) and polls the job; the
fit and the video run on a Dask worker (:mod:`app.classes_job`). Every error is one sentence
under its box (elements ``#classes-error-<field>``); the boxes keep what was typed. Class and
input names are the person's own text: they go into the page as text (Markdown tables are
escaped, the pictures are drawn from numbers and fixed words only).
"""

from __future__ import annotations

import html
import math

import gradio as gr

from nnmath.classes import IRIS_MEASUREMENTS, MAX_CLASSES, MAX_ROWS
from nnmath.fit import MAX_HIDDEN
from scenes.common.style import PALETTE

from .classes_form import DEFAULTS, FIELDS, check_classes_form, example_rows, paste_to_rows
from .classes_job import run_classes_job
from .follow import follow
from .form import MAX_ITERATIONS, FieldError
from .jobs import JobQueue
from .results import _chart
from .tab import error_box, number_box, quality_radio, tab_view

__all__ = ["build_classes_tab", "classes_svg", "cross_entropy_svg", "classes_markdown"]

#: the classes' colours, as in the video: the lecture's species colours, then the top node's blue
COLOURS = (*PALETTE.species, PALETTE.top)

INTRO = f"""# Classes from two inputs
Each row is one example: two measurements and the class it belongs to (from 2 to {MAX_CLASSES}
classes, named as you like). Type or paste rows, or start from an example, then press
**Fit and render**. The network has two inputs, hidden nodes and one output per class with
SoftMax; gradient descent lowers the cross entropy from random starting weights (the seed
picks them). The video shows the class the network picks at every point of the two inputs
changing as it learns.

Limits: at most {MAX_ROWS} rows, {MAX_CLASSES} classes, {MAX_ITERATIONS} iterations and
{MAX_HIDDEN} hidden nodes. The cross entropy is summed over the rows, so more rows want a
smaller learning rate (the Iris example sets 0.005).
"""


def _error(field: str) -> gr.Markdown:
    return error_box(field, "classes-")


def _text(value) -> str:
    """Typed text shown in Markdown: every markup character escaped."""
    marked = "".join(f"\\{c}" if c in "\\`*_{}[]()#+-.!|~" else c for c in str(value))
    return html.escape(marked, quote=False)


def classes_markdown(summary: dict) -> str:
    """The verdict, the rows classified right and the followed row's probabilities."""
    names, row = summary["class_names"], summary["row"]
    x, y = summary["inputs"][row]
    lines = [f"**{_text(summary['message'])}**", "",
             f"Rows classified right: **{summary['right']} of {len(summary['classes'])}** "
             f"({100 * summary['accuracy']:.1f} %). Final cross entropy: {float(summary['final_loss']):.4g}.",
             ""]
    if summary.get("dead_nodes"):
        lines += [f"The hidden node(s) {_text(', '.join(summary['dead_nodes']))} ended 0 for every row and "
                  "take no part: try another seed or a smaller learning rate.", ""]
    lines += [f"Row {row + 1} ({_text(summary['input_names'][0])} {x:g}, {_text(summary['input_names'][1])} "
              f"{y:g}, class {_text(names[summary['classes'][row]])}):", "",
              "| class | probability |", "|---|---|"]
    lines += [f"| {_text(n)} | {float(p):.3f} |" for n, p in zip(names, summary["row_probabilities"])]
    return "\n".join(lines)


def cross_entropy_svg(summary: dict) -> str:
    """The cross entropy over the iterations (a line chart, numbers only)."""
    values = [float(v) if not isinstance(v, str) else math.nan for v in summary["loss"]]
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return "<p>No cross entropy to plot.</p>"
    n = summary["n_steps"]
    spacing = n / max(len(values) - 1, 1)
    points = [(i * spacing, v) for i, v in enumerate(values) if math.isfinite(v)]
    return _chart([("#D62728", points)], [], (0, n or 1), (0, max(finite) or 1.0), "Iteration",
                  "Cross entropy", "cross entropy over the iterations")


def classes_svg(summary: dict, size: int = 300) -> str:
    """The rows on the two inputs, filled with their class's colour; a row the network gets
    wrong is drawn larger with a thick black ring (the names are escaped text)."""
    pts = [(float(a), float(b)) for a, b in summary["inputs"]]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    pad = 28
    span = lambda v: (min(v), max(v) if max(v) > min(v) else min(v) + 1)  # noqa: E731
    (x0, x1), (y0, y1) = span(xs), span(ys)
    sx = lambda v: pad + (size - 2 * pad) * (v - x0) / (x1 - x0)  # noqa: E731
    sy = lambda v: size - pad - (size - 2 * pad) * (v - y0) / (y1 - y0)  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="100%" '
             f'style="max-width:{size}px;background:#fff" role="img" aria-label="the rows by class">',
             f'<rect x="{pad - 8}" y="{pad - 8}" width="{size - 2 * pad + 16}" '
             f'height="{size - 2 * pad + 16}" fill="none" stroke="#444"/>']
    for (a, b), c, w in zip(pts, summary["classes"], summary["winners"]):
        ring = ' r="7" stroke="#000" stroke-width="3"' if c != w else ' r="5" stroke="#000" stroke-width="1"'
        parts.append(f'<circle class="row{" wrong" if c != w else ""}" cx="{sx(a):.1f}" cy="{sy(b):.1f}"'
                     f' fill="{COLOURS[c % len(COLOURS)]}"{ring}/>')
    names = [html.escape(str(n)) for n in summary["input_names"]]
    parts += [f'<text x="{pad - 8}" y="{size - 2}" font-size="12">{x0:g}</text>',
              f'<text x="{size - pad + 8}" y="{size - 2}" font-size="12" text-anchor="end">{x1:g}</text>',
              f'<text x="{size / 2}" y="{size - 2}" font-size="13" text-anchor="middle">{names[0]}</text>',
              f'<text x="10" y="{size - pad + 8}" font-size="12" transform="rotate(-90 10 {size - pad + 8})">'
              f'{y0:g}</text>',
              f'<text x="10" y="{pad - 8}" font-size="12" text-anchor="end" transform="rotate(-90 10 {pad - 8})">'
              f'{y1:g}</text>',
              f'<text x="10" y="{size / 2}" font-size="13" text-anchor="middle" '
              f'transform="rotate(-90 10 {size / 2})">{names[1]}</text>', "</svg>"]
    key = " ".join(f'<span style="color:{COLOURS[k]}">&#9679;</span> {html.escape(n)}'
                   for k, n in enumerate(summary["class_names"]))
    return "".join(parts) + f"<p>{key} &nbsp; <b>&#9711;</b> thick ring: classified wrong</p>"


def build_classes_tab(jobs: JobQueue) -> None:
    """The classes tab, wired to ``jobs``."""
    gr.Markdown(INTRO)
    errors = {}
    rows, names, _ = example_rows("lecture")
    with gr.Row():
        with gr.Column(scale=2):
            with gr.Row():
                name1 = gr.Textbox(names[0], label="Name of input 1", max_lines=1, elem_id="classes-name1")
                name2 = gr.Textbox(names[1], label="Name of input 2", max_lines=1, elem_id="classes-name2")
            errors["names"] = _error("names")
            table = gr.Dataframe(
                value=rows, headers=["input 1", "input 2", "class"], datatype=["str", "str", "str"],
                type="array", column_count=3, interactive=True, max_height=320,
                label="Rows: input 1, input 2, class", elem_id="classes-table")
            errors["rows"] = _error("rows")
            with gr.Accordion("Examples", open=True, elem_id="classes-examples"):
                lecture_btn = gr.Button("The lecture's three Iris rows", size="sm",
                                        elem_id="classes-example-lecture")
                with gr.Row():
                    iris_x = gr.Dropdown(list(IRIS_MEASUREMENTS), value="petal width", label="Iris input 1",
                                         elem_id="classes-iris-x")
                    iris_y = gr.Dropdown(list(IRIS_MEASUREMENTS), value="sepal width", label="Iris input 2",
                                         elem_id="classes-iris-y")
                iris_btn = gr.Button("The full Iris data (150 rows, scaled to 0..1)", size="sm",
                                     elem_id="classes-example-iris")
                errors["example"] = _error("example")
            with gr.Accordion("Paste rows", open=False, elem_id="classes-paste-box"):
                paste_box = gr.Textbox(label="One row a line: input 1, input 2, class (a first line "
                                             "naming the inputs is taken as their names)",
                                       lines=5, placeholder="petal width, sepal width, species\n"
                                                            "0.04, 0.42, setosa", elem_id="classes-paste")
                paste_btn = gr.Button("Put into the table", elem_id="classes-paste-button")
                errors["paste"] = _error("paste")
            with gr.Row():
                iterations = number_box(DEFAULTS["max_iterations"], "Maximum iterations",
                                         "classes-max-iterations")
                rate = number_box(DEFAULTS["learning_rate"], "Learning rate", "classes-learning-rate")
            with gr.Row():
                errors["max_iterations"] = _error("max_iterations")
                errors["learning_rate"] = _error("learning_rate")
            activation = gr.Radio(["relu", "softplus", "sigmoid"], value=DEFAULTS["activation"],
                                  label="Activation of the hidden nodes", elem_id="classes-activation")
            errors["activation"] = _error("activation")
            with gr.Row():
                hidden = number_box(DEFAULTS["hidden"], f"Hidden nodes (1 to {MAX_HIDDEN})", "classes-hidden")
                seed = number_box(DEFAULTS["seed"], "Seed (starting weights)", "classes-seed")
                row = number_box(DEFAULTS["row"], "Row the video follows", "classes-row")
            with gr.Row():
                errors["hidden"] = _error("hidden")
                errors["seed"] = _error("seed")
                errors["row"] = _error("row")
            quality = quality_radio(DEFAULTS["quality"], "classes-")
            errors["quality"] = _error("quality")
            submit = gr.Button("Fit and render", variant="primary", elem_id="classes-submit")
        with gr.Column(scale=3):
            status = gr.Markdown("Press **Fit and render** to start.", elem_id="classes-status")
            bar = gr.HTML("", elem_id="classes-progress")
            video = gr.Video(label="The network learning your classes", show_label=False,
                             elem_id="classes-video", interactive=False, autoplay=False)
            with gr.Row():
                points = gr.HTML("", elem_id="classes-points")
                loss = gr.HTML("", elem_id="classes-loss")
            downloads = gr.File(label="Downloads: video, captions and trace", file_count="multiple",
                                interactive=False, elem_id="classes-downloads")
            results = gr.Markdown("", elem_id="classes-results")

    error_boxes = [errors[f] for f in FIELDS]
    outputs = [status, bar, video, points, loss, results, downloads, *error_boxes]

    def pictures(summary):
        if not summary.get("class_names"):
            return "", "", ""
        return classes_svg(summary), cross_entropy_svg(summary), classes_markdown(summary)

    view = tab_view(FIELDS, pictures)

    def finished(text, snap):
        files = snap.files()
        captions = files.get("captions")
        shown_video = (gr.Video(value=str(files["video"]), subtitles=str(captions)) if captions
                       else str(files["video"]))
        return view(text, shown_video, snap.summary,
                    [str(files[k]) for k in ("video", "captions", "json", "csv") if k in files])

    def run(table_value, first, second, max_iterations, learning_rate, act, n_hidden, seed_value,
            followed, video_quality):
        def start():
            request = check_classes_form(table_value, first, second, max_iterations, learning_rate,
                                         act, n_hidden, seed_value, followed, video_quality)
            return jobs.submit(request, target=run_classes_job)

        yield from follow(start, view, finished)

    def lecture():
        rows, names, settings = example_rows("lecture")
        return rows, names[0], names[1], f"{settings['learning_rate']:g}", ""

    def iris(x, y, table_value, first, second, learning_rate):
        try:
            rows, names, settings = example_rows("iris", x, y)
        except FieldError as err:
            return table_value, first, second, learning_rate, f"⚠ {err.message}"
        return rows, names[0], names[1], f"{settings['learning_rate']:g}", ""

    def paste(text, table_value, first, second):
        try:
            rows, names = paste_to_rows(text)
        except FieldError as err:
            return table_value, first, second, f"⚠ {err.message}"
        first, second = names or (first, second)
        return rows, first, second, ""

    submit.click(run, [table, name1, name2, iterations, rate, activation, hidden, seed, row, quality],
                 outputs, concurrency_limit=None, show_progress="hidden")
    lecture_btn.click(lecture, [], [table, name1, name2, rate, errors["example"]])
    iris_btn.click(iris, [iris_x, iris_y, table, name1, name2, rate],
                   [table, name1, name2, rate, errors["example"]])
    paste_btn.click(paste, [paste_box, table, name1, name2], [table, name1, name2, errors["paste"]])
