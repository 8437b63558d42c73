"""core.views.explorer: joining images with predictions, the filters, subsets and pages of the explorer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.artifacts.reports import predictions_frame
from core.views import explorer


def frame(labels: list[int], preds: list[int], confidence: list[float], files: list[str] | None = None) -> pd.DataFrame:
    """A predictions table whose argmax is ``preds`` with the given top probability."""
    probs = np.zeros((len(labels), 7))
    for row, (pred, conf) in enumerate(zip(preds, confidence, strict=True)):
        probs[row] = (1 - conf) / 6
        probs[row, pred] = conf
    files = files or [f"PrivateTest_{i}.jpg" for i in range(len(labels))]
    return predictions_frame(files, np.array(labels), probs)


LABELS = [0, 0, 1, 1, 2, 3]
BASELINE = frame(LABELS, [0, 1, 1, 0, 4, 5], [0.9, 0.6, 0.8, 0.5, 0.4, 0.7])
OPTIMIZED = frame(LABELS, [0, 0, 2, 1, 4, 3], [0.95, 0.7, 0.3, 0.9, 0.6, 0.8])
FILES = np.array([f"PrivateTest_{i}.jpg" for i in range(len(LABELS))])


@pytest.fixture
def table() -> pd.DataFrame:
    return explorer.join(FILES, np.array(LABELS), {"baseline": BASELINE, "optimized": OPTIMIZED})


def test_join_has_every_scenario(table):
    assert list(table["index"]) == list(range(6))
    assert list(table["correct_baseline"]) == [True, False, True, False, False, False]
    assert list(table["correct_optimized"]) == [True, True, False, True, False, True]
    assert table.loc[4, "conf_optimized"] == pytest.approx(0.6)
    assert np.allclose(explorer.probabilities(table.loc[2], "optimized").sum(), 1.0)
    matrix = explorer.probability_matrix(table, "baseline")
    assert matrix.shape == (6, 7) and np.allclose(matrix[4], explorer.probabilities(table.loc[4], "baseline"))
    assert explorer.has_pair(table)


def test_join_matches_on_file_and_label_not_position():
    shuffled = BASELINE.iloc[::-1].reset_index(drop=True)
    table = explorer.join(FILES, np.array(LABELS), {"baseline": shuffled})
    assert list(table["pred_baseline"]) == [0, 1, 1, 0, 4, 5]
    other = explorer.join(FILES, np.array([6] * 6), {"baseline": BASELINE})
    assert other.empty, "predictions of other labels are not shown against these images"


def test_disagreement_subsets(table):
    assert list(table.index[explorer.subset_mask(table, "fixed")]) == [1, 3, 5]
    assert list(table.index[explorer.subset_mask(table, "broken")]) == [2]
    assert list(table.index[explorer.subset_mask(table, "both_wrong")]) == [4]
    assert list(table.index[explorer.subset_mask(table, "both_right")]) == [0]
    counts = explorer.disagreement_counts(table)
    assert counts.loc["total"].tolist() == [3, 1, 1, 1]
    assert counts.loc[1].tolist() == [1, 1, 0, 0] and counts.loc[6].sum() == 0


def test_filter_cell_correctness_confidence_and_sort(table):
    cell = explorer.apply(table, explorer.Filter("baseline", true=1, pred=0))
    assert list(cell["index"]) == [3]
    wrong = explorer.apply(table, explorer.Filter("baseline", correctness="wrong"))
    assert list(wrong["index"]) == [5, 1, 3, 4], "most confident first"
    asc = explorer.apply(table, explorer.Filter("baseline", correctness="wrong", sort="confidence_asc"))
    assert list(asc["index"]) == [4, 3, 1, 5]
    band = explorer.apply(table, explorer.Filter("optimized", confidence=(0.5, 0.8), sort="index"))
    assert list(band["index"]) == [1, 4, 5]
    fixed = explorer.apply(table, explorer.Filter("optimized", subset="fixed", sort="index"))
    assert list(fixed["index"]) == [1, 3, 5]


def test_suspect_subset_maps_issue_rows_to_image_indices(table):
    issues = pd.DataFrame(
        {"index": [4, 0, 2], "score": [0.9, 0.7, 0.1], "suggested": [4, 1, 1], "suspect": [True, True, False]}
    )
    rows = explorer.suspect_rows(table.iloc[1:].reset_index(drop=True), issues)
    assert list(rows["index"]) == [5, 1] and list(rows["suggested"]) == [4, 1]
    chosen = explorer.apply(table, explorer.Filter("baseline", subset="suspect", sort="index"), rows)
    assert list(chosen["index"]) == [1, 5]
    assert explorer.apply(table, explorer.Filter("baseline", subset="suspect")).empty


def test_from_request_validates_everything():
    subsets = list(explorer.DISAGREEMENT)
    flt = explorer.from_request(
        {"scenario": "optimized", "true": 2, "pred": 4, "subset": "fixed"}, ["baseline", "optimized"], subsets
    )
    assert (flt.scenario, flt.true, flt.pred, flt.subset, flt.correctness) == ("optimized", 2, 4, "fixed", "all")
    bad = explorer.from_request({"scenario": "x", "true": 9, "pred": "3", "subset": "suspect"}, ["baseline"], subsets)
    assert (bad.scenario, bad.true, bad.pred, bad.subset) == ("baseline", None, None, None)
    assert explorer.from_request(None, ["baseline"], subsets).scenario == "baseline"


def test_pages_are_clamped():
    rows = pd.DataFrame({"index": range(50)})
    assert explorer.page_count(50, 24) == 3 and explorer.page_count(0, 24) == 1
    assert list(explorer.page(rows, 3, 24)["index"]) == [48, 49]
    assert list(explorer.page(rows, 99, 24)["index"]) == [48, 49]
    assert len(explorer.page(rows, 0, 24)) == 24


def test_enlarge_is_nearest_neighbour():
    image = np.array([[0, 255], [10, 20]], dtype=np.uint8)
    big = explorer.enlarge(image, 6)
    assert big.shape == (6, 6) and big.dtype == np.uint8
    assert (big[:3, :3] == 0).all() and (big[3:, 3:] == 20).all()
