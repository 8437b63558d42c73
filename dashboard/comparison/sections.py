"""The comparison page's sections: significance, where the scenarios differ, calibration, curves, label noise,
references. Figures, tables and sentences come from core.views.comparison*, the builders the export uses.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.artifacts.reports import ReportError
from core.evaluate import stats
from core.views import comparison as cmp
from core.views import comparison_figures as figures
from core.views import comparison_tables as tables
from core.views import explorer
from dashboard import notices, testsets
from dashboard.figures import cell_from_selection, show
from dashboard.i18n import class_label, class_labels, scenario_label, t
from dashboard.requests import open_in_explorer

GALLERY_COLUMNS = 6


def table(frame: pd.DataFrame, key: str) -> None:
    st.dataframe(frame, hide_index=True, key=key)


def significance(c: cmp.Comparison, tx: cmp.Texts) -> None:
    left, right = st.columns([3, 2])
    with left:
        show(figures.fig_mcnemar(c, tx), key="comparison_mcnemar")
    with right:
        table(tables.table_mcnemar(c, tx), "comparison_mcnemar_table")
        st.caption(t("cmp_mcnemar_explain"))
    show(figures.fig_forest(c, tx), key="comparison_forest")
    st.markdown(cmp.ci_sentence(c, tx))
    with st.expander(t("cmp_ci_title", n=c.n_resamples, seed=c.seed)):
        table(tables.table_ci(c, tx), "comparison_ci_table")


def _select_clicked_cell() -> None:
    """Chart click -> the cell pickers below (callbacks run before the script, so the pickers show it)."""
    state = st.session_state.get("comparison_diffcm")
    points = state["selection"]["points"] if state else []
    cell = cell_from_selection(points, class_labels())
    if cell is not None:
        st.session_state["comparison_cell_true"], st.session_state["comparison_cell_pred"] = cell


def difference(c: cmp.Comparison, tx: cmp.Texts) -> None:
    st.caption(t("cmp_diffcm_help"))
    show(
        figures.fig_difference(c, tx), key="comparison_diffcm", on_select=_select_clicked_cell, selection_mode="points"
    )
    default = stats.largest_off_diagonal(c.difference)
    st.session_state.setdefault("comparison_cell_true", default[0])
    st.session_state.setdefault("comparison_cell_pred", default[1])
    classes = list(range(len(c.difference)))
    pick = st.columns(2)
    true = pick[0].selectbox(t("cmp_true"), classes, format_func=class_label, key="comparison_cell_true")
    pred = pick[1].selectbox(t("cmp_pred"), classes, format_func=class_label, key="comparison_cell_pred")
    parts = stats.cell_breakdown(c.labels, c.preds[c.pair[0]], c.preds[c.pair[1]], true=true, pred=pred, names=c.pair)
    side = parts.groupby("scenario")["count"].sum()
    st.markdown(
        t(
            "cmp_cell_summary",
            true=class_label(true),
            pred=class_label(pred),
            opt=int(side.get(c.pair[1], 0)),
            base=int(side.get(c.pair[0], 0)),
            diff=int(c.difference[true, pred]),
        )
    )
    if parts.empty:
        st.caption(t("cmp_cell_empty"))
    for row in parts.itertuples():
        label = t(
            "cmp_cell_open", scenario=scenario_label(row.scenario), subset=t(cmp.SUBSET_KEYS[row.subset]), n=row.count
        )
        if st.button(label, key=f"comparison_cell_{row.scenario}_{row.subset}", icon=":material/image_search:"):
            open_in_explorer(row.scenario, true, pred, subset=row.subset)
    st.divider()
    show(figures.fig_outcomes(c, tx), key="comparison_outcomes")
    table(tables.table_outcomes(c, tx), "comparison_outcomes_table")
    st.caption(t("cmp_outcome_pick"))
    pick = st.columns([2, 3, 2], vertical_alignment="bottom")
    klass = pick[0].selectbox(t("cmp_col_class"), classes, format_func=class_label, key="comparison_outcome_class")
    subset = pick[1].selectbox(
        t("cmp_col_group"), stats.SUBSETS, format_func=lambda s: t(cmp.SUBSET_KEYS[s]), key="comparison_outcome_subset"
    )
    if pick[2].button(t("cmp_open"), key="comparison_outcome_open", icon=":material/image_search:"):
        open_in_explorer(c.pair[1], klass, None, subset=subset)


def calibration(c: cmp.Comparison, tx: cmp.Texts) -> None:
    st.markdown(cmp.smoothing_sentence(c, tx))
    table(tables.table_calibration(c, tx), "comparison_calibration_table")
    st.caption(t("cmp_calib_note"))
    show(figures.fig_reliability(c, tx), key="comparison_reliability")
    show(figures.fig_histograms(c, tx), key="comparison_histograms")


def curves(c: cmp.Comparison, tx: cmp.Texts) -> None:
    kind = st.segmented_control(
        t("cmp_curve_kind"), ["roc", "pr"], default="roc", required=True, format_func=str.upper, key="comparison_curve"
    )
    if kind == "roc":
        show(figures.fig_roc(c, tx), key="comparison_roc")
    else:
        show(figures.fig_pr(c, tx), key="comparison_pr")
    table(tables.table_curves(c, tx), "comparison_curves_table")


def label_noise(c: cmp.Comparison, tx: cmp.Texts) -> None:
    st.markdown(t("cmp_noise_intro"))
    for line in cmp.noise_sentences(c, tx):
        st.markdown(f"- {line}")
    table(tables.table_suspect_errors(c, tx), "comparison_noise_errors")
    pick = st.columns([2, 3], vertical_alignment="bottom")
    klass = pick[0].selectbox(
        t("cmp_noise_class"),
        [None, *range(len(c.difference))],
        key="comparison_noise_class",
        format_func=lambda k: t("cmp_all_classes") if k is None else class_label(k),
    )
    if pick[1].button(t("cmp_noise_open"), key="comparison_noise_open", icon=":material/image_search:"):
        open_in_explorer(c.pair[1], klass, None, subset="suspect")
    st.subheader(t("cmp_noise_gallery"))
    top = st.slider(t("cmp_noise_top"), 6, 48, 12, step=6, key="comparison_noise_top")
    try:
        gallery = cmp.suspect_gallery(c, testsets.images(testsets.current()), top)
    except (ReportError, ValueError) as err:
        st.info(t("cmp_noise_no_images", error=notices.reason(err)))
        return
    columns = st.columns(GALLERY_COLUMNS)
    for i, item in enumerate(gallery):
        caption = t(
            "cmp_noise_caption",
            index=item["index"],
            given=class_label(item["given"]),
            suggested=class_label(item["suggested"]),
            score=f"{item['score']:.2f}",
        )
        columns[i % GALLERY_COLUMNS].image(explorer.enlarge(item["image"], 144), caption=caption, width="stretch")
    with st.expander(t("cmp_col_suspect")):
        table(tables.table_label_issues(c, tx), "comparison_noise_table")


def references(c: cmp.Comparison, tx: cmp.Texts) -> None:
    show(figures.fig_references(c, tx), key="comparison_references")
    table(tables.table_references(c, tx), "comparison_references_table")
    st.caption(t("cmp_ref_note"))
