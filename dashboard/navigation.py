"""The page list: one place that knows every page's file, icon, title and home-page blurb."""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st

from dashboard.i18n import t


class Page(NamedTuple):
    path: str
    icon: str
    title: str
    """Text key of the page's title (sidebar, tab, heading)."""
    blurb: str
    """Text key of the sentence under its link on the home page."""


HOME = "app_pages/home.py"
"""The home page (the default page; the others link from it)."""
PAGES = {
    "prediction": Page("app_pages/prediction.py", ":material/photo_camera:", "nav_prediction", "home_page_prediction"),
    "media": Page("app_pages/media.py", ":material/videocam:", "nav_media", "home_page_media"),
    "metrics": Page("app_pages/metrics.py", ":material/grid_on:", "nav_metrics", "home_page_metrics"),
    "comparison": Page("app_pages/comparison.py", ":material/balance:", "nav_comparison", "home_page_comparison"),
    "training": Page("app_pages/training.py", ":material/show_chart:", "nav_training", "home_page_training"),
    "explorer": Page("app_pages/explorer.py", ":material/image_search:", "nav_explorer", "home_page_explorer"),
    "explain": Page("app_pages/explain.py", ":material/visibility:", "nav_explain", "home_page_explain"),
    "models": Page("app_pages/models.py", ":material/model_training:", "nav_models", "home_page_models"),
    "performance": Page("app_pages/performance.py", ":material/speed:", "nav_performance", "home_page_performance"),
}


def page(name: str) -> st.Page:
    entry = PAGES[name]
    return st.Page(entry.path, title=t(entry.title), icon=entry.icon, url_path=name)


def go(name: str) -> None:
    """Switch to another page (hand it data with dashboard.requests.send, which calls this)."""
    st.switch_page(PAGES[name].path)
