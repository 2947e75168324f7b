"""app.tab.tab_view: what a tab's outputs show for each step app.follow yields."""

from __future__ import annotations

import gradio as gr

from app.jobs import JobStatus
from app.tab import tab_view

FIELDS = ("rows", "seed")


def pictures(summary):
    return f"map {summary['n_steps']}", "loss", "numbers"


def test_error_under_its_field_pictures_once_there_is_a_summary_then_kept():
    view = tab_view(FIELDS, pictures)
    refused = view("Please fix the field marked in red.", field="seed", error="the seed is empty")
    assert refused == ["Please fix the field marked in red.", "", None, "", "", "", None, "", "⚠ the seed is empty"]
    snap = JobStatus("rendering", steps=3, summary={"n_steps": 3}, frames_done=1, frames_total=9)
    drawn = view("Rendering", summary=snap.summary, snap=snap)
    assert drawn[3:6] == ["map 3", "loss", "numbers"] and "<progress" in drawn[1]
    kept = view("Rendering", summary=snap.summary, snap=snap, keep_pictures=True)
    assert all(isinstance(p, type(gr.skip())) for p in kept[3:6])
    done = view("Done", "fit.mp4", {"n_steps": 3}, ["fit.mp4", "trace.json"])
    assert done[2] == "fit.mp4" and done[3] == "map 3" and done[6] == ["fit.mp4", "trace.json"]
    assert done[7:] == ["", ""]
