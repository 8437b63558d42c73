"""Charts of the test-set metrics and training pages: confusion matrices, per-class bars, curves.

Every builder takes already-translated labels and titles and returns a Plotly figure.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import paths
from core.charts import palette, style


def confusion_matrix(
    matrix: np.ndarray, labels: list[str], *, normalised: bool, title: str, true_title: str, pred_title: str
) -> go.Figure:
    """Heatmap of a confusion matrix (rows true, columns predicted), clickable per cell.

    Plotly heatmaps send no selection events, so a transparent square marker sits on each cell;
    its ``customdata`` is (true, predicted) so a click identifies the cell.
    """
    values = np.asarray(matrix, dtype=np.float64)
    text = [[f"{v:.0%}" if normalised else f"{int(v)}" for v in row] for row in values]
    n = len(labels)
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=labels,
            y=labels,
            colorscale="Blues",
            showscale=False,
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=1 if normalised else None,
            hoverinfo="skip",
        )
    )
    rows, cols = np.divmod(np.arange(n * n), n)
    fig.add_trace(
        go.Scatter(
            x=[labels[c] for c in cols],
            y=[labels[r] for r in rows],
            mode="markers",
            marker=dict(symbol="square", size=34, color="rgba(0,0,0,0)"),
            customdata=np.stack([rows, cols], axis=1),
            text=[text[r][c] for r, c in zip(rows, cols, strict=True)],
            hovertemplate=f"{true_title}: %{{y}}<br>{pred_title}: %{{x}}<br>%{{text}}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_xaxes(title=pred_title, side="bottom", showgrid=False)
    fig.update_yaxes(title=true_title, autorange="reversed", showgrid=False)
    return style(fig, title, height=440)


def _grouped_bars(
    categories: list[str],
    values: dict[str, np.ndarray],
    names: dict[str, str],
    *,
    horizontal: bool,
    text: str,
    pair: Sequence[str] = paths.SCENARIOS,
) -> go.Figure:
    """One bar per scenario in each category, in the scenario's colour."""
    colors = palette(values, pair)
    value_axis, category_axis = ("x", "y") if horizontal else ("y", "x")
    fig = go.Figure(
        [
            go.Bar(
                **{category_axis: categories, value_axis: v},
                orientation="h" if horizontal else "v",
                name=names[s],
                marker_color=colors[s],
                texttemplate=f"%{{{value_axis}:{text}}}",
                textposition="outside",
            )
            for s, v in values.items()
        ]
    )
    return fig.update_layout(barmode="group")


def per_class_bars(
    labels: list[str],
    values: dict[str, list[float]],
    names: dict[str, str],
    *,
    title: str,
    y_title: str,
    pair: Sequence[str] = paths.SCENARIOS,
) -> go.Figure:
    """Grouped bars: one group per class, one bar per scenario (``values`` keyed by scenario)."""
    fig = _grouped_bars(labels, values, names, horizontal=False, text=".2f", pair=pair)
    fig.update_yaxes(title=y_title, range=[0, 1.08])
    return style(fig, title, height=380)


def difference_bars(labels: list[str], difference: np.ndarray, title: str, *, y_title: str) -> go.Figure:
    """Per-class difference (e.g. F1 of scenario 2 minus scenario 1): positive blue, negative red."""
    diff = np.asarray(difference, dtype=np.float64)
    colours = np.where(diff >= 0, "#0b5394", "#c0392b")
    fig = go.Figure(go.Bar(x=labels, y=diff, marker_color=colours, texttemplate="%{y:+.3f}", textposition="outside"))
    fig.add_hline(y=0, line_color="#555", line_width=1)
    span = max(0.05, float(np.abs(diff).max()) * 1.25) if diff.size else 0.05
    fig.update_yaxes(title=y_title, range=[-span, span], zeroline=False)
    return style(fig, title, height=340)


