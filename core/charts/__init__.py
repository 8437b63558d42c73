"""Plotly chart builders: each returns a figure; pages decide where to draw it.

Builders take already-translated labels (the caller knows the UI language), so this package
never depends on Streamlit. Modules: ``metrics`` (test-set metrics, training curves),
``stats`` (comparison, calibration, curves), ``ablation`` (ablation forest plot, per-class F1 changes),
``explain`` (Grad-CAM, SE attention).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from core import paths

pio.templates.default = "plotly_white"
"""The dashboard's template, set once: naming it per figure (``template=...``) copies and validates the
whole template every time (measured 9 ms per figure; a confusion matrix took 26 ms in all)."""
PAIR_COLORS = ("#0072B2", "#D55E00")
"""Scenario 1 and scenario 2, whatever reports they are: Okabe-Ito blue and vermillion (colour-blind safe)."""
OTHER_COLORS = (
    "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#332288",
    "#999933", "#44AA99", "#AA4499", "#117733", "#6F4E37", "#7F7F7F",
)  # fmt: skip
"""Every other report (extra models, variants, seeds): Okabe-Ito's remaining hues, then Paul Tol's muted ones."""
FONT = dict(family="Inter, Helvetica, Arial, sans-serif", size=13)


def style(fig: go.Figure, title: str | None = None, height: int | None = None) -> go.Figure:
    """The dashboard's common look: white template, compact margins, horizontal legend."""
    fig.update_layout(
        font=FONT,
        title=title,
        height=height,
        margin=dict(l=10, r=10, t=50 if title else 20, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="right", x=1),
    )
    return fig


def palette(names: Iterable[str], pair: Sequence[str] = paths.SCENARIOS) -> dict[str, str]:
    """The one colour rule: the pair's two fixed colours by role, every other report its own.

    Another report's colour is picked by a hash of its name (stable across pages and runs) and moves on to the
    next free colour when taken, so the reports of one figure never share one while the palette lasts."""
    names = list(names)
    colors = {name: PAIR_COLORS[list(pair[:2]).index(name)] for name in names if name in pair[:2]}
    for name in sorted(set(names) - set(colors)):
        start = zlib.crc32(name.encode())
        free = [OTHER_COLORS[(start + i) % len(OTHER_COLORS)] for i in range(len(OTHER_COLORS))]
        colors[name] = next((c for c in free if c not in colors.values()), free[0])
    return colors


def scenario_color(scenario: str, pair: Sequence[str] = paths.SCENARIOS) -> str:
    """One report's colour when it is drawn alone (palette() for several)."""
    return palette([scenario], pair)[scenario]


def diverging_heatmap(
    z: np.ndarray, x: list[str], y: list[str], *, limit: float, text_format: str, colorbar: str, **kwargs
) -> go.Heatmap:
    """A red-blue heatmap centred on zero (changes and differences: blue = more, red = less)."""
    return go.Heatmap(
        z=z,
        x=x,
        y=y,
        text=z,
        texttemplate=text_format,
        colorscale="RdBu",
        zmid=0,
        zmin=-limit,
        zmax=limit,
        colorbar=dict(title=colorbar),
        xgap=1,
        ygap=1,
        **kwargs,
    )
