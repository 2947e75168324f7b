"""Shared pieces of every lecture scene: the StatQuest look, number formatting, timing,
and helpers that return mobjects or animations for the scenes to compose.

Nothing here computes the math: curves and numbers arrive as arrays taken from nnmath
traces; helpers only place them on axes.
"""
