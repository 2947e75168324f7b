"""What the page writes about a job: the status line, the results table and the loss curve.

Pure functions of a :class:`~app.jobs.JobStatus` or a job summary (numbers from the
trace), so they are tested without a browser. Only numbers and fixed words go into the
HTML: nothing a person typed is echoed as markup.
"""

from __future__ import annotations

import math

from scenes.common.style import PALETTE

from .jobs import JobStatus

__all__ = ["status_text", "results_markdown", "loss_svg", "fit_svg", "progress_fraction",
           "progress_html"]



def progress_fraction(status: JobStatus) -> float:
    """0..1 for the progress bar: fitting counts as the first 5 %, frames the rest."""
    if status.state == "done":
        return 1.0
    if status.state == "rendering" and status.frames_total:
        return 0.05 + 0.95 * status.frames_done / status.frames_total
    return 0.0


def progress_html(status: JobStatus | None) -> str:
    """The page's one progress indicator: a bar while the job is fitting or rendering,
    nothing otherwise (numbers only; nothing typed goes into it)."""
    if status is None or status.state not in ("fitting", "rendering"):
        return ""
    percent = round(100 * progress_fraction(status))
    return (f'<progress value="{percent}" max="100" aria-label="progress" '
            f'style="width:100%;height:10px">{percent} %</progress>')


def status_text(status: JobStatus) -> str:
    """One line saying where the job is."""
    if status.state == "queued":
        if not status.ahead:
            return "Waiting for a worker to start your fit."
        fits = "1 fit is" if status.ahead == 1 else f"{status.ahead} fits are"
        return f"Waiting in the queue: {fits} ahead of yours (counting those running now)."
    again = ("A worker stopped while running your fit; another one runs it again. "
             if status.attempt > 1 else "")
    if status.state == "fitting":
        return again + "Fitting the network to your data..."
    if status.state == "rendering":
        fitted = f"Fitted in {status.steps} iterations. " if status.steps is not None else ""
        if not status.frames_total:
            return again + fitted + "Starting the video..."
        return again + fitted + f"Rendering the video: frame {status.frames_done} of {status.frames_total}."
    if status.state == "done":
        summary = status.summary or {}
        when = ("these inputs were rendered before; served from the cache" if status.cached
                else f"{status.seconds:.0f} s")
        verdict = summary.get("message", f"{summary.get('n_steps')} iterations")
        if summary.get("behaviour", "converged") == "converged":
            return f"Done ({when}): {verdict}."
        return f"Finished ({when}), but not a clean fit: {verdict}."
    return f"Failed: {status.error}"


def _num(value, places: int = 4) -> str:
    if isinstance(value, str):  # "Infinity", "NaN" as exported
        return value
    return f"{float(value):.{places}g}"


def results_markdown(summary: dict) -> str:
    """The verdict, the final parameters and the predictions as Markdown tables."""
    lines = [f"**{summary['message']}**", "", "| parameter | final value |", "|---|---|"]
    lines += [f"| `{name}` | {_num(v)} |" for name, v in zip(summary["param_names"], summary["final_params"])]
    lines += ["", f"Final SSR: {_num(summary['final_loss'])}", "",
              "| input | observed | predicted |", "|---|---|---|"]
    lines += [f"| {_num(x)} | {_num(y)} | {_num(p)} |"
              for x, y, p in zip(summary["inputs"], summary["outputs"], summary["predictions"])]
    return "\n".join(lines)


def _value(v) -> float:
    return float(v) if not isinstance(v, str) else math.nan  # "NaN", "Infinity" as exported


def _chart(lines, dots, x_range, y_range, x_name: str, y_name: str, label: str,
           width: int = 420, height: int = 220) -> str:
    """An inline SVG chart: ``lines`` [(colour, [(x, y), ...])], ``dots`` [(x, y)] on axes
    numbered at both ends (numbers only; nothing typed goes into it)."""
    left, right, top, bottom = 62, 12, 12, 38
    w, h = width - left - right, height - top - bottom
    (x0, x1), (y0, y1) = x_range, y_range
    sx = lambda x: left + w * (x - x0) / ((x1 - x0) or 1.0)  # noqa: E731
    sy = lambda y: top + h * (1 - (y - y0) / ((y1 - y0) or 1.0))  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{label}" '
             f'style="background:#fff;max-width:{width}px">',
             f'<line x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}" stroke="#444"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + h}" stroke="#444"/>']
    for colour, points in lines:
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in points)
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{path}"/>')
    parts += [f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="4" fill="#000"/>' for x, y in dots]
    parts += [
        f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" font-size="12">{_num(y1, 3)}</text>',
        f'<text x="{left - 6}" y="{top + h}" text-anchor="end" font-size="12">{_num(y0, 3)}</text>',
        f'<text x="{left}" y="{height - 20}" font-size="12">{_num(x0, 3)}</text>',
        f'<text x="{left + w}" y="{height - 20}" text-anchor="end" font-size="12">{_num(x1, 3)}</text>',
        f'<text x="{left + w / 2}" y="{height - 4}" text-anchor="middle" font-size="13">{x_name}</text>',
        f'<text x="14" y="{top + h / 2}" font-size="13" transform="rotate(-90 14 {top + h / 2})" '
        f'text-anchor="middle">{y_name}</text></svg>']
    return "".join(parts)


def loss_svg(losses, last_step: int | None = None) -> str:
    """The SSR over the iterations as an inline SVG line chart; ``losses`` evenly spaced
    from iteration 0 to ``last_step`` (default: one value per iteration)."""
    values = [_value(v) for v in losses]
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return "<p>No loss to plot.</p>"
    n = last_step if last_step is not None else max(len(values) - 1, 1)
    spacing = n / max(len(values) - 1, 1)
    points = [(i * spacing, v) for i, v in enumerate(values) if math.isfinite(v)]
    return _chart([("#D62728", points)], [], (0, n), (0, max(finite) or 1.0), "Iteration", "SSR",
                  "SSR over the iterations")


def fit_svg(summary: dict) -> str:
    """The data points and the fitted network's curve (the green squiggle) as an inline SVG
    chart, from the summary's numbers; empty when the summary has no curve."""
    curve = summary.get("curve")
    if not curve:
        return ""
    line = [(_value(x), _value(y)) for x, y in zip(curve["x"], curve["y"])]
    line = [(x, y) for x, y in line if math.isfinite(x) and math.isfinite(y)]
    dots = [(_value(x), _value(y)) for x, y in zip(summary["inputs"], summary["outputs"])]
    ys = [y for _, y in line + dots]
    if not line or not ys:
        return ""
    return _chart([(PALETTE.squiggle, line)], dots, (line[0][0], line[-1][0]), (min(ys), max(ys)),
                  "Input", "Output", "the data and the fitted curve")
