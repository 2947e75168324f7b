"""The page's images tab: the teacher draws small black-and-white images by clicking cells,
gives each a class, and the convolutional network learns a filter that tells them apart.

The drawing lives in one ``gr.HTML`` editor (element ``#images-editor``): its value is
the drawing (:mod:`app.images_form` describes it), its template draws every image as a grid
of cells, and a small script toggles a cell black or white on a click, adds, clears and
removes images and sets each image's class; the class names come from their own field
(``#images-classes``) as the editor's ``classes`` property, so renaming a class keeps every
image's choice. The images save as, and open from, the JSON file ``nnmath fit-images``
reads. Every error is one sentence under its field (``#images-error-<field>``); nothing
drawn or typed is changed by a refused submission or a file that cannot be opened.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import gradio as gr

from nnmath.images import MAX_CLASSES, MAX_IMAGES, MAX_SIZE, MIN_CLASSES, MIN_SIZE, images_json

from .follow import follow
from .form import FieldError
from .images_form import (DEFAULTS, FIELDS, MAX_HIDDEN, check_drawing, check_images_form,
                          example_drawing, open_drawing, resize_drawing, split_names)
from .images_job import run_images_job
from .images_results import loss_html, probabilities_html, shift_html
from .jobs import JobQueue
from .tab import error_box, number_box, quality_radio, tab_view

__all__ = ["build_images_tab", "EDITOR_TEMPLATE", "EDITOR_JS"]

INTRO = f"""# Teach a filter your own images
Draw small black-and-white images by clicking their cells, give each one a class and press
**Fit and render**. The convolutional network of the lecture learns one 3 x 3 filter and its
bias, ReLU, 2 x 2 max pooling and a dense layer with SoftMax, starting from random weights (the
seed picks them). Afterwards every image is moved one pixel up, down, left and right and the
trained network says which class each moved copy is: does the filter still recognise it?

Limits: {MIN_CLASSES} to {MAX_CLASSES} classes, at least one image of each, at most {MAX_IMAGES}
images, {MIN_SIZE} to {MAX_SIZE} pixels a side. The X/O example is the lecture's own run.
"""

# The editor: ``value`` is the drawing, ``classes`` the (escaped) class names, ``max_images``
# the limit. Written as a JS template string (no Handlebars blocks).
EDITOR_TEMPLATE = """<div class="drawing">${value.images.map((im, i) => `
<div class="image-card" data-image="${i}">
 <div class="image-head">Image ${i + 1}</div>
 <table class="pixel-grid" aria-label="image ${i + 1}, click a cell to make it black or white"><tbody>
 ${im.pixels.map((row, r) => `<tr>${row.map((p, c) => `<td class="cell ${p ? 'on' : 'off'}"
   data-cell="${i},${r},${c}" title="row ${r + 1}, column ${c + 1}"></td>`).join('')}</tr>`).join('')}
 </tbody></table>
 <label class="image-class">class <select data-class="${i}">
  ${im.label >= classes.length ? '<option value="-1" selected>(no class)</option>' : ''}
  ${classes.map((n, k) => `<option value="${k}" ${k === im.label ? 'selected' : ''}>${n}</option>`).join('')}
 </select></label>
 <div class="image-buttons"><button type="button" data-clear="${i}">Clear</button>
 ${value.images.length > 1 ? `<button type="button" data-remove="${i}">Remove</button>` : ''}</div>
</div>`).join('')}
${value.images.length < max_images
  ? `<button type="button" class="add-image" data-add="1">+ Add an image</button>`
  : `<p class="full">${max_images} images: the most there can be.</p>`}
