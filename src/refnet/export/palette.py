"""Colours of clusters in the graph files: a fixed palette, grey for the unclustered.

The first eight are the Okabe–Ito colours (distinguishable with the common colour-vision
deficiencies), black left out; then eight more of the Tableau 10 set. Cluster k gets
colour k−1 of the list, wrapping round after 16; cluster 0 (unclustered) is light grey.
"""

from __future__ import annotations

import numpy as np

PALETTE = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1",
    "#FF9DA7", "#9C755F",
)  # fmt: skip

UNCLUSTERED = "#BBBBBB"


def cluster_colours(cluster: np.ndarray) -> list[str]:
    """The hex colour of each cluster number."""
    return [UNCLUSTERED if c <= 0 else PALETTE[(int(c) - 1) % len(PALETTE)] for c in cluster]


def rgb(colour: str) -> tuple[int, int, int]:
    """``"#E69F00"`` → ``(230, 159, 0)``."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
