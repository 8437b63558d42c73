"""Squeeze-and-Excitation attention: the channel weights of one image, its maps before and after, class profiles."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.charts import explain as charts
from core.charts import scenario_color
from dashboard import cache, notices
from dashboard.figures import show
from dashboard.i18n import class_labels, scenario_label, t

MAP_KEYS = {"before": "explain_se_before", "after": "explain_se_after"}


def _profiles(scenario: str) -> None:
    """The per-class mean excitation heatmap of one scenario, from its class-average report."""
    try:
        report = cache.class_maps(scenario)
    except cache.ReportError as err:
        notices.missing(err)
        return
    if report.excitation is None:
        st.info(t("explain_no_profiles", scenario=scenario_label(scenario)))
        return
    centered = st.toggle(t("explain_profiles_centered"), value=True, key=f"explain_profiles_centered_{scenario}")
    fig = charts.excitation_heatmap(
        report.excitation,
        class_labels(),
        t("explain_profiles_title"),
        channel_title=t("explain_channel"),
        value_title=t("explain_profiles_value"),
        centered=centered,
    )
    show(fig, key=f"explain_profiles_{scenario}")
    st.caption(t("explain_profiles_caption"))


def panel(models: list[str], image: np.ndarray, *, done: str = "none") -> None:
    with_se = [s for s in models if cache.has_se(s)]
    for scenario in models:
        if scenario not in with_se:
            st.info(t("explain_no_se", scenario=scenario_label(scenario)), icon=":material/info:")
    if not with_se:
        return
    c1, c2 = st.columns(2)
    top = c1.slider(t("explain_top_channels"), 1, 50, 10, key="explain_se_top")
    opacity = c2.slider(t("explain_opacity"), 0.0, 1.0, 0.5, 0.05, key="explain_se_opacity")
    for scenario in with_se:
        explanation = cache.explanation(scenario, image, None, target=None, done=done)
        st.subheader(scenario_label(scenario))
        bars = charts.excitation_bars(
            explanation.excitation,
            t("explain_excitation_title"),
            t("explain_channel"),
            weight_title=t("explain_weight"),
            top=top,
            color=scenario_color(scenario, cache.assigned_pair()),
        )
        show(bars, key=f"explain_se_bars_{scenario}")
        for column, (name, key) in zip(st.columns(2), MAP_KEYS.items(), strict=True):
            with column:
                fig = charts.overlay(
                    explanation.image,
                    explanation.se_maps[name],
                    t(key),
                    value_title=t("explain_attention"),
                    opacity=opacity,
                )
                show(fig, key=f"explain_se_{name}_{scenario}")
        st.caption(t("explain_se_maps_caption"))
        _profiles(scenario)
