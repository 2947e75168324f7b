"""Parameter names by where they sit in the network, read from the trace's model layout
(so a scene never spells a parameter's name itself)."""

from __future__ import annotations

__all__ = ["weight_name", "bias_name"]


def weight_name(trace, source: str, target: str) -> str:
    """The name of the weight from node ``source`` into node ``target``."""
    return trace.model().layout().weight(source, target)


def bias_name(trace, node: str) -> str:
    """The name of ``node``'s bias."""
    return trace.model().layout().bias(node)
