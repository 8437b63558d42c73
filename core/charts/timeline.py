"""Probability timelines: one panel per scenario, a line per class over time, disagreements marked.

Used for a video's faces (x = seconds into the clip; a click on a point selects that sampled frame,
its number in ``customdata``) and for the webcam's rolling chart (x = seconds before now).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

CLASS_COLORS = ("#d62728", "#8c564b", "#9467bd", "#2ca02c", "#1f77b4", "#ff7f0e", "#7f7f7f")
"""One colour per class in class order, the same in both panels."""


def probability_timeline(
    times: np.ndarray,
    probabilities: Sequence[np.ndarray],
    titles: Sequence[str],
    *,
    labels: Sequence[str],
    samples: np.ndarray | None = None,
    disagree: np.ndarray | None = None,
    x_title: str = "",
    disagree_name: str = "",
    height: int = 420,
) -> go.Figure:
    """``probabilities[k]`` is scenario k's (n, 7) array at ``times``; ``disagree`` (n,) marks where the
    scenarios' top classes differ (a red band and a marker at the top of each panel)."""
    fig = make_subplots(rows=len(titles), cols=1, shared_xaxes=True, subplot_titles=list(titles), vertical_spacing=0.12)
    times = np.asarray(times, dtype=float)
    custom = np.asarray(samples if samples is not None else np.arange(len(times)))
    for row, probs in enumerate(probabilities, start=1):
        probs = np.asarray(probs, dtype=float).reshape(len(times), -1)
        for index, label in enumerate(labels):
            fig.add_trace(
                go.Scatter(
                    x=times,
                    y=probs[:, index],
                    mode="lines+markers",
                    marker={"size": 5},
                    line={"color": CLASS_COLORS[index % len(CLASS_COLORS)], "width": 1.5},
                    name=label,
                    legendgroup=label,
                    showlegend=row == 1,
                    customdata=custom,
                    hovertemplate=f"{label}: %{{y:.0%}}<extra>%{{x:.2f}}</extra>",
                ),
                row=row,
                col=1,
            )
        if disagree is not None and np.any(disagree):
            marks = np.asarray(disagree, dtype=bool)
            fig.add_trace(
                go.Scatter(
                    x=times[marks],
                    y=np.full(int(marks.sum()), 1.05),
                    mode="markers",
                    marker={"symbol": "x", "size": 9, "color": "#d62728"},
                    name=disagree_name,
                    legendgroup="disagree",
                    showlegend=row == 1,
                    customdata=custom[marks],
                    hovertemplate=f"{disagree_name}<extra>%{{x:.2f}}</extra>",
                ),
                row=row,
                col=1,
            )
        fig.update_yaxes(range=[0, 1.1], tickformat=".0%", row=row, col=1)
    fig.update_xaxes(title_text=x_title, row=len(titles), col=1)
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10}, clickmode="event+select")
    return fig
