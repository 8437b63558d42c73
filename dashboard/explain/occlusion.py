"""Occlusion: how much the predicted class's probability drops when each patch of the face is greyed out.

Patch and stride are in pixels of a 48-pixel face, scaled to each model's input (core.explain.occlusion)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.charts import explain as charts
from dashboard import cache
from dashboard.figures import show
from dashboard.i18n import class_label, scenario_label, t


def panel(models: list[str], image: np.ndarray, *, done: str = "none") -> None:
    c1, c2 = st.columns(2)
    patch = c1.select_slider(t("explain_patch"), [4, 6, 8, 12, 16], value=12, key="explain_patch")
    stride = c2.select_slider(t("explain_stride"), [2, 3, 4, 6, 8], value=6, key="explain_stride")
    patches, batch = 0, 0
    for column, scenario in zip(st.columns(len(models)), models, strict=True):
        result = cache.occlusion(scenario, image, patch, stride=stride, done=done)
        patches, batch = result.patches, max(batch, result.batch_size)
        with column:
            st.subheader(scenario_label(scenario))
            st.markdown(t("explain_prediction", label=class_label(result.target), p=result.probability))
            title = t("explain_occlusion_title", label=class_label(result.target))
            fig = charts.occlusion_map(result.image, result.drop, title, value_title=t("explain_drop"))
            show(fig, key=f"explain_occlusion_{scenario}")
    st.caption(t("explain_occlusion_caption", patches=patches, batch=batch))
