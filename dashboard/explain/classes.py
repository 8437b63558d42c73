"""Class averages: the mean face and mean attention map of every class, from reports/explanations (no model)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.artifacts import explanations
from core.artifacts.explanations import METHODS
from core.charts import explain as charts
from core.classes import index_of
from dashboard import cache, pair
from dashboard.explain.common import BAND_KEYS, bands, layers_offered, method_label
from dashboard.figures import show
from dashboard.i18n import class_label, class_labels, scenario_label, t


def _share_rows(report: explanations.ClassMaps, layer: str, method: str) -> pd.DataFrame:
    part = report.shares[(report.shares["layer"] == report.layer(layer)) & (report.shares["method"] == method)]
    rows = [
        {
            "scenario": report.scenario,
            "class_label": class_label(index_of(row["class"])),
            "band": band,
            "share": row[band],
            "sem": row[f"{band}_sem"],
        }
        for _, row in part.iterrows()
        for band in explanations.BANDS
    ]
    return pd.DataFrame(rows)


def _reports(assigned: tuple[str, str]) -> dict[str, explanations.ClassMaps]:
    """The assigned pair's class-average reports, then others the viewer adds; says how to make each missing one."""
    found = cache.explained_scenarios()
    for scenario in assigned:
        if scenario not in found:
            command = f"`python -m core.explain --scenario {scenario}`"
            st.info(f"{t('explain_classes_missing')} {command}", icon=":material/info:")
    shown = pair.choose(assigned, found, key="explain_classes_also_show", preselect=1)
    return {s: cache.class_maps(s) for s in shown}


def _meta(reports: dict[str, explanations.ClassMaps], names: dict[str, str]) -> None:
    for scenario, report in reports.items():
        meta = report.meta
        target = t("explain_target_true") if meta.get("target") == "true" else t("explain_target_predicted_short")
        images, created = meta.get("images"), meta.get("created", "?")
        st.caption(t("explain_classes_meta", scenario=names[scenario], images=images, target=target, created=created))
        if meta.get("limit"):
            st.warning(t("explain_limited", scenario=names[scenario], limit=meta["limit"]))


def panel() -> None:
    st.caption(t("explain_classes_intro"))
    assigned = pair.assigned()
    reports = _reports(assigned)
    if not reports:
        return
    first = next(iter(reports.values()))
    layers = explanations.shared_layers([r.layers for r in reports.values()])
    if not layers:
        layers_offered({s: r.layers for s, r in reports.items()}, "explain_no_common_layer")
        reports, layers = {first.scenario: first}, first.layers
    c1, c2, c3 = st.columns(3)
    layer = c1.selectbox(t("explain_layer"), layers, key="explain_classes_layer", help=t("explain_layer_help"))
    method = c2.segmented_control(
        t("explain_method"),
        METHODS,
        format_func=method_label,
        default="gradcam",
        required=True,
        key="explain_classes_method",
    )
    opacity = c3.slider(t("explain_opacity"), 0.0, 1.0, 0.5, 0.05, key="explain_classes_opacity")
    names = {s: scenario_label(s) for s in reports}
    grid = charts.class_maps_grid(
        {names[s]: r.mean_faces for s, r in reports.items()},
        {names[s]: r.class_maps(layer, method) for s, r in reports.items()},
        class_labels(),
        value_title=t("explain_attention"),
        opacity=opacity,
        bands=bands(first.mean_faces.shape[1]),
    )
    show(grid, key="explain_class_maps")
    shares = pd.concat([_share_rows(r, layer, method) for r in reports.values()], ignore_index=True)
    titles = {band: t(key) for band, key in BAND_KEYS.items()}
    uniform = {band: explanations.uniform_share(band) for band in explanations.BANDS}
    fig = charts.band_share_bars(
        shares,
        titles,
        uniform,
        scenario_names=names,
        title=t("explain_shares_title"),
        share_title=t("explain_share"),
        reference_title=t("explain_uniform"),
        pair=assigned,
    )
    show(fig, key="explain_band_shares")
    st.caption(t("explain_shares_caption"))
    _meta(reports, names)
