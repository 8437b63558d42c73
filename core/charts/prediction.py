"""Chart of one live prediction: the probability a model gives each of the 7 classes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from core import paths
from core.charts import scenario_color, style


def probability_bars(
    probabilities: Sequence[float],
    labels: Sequence[str],
    scenario: str,
    *,
    axis_title: str,
    height: int = 260,
    pair: Sequence[str] = paths.SCENARIOS,
) -> go.Figure:
    """Horizontal bars of all class probabilities in class order; the predicted class is drawn solid.

    ``labels`` are the translated class labels, ``axis_title`` the translated "probability".
    """
    probs = np.asarray(probabilities, dtype=float)
    if probs.shape != (len(labels),):
        raise ValueError(f"expected {len(labels)} probabilities, got shape {probs.shape}")
    top = int(probs.argmax())
    color = scenario_color(scenario, pair)
    fig = go.Figure(
        go.Bar(
            x=probs,
            y=list(labels),
            orientation="h",
            marker_color=color,
            marker_opacity=[1.0 if i == top else 0.35 for i in range(len(probs))],
            text=[f"{p:.1%}" for p in probs],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.2%}<extra></extra>",
        )
    )
    style(fig, height=height)
    fig.update_layout(showlegend=False, margin=dict(l=10, r=40, t=10, b=10))
    fig.update_xaxes(range=[0, 1], tickformat=".0%", title=axis_title)
    fig.update_yaxes(autorange="reversed")
    return fig
