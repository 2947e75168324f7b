"""What the page writes about a job: the status line, the results table and the loss curve.

Pure functions of a :class:`~app.jobs.JobStatus` or a job summary (numbers from the
trace), so they are tested without a browser. Only numbers and fixed words go into the
HTML: nothing a person typed is echoed as markup.
"""

from __future__ import annotations

import math

from .jobs import JobStatus

__all__ = ["status_text", "results_markdown", "loss_svg", "progress_fraction", "progress_html"]


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
            return "Waiting for the worker to start your fit."
        fits = "1 fit is" if status.ahead == 1 else f"{status.ahead} fits are"
        return f"Waiting in the queue: {fits} ahead of yours (counting the one running now)."
    if status.state == "fitting":
        return "Fitting the network to your data..."
    if status.state == "rendering":
        fitted = f"Fitted in {status.steps} iterations. " if status.steps is not None else ""
        if not status.frames_total:
            return fitted + "Starting the video..."
        return fitted + f"Rendering the video: frame {status.frames_done} of {status.frames_total}."
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


def loss_svg(losses, width: int = 420, height: int = 220) -> str:
    """The SSR over the iterations as an inline SVG line chart."""
    values = [float(v) if not isinstance(v, str) else math.nan for v in losses]
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return "<p>No loss to plot.</p>"
    left, right, top, bottom = 62, 12, 12, 38
    w, h = width - left - right, height - top - bottom
    hi = max(finite) or 1.0
    n = max(len(values) - 1, 1)
    points = " ".join(f"{left + w * i / n:.1f},{top + h * (1 - v / hi):.1f}"
                      for i, v in enumerate(values) if math.isfinite(v))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="SSR over the iterations" '
        f'style="background:#fff;max-width:{width}px">'
        f'<line x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}" stroke="#444"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + h}" stroke="#444"/>'
        f'<polyline fill="none" stroke="#D62728" stroke-width="2.5" points="{points}"/>'
        f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" font-size="12">{_num(hi, 3)}</text>'
        f'<text x="{left - 6}" y="{top + h}" text-anchor="end" font-size="12">0</text>'
        f'<text x="{left}" y="{height - 20}" font-size="12">0</text>'
        f'<text x="{left + w}" y="{height - 20}" text-anchor="end" font-size="12">{n}</text>'
        f'<text x="{left + w / 2}" y="{height - 4}" text-anchor="middle" font-size="13">Iteration</text>'
        f'<text x="14" y="{top + h / 2}" font-size="13" transform="rotate(-90 14 {top + h / 2})" '
        f'text-anchor="middle">SSR</text></svg>'
    )
