"""The explorer's filter widgets: preset from another page's request, read back as a core.views.explorer.Filter."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd
import streamlit as st

from core.artifacts.assignment import role
from core.views import explorer
from dashboard import cache, requests
from dashboard.i18n import class_label, class_labels, scenario_label, t

CORRECTNESS_KEYS = {
    "all": "explorer_correctness_all",
    "wrong": "explorer_correctness_wrong",
    "right": "explorer_correctness_right",
}
SORT_KEYS = {
    "confidence_desc": "explorer_sort_confidence_desc",
    "confidence_asc": "explorer_sort_confidence_asc",
    "index": "explorer_sort_index",
}
SUBSET_KEYS = {
    "fixed": "explorer_subset_fixed",
    "broken": "explorer_subset_broken",
    "both_wrong": "explorer_subset_both_wrong",
    "both_right": "explorer_subset_both_right",
    "suspect": "explorer_subset_suspect",
}


def short(scenario: str) -> str:
    """S1 / S2 for the assigned pair (by role, whatever the reports are called); other reports keep their name."""
    number = role(scenario, cache.assigned_pair())
    return scenario if number is None else t("explorer_short", n=number)


def preset(scenarios: list[str], subsets: list[str]) -> None:
    """Initialise the filter widgets' state, or preset it from another page's request (a clicked cell, a subset).

    The widgets get their values only through session state, never a default too, so Streamlit
    does not warn about a value set twice.
    """
    request = requests.take(requests.OpenInExplorer)
    if request is not None:
        flt = explorer.from_request(asdict(request), scenarios, subsets)
        st.session_state.update(
            explorer_scenario=flt.scenario,
            explorer_true=flt.true,
            explorer_pred=flt.pred,
            explorer_subset=flt.subset,
            explorer_correctness="all",
            explorer_confidence=flt.confidence,
        )
    if st.session_state.get("explorer_scenario") not in scenarios:
        st.session_state["explorer_scenario"] = scenarios[0]
    if st.session_state.get("explorer_subset") not in subsets:
        st.session_state["explorer_subset"] = None
    st.session_state.setdefault("explorer_correctness", "wrong")
    st.session_state.setdefault("explorer_confidence", explorer.FULL_RANGE)


def filters(scenarios: list[str], subsets: list[str], counts: pd.DataFrame | None) -> explorer.Filter:
    """The filter widgets; returns the filter they describe."""
    classes = range(len(class_labels()))
    any_class = {"index": None, "placeholder": t("explorer_any"), "format_func": class_label}
    row = st.columns([3, 2])
    scenario = row[0].segmented_control(
        t("explorer_scenario"), scenarios, required=True, format_func=scenario_label, key="explorer_scenario"
    )
    correctness = row[1].segmented_control(
        t("explorer_correctness"),
        explorer.CORRECTNESS,
        required=True,
        key="explorer_correctness",
        format_func=lambda c: t(CORRECTNESS_KEYS[c]),
    )
    row = st.columns([1, 1, 2, 1.3], vertical_alignment="bottom")
    true = row[0].selectbox(t("explorer_true"), classes, key="explorer_true", **any_class)
    pred = row[1].selectbox(t("explorer_pred"), classes, key="explorer_pred", **any_class)
    confidence = row[2].slider(t("explorer_confidence"), 0.0, 1.0, step=0.05, format="%.2f", key="explorer_confidence")
    sort = row[3].selectbox(
        t("explorer_sort"), explorer.SORTS, format_func=lambda s: t(SORT_KEYS[s]), key="explorer_sort"
    )
    total = counts.loc["total"] if counts is not None else {}

    def subset_label(name: str) -> str:
        return f"{t(SUBSET_KEYS[name])} ({total[name]:,})" if name in total else t(SUBSET_KEYS[name])

    subset = st.segmented_control(
        t("explorer_subset"),
        subsets,
        key="explorer_subset",
        help=t("explorer_subset_help"),
        format_func=subset_label,
    )
    return explorer.Filter(scenario, true, pred, subset, correctness, tuple(confidence), sort)