</div>"""

EDITOR_JS = """
const copy = () => JSON.parse(JSON.stringify(props.value));
const blank = (s) => Array.from({length: s}, () => Array(s).fill(0));
const put = (v) => { props.value = v; trigger('change'); };
element.addEventListener('click', (ev) => {
  const cell = ev.target.closest('[data-cell]');
  if (cell) {
    const [i, r, c] = cell.dataset.cell.split(',').map(Number);
    const v = copy(); v.images[i].pixels[r][c] = v.images[i].pixels[r][c] ? 0 : 1; put(v); return;
  }
  const add = ev.target.closest('[data-add]');
  if (add) {
    const v = copy();
    const n = Math.max(props.classes.length, 1);
    v.images.push({label: v.images.length % n, pixels: blank(v.size)}); put(v); return;
  }
  const clear = ev.target.closest('[data-clear]');
  if (clear) { const v = copy(); v.images[Number(clear.dataset.clear)].pixels = blank(v.size); put(v); return; }
  const remove = ev.target.closest('[data-remove]');
  if (remove) { const v = copy(); v.images.splice(Number(remove.dataset.remove), 1); put(v); }
});
element.addEventListener('change', (ev) => {
  const choice = ev.target.closest('select[data-class]');
  if (choice) { const v = copy(); v.images[Number(choice.dataset.class)].label = Number(choice.value); put(v); }
});
"""

EDITOR_CSS = """
.drawing { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-start; }
.image-card { border: 1px solid #ccc; border-radius: 6px; padding: 6px; background: #fafafa; }
.image-head { font-weight: 600; margin-bottom: 4px; }
.pixel-grid { border-collapse: collapse; margin: 0 auto 4px auto; }
.pixel-grid td.cell { width: 20px; height: 20px; padding: 0; border: 1px solid #999; cursor: pointer; }
.pixel-grid td.on { background: #111; }
.pixel-grid td.off { background: #fff; }
.image-class select { margin-left: 4px; }
.image-buttons button, .add-image { margin: 4px 4px 0 0; padding: 2px 8px; border: 1px solid #999;
  border-radius: 4px; background: #fff; cursor: pointer; }
.add-image { align-self: center; padding: 8px 12px; }
"""


def shown_names(text) -> list[str]:
    """The class names for the editor's choices: escaped, an empty one shown as its place."""
    return [html.escape(name) if name else f"(class {k})"
            for k, name in enumerate(split_names(text), 1)][:MAX_CLASSES + 4]


def _error(field: str) -> gr.Markdown:
    return error_box(field, "images-")


def build_images_tab(jobs: JobQueue) -> None:
    """The images tab's fields, editor, results and events, wired to ``jobs``."""
    names, drawing = example_drawing()
    gr.Markdown(INTRO)
    errors = {}
    with gr.Row():
        with gr.Column(scale=3):
            classes = gr.Textbox(names, label=f"Class names ({MIN_CLASSES} to {MAX_CLASSES}, "
                                 "separated by commas)", lines=1, max_lines=1, elem_id="images-classes")
            errors["classes"] = _error("classes")
            editor = gr.HTML(drawing, html_template=EDITOR_TEMPLATE, css_template=EDITOR_CSS,
                             js_on_load=EDITOR_JS, classes=shown_names(names), max_images=MAX_IMAGES,
                             elem_id="images-editor", label="The images")
            errors["images"] = _error("images")
            with gr.Row():
                example = gr.Button("X/O example (the lecture's)", elem_id="images-example")
                opener = gr.UploadButton("Open images (JSON)", file_types=[".json"], file_count="single",
                                         elem_id="images-open")
                saver = gr.Button("Save these images (JSON)", elem_id="images-save")
            saved = gr.File(label="The images as JSON (for nnmath fit-images --images)", visible=False,
                            interactive=False, elem_id="images-saved")
            with gr.Row():
                size = gr.Dropdown([str(s) for s in range(MIN_SIZE, MAX_SIZE + 1)],
                                   value=str(DEFAULTS["size"]), label="Pixels a side",
                                   elem_id="images-size")
            errors["size"] = _error("size")
            with gr.Row():
                hidden = number_box(DEFAULTS["hidden"], f"Hidden nodes (1 to {MAX_HIDDEN})",
                                     "images-hidden")
                rate = number_box(DEFAULTS["learning_rate"], "Learning rate", "images-learning-rate")
            with gr.Row():
                errors["hidden"] = _error("hidden")
                errors["learning_rate"] = _error("learning_rate")
            with gr.Row():
                iterations = number_box(DEFAULTS["max_iterations"], "Maximum iterations",
                                         "images-max-iterations")
                seed = number_box(DEFAULTS["seed"], "Seed (starting weights)", "images-seed")
            with gr.Row():
                errors["max_iterations"] = _error("max_iterations")
                errors["seed"] = _error("seed")
            quality = quality_radio(DEFAULTS["quality"], "images-")
            errors["quality"] = _error("quality")
            submit = gr.Button("Fit and render", variant="primary", elem_id="images-submit")
        with gr.Column(scale=3):
            status = gr.Markdown("Press **Fit and render** to start.", elem_id="images-status")
            bar = gr.HTML("", elem_id="images-progress")
            video = gr.Video(label="The filter learning your images", show_label=False,
                             elem_id="images-video", interactive=False, autoplay=False)
            loss = gr.HTML("", elem_id="images-loss", label="Cross entropy")
            probabilities = gr.HTML("", elem_id="images-probabilities")
            shifts = gr.HTML("", elem_id="images-shift")
            downloads = gr.File(label="Downloads: video and trace", file_count="multiple",
                                interactive=False, elem_id="images-downloads")

    error_boxes = [errors[f] for f in FIELDS]
    outputs = [status, bar, video, loss, probabilities, shifts, downloads, *error_boxes]

    view = tab_view(FIELDS, lambda summary: (
        loss_html(summary), "<h3>Each image after training</h3>" + probabilities_html(summary),
        "<h3>Moved by one pixel</h3>" + shift_html(summary)))

    def finished(text, snap):
        files = snap.files()
        return view(text, str(files["video"]), snap.summary, [str(p) for p in files.values()])

    def run(class_names, drawn, side, n_hidden, learning_rate, max_iterations, seed_value,
            video_quality):
        def start():
            request = check_images_form(class_names, drawn, side, n_hidden, learning_rate,
                                        max_iterations, seed_value, video_quality)
            return jobs.submit(request, target=run_images_job)

        yield from follow(start, view, finished)

    def rename(text):
        return gr.HTML(classes=shown_names(text))

    def resize(side, drawn):
        try:
            return resize_drawing(drawn, side), gr.skip(), ""
        except FieldError as err:
            return gr.skip(), str(_drawn_size(drawn)), f"⚠ {err.message}"

    def open_file(upload):
        try:
            text, picture = open_drawing(upload)
        except FieldError as err:
            return (gr.skip(),) * 3 + (f"⚠ {err.message}",)
        return text, picture, str(picture["size"]), ""

    def save(class_names, drawn, side):
        try:
            data = check_drawing(class_names, drawn, side)
        except FieldError as err:
            shown = [f"⚠ {err.message}" if f == err.field else "" for f in FIELDS]
            return gr.File(visible=False), *shown
        folder = Path(tempfile.mkdtemp(prefix="nnmath-images-"))
        path = folder / "images.json"
        path.write_text(images_json(data))
        return gr.File(str(path), visible=True), *([""] * len(FIELDS))

    def load_example():
        text, picture = example_drawing()
        return (text, picture, str(picture["size"]), f"{DEFAULTS['hidden']:g}",
                f"{DEFAULTS['learning_rate']:g}", f"{DEFAULTS['max_iterations']:g}",
                f"{DEFAULTS['seed']:g}", *([""] * len(FIELDS)))

    submit.click(run, [classes, editor, size, hidden, rate, iterations, seed, quality], outputs,
                 concurrency_limit=None, show_progress="hidden")
    classes.change(rename, classes, editor, show_progress="hidden")
    size.input(resize, [size, editor], [editor, size, errors["size"]], show_progress="hidden")
    opener.upload(open_file, opener, [classes, editor, size, errors["images"]], show_progress="hidden")
    saver.click(save, [classes, editor, size], [saved, *error_boxes], show_progress="hidden")
    example.click(load_example, None, [classes, editor, size, hidden, rate, iterations, seed,
                                       *error_boxes], show_progress="hidden")


def _drawn_size(drawn) -> int:
    try:
        return int(drawn["size"])
    except (TypeError, KeyError, ValueError):
        return int(DEFAULTS["size"])
