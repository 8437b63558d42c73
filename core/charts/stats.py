"""Chart builders of the comparison (significance, confidence intervals, calibration, references; the ROC and
PR curves are in core.charts.curves) and the print-quality static export every chart of the dashboard uses.

Every builder takes numbers from core.evaluate.stats and labels already translated by the caller, and
returns a Plotly figure styled with core.charts.style.
"""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import paths
from core.charts import diverging_heatmap, palette, style

RIGHT_COLOR = "#2e7d32"
WRONG_COLOR = "#c62828"
PUBLISHED_COLOR = "#b0b7bf"
EXPORT_WIDTH = 900
"""Layout width (CSS px) of exported images; PNG is rendered at EXPORT_DPI / 96 times that."""
EXPORT_DPI = 300
_RENDER_LOCK = threading.Lock()
SUBSET_COLORS = {"fixed": RIGHT_COLOR, "broken": WRONG_COLOR, "both_wrong": "#8d6e63", "both_right": "#90a4ae"}


def _legend_under_title(fig: go.Figure) -> go.Figure:
    """A long title and a horizontal legend on one line collide: give each its own line."""
    return fig.update_layout(
        margin=dict(t=95),
        title=dict(y=0.98, yanchor="top"),
        legend=dict(y=1.02, yanchor="bottom", x=0, xanchor="left"),
    )


def mcnemar_table(
    table: np.ndarray,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    *,
    x_title: str,
    y_title: str,
    title: str | None = None,
) -> go.Figure:
    """The 2x2 paired right/wrong table; the two discordant cells (what the test compares) stand out."""
    table = np.asarray(table)
    emphasis = np.array([[0, 1], [1, 0]])
    fig = go.Figure(
        go.Heatmap(
            z=emphasis,
            x=list(col_labels),
            y=list(row_labels),
            text=table,
            texttemplate="<b>%{text}</b>",
            textfont=dict(size=18),
            colorscale=[[0, "#eef1f4"], [1, "#f6c28b"]],
            showscale=False,
            zmin=0,
            zmax=1,
            hovertemplate=f"{y_title}: %{{y}}<br>{x_title}: %{{x}}<br>n = %{{text}}<extra></extra>",
            xgap=3,
            ygap=3,
        )
    )
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title, autorange="reversed")
    return style(fig, title, height=320)


def ci_forest(
    frame: pd.DataFrame,
    metric_labels: Mapping[str, str],
    group_labels: Mapping[str, str],
    *,
    x_title: str,
    diff_title: str,
    title: str | None = None,
    pair: Sequence[str] = paths.SCENARIOS,
) -> go.Figure:
    """Point estimates with 95% CIs per metric: scenarios on the left, their difference on the right.

    ``frame`` has columns metric, group, estimate, low, high; group "difference" goes to the right
    panel, whose zero line shows at a glance which differences exclude "no change".
    """
    metrics = list(dict.fromkeys(frame["metric"]))
    position = {m: len(metrics) - 1 - i for i, m in enumerate(metrics)}
    scenarios = [g for g in dict.fromkeys(frame["group"]) if g != "difference"]
    offsets = np.linspace(0.15, -0.15, len(scenarios)) if len(scenarios) > 1 else [0.0]
    colors = palette(scenarios, pair)
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.6, 0.4], horizontal_spacing=0.04)
    for offset, group in zip(offsets, scenarios, strict=True):
        part = frame[frame["group"] == group]
        fig.add_trace(_ci_trace(part, position, offset, name=group_labels[group], color=colors[group]), row=1, col=1)
    diff = frame[frame["group"] == "difference"]
    if len(diff):
        fig.add_trace(_ci_trace(diff, position, 0.0, name=group_labels["difference"], color="#000000"), row=1, col=2)
        fig.add_vline(x=0, line_dash="dash", line_color="#888888", row=1, col=2)
    fig.update_yaxes(tickvals=list(position.values()), ticktext=[metric_labels[m] for m in position], row=1, col=1)
    fig.update_xaxes(title=x_title, row=1, col=1)
    fig.update_xaxes(title=diff_title, zeroline=False, row=1, col=2)
    return _legend_under_title(style(fig, title, height=150 + 34 * len(metrics)))


