"""What the images tab shows after the fit: the cross entropy over the iterations, each
image's probabilities, and the one-pixel shift report.

Pure functions of a job's summary (:func:`app.images_job.images_summary`, numbers from the
trace), tested without a browser. Class names are escaped; everything else is numbers.
"""

from __future__ import annotations

import html
import math

from .results import _chart, _value

__all__ = ["loss_html", "pixels_svg", "probabilities_html", "shift_html"]

_RIGHT, _WRONG = "#2e7d32", "#c62828"


def loss_html(summary: dict) -> str:
    """The cross entropy over the iterations as an inline SVG line chart."""
    values = [_value(v) for v in summary["loss"]]
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return "<p>No loss to plot.</p>"
    n = max(int(summary["n_steps"]), 1)
    spacing = n / max(len(values) - 1, 1)
    points = [(i * spacing, v) for i, v in enumerate(values) if math.isfinite(v)]
    return _chart([("#D62728", points)], [], (0, n), (0, max(finite) or 1.0), "Iteration",
                  "Cross entropy", "cross entropy over the iterations")


def pixels_svg(pixels, cell: int = 7) -> str:
    """A small black-and-white picture of an image (0 white, 1 black), framed."""
    size = len(pixels)
    side = size * cell
    cells = "".join(f'<rect x="{c * cell}" y="{r * cell}" width="{cell}" height="{cell}"/>'
                    for r, row in enumerate(pixels) for c, v in enumerate(row) if v)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{side + 2}" height="{side + 2}" '
            f'viewBox="-1 -1 {side + 2} {side + 2}" role="img" aria-label="image">'
            f'<rect x="-0.5" y="-0.5" width="{side + 1}" height="{side + 1}" fill="#fff" '
            f'stroke="#888"/><g fill="#111">{cells}</g></svg>')


def _name(text) -> str:
    return html.escape(str(text))


def probabilities_html(summary: dict) -> str:
    """A table: each training image, its class and SoftMax's probability of every class,
    the winner in bold and marked right or wrong."""
    names = summary["class_names"]
    head = "".join(f"<th>{_name(n)}</th>" for n in names)
    rows = []
    for number, (image, label, probs) in enumerate(zip(summary["images"], summary["labels"],
                                                       summary["probabilities"]), 1):
        p = [_value(v) for v in probs]
        win = max(range(len(p)), key=lambda k: p[k] if math.isfinite(p[k]) else -1.0)
        right = names[win] == label
        cells = "".join(f"<td>{'<b>' if k == win else ''}{v:.3f}{'</b>' if k == win else ''}</td>"
                        for k, v in enumerate(p))
        verdict = (f'<span style="color:{_RIGHT}">right</span>' if right else
                   f'<span style="color:{_WRONG}">wrong: {_name(names[win])}</span>')
        rows.append(f'<tr class="image-row"><td>{number}</td><td>{pixels_svg(image)}</td>'
                    f"<td>{_name(label)}</td>{cells}<td>{verdict}</td></tr>")
    return ('<table class="images-table"><thead><tr><th>image</th><th></th><th>class</th>'
            f"{head}<th>result</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def shift_html(summary: dict) -> str:
    """The shift report: its sentence, then one row per training image with each shifted
    copy, the class it came out as (and its probability) and whether that is right."""
    shift = summary["shift"]
    names, directions = shift["class_names"], shift["directions"]
    head = "".join(f"<th>moved {_name(d)}</th>" for d in directions)
    rows = []
    for i, (image, label) in enumerate(zip(summary["images"], shift["labels"])):
        cells = []
        for d in range(len(directions)):
            won = shift["predicted"][i][d]
            p = _value(shift["probabilities"][i][d][won])
            ok = shift["right"][i][d]
            mark = (f'<span style="color:{_RIGHT}">✓ {_name(names[won])} {p:.2f}</span>' if ok else
                    f'<span style="color:{_WRONG}">✗ {_name(names[won])} {p:.2f}</span>')
            blank = "<br><small>(moved out: blank)</small>" if shift["blank"][i][d] else ""
            cells.append(f'<td class="shift-cell">{pixels_svg(shift["shifted"][i][d])}'
                         f"<br>{mark}{blank}</td>")
        own = "" if shift["own_right"][i] else f'<br><small style="color:{_WRONG}">wrong even unshifted</small>'
        rows.append(f'<tr class="shift-row"><td>{i + 1} ({_name(label)})<br>{pixels_svg(image)}{own}</td>'
                    f"<td>{shift['per_image'][i]} of {len(directions)}</td>{''.join(cells)}</tr>")
    return (f'<p class="shift-summary"><b>{_name(shift["message"])}.</b></p>'
            '<table class="images-table"><thead><tr><th>image</th><th>still right</th>'
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")

