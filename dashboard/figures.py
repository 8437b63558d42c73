"""Drawing Plotly figures in the app, the same way on every page."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st


def show(fig: go.Figure, key: str, **kwargs) -> object:
    """Draw a figure full-width; ``key`` must carry the page's name. Returns the chart's event state."""
    return st.plotly_chart(fig, key=key, width="stretch", config={"displaylogo": False}, **kwargs)
