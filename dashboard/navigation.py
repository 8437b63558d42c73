"""The page list: one place that knows every page's file, title and icon."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t

PAGES = {
    "prediction": ("app_pages/prediction.py", ":material/photo_camera:"),
    "metrics": ("app_pages/metrics.py", ":material/grid_on:"),
    "comparison": ("app_pages/comparison.py", ":material/balance:"),
    "training": ("app_pages/training.py", ":material/show_chart:"),
    "explorer": ("app_pages/explorer.py", ":material/image_search:"),
    "explain": ("app_pages/explain.py", ":material/visibility:"),
    "models": ("app_pages/models.py", ":material/model_training:"),
    "performance": ("app_pages/performance.py", ":material/speed:"),
}


def page(name: str) -> st.Page:
    path, icon = PAGES[name]
    return st.Page(path, title=t(f"nav_{name}"), icon=icon, url_path=name)


def go(name: str) -> None:
    """Switch to another page (pass data through st.session_state before calling)."""
    st.switch_page(PAGES[name][0])
