"""Charts of the explainability page: heatmap overlays, SE excitation, band shares, occlusion, probes.

Every builder takes already-translated labels and titles and returns a Plotly figure. Overlays
draw the grey image and the heatmap as two heatmap traces (the heatmap with the chosen opacity),
so hovering a pixel shows the heatmap's value there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots
from scipy.cluster.hierarchy import leaves_list, linkage

from core import paths
from core.charts import palette, style

HEAT_SCALE = "Turbo"
DROP_SCALE = "RdBu_r"
BAND_COLOR = "rgba(255,255,255,0.9)"


def _image_traces(
    gray: np.ndarray,
    heat: np.ndarray,
    opacity: float,
    *,
    colorscale: str,
    zrange: tuple[float, float],
    value_title: str,
    showscale: bool = True,
) -> list[go.Heatmap]:
    """A grey image and a heatmap on top of it, pixel for pixel."""
    return [
        go.Heatmap(
            z=np.asarray(gray, dtype=float), colorscale="gray", zmin=0, zmax=255, showscale=False, hoverinfo="skip"
        ),
        go.Heatmap(
            z=np.asarray(heat, dtype=float),
            colorscale=colorscale,
            zmin=zrange[0],
            zmax=zrange[1],
            opacity=opacity,
            showscale=showscale,
            colorbar=dict(title=value_title, thickness=12),
            hovertemplate=f"x %{{x}}, y %{{y}}<br>{value_title}: %{{z:.2f}}<extra></extra>",
        ),
    ]


def _square(fig: go.Figure, row: int | None = None, col: int | None = None) -> None:
    """Hide the axes of an image panel and keep its pixels square (y down, as images are)."""
    where = {} if row is None else dict(row=row, col=col)
    x_name = fig.get_subplot(row, col).xaxis.plotly_name if row is not None else "xaxis"
    fig.update_xaxes(visible=False, constrain="domain", **where)
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor=x_name.replace("axis", ""), **where)


def _band_lines(fig: go.Figure, bands: Mapping[str, tuple[int, int]], width: int, **where) -> None:
    """Dashed outlines of the face bands (rows, end exclusive) with their names."""
    for name, (start, end) in bands.items():
        fig.add_shape(
            type="rect",
            x0=-0.5,
            x1=width - 0.5,
            y0=start - 0.5,
            y1=end - 0.5,
            line=dict(color=BAND_COLOR, dash="dash", width=1),
            **where,
        )
        fig.add_annotation(
            x=0,
            y=start - 0.5,
            text=name,
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font=dict(color=BAND_COLOR, size=10),
            **where,
        )


def overlay(
    gray: np.ndarray,
    heat: np.ndarray,
    title: str,
    *,
    value_title: str,
    opacity: float = 0.5,
    bands: Mapping[str, tuple[int, int]] | None = None,
    height: int = 340,
) -> go.Figure:
    """A [0, 1] heatmap blended over its image with the given opacity; optional face-band outlines."""
    fig = go.Figure(
        _image_traces(gray, heat, opacity, colorscale=HEAT_SCALE, zrange=(0.0, 1.0), value_title=value_title)
    )
    if bands:
        _band_lines(fig, bands, np.shape(gray)[1])
    _square(fig)
    return style(fig, title, height=height)


def occlusion_map(
    gray: np.ndarray, drop: np.ndarray, title: str, *, value_title: str, opacity: float = 0.6, height: int = 340
) -> go.Figure:
    """Drop of the predicted class' probability under the patch, diverging around 0 (red: the face region mattered)."""
    span = max(float(np.abs(drop).max()), 1e-6)
    fig = go.Figure(
        _image_traces(gray, drop, opacity, colorscale=DROP_SCALE, zrange=(-span, span), value_title=value_title)
    )
    _square(fig)
    return style(fig, title, height=height)


