"""Test-set metrics: both scenarios side by side on PrivateTest, from their stored reports."""

import pandas as pd
import streamlit as st

from core import paths
from core.charts import metrics as charts
from core.views import summary
from dashboard import cache, notices
from dashboard.figures import cell_from_selection, download_csv, show
from dashboard.i18n import choose, class_labels, metric_label, scenario_label, t
from dashboard.requests import open_in_explorer
from dashboard.tables import static_table

PER_CLASS = {"precision": "metrics_precision", "recall": "metrics_recall", "f1": "metrics_f1"}
NORM_KEYS = {"counts": "metrics_norm_counts", "normalised": "metrics_norm_normalised"}
SECTION_KEYS = {"confusion": "metrics_section_confusion", "per_class": "metrics_section_per_class"}


def download(frame: pd.DataFrame, name: str, index: bool = True) -> None:
    download_csv(frame, name, key=f"metrics_download_{name}", index=index)


def headline(metrics: dict[str, dict]) -> None:
    st.subheader(t("metrics_headline"))
    scenarios = list(metrics)
    first = metrics[scenarios[0]]
    for column, scenario in zip(st.columns(len(scenarios)), scenarios, strict=True):
        with column.container(border=True):
            st.markdown(f"**{scenario_label(scenario)}**")
            cells = st.columns(3)
            for i, (name, higher_better) in enumerate(summary.HEADLINE):
                value = metrics[scenario][name]
                delta = None if scenario == scenarios[0] else summary.format_change(name, value - first[name])
                cells[i % 3].metric(
                    metric_label(name),
                    summary.format_value(name, value),
                    delta=delta,
                    delta_color="normal" if higher_better else "inverse",
                )
    table = summary.headline_table(metrics)
    table.index = [metric_label(name) for name in table.index]
    table.columns = [t("summary_difference") if c == "difference" else scenario_label(c) for c in table.columns]
    table = table.rename_axis(t("summary_metric"))
    static_table(table.map("{:.4f}".format))
    download(table, "headline_metrics")


def confusion(metrics: dict[str, dict], labels: list[str]) -> None:
    norm = choose("metrics_norm", NORM_KEYS, "counts", "metrics_norm")
    normalised = norm == "normalised"
    st.caption(t("metrics_cm_click"))
    for column, (scenario, m) in zip(st.columns(len(metrics)), metrics.items(), strict=True):
        matrix = summary.normalise_rows(m["confusion_matrix"]) if normalised else m["confusion_matrix"]
        fig = cache.figure(
            charts.confusion_matrix,
            matrix,
            labels,
            normalised,
            scenario_label(scenario),
            t("metrics_true"),
            t("metrics_pred"),
        )
        with column:
            event = show(fig, key=f"metrics_cm_{scenario}", on_select="rerun", selection_mode="points")
            cell = cell_from_selection(event.selection.points, labels)
            if cell is not None:
                open_in_explorer(scenario, *cell)
            frame = pd.DataFrame(matrix, index=labels, columns=labels).rename_axis(t("metrics_true"))
            download(frame, f"confusion_{scenario}_{norm}")
    if st.toggle(t("metrics_open_cell"), key="metrics_open_toggle"):
        picks = st.columns(3)
        scenario = picks[0].selectbox(
            t("metrics_scenario"), list(metrics), format_func=scenario_label, key="metrics_open_scenario"
        )
        true = picks[1].selectbox(
            t("metrics_true"), range(len(labels)), format_func=labels.__getitem__, key="metrics_open_true"
        )
        pred = picks[2].selectbox(
            t("metrics_pred"), range(len(labels)), format_func=labels.__getitem__, key="metrics_open_pred"
        )
        if st.button(t("metrics_open"), key="metrics_open_button", icon=":material/image_search:"):
            open_in_explorer(scenario, true, pred)


def per_class(metrics: dict[str, dict], labels: list[str]) -> None:
    long = summary.per_class_table(metrics)
    table = pd.DataFrame(
        {
            t("metrics_scenario"): long["scenario"].map(scenario_label),
            t("metrics_class"): long["class_index"].map(labels.__getitem__),
            **{t(key): long[k] for k, key in PER_CLASS.items()},
            t("metrics_support"): long["support"],
        }
    )
    st.dataframe(
        table.style.format("{:.3f}", subset=[t(key) for key in PER_CLASS.values()]), hide_index=True, height="content"
    )
    download(table, "per_class_metrics", index=False)
    chosen = choose("metrics_per_class_metric", PER_CLASS, "f1", "metrics_per_class_metric")
    support = long.drop_duplicates("class_index")["support"].tolist()
    ticks = [f"{label}<br>n={n:,}" for label, n in zip(labels, support, strict=True)]
    values = {s: long.loc[long["scenario"] == s, chosen].tolist() for s in metrics}
    name = t(PER_CLASS[chosen])
    show(
        charts.per_class_bars(
            ticks, values, {s: scenario_label(s) for s in metrics}, t("metrics_per_class_title", metric=name), name
        ),
        key="metrics_per_class_bars",
    )
    if all(s in metrics for s in paths.SCENARIOS):
        first, second = (metrics[s] for s in paths.SCENARIOS)
        difference = summary.f1_difference(first, second)
        show(
            charts.difference_bars(ticks, difference, t("metrics_f1_difference"), t("metrics_f1_difference_axis")),
            key="metrics_f1_difference",
        )
        st.caption(t("metrics_f1_difference_caption"))
        frame = pd.DataFrame({t("metrics_class"): labels, t("metrics_f1_difference_axis"): difference})
        download(frame, "per_class_f1_difference", index=False)


st.title(t("nav_metrics"))
scenarios = notices.reports()
metrics = {s: cache.metrics(s) for s in scenarios}
first = metrics[scenarios[0]]
st.caption(t("metrics_intro", split=first["split"], n=first["n"]))
headline(metrics)
labels = class_labels()
section = st.segmented_control(
    t("metrics_section"),
    list(SECTION_KEYS),
    default="confusion",
    required=True,
    key="metrics_section",
    format_func=lambda option: t(SECTION_KEYS[option]),
)
if section == "confusion":
    confusion(metrics, labels)
else:
    per_class(metrics, labels)
