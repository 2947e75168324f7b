"""The lecture build: every chapter's scenes rendered (several at once), stills, durations,
one concatenated lecture video with chapter marks, and an index page.

    python -m scenes.lecture                 # or: lecture build   (make lecture)
    python -m scenes.lecture scenes          # or: lecture scenes  (every scene, described)

This package lives in a folder so that the chapter glob ``scenes/*.py`` never takes it
for a chapter. It reads the chapter files with ``ast`` (names and docstrings) instead of
importing them, so listing scenes is instant and imports neither manim nor the scenes;
each scene is rendered by its own ``manim`` process.
"""
