"""One-vs-rest ROC and precision-recall curves: one panel per class, both scenarios in each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import paths
from core.charts import palette, style


def _ovr_panel(
    fig: go.Figure,
    k: int,
    *,
    row: int,
    col: int,
    curves: Mapping[str, Sequence[tuple[np.ndarray, np.ndarray]]],
    scores: Mapping[str, Sequence[float]],
    names: Mapping[str, str],
    titles: tuple[str, str, str],
    diagonal: bool,
    colors: Mapping[str, str],
) -> None:
    """Class k's panel of :func:`ovr_curves`: the chance diagonal, each scenario's curve, the scores in a corner."""
    x_title, y_title, score_name = titles
    if diagonal:
        fig.add_trace(
            go.Scatter(
                x=[0, 1],
                y=[0, 1],
                mode="lines",
                line=dict(dash="dot", color="#bbbbbb"),
                showlegend=False,
                hoverinfo="skip",
            ),
            row=row,
            col=col,
        )
    lines = []
    for scenario, per_class in curves.items():
        x, y = per_class[k]
        color = colors[scenario]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                name=names[scenario],
                line=dict(color=color, width=2),
                legendgroup=scenario,
                showlegend=k == 0,
                hovertemplate=f"{names[scenario]}<br>{x_title}: %{{x:.3f}}<br>{y_title}: %{{y:.3f}}<extra></extra>",
            ),
            row=row,
            col=col,
        )
        lines.append(f"<span style='color:{color}'>{score_name} {scores[scenario][k]:.3f}</span>")
    axis = "" if k == 0 else str(k + 1)
    fig.add_annotation(
        text="<br>".join(lines),
        xref=f"x{axis} domain",
        yref=f"y{axis} domain",
        x=0.98,
        y=0.04 if diagonal else 0.96,
        xanchor="right",
        yanchor="bottom" if diagonal else "top",
        showarrow=False,
        align="right",
        font=dict(size=11),
        bgcolor="rgba(255,255,255,0.8)",
    )


def ovr_curves(
    curves: Mapping[str, Sequence[tuple[np.ndarray, np.ndarray]]],
    scores: Mapping[str, Sequence[float]],
    class_labels: Sequence[str],
    *,
    names: Mapping[str, str],
    x_title: str,
    y_title: str,
    score_name: str,
    diagonal: bool,
    title: str | None = None,
    pair: Sequence[str] = paths.SCENARIOS,
) -> go.Figure:
    """One small panel per class with each scenario's one-vs-rest curve and its area score in the corner.

    ``curves[scenario][k]`` is the (x, y) of class k; ``scores[scenario][k]`` its AUC or average precision.
    """
    cols = 4
    rows = -(-len(class_labels) // cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=list(class_labels),
        shared_xaxes=True,
        shared_yaxes=True,
        horizontal_spacing=0.03,
        vertical_spacing=0.12,
    )
    colors = palette(curves, pair)
    titles = (x_title, y_title, score_name)
    for k in range(len(class_labels)):
        _ovr_panel(
            fig,
            k,
            row=k // cols + 1,
            col=k % cols + 1,
            curves=curves,
            scores=scores,
            names=names,
            titles=titles,
            diagonal=diagonal,
            colors=colors,
        )
    fig.update_xaxes(range=[0, 1], title=None)
    fig.update_yaxes(range=[0, 1.02], title=None)
    for col in range(1, cols + 1):
        fig.update_xaxes(title=x_title, row=rows, col=col)
    for row in range(1, rows + 1):
        fig.update_yaxes(title=y_title, row=row, col=1)
    style(fig, title, height=290 * rows + 60)
    if len(class_labels) % cols:
        free = (len(class_labels) % cols + 0.15) / cols
        fig.update_layout(legend=dict(orientation="v", x=free, xanchor="left", y=0.3, yanchor="top"))
    return fig
