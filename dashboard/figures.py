"""Drawing Plotly figures in the app, the same way on every page, each downloadable for the thesis.

Under every chart a small popover offers PNG (300 dpi) and SVG files of exactly what is shown,
labels in the selected language. The files are rendered only when the user clicks (a callable
passed to st.download_button), never on a rerun; after the first export one Chromium stays open
so later ones take about a second. Server-side rendering needs kaleido's Chromium;
without one the popover says so and the chart toolbar's camera still saves a high-resolution PNG.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.charts.stats import EXPORT_DPI, figure_image, static_export_available
from dashboard.i18n import t


@cache
def _can_export() -> bool:
    return static_export_available()


def _config(key: str) -> dict:
    """Toolbar: no Plotly logo; the camera saves a PNG at print scale in the browser (works without Chromium)."""
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": key, "scale": EXPORT_DPI / 96}}


def show(fig: go.Figure, key: str, **kwargs) -> object:
    """Draw a figure full-width; ``key`` must carry the page's name. Returns the chart's event state."""
    event = st.plotly_chart(fig, key=key, width="stretch", config=_config(key), **kwargs)
    with st.popover(t("fig_download"), icon=":material/download:", type="tertiary", key=f"{key}_download"):
        if not _can_export():
            st.caption(t("fig_no_browser"))
        else:
            st.caption(t("fig_download_help"))
            for fmt, label, mime in (("png", t("fig_png"), "image/png"), ("svg", t("fig_svg"), "image/svg+xml")):
                st.download_button(
                    label,
                    data=lambda fmt=fmt: figure_image(fig, fmt, keep_browser=True),
                    file_name=f"{key}.{fmt}",
                    mime=mime,
                    key=f"{key}_{fmt}",
                    on_click="ignore",
                    icon=":material/image:",
                )
    return event


def download_csv(frame: pd.DataFrame, name: str, key: str, *, index: bool = True) -> None:
    """A CSV download of a table exactly as shown; ``key`` must carry the page's name."""
    st.download_button(
        t("download_csv"),
        frame.to_csv(index=index).encode(),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


def cell_from_selection(points: list[dict[str, Any]], labels: list[str]) -> tuple[int, int] | None:
    """(true, pred) class of a clicked confusion-matrix cell, from a Plotly selection's first point."""
    for point in points or []:
        data = point.get("customdata")
        if isinstance(data, list | tuple) and len(data) >= 2:
            return int(data[0]), int(data[1])
        if point.get("y") in labels and point.get("x") in labels:
            return labels.index(point["y"]), labels.index(point["x"])
    return None
