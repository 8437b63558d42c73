"""Test-set metrics: both scenarios side by side on the chosen test set (default PrivateTest), from stored reports."""

import pandas as pd
import streamlit as st

from core.charts import metrics as charts
from core.views import summary
from dashboard import cache, pair, testsets
from dashboard.figures import cell_from_selection, download_csv, show
from dashboard.i18n import choose, class_labels, metric_label, scenario_label, t
from dashboard.metric_cards import metric_cards
from dashboard.requests import open_in_explorer
from dashboard.tables import static_table

PER_CLASS = {"precision": "metrics_precision", "recall": "metrics_recall", "f1": "metrics_f1"}
NORM_KEYS = {"counts": "metrics_norm_counts", "normalised": "metrics_norm_normalised"}
SECTION_KEYS = {"confusion": "metrics_section_confusion", "per_class": "metrics_section_per_class"}


def download(frame: pd.DataFrame, name: str, index: bool = True) -> None:
    download_csv(frame, name, key=f"metrics_download_{name}", index=index)


def headline(metrics: dict[str, dict], assigned: tuple[str, str]) -> None:
    st.subheader(f"{t('metrics_headline')} · {testsets.label(testsets.current())}")
    metric_cards(metrics, [name for name, _ in summary.HEADLINE])
    table = summary.headline_table(metrics, assigned)
    table.index = [metric_label(name) for name in table.index]
    table.columns = [t("summary_difference") if c == "difference" else scenario_label(c) for c in table.columns]
    table = table.rename_axis(t("summary_metric"))
    static_table(table.map("{:.4f}".format))
    download(table, "headline_metrics")


def confusion(metrics: dict[str, dict], labels: list[str], where: str) -> None:
    norm = choose("metrics_norm", NORM_KEYS, "counts", key="metrics_norm")
    normalised = norm == "normalised"
    st.caption(t("metrics_cm_click"))
    cells = [column for _ in range(0, len(metrics), 2) for column in st.columns(2)]
    for column, (scenario, m) in zip(cells, metrics.items(), strict=False):
        matrix = summary.normalise_rows(m["confusion_matrix"]) if normalised else m["confusion_matrix"]
        fig = cache.figure(
            charts.confusion_matrix,
            matrix,
            labels,
            normalised=normalised,
            title=f"{scenario_label(scenario)} · {where}",
            true_title=t("metrics_true"),
            pred_title=t("metrics_pred"),
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


def per_class(metrics: dict[str, dict], labels: list[str], assigned: tuple[str, str], *, where: str) -> None:
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
        table.style.format("{:.3f}", subset=[t(key) for key in PER_CLASS.values()], na_rep="–"),
        hide_index=True,
        height="content",
    )
    download(table, "per_class_metrics", index=False)
    chosen = choose("metrics_per_class_metric", PER_CLASS, "f1", key="metrics_per_class_metric")
    support = long.drop_duplicates("class_index")["support"].tolist()
    ticks = [f"{label}<br>n={n:,}" for label, n in zip(labels, support, strict=True)]
    values = {s: long.loc[long["scenario"] == s, chosen].tolist() for s in metrics}
    name = t(PER_CLASS[chosen])
    show(
        charts.per_class_bars(
            ticks,
            values,
            {s: scenario_label(s) for s in metrics},
            title=f"{t('metrics_per_class_title', metric=name)} · {where}",
            y_title=name,
            pair=assigned,
        ),
        key="metrics_per_class_bars",
    )
    if all(s in metrics for s in assigned):
        first, second = (metrics[s] for s in assigned)
        difference = summary.f1_difference(first, second)
        show(
            charts.difference_bars(
                ticks, difference, f"{t('metrics_f1_difference')} · {where}", y_title=t("metrics_f1_difference_axis")
            ),
            key="metrics_f1_difference",
        )
        st.caption(t("metrics_f1_difference_caption"))
        frame = pd.DataFrame({t("metrics_class"): labels, t("metrics_f1_difference_axis"): difference})
        download(frame, "per_class_f1_difference", index=False)


st.title(t("nav_metrics"))
test_set = testsets.select("metrics_test_set")
assigned = pair.assigned()
scenarios = testsets.scenarios(test_set, assigned, key="metrics_also_show")
metrics = testsets.metrics(test_set, scenarios)
first = metrics[scenarios[0]]
where = testsets.label(test_set)
st.caption(t("metrics_intro", split=where, n=first["n"]))
testsets.describe(test_set)
headline(metrics, assigned)
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
    confusion(metrics, labels, where)
else:
    per_class(metrics, labels, assigned, where=where)
