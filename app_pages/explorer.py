"""Misclassified explorer: a filterable, paginated gallery of PrivateTest images with both predictions."""

import numpy as np
import pandas as pd
import streamlit as st

from core import paths
from core.charts import metrics as charts
from core.views import explorer, summary
from dashboard import cache, navigation
from dashboard.figures import download_csv, show
from dashboard.i18n import class_label, class_labels, scenario_label, t

PER_PAGE = 24
COLUMNS = 6
IMAGE_PX = 144


@st.cache_data(show_spinner=False)
def label_issues(labels: np.ndarray, probs: tuple[np.ndarray, ...]) -> pd.DataFrame:
    """Confident-learning suspects over every scenario's probabilities (cleanlab loads only when asked)."""
    from core.evaluate.label_noise import suspected_label_issues

    return suspected_label_issues(labels, list(probs))


def short(scenario: str) -> str:
    return t(f"explorer_short_{scenario}") if scenario in paths.SCENARIOS else scenario


def preset(scenarios: list[str], subsets: list[str]) -> None:
    """Initialise the filter widgets' state, or preset it from another page's request (a clicked cell, a subset).

    The widgets get their values only through session state, never a default too, so Streamlit
    does not warn about a value set twice.
    """
    request = st.session_state.pop("explorer_filter", None)
    if request is not None:
        flt = explorer.from_request(request, scenarios, subsets)
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
    row = st.columns([2, 1.2, 1.2, 2])
    scenario = row[0].segmented_control(
        t("explorer_scenario"), scenarios, required=True, format_func=scenario_label, key="explorer_scenario"
    )
    true = row[1].selectbox(t("explorer_true"), classes, key="explorer_true", **any_class)
    pred = row[2].selectbox(t("explorer_pred"), classes, key="explorer_pred", **any_class)
    correctness = row[3].segmented_control(
        t("explorer_correctness"),
        explorer.CORRECTNESS,
        required=True,
        key="explorer_correctness",
        format_func=lambda c: t(f"explorer_correctness_{c}"),
    )
    row = st.columns([2, 1.5, 2.5], vertical_alignment="bottom")
    confidence = row[0].slider(t("explorer_confidence"), 0.0, 1.0, step=0.05, key="explorer_confidence")
    sort = row[1].selectbox(
        t("explorer_sort"), explorer.SORTS, format_func=lambda s: t(f"explorer_sort_{s}"), key="explorer_sort"
    )
    total = counts.loc["total"] if counts is not None else {}

    def subset_label(name: str) -> str:
        return f"{t(f'explorer_subset_{name}')} ({total[name]:,})" if name in total else t(f"explorer_subset_{name}")

    subset = st.segmented_control(
        t("explorer_subset"),
        subsets,
        key="explorer_subset",
        help=t("explorer_subset_help"),
        format_func=subset_label,
    )
    return explorer.Filter(scenario, true, pred, subset, correctness, tuple(confidence), sort)


def disagreement(counts: pd.DataFrame, n: int) -> None:
    with st.expander(t("explorer_disagree")):
        st.caption(t("explorer_disagree_caption", n=n))
        table = counts.rename(
            index=lambda k: t("explorer_total") if k == "total" else class_label(k),
            columns=lambda s: t(f"explorer_subset_{s}"),
        ).rename_axis(t("explorer_true"))
        st.dataframe(table, height="content")
        download_csv(table, "scenario_disagreement", key="explorer_download_disagreement")


def details(row: pd.Series, image: np.ndarray, scenarios: list[str]) -> None:
    """A dialog with the sample and every scenario's class probabilities, drawn only when asked for."""

    @st.dialog(t("explorer_probs"), width="medium")
    def body() -> None:
        left, right = st.columns([1, 3])
        left.image(explorer.enlarge(image, IMAGE_PX), width=IMAGE_PX, caption=str(row["file"]))
        probs = {s: explorer.probabilities(row, s) for s in scenarios}
        fig = charts.probability_bars(
            class_labels(),
            probs,
            {s: scenario_label(s) for s in scenarios},
            int(row["label"]),
            t("explorer_probability"),
        )
        with right:
            show(fig, key="explorer_probs_chart")

    body()


def sample(row: pd.Series, image: np.ndarray, scenarios: list[str], suspects: pd.DataFrame | None) -> None:
    """One gallery card: the enlarged image, true label, every prediction, probabilities and Explain."""
    index = int(row["index"])
    st.image(explorer.enlarge(image, IMAGE_PX), width=IMAGE_PX)
    lines = [f"{t('explorer_true_short')}: **{class_label(int(row['label']))}**"]
    for s in scenarios:
        colour = "green" if row[f"correct_{s}"] else "red"
        lines.append(f"{short(s)}: :{colour}[{class_label(int(row[f'pred_{s}']))} {row[f'conf_{s}']:.0%}]")
    st.markdown("  \n".join(lines))
    if suspects is not None and index in suspects.index:
        st.caption(t("explorer_suggested", label=class_label(int(suspects.loc[index, "suggested"]))))
    st.caption(str(row["file"]))
    if st.button(
        "%", help=t("explorer_probs"), key=f"explorer_probs_{index}", icon=":material/bar_chart:", width="stretch"
    ):
        details(row, image, scenarios)
    if st.button(t("explorer_explain"), key=f"explorer_explain_{index}", icon=":material/visibility:", width="stretch"):
        st.session_state["explain_image"] = {
            "image": image,
            "label": int(row["label"]),
            "origin": f"PrivateTest {row['file']}",
        }
        navigation.go("explain")


st.title(t("nav_explorer"))
scenarios = cache.scenarios()
if missing := summary.missing_scenarios(scenarios):
    cache.missing(cache.ReportError(t("missing_reports") + summary.setup_commands(missing, cache.available_models())))
if not scenarios:
    st.stop()
try:
    images = cache.test_images()
except cache.ReportError as err:
    cache.missing(err)
    st.stop()
table = explorer.join(images["files"], images["labels"], {s: cache.predictions(s) for s in scenarios})
if table.empty:
    st.warning(t("explorer_no_rows"))
    st.stop()
st.caption(t("explorer_intro"))
pair = explorer.has_pair(table)
subsets = [*(explorer.DISAGREEMENT if pair else ()), explorer.SUSPECT]
counts = explorer.disagreement_counts(table) if pair else None
preset(scenarios, subsets)
flt = filters(scenarios, subsets, counts)
if counts is not None:
    disagreement(counts, len(table))
suspects = None
if flt.subset == explorer.SUSPECT:
    probs = tuple(explorer.probability_matrix(table, s) for s in scenarios)
    suspects = explorer.suspect_rows(table, label_issues(table["label"].to_numpy(), probs)).set_index(
        "index", drop=False
    )
rows = explorer.apply(table, flt, suspects)
pages = explorer.page_count(len(rows), PER_PAGE)
number = st.pagination(pages, key=f"explorer_page_{hash(flt)}") if pages > 1 else 1
shown = explorer.page(rows, number, PER_PAGE)
st.caption(t("explorer_count", n=len(rows), page=number, pages=pages))
if shown.empty:
    st.info(t("explorer_empty"))
cells = [column for _ in range(-(-len(shown) // COLUMNS)) for column in st.columns(COLUMNS)]
for cell, (_, row) in zip(cells, shown.iterrows(), strict=False):
    with cell.container(border=True):
        sample(row, images["images"][int(row["index"])], scenarios, suspects)
