"""Grad-CAM and Grad-CAM++ of every loaded model side by side, for a chosen layer and target class."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.artifacts import explanations
from core.artifacts.explanations import METHODS
from core.charts import explain as charts
from core.classes import NUM_CLASSES
from dashboard import cache
from dashboard.explain.common import bands, layers_offered, method_label
from dashboard.figures import show
from dashboard.i18n import class_label, scenario_label, t


def panel(models: list[str], image: np.ndarray, *, done: str = "none") -> None:
    offered = {s: cache.conv_layers(s) for s in models}
    layers = explanations.shared_layers(list(offered.values()))
    c1, c2, c3, c4 = st.columns([1.2, 1, 1, 1])
    method = c1.segmented_control(
        t("explain_method"), METHODS, format_func=method_label, default="gradcam", required=True, key="explain_method"
    )
    layer = (
        c2.selectbox(
            t("explain_layer"), layers, index=len(layers) - 1, key="explain_layer", help=t("explain_layer_help")
        )
        if layers
        else None
    )
    target = c3.selectbox(
        t("explain_target"),
        [None, *range(NUM_CLASSES)],
        key="explain_target",
        format_func=lambda c: t("explain_target_predicted") if c is None else class_label(c),
    )
    opacity = c4.slider(t("explain_opacity"), 0.0, 1.0, 0.5, 0.05, key="explain_opacity")
    if not layers:
        layers_offered(offered, "explain_no_shared_conv_layer")
    with_bands = st.toggle(t("explain_bands"), key="explain_show_bands", help=t("explain_bands_help"))
    seconds = 0.0
    for column, scenario in zip(st.columns(len(models)), models, strict=True):
        explanation = cache.explanation(scenario, image, layer, target=target, done=done)
        seconds += explanation.seconds
        probs = explanation.probabilities
        heat = explanation.heatmaps[method]
        with column:
            st.subheader(scenario_label(scenario))
            st.markdown(t("explain_prediction", label=class_label(int(probs.argmax())), p=float(probs.max())))
            st.caption(
                t("explain_target_caption", label=class_label(explanation.target), p=float(probs[explanation.target]))
            )
            if cache.model(scenario).flip:
                st.caption(t("explain_single_pass"))
            title = t("explain_map_title", method=method_label(method), layer=explanation.layer)
            areas = bands(heat.shape[0]) if with_bands else None
            fig = charts.overlay(
                explanation.image, heat, title, value_title=t("explain_attention"), opacity=opacity, bands=areas
            )
            show(fig, key=f"explain_cam_{scenario}")
            if not heat.any():
                st.caption(t("explain_empty_map"))
    st.caption(t("explain_timing", ms=seconds * 1000, n=len(models)))