def _epoch_axis(fig: go.Figure, histories: dict[str, pd.DataFrame], title: str) -> None:
    """Whole-epoch ticks, at most about ten of them."""
    last = max(int(h["epoch"].max()) for h in histories.values())
    fig.update_xaxes(title=title, tick0=1, dtick=max(1, -(-last // 10)))


def training_curves(
    histories: dict[str, pd.DataFrame],
    metric: str,
    names: dict[str, str],
    *,
    best: dict[str, int | None],
    overlay: bool,
    title: str,
    labels: dict[str, str],
    pair: Sequence[str] = paths.SCENARIOS,
) -> go.Figure:
    """Train (dashed) and validation (solid) ``metric`` per epoch; the kept epoch is starred.

    ``labels`` translates 'train', 'val', 'best' and 'epoch'. Overlay draws every scenario in one
    panel; otherwise each scenario has its own panel with a shared y axis.
    """
    scenarios = list(histories)
    colors = palette(scenarios, pair)
    fig = make_subplots(
        rows=1,
        cols=1 if overlay else len(scenarios),
        shared_yaxes=True,
        subplot_titles=None if overlay else [names[s] for s in scenarios],
    )
    for i, s in enumerate(scenarios):
        frame, col, colour = histories[s], 1 if overlay else i + 1, colors[s]
        for key, dash in ((metric, "dash"), (f"val_{metric}", "solid")):
            fig.add_trace(
                go.Scatter(
                    x=frame["epoch"],
                    y=frame[key],
                    mode="lines+markers",
                    line=dict(color=colour, dash=dash),
                    name=f"{names[s]} · {labels['train'] if dash == 'dash' else labels['val']}",
                    legendgroup=s,
                ),
                row=1,
                col=col,
            )
        epoch = best.get(s)
        if epoch is not None and (frame["epoch"] == epoch).any():
            value = float(frame.loc[frame["epoch"] == epoch, f"val_{metric}"].iloc[0])
            fig.add_trace(
                go.Scatter(
                    x=[epoch],
                    y=[value],
                    mode="markers",
                    marker=dict(symbol="star", size=16, color=colour, line=dict(color="#000", width=1)),
                    name=f"{names[s]} · {labels['best']} ({epoch})",
                    legendgroup=s,
                ),
                row=1,
                col=col,
            )
    _epoch_axis(fig, histories, labels["epoch"])
    style(fig, title, height=480 + 50 * max(0, len(scenarios) - 2))
    return fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.22, xanchor="left", x=0))


def scenario_lines(
    histories: dict[str, pd.DataFrame],
    column: str,
    names: dict[str, str],
    *,
    title: str,
    y_title: str,
    x_title: str,
    log_y: bool = False,
    pair: Sequence[str] = paths.SCENARIOS,
) -> go.Figure:
    """One line per scenario of a per-epoch column (learning rate, epoch time)."""
    colors = palette(histories, pair)
    fig = go.Figure(
        [
            go.Scatter(
                x=h["epoch"],
                y=h[column],
                mode="lines+markers",
                name=names[s],
                line=dict(color=colors[s], shape="hv" if log_y else "linear"),
            )
            for s, h in histories.items()
        ]
    )
    _epoch_axis(fig, histories, x_title)
    fig.update_yaxes(title=y_title, type="log" if log_y else "linear", exponentformat="power")
    return style(fig, title, height=320)


def probability_bars(
    labels: list[str],
    probs: dict[str, np.ndarray],
    names: dict[str, str],
    *,
    true: int | None,
    x_title: str,
    pair: Sequence[str] = paths.SCENARIOS,
) -> go.Figure:
    """Horizontal bars of the class probabilities per scenario; the true class label is bold."""
    ticks = [f"<b>{label}</b>" if i == true else label for i, label in enumerate(labels)]
    fig = _grouped_bars(ticks, probs, names, horizontal=True, text=".0%", pair=pair)
    fig.update_xaxes(title=x_title, range=[0, 1.15], tickformat=".0%")
    fig.update_yaxes(autorange="reversed")
    return style(fig, height=90 + 28 * len(labels) * max(1, len(probs)) // 2)