def _ci_trace(part: pd.DataFrame, position: Mapping[str, int], offset: float, *, name: str, color: str) -> go.Scatter:
    return go.Scatter(
        x=part["estimate"],
        y=[position[m] + offset for m in part["metric"]],
        mode="markers",
        name=name,
        marker=dict(color=color, size=9),
        error_x=dict(
            type="data",
            symmetric=False,
            array=part["high"] - part["estimate"],
            arrayminus=part["estimate"] - part["low"],
            color=color,
            thickness=2,
            width=4,
        ),
        customdata=np.column_stack([part["low"], part["high"]]),
        hovertemplate=f"{name}<br>%{{x:.4f}} [%{{customdata[0]:.4f}}, %{{customdata[1]:.4f}}]<extra></extra>",
    )


def difference_matrix(
    diff: np.ndarray,
    class_labels: Sequence[str],
    x_title: str,
    *,
    y_title: str,
    colorbar_title: str,
    title: str | None = None,
) -> go.Figure:
    """Optimized-minus-baseline confusion matrix on a diverging scale centred on zero.

    A transparent marker sits on each cell so that a click selects the cell (Streamlit's selection
    events come from point traces); it carries the hover text too.
    """
    diff = np.asarray(diff)
    labels = list(class_labels)
    limit = max(1, int(np.abs(diff).max()))
    fig = go.Figure(
        diverging_heatmap(
            diff, labels, labels, limit=limit, text_format="%{text:+d}", colorbar=colorbar_title, hoverinfo="skip"
        )
    )
    rows, cols = np.indices(diff.shape)
    fig.add_trace(
        go.Scatter(
            x=[labels[c] for c in cols.ravel()],
            y=[labels[r] for r in rows.ravel()],
            mode="markers",
            marker=dict(symbol="square", size=36, color="rgba(0,0,0,0)"),
            showlegend=False,
            customdata=np.column_stack([rows.ravel(), cols.ravel(), diff.ravel()]),
            hovertemplate=f"{y_title}: %{{y}}<br>{x_title}: %{{x}}<br>{colorbar_title}: %{{customdata[2]:+d}}"
            "<extra></extra>",
        )
    )
    fig.update_xaxes(title=x_title, side="bottom")
    fig.update_yaxes(title=y_title, autorange="reversed")
    return style(fig, title, height=520)


