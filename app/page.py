"""The Gradio page: training data and settings on the left, progress, video and results on
the right.

The request thread only checks the fields (:mod:`app.form`) and polls the job; the fit
and the video run on a Dask worker (:mod:`app.jobs`). As soon as the fit is done the page
shows the fitted curve over the data, the loss curve and the final numbers; the video
follows. Every error is one sentence shown under the field that caused it (elements
``#error-<field>``), never a traceback.
"""

from __future__ import annotations

import gradio as gr

from .classes_tab import build_classes_tab
from .follow import follow
from .form import (DEFAULTS, FIELDS, MAX_HIDDEN, MAX_ITERATIONS, MAX_POINTS, VIDEO_SECONDS,
                   FieldError, check_form, paste_to_rows)
from .images_tab import build_images_tab
from .jobs import JobQueue
from .results import fit_svg, loss_svg, results_markdown
from .tab import error_box, number_box, quality_radio, tab_view

__all__ = ["build_page", "CSS"]

CSS = """
.field-error p { color: #c62828; font-weight: 600; margin: 0 0 6px 0; }
#status p { font-size: 1.05em; }
"""

INTRO = f"""# Fit your own data
Type input/output pairs (or paste two comma-separated lists), choose the settings and press
**Fit and render**. The network starts from random weights (the seed picks them) and gradient
descent moves every weight and bias until each step is tiny or the iterations run out; the
video shows the hidden nodes' curves and the green squiggle moving, the SSR going down.

Limits: at most {MAX_POINTS} data points, {MAX_ITERATIONS} iterations and {MAX_HIDDEN} hidden
nodes. The video is always about {VIDEO_SECONDS} s long: long runs are sampled.
"""


def _rows(inputs, outputs) -> list[list[str]]:
    return [[f"{x:g}", f"{y:g}"] for x, y in zip(inputs, outputs)]


def build_page(jobs: JobQueue) -> gr.Blocks:
    """The page, wired to ``jobs``."""
    with gr.Blocks(title="Fit your own data") as page, gr.Tabs(elem_id="kinds"):
        with gr.Tab("A curve: one input, one output", id="curve", elem_id="tab-curve"):
            _curve_tab(jobs)
        # further kinds of fit add their tab here, each built by its own module
        with gr.Tab("Classes: two inputs", id="classes", elem_id="tab-classes"):
            build_classes_tab(jobs)
        with gr.Tab("Images: a filter learns your drawings", id="images", elem_id="tab-images"):
            build_images_tab(jobs)
    return page


def _curve_tab(jobs: JobQueue) -> None:
    """The curve fit: a table of input/output pairs, the settings, the video and results."""
    gr.Markdown(INTRO)
    errors = {}
    with gr.Row():
        with gr.Column(scale=2):
            table = gr.Dataframe(
                value=_rows(DEFAULTS["inputs"], DEFAULTS["outputs"]), headers=["input", "output"],
                datatype=["str", "str"], type="array", column_count=2, interactive=True,
                label="Training data (one row per point)", elem_id="data-table")
            errors["data"] = error_box("data")
            with gr.Accordion("Paste comma-separated lists", open=False, elem_id="paste-box"):
                paste_in = gr.Textbox(label="Inputs", placeholder="0, 0.5, 1", elem_id="paste-inputs")
                paste_out = gr.Textbox(label="Outputs", placeholder="0, 1, 0", elem_id="paste-outputs")
                paste_btn = gr.Button("Put into the table", elem_id="paste-button")
                errors["paste"] = error_box("paste")
            with gr.Row():
                iterations = number_box(DEFAULTS["max_iterations"], "Maximum iterations",
                                         "max-iterations")
                rate = number_box(DEFAULTS["learning_rate"], "Learning rate", "learning-rate")
            with gr.Row():
                errors["max_iterations"] = error_box("max_iterations")
                errors["learning_rate"] = error_box("learning_rate")
            activation = gr.Radio(["softplus", "relu", "sigmoid"], value=DEFAULTS["activation"],
                                  label="Activation of the hidden nodes", elem_id="activation")
            errors["activation"] = error_box("activation")
            with gr.Row():
                hidden = number_box(DEFAULTS["hidden"], f"Hidden nodes (1 to {MAX_HIDDEN})",
                                     "hidden")
                seed = number_box(DEFAULTS["seed"], "Seed (starting weights)", "seed")
            with gr.Row():
                errors["hidden"] = error_box("hidden")
                errors["seed"] = error_box("seed")
            quality = quality_radio(DEFAULTS["quality"])
            errors["quality"] = error_box("quality")
            submit = gr.Button("Fit and render", variant="primary", elem_id="submit")
        with gr.Column(scale=3):
            status = gr.Markdown("Press **Fit and render** to start.", elem_id="status")
            bar = gr.HTML("", elem_id="progress")  # the one progress indicator
            video = gr.Video(label="The network fitting your data", show_label=False, elem_id="video",
                             interactive=False, autoplay=False)
            with gr.Row():
                fitted = gr.HTML("", elem_id="fit-curve", label="The fitted curve")
                loss = gr.HTML("", elem_id="loss-curve", label="Loss curve")
            downloads = gr.File(label="Downloads: video and trace", file_count="multiple",
                                interactive=False, elem_id="downloads")
            results = gr.Markdown("", elem_id="results")

    error_boxes = [errors[f] for f in FIELDS]
    outputs = [status, bar, video, fitted, loss, results, downloads, *error_boxes]

    view = tab_view(FIELDS, lambda summary: (fit_svg(summary), loss_svg(summary["loss"], summary["n_steps"]),
                                             results_markdown(summary)))

    def finished(text, snap):
        files = snap.files()
        return view(text, str(files["video"]), snap.summary,
                    [str(files["video"]), str(files["json"]), str(files["csv"])])

    def run(rows, max_iterations, act, n_hidden, learning_rate, seed_value, video_quality):
        def start():
            request = check_form(rows, max_iterations, act, n_hidden, learning_rate,
                                 seed_value, video_quality)
            return jobs.submit(request)

        yield from follow(start, view, finished)

    def paste(inputs_text, outputs_text, rows):
        try:
            return paste_to_rows(inputs_text, outputs_text), ""
        except FieldError as err:
            return rows, f"⚠ {err.message}"

    submit.click(run, [table, iterations, activation, hidden, rate, seed, quality], outputs,
                 concurrency_limit=None, show_progress="hidden")
    paste_btn.click(paste, [paste_in, paste_out, table], [table, errors["paste"]])
