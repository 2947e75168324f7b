"""The index page of a lecture build: the lecture video with its captions on and a list
of its chapters (each link jumps the video there), then the chapters in order, each scene
as a video with its captions on (its still as the poster), its duration, description and
the command that renders it alone. The page needs no network: everything is in the build
folder, and its one script only moves the lecture video to a chapter."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Mapping, Sequence

from .catalog import Chapter

__all__ = ["render_command", "clock", "write_index"]


def render_command(chapter: Chapter, scene: str, quality: str) -> str:
    """The command that renders one scene alone, from the top of the repository."""
    return f"manim -pq{quality} scenes/{chapter.path.name} {scene}"


def clock(seconds: float) -> str:
    """``83.4`` -> ``1:23``."""
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


_STYLE = """body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#111}
h2{margin-top:2em;border-bottom:2px solid #1F6FD1}.scenes{display:flex;flex-wrap:wrap;gap:1.2em}
figure{width:320px;margin:0}figure video{width:320px;border:1px solid #ccc}code{font-size:.85em}
.failed{color:#D62728}.meta{color:#555}video{width:100%;max-width:854px;background:#000}
ol.marks{columns:2}"""

#: jump the lecture video to a chapter (the links keep working as plain anchors without it)
_SEEK = """<script>document.querySelectorAll('a[data-start]').forEach(function(a){
a.addEventListener('click',function(ev){var v=document.getElementById('lecture');
if(!v)return;ev.preventDefault();v.currentTime=parseFloat(a.dataset.start);v.play();});});
</script>"""


def _track(vtt: str | None, kind: str = "captions") -> str:
    """A ``<track>`` for a WebVTT file (captions on by default), or nothing."""
    if not vtt:
        return ""
    label = "English" if kind == "captions" else "Chapters"
    return (f"<track kind='{kind}' src='{html.escape(vtt)}' srclang='en' label='{label}'"
            f"{' default' if kind == 'captions' else ''}>")


def _links(entry: Mapping) -> str:
    """" · captions: vtt srt" for a scene with captions, " · silent" for a clip without sound."""
    e = html.escape
    parts = ""
    if entry.get("captions"):
        parts += " · captions: " + " ".join(f"<a href='{e(path)}'>{e(kind)}</a>"
                                            for kind, path in sorted(entry["captions"].items()))
    if entry.get("has_audio") is False:
        parts += " · silent"
    return parts


def _anchor(chapters: Sequence[Chapter], title: str) -> str:
    """The page anchor of the chapter titled ``title`` (its name), or the top."""
    return next((c.name for c in chapters if c.title == title), "")


def write_index(path: Path, chapters: Sequence[Chapter], entries: Mapping[str, dict], quality: str,
                lecture: str | None, total: float, failed: Mapping[str, str],
                captions: Mapping[str, str] | None = None,
                marks: Sequence[tuple[float, float, str]] = (), chapter_file: str | None = None,
                handout: str | None = None, slides: str | None = None) -> None:
    """Write ``index.html``: ``entries`` maps scene keys to their manifest entries (clip,
    still, duration, captions); ``failed`` maps scene keys (or chapter names) to the
    reason; ``captions`` are the lecture's own ({"srt", "vtt"} paths), if any; ``marks``
    the joined video's chapters (start, end, title) and ``chapter_file`` their WebVTT file;
    ``handout`` the script with a picture per beat and ``slides`` the deck, if written."""
    e = html.escape
    out = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
           "<title>Neural networks, animated: the lecture</title>",
           f"<style>{_STYLE}</style></head><body>",
           "<h1>Neural networks, animated</h1>"]
    if lecture:
        tracks = _track(captions.get("vtt") if captions else None) + _track(chapter_file, "chapters")
        out.append(f"<video id='lecture' controls preload='metadata' src='{e(lecture)}'>{tracks}</video>")
        more = (" Captions: " + " ".join(f"<a href='{e(p)}'>{e(k)}</a>" for k, p in
                                         sorted(captions.items())) + "." if captions else "")
        out.append(f"<p><a href='{e(lecture)}'>The whole lecture</a> ({clock(total)}, one video "
                   f"with a chapter mark per chapter).{more} Rebuild: "
                   f"<code>make lecture QUALITY={e(quality)}</code></p>")
        if slides:
            out.append(f"<p><a href='{e(slides)}'>The slides</a>: one beat per slide for "
                       f"presenting live (right arrow: the next beat; S: the speaker notes).</p>")
        if handout:
            out.append(f"<p><a href='{e(handout)}'>The script as a handout</a>: every beat's "
                       f"words beside its picture, ready to print.</p>")
        if marks:
            out.append("<ol class='marks'>" + "".join(
                f"<li><a href='#{e(_anchor(chapters, title))}' data-start='{start:.3f}'>{e(title)}</a> "
                f"<span class='meta'>{clock(start)}</span></li>" for start, _, title in marks) + "</ol>")
    for number, chapter in enumerate(chapters, 1):
        out.append(f"<h2 id='{e(chapter.name)}'>{number}. {e(chapter.title)}</h2>")
        if chapter.summary:
            out.append(f"<p class='meta'>{e(chapter.summary)}</p>")
        if chapter.name in failed:
            out.append(f"<p class='failed'>{e(failed[chapter.name])}</p>")
        out.append("<div class='scenes'>")
        for scene in chapter.scenes:
            entry = entries.get(scene.key)
            out.append("<figure>")
            if entry and scene.key not in failed:
                vtt = (entry.get("captions") or {}).get("vtt")
                out.append(f"<video controls preload='none' poster='{e(entry['still'])}' "
                           f"src='{e(entry['clip'])}' title='{e(scene.name)}'>{_track(vtt)}</video>")
                out.append(f"<figcaption><b>{e(scene.name)}</b> ({clock(entry['duration'])})"
                           f"{_links(entry)}")
            else:
                reason = failed.get(scene.key, "not rendered")
                out.append(f"<figcaption><b>{e(scene.name)}</b> <span class='failed'>"
                           f"failed: {e(reason.splitlines()[-1] if reason else '')}</span>")
            out.append(f"<br>{e(scene.description)}<br>"
                       f"<code>{e(render_command(chapter, scene.name, quality))}</code></figcaption>")
            out.append("</figure>")
        out.append("</div>")
    if lecture and marks:
        out.append(_SEEK)
    out.append("</body></html>")
    tmp = Path(path).with_suffix(".tmp")
    tmp.write_text("\n".join(out) + "\n", encoding="utf-8")
    tmp.replace(path)