def outcome_bars(
    counts: pd.DataFrame,
    class_labels: Sequence[str],
    subset_labels: Mapping[str, str],
    *,
    x_title: str,
    title: str | None = None,
) -> go.Figure:
    """Per true class: samples fixed by scenario 2 (right) against samples it broke (left)."""
    labels = [class_labels[i] for i in counts["true"]]
    fig = go.Figure()
    for subset, sign in (("fixed", 1), ("broken", -1)):
        fig.add_trace(
            go.Bar(
                y=labels,
                x=sign * counts[subset],
                orientation="h",
                name=subset_labels[subset],
                marker_color=SUBSET_COLORS[subset],
                text=counts[subset],
                textposition="outside",
                hovertemplate=f"%{{y}}<br>{subset_labels[subset]}: %{{text}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="relative")
    fig.update_xaxes(title=x_title, zeroline=True, zerolinecolor="#555555")
    fig.update_yaxes(autorange="reversed")
    return _legend_under_title(style(fig, title, height=380))


def reliability_diagram(
    bins: Mapping[str, pd.DataFrame],
    names: Mapping[str, str],
    x_title: str,
    *,
    y_title: str,
    perfect_label: str,
    count_label: str,
    title: str | None = None,
    pair: Sequence[str] = paths.SCENARIOS,
) -> go.Figure:
    """Accuracy against mean confidence per bin, one line per scenario; the diagonal is perfect calibration."""
    colors = palette(bins, pair)
    fig = go.Figure(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name=perfect_label,
            line=dict(dash="dash", color="#999999"),
            hoverinfo="skip",
        )
    )
    for scenario, frame in bins.items():
        used = frame[frame["count"] > 0]
        size = 6 + 14 * np.sqrt(used["count"] / max(1, used["count"].max()))
        fig.add_trace(
            go.Scatter(
                x=used["confidence"],
                y=used["accuracy"],
                mode="lines+markers",
                name=names[scenario],
                line=dict(color=colors[scenario]),
                marker=dict(size=size),
                customdata=used["count"],
                hovertemplate=f"{names[scenario]}<br>{x_title}: %{{x:.3f}}<br>{y_title}: %{{y:.3f}}"
                f"<br>{count_label}: %{{customdata}}<extra></extra>",
            )
        )
    fig.update_xaxes(title=x_title, range=[0, 1])
    fig.update_yaxes(title=y_title, range=[0, 1])
    return _legend_under_title(style(fig, title, height=460))


def confidence_histograms(
    hists: Mapping[str, pd.DataFrame],
    names: Mapping[str, str],
    right_label: str,
    *,
    wrong_label: str,
    x_title: str,
    y_title: str,
    title: str | None = None,
) -> go.Figure:
    """Top-class confidence of right and wrong predictions, one panel per scenario."""
    fig = make_subplots(
        rows=1, cols=len(hists), shared_yaxes=True, subplot_titles=[names[s] for s in hists], horizontal_spacing=0.05
    )
    for col, frame in enumerate(hists.values(), start=1):
        centers = (frame["low"] + frame["high"]) / 2
        width = float((frame["high"] - frame["low"]).iloc[0])
        for column, label, color in (("right", right_label, RIGHT_COLOR), ("wrong", wrong_label, WRONG_COLOR)):
            fig.add_trace(
                go.Bar(
                    x=centers,
                    y=frame[column],
                    width=width,
                    name=label,
                    marker_color=color,
                    opacity=0.75,
                    legendgroup=column,
                    showlegend=col == 1,
                    hovertemplate=f"{label}<br>{x_title}: %{{x:.3f}}<br>{y_title}: %{{y}}<extra></extra>",
                ),
                row=1,
                col=col,
            )
        fig.update_xaxes(title=x_title, range=[0, 1], row=1, col=col)
    fig.update_yaxes(title=y_title, row=1, col=1)
    style(fig, title, height=380)
    return fig.update_layout(barmode="overlay", legend=dict(orientation="v", x=1.01, xanchor="left", y=1))


def reference_bars(
    frame: pd.DataFrame,
    x_title: str,
    title: str | None = None,
    *,
    pair: Sequence[str] = paths.SCENARIOS,
) -> go.Figure:
    """Accuracy on FER-2013 PrivateTest: our scenarios (own colours) next to published results (grey).

    ``frame`` has columns label, accuracy_pct, scenario ("" for published work) and hover.
    """
    frame = frame.sort_values("accuracy_pct")
    ours = palette([s for s in frame["scenario"] if s], pair)
    colors = [ours[s] if s else PUBLISHED_COLOR for s in frame["scenario"]]
    fig = go.Figure(
        go.Bar(
            x=frame["accuracy_pct"],
            y=frame["label"],
            orientation="h",
            marker_color=colors,
            text=[f"{v:.2f}%" for v in frame["accuracy_pct"]],
            textposition="outside",
            customdata=frame["hover"],
            hovertemplate="%{y}<br>%{x:.2f}%<br>%{customdata}<extra></extra>",
        )
    )
    fig.update_xaxes(title=x_title, range=[0, 100])
    return style(fig, title, height=120 + 40 * len(frame))


def static_export_available() -> bool:
    """Whether kaleido finds a Chrome/Chromium to render PNG/SVG (it cannot download one offline)."""
    from choreographer.browsers.chromium import Chromium

    return Chromium.find_browser(skip_local=False) is not None


def figure_image(fig: go.Figure, fmt: str, keep_browser: bool = False) -> bytes:
    """The figure as print-quality PNG (300 dpi, 3.125x the screen size) or SVG, via kaleido and Chromium.

    ``keep_browser`` starts kaleido's one shared Chromium on first use and keeps it for later calls
    (the app: about a second per image instead of several); otherwise each call launches its own.
    Calls are serialised because the shared renderer answers requests in order.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"Unknown image format {fmt!r}: use 'png' or 'svg'.")
    width = fig.layout.width or EXPORT_WIDTH
    height = fig.layout.height or 500
    with _RENDER_LOCK, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*kopts argument is ignored", category=UserWarning)
        if keep_browser:
            import kaleido

            kaleido.start_sync_server(silence_warnings=True)
        if fmt == "svg":
            return fig.to_image(format="svg", width=width, height=height)
        png = fig.to_image(format="png", width=width, height=height, scale=EXPORT_DPI / 96)
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(png)).save(out, format="PNG", dpi=(EXPORT_DPI, EXPORT_DPI))
    return out.getvalue()
