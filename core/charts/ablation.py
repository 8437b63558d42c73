"""Ablation figures: the change of each variant against the full scenario 2, and per-class F1 changes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.charts import diverging_heatmap, style

BAND_COLOR = "rgba(11, 83, 148, 0.12)"


def ablation_forest(
    frame: pd.DataFrame,
    row_labels: Sequence[str],
    panels: Sequence[tuple[str, str]],
    *,
    bands: Sequence[tuple[float, float] | None],
    band_label: str,
    title: str | None = None,
) -> go.Figure:
    """One panel per metric: each model's change against the reference with its 95% interval.

    ``frame`` has per panel metric m the columns d_m, d_m_low, d_m_high (in points or fractions, as
    given); ``panels`` are (metric, axis title) pairs. A band per panel shows the seed spread of the
    full recipe: a change inside it is no larger than another run of the same recipe would give.
    """
    fig = make_subplots(rows=1, cols=len(panels), shared_yaxes=True, horizontal_spacing=0.05)
    y = list(range(len(frame) - 1, -1, -1))
    for col, ((metric, axis), band) in enumerate(zip(panels, bands, strict=True), start=1):
        if band is not None:
            fig.add_vrect(x0=band[0], x1=band[1], fillcolor=BAND_COLOR, line_width=0, row=1, col=col)
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    marker=dict(symbol="square", size=12, color=BAND_COLOR),
                    name=band_label,
                    showlegend=col == 1,
                ),
                row=1,
                col=col,
            )
        estimate, low, high = (frame[f"d_{metric}{part}"].to_numpy(float) for part in ("", "_low", "_high"))
        fig.add_trace(
            go.Scatter(
                x=estimate,
                y=y,
                mode="markers",
                marker=dict(color="#0b5394", size=9),
                error_x=dict(type="data", symmetric=False, array=high - estimate, arrayminus=estimate - low, width=4),
                customdata=np.column_stack([low, high]),
                text=list(row_labels),
                hovertemplate="%{text}<br>%{x:+.2f} [%{customdata[0]:+.2f}, %{customdata[1]:+.2f}]<extra></extra>",
                showlegend=False,
            ),
            row=1,
            col=col,
        )
        fig.add_vline(x=0, line_dash="dash", line_color="#888888", row=1, col=col)
        fig.update_xaxes(title=axis, zeroline=False, row=1, col=col)
    fig.update_yaxes(tickvals=y, ticktext=list(row_labels), row=1, col=1)
    return style(fig, title, height=160 + 40 * len(frame))


def per_class_changes(
    changes: np.ndarray, models: Sequence[str], class_labels: Sequence[str], *, colorbar: str, title: str | None = None
) -> go.Figure:
    """Per-class F1 change (models x classes) on a diverging scale: which class each component helps."""
    changes = np.asarray(changes, dtype=float)
    limit = max(0.01, float(np.nanmax(np.abs(changes)))) if changes.size else 0.01
    fig = go.Figure(
        diverging_heatmap(
            changes,
            list(class_labels),
            list(models),
            limit=limit,
            text_format="%{text:+.3f}",
            colorbar=colorbar,
            hovertemplate="%{y} · %{x}: %{z:+.4f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return style(fig, title, height=160 + 40 * len(models))
