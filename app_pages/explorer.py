"""Misclassified explorer: a filterable, paginated gallery of a test set's faces (default PrivateTest) with both
predictions and, for FER-2013 faces, their FER+ votes."""

import numpy as np
import pandas as pd
import streamlit as st

from core.charts import metrics as charts
from core.views import explorer
from dashboard import cache, ferplus, notices, pair, requests, testsets
from dashboard.explorer import SUBSET_KEYS, filters, preset, short
from dashboard.figures import download_csv, show
from dashboard.i18n import class_label, class_labels, scenario_label, t

PER_PAGE = 24
COLUMNS = 6
IMAGE_PX = 144


def disagreement(counts: pd.DataFrame, n: int) -> None:
    with st.expander(t("explorer_disagree")):
        st.caption(t("explorer_disagree_caption", n=n))
        table = counts.rename(
            index=lambda k: t("explorer_total") if k == "total" else class_label(k),
            columns=lambda s: t(SUBSET_KEYS[s]),
        ).rename_axis(t("explorer_true"))
        st.dataframe(table, height="content")
        download_csv(table, "scenario_disagreement", key="explorer_download_disagreement")


def details(row: pd.Series, image: np.ndarray, scenarios: list[str], *, assigned: tuple[str, str]) -> None:
    """A dialog with the sample and every scenario's class probabilities, drawn only when asked for."""

    @st.dialog(t("explorer_probs"), width="medium")
    def body() -> None:
        left, right = st.columns([1, 3])
        where = testsets.label(testsets.current())
        left.image(explorer.enlarge(image, IMAGE_PX), width=IMAGE_PX, caption=f"{row['file']} · {where}")
        probs = {s: explorer.probabilities(row, s) for s in scenarios}
        fig = charts.probability_bars(
            class_labels(),
            probs,
            {s: scenario_label(s) for s in scenarios},
            true=int(row["label"]),
            x_title=t("explorer_probability"),
            pair=assigned,
        )
        with right:
            show(fig, key="explorer_probs_chart")

    body()


def sample(
    row: pd.Series,
    image: np.ndarray,
    scenarios: list[str],
    *,
    suspects: pd.DataFrame | None,
    votes: pd.DataFrame | None,
) -> None:
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
    if votes is not None:
        st.caption(ferplus.votes_line(votes.iloc[index]))
    st.caption(str(row["file"]))
    if st.button(
        "%", help=t("explorer_probs"), key=f"explorer_probs_{index}", icon=":material/bar_chart:", width="stretch"
    ):
        details(row, image, scenarios, assigned=assigned)
    if st.button(t("explorer_explain"), key=f"explorer_explain_{index}", icon=":material/visibility:", width="stretch"):
        done = cache.stored_pixel_step(testsets.current())
        requests.send(requests.ExplainImage(image, int(row["label"]), str(row["file"]), done=done))


st.title(t("nav_explorer"))
test_set = testsets.select("explorer_test_set")
assigned = pair.assigned()
if (asked := requests.peek(requests.OpenInExplorer)) is not None:
    pair.also_show(asked.scenario, assigned, key="explorer_also_show")
scenarios = testsets.scenarios(test_set, assigned, key="explorer_also_show")
try:
    images = testsets.images(test_set)
except cache.ReportError as err:
    notices.missing(err)
    st.stop()
table = explorer.join(images["files"], images["labels"], {s: testsets.predictions(test_set, s) for s in scenarios})
if table.empty:
    st.warning(t("explorer_no_rows"))
    st.stop()
st.caption(
    t("explorer_intro") if test_set == testsets.PRIVATE else t("explorer_intro_set", set=testsets.label(test_set))
)
testsets.describe(test_set)
votes = ferplus.joined(images["files"], images["labels"])
both = explorer.has_pair(table, assigned)
subsets = [*(explorer.DISAGREEMENT if both else ()), explorer.SUSPECT]
counts = explorer.disagreement_counts(table, assigned) if both else None
preset(scenarios, subsets)
flt = filters(scenarios, subsets, counts)
if counts is not None:
    disagreement(counts, len(table))
suspects = None
if flt.subset == explorer.SUSPECT:
    probs = tuple(explorer.probability_matrix(table, s) for s in scenarios)
    suspects = explorer.suspect_rows(table, cache.label_issues(table["label"].to_numpy(), probs)).set_index(
        "index", drop=False
    )
rows = explorer.apply(table, flt, suspects, pair=assigned)
pages = explorer.page_count(len(rows), PER_PAGE)
number = st.pagination(pages, key=f"explorer_page_{hash(flt)}") if pages > 1 else 1
shown = explorer.page(rows, number, PER_PAGE)
st.caption(t("explorer_count", n=len(rows), page=number, pages=pages))
if shown.empty:
    st.info(t("explorer_empty"))
cells = [column for _ in range(-(-len(shown) // COLUMNS)) for column in st.columns(COLUMNS)]
for cell, (_, row) in zip(cells, shown.iterrows(), strict=False):
    with cell.container(border=True):
        sample(row, images["images"][int(row["index"])], scenarios, suspects=suspects, votes=votes)