def class_maps_grid(
    faces: Mapping[str, np.ndarray],
    maps: Mapping[str, np.ndarray],
    class_labels: Sequence[str],
    *,
    value_title: str,
    opacity: float = 0.5,
    bands: Mapping[str, tuple[int, int]] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Rows = scenarios, columns = classes: each class' mean heatmap over its mean face.

    ``maps`` and ``faces`` are keyed by the row's translated name, each a (7, H, W) array.
    """
    names = list(maps)
    cols = len(class_labels)
    fig = make_subplots(
        rows=len(names),
        cols=cols,
        column_titles=list(class_labels),
        row_titles=names,
        horizontal_spacing=0.01,
        vertical_spacing=0.04,
    )
    for r, name in enumerate(names, start=1):
        for c in range(1, cols + 1):
            for trace in _image_traces(
                faces[name][c - 1],
                maps[name][c - 1],
                opacity,
                colorscale=HEAT_SCALE,
                zrange=(0.0, 1.0),
                value_title=value_title,
                showscale=r == 1 and c == 1,
            ):
                fig.add_trace(trace, row=r, col=c)
            if bands:
                _band_lines(fig, bands, np.shape(faces[name])[-1], row=r, col=c)
            _square(fig, r, c)
    return style(fig, title, height=60 + 170 * len(names))


def excitation_bars(
    weights: np.ndarray, title: str, channel_title: str, *, weight_title: str, top: int = 10, color: str = "#0b5394"
) -> go.Figure:
    """SE channel weights sorted high to low; the ``top`` channels drawn solid and named."""
    weights = np.asarray(weights, dtype=float)
    order = np.argsort(-weights, kind="stable")
    highlighted = np.arange(len(order)) < top
    fig = go.Figure(
        go.Bar(
            x=np.arange(len(order)),
            y=weights[order],
            customdata=order,
            marker_color=color,
            marker_opacity=np.where(highlighted, 1.0, 0.3),
            marker_line_width=0,
            text=[f"#{ch}" if h else "" for ch, h in zip(order, highlighted, strict=True)],
            textposition="outside",
            hovertemplate=f"{channel_title} %{{customdata}}<br>{weight_title}: %{{y:.3f}}<extra></extra>",
        )
    )
    fig.update_layout(bargap=0, showlegend=False)
    fig.update_xaxes(title=channel_title, showticklabels=False)
    fig.update_yaxes(title=weight_title, range=[0, min(1.05, float(weights.max(initial=0)) * 1.12 + 0.02)])
    return style(fig, title, height=320)


def channel_order(profiles: np.ndarray) -> np.ndarray:
    """Channels ordered by average-linkage hierarchical clustering of their per-class profiles."""
    profiles = np.asarray(profiles, dtype=float)
    if profiles.shape[1] < 3:
        return np.arange(profiles.shape[1])
    return leaves_list(linkage(profiles.T, method="average", metric="euclidean"))


def excitation_heatmap(
    profiles: np.ndarray,
    class_labels: Sequence[str],
    title: str,
    *,
    channel_title: str,
    value_title: str,
    centered: bool = False,
) -> go.Figure:
    """Classes x channels mean excitation, channels clustered; ``centered`` shows each class' deviation
    from the channel's mean over classes (what differs by expression)."""
    profiles = np.asarray(profiles, dtype=float)
    values = profiles - profiles.mean(axis=0, keepdims=True) if centered else profiles
    order = channel_order(values)
    span = max(float(np.abs(values).max(initial=0)), 1e-6)
    fig = go.Figure(
        go.Heatmap(
            z=values[:, order],
            y=list(class_labels),
            x=np.arange(len(order)),
            customdata=np.tile(order, (len(values), 1)),
            colorscale="RdBu_r" if centered else "Viridis",
            zmid=0 if centered else None,
            zmin=-span if centered else None,
            zmax=span if centered else None,
            colorbar=dict(title=value_title),
            hovertemplate=f"%{{y}}<br>{channel_title} %{{customdata}}<br>{value_title}: %{{z:.3f}}<extra></extra>",
        )
    )
    fig.update_xaxes(title=channel_title, showticklabels=False)
    fig.update_yaxes(autorange="reversed")
    return style(fig, title, height=340)


def band_share_bars(
    shares: pd.DataFrame,
    band_titles: Mapping[str, str],
    uniform: Mapping[str, float],
    *,
    scenario_names: Mapping[str, str],
    title: str,
    share_title: str,
    reference_title: str,
    pair: Sequence[str] = paths.SCENARIOS,
) -> go.Figure:
    """One panel per band: per-class share of heatmap mass, one bar per scenario, the even-spread reference dashed.

    ``shares`` columns: scenario, class_label, band, share, sem.
    """
    bands = list(band_titles)
    colors = palette(shares["scenario"].unique(), pair)
    fig = make_subplots(
        rows=1,
        cols=len(bands),
        subplot_titles=[band_titles[b] for b in bands],
        shared_yaxes=True,
        horizontal_spacing=0.04,
    )
    for c, band in enumerate(bands, start=1):
        part = shares[shares["band"] == band]
        for scenario, rows in part.groupby("scenario", sort=False):
            fig.add_trace(
                go.Bar(
                    x=rows["class_label"],
                    y=rows["share"],
                    name=scenario_names[scenario],
                    marker_color=colors[scenario],
                    showlegend=c == 1,
                    legendgroup=scenario,
                    error_y=dict(type="data", array=rows["sem"].fillna(0).to_numpy(), thickness=1, width=3),
                    hovertemplate="%{x}: %{y:.1%}<extra>" + scenario_names[scenario] + "</extra>",
                ),
                row=1,
                col=c,
            )
        fig.add_hline(
            y=uniform[band],
            line_dash="dash",
            line_color="#555",
            row=1,
            col=c,
            annotation_text=reference_title,
            annotation_position="top left",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    fig.update_yaxes(title=share_title, row=1, col=1)
    style(fig, title, height=400)
    fig.update_layout(legend=dict(y=1.1), margin=dict(t=90))
    return fig


def probe_bars(
    probed: Mapping[str, np.ndarray],
    original: Mapping[str, np.ndarray],
    class_labels: Sequence[str],
    *,
    scenario_names: Mapping[str, str],
    title: str,
    probability_title: str,
    original_title: str,
    pair: Sequence[str] = paths.SCENARIOS,
) -> go.Figure:
    """Both models' probabilities on the probed image as grouped bars; the unprobed ones as markers."""
    colors = palette(probed, pair)
    fig = go.Figure()
    for scenario, probs in probed.items():
        fig.add_trace(
            go.Bar(
                x=list(class_labels),
                y=np.asarray(probs, dtype=float),
                name=scenario_names[scenario],
                marker_color=colors[scenario],
                offsetgroup=scenario,
                legendgroup=scenario,
                hovertemplate="%{x}: %{y:.1%}<extra>" + scenario_names[scenario] + "</extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=list(class_labels),
                y=np.asarray(original[scenario], dtype=float),
                mode="markers",
                name=f"{scenario_names[scenario]}: {original_title}",
                offsetgroup=scenario,
                legendgroup=scenario,
                marker=dict(symbol="line-ew-open", size=22, color="#222", line=dict(width=2)),
                hovertemplate="%{x}: %{y:.1%}<extra>" + original_title + "</extra>",
            )
        )
    fig.update_layout(barmode="group", scattermode="group")
    fig.update_yaxes(title=probability_title, range=[0, 1.02], tickformat=".0%")
    return style(fig, title, height=380)
