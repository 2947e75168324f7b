"""The lecture build: every chapter's scenes rendered (several at once) with the chosen
voice, stills, durations, captions, one concatenated lecture video with sound, chapter
marks and captions, and an index page; and the lecture's script.

    python -m scenes.lecture                 # or: lecture build   (make lecture)
    python -m scenes.lecture scenes          # or: lecture scenes  (every scene, described)
    python -m scenes.lecture script          # or: lecture script  (what every scene says)

This package lives in a folder so that the chapter glob ``scenes/*.py`` never takes it
for a chapter. It reads the chapter files with ``ast`` (names and docstrings) instead of
importing them, so listing scenes is instant and imports neither manim nor the scenes;
each scene is rendered by its own ``manim`` process. Only ``lecture script`` imports the
chapters, to build each scene headless and collect what it says.
"""
