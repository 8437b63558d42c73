"""Plotly chart builders: each returns a figure; pages decide where to draw it.

Builders take already-translated labels (the caller knows the UI language), so this package
never depends on Streamlit. Modules: ``metrics`` (test-set metrics, training curves),
``stats`` (comparison, calibration, curves), ``ablation`` (ablation forest plot, per-class F1 changes),
``explain`` (Grad-CAM, SE attention).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

pio.templates.default = "plotly_white"
"""The dashboard's template, set once: naming it per figure (``template=...``) copies and validates the
whole template every time (measured 9 ms per figure; a confusion matrix took 26 ms in all)."""
SCENARIO_COLORS = {"baseline": "#7f8c8d", "optimized": "#0b5394"}
"""One colour per scenario, used by every chart."""
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


def scenario_color(scenario: str) -> str:
    return SCENARIO_COLORS.get(scenario, "#e67e22")


def diverging_heatmap(
    z: np.ndarray, x: list[str], y: list[str], limit: float, text_format: str, colorbar: str, **kwargs
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
