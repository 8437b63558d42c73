"""The misclassified explorer's table and filters (pure pandas, no TensorFlow, no Streamlit).

The stored PrivateTest images are joined with every scenario's predictions into one table, one
row per image; a :class:`Filter` (built from widgets or from another page's request) selects and
orders rows, and :func:`page` cuts one page so the app never renders thousands of images at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from core import paths
from core.artifacts.reports import PROB_COLUMNS
from core.classes import NUM_CLASSES

DISAGREEMENT = ("fixed", "broken", "both_wrong", "both_right")
"""fixed: scenario 2 right and scenario 1 wrong; broken: the reverse."""
SUSPECT = "suspect"
CORRECTNESS = ("all", "wrong", "right")
SORTS = ("confidence_desc", "confidence_asc", "index")
FULL_RANGE = (0.0, 1.0)


def join(files: np.ndarray, labels: np.ndarray, predictions: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per stored image that every scenario predicted (matched on file name and label).

    Columns: index (row in the stored images), file, label, and per scenario ``pred_<s>``,
    ``conf_<s>`` (probability of the predicted class), ``correct_<s>`` and ``prob_<s>_<k>``.
    """
    table = pd.DataFrame(
        {
            "index": np.arange(len(labels)),
            "file": np.asarray(files, dtype=str),
            "label": np.asarray(labels, dtype=np.int64),
        }
    )
    for scenario, frame in predictions.items():
        probs = frame[PROB_COLUMNS].to_numpy(dtype=np.float64)
        part = pd.DataFrame(
            {
                "file": frame["file"].astype(str),
                "label": frame["label"].astype(np.int64),
                f"pred_{scenario}": frame["pred"].astype(np.int64),
            }
        )
        part[f"conf_{scenario}"] = probs[np.arange(len(probs)), part[f"pred_{scenario}"].clip(0, NUM_CLASSES - 1)]
        part[_prob_columns(scenario)] = probs
        table = table.merge(part.drop_duplicates("file"), on=["file", "label"], how="inner")
        table[f"correct_{scenario}"] = table[f"pred_{scenario}"] == table["label"]
    return table.sort_values("index").reset_index(drop=True)


def _prob_columns(scenario: str) -> list[str]:
    return [f"prob_{scenario}_{k}" for k in range(NUM_CLASSES)]


def probabilities(row: pd.Series, scenario: str) -> np.ndarray:
    """The 7 class probabilities of one joined row for one scenario."""
    return row[_prob_columns(scenario)].to_numpy(dtype=np.float64)


def probability_matrix(table: pd.DataFrame, scenario: str) -> np.ndarray:
    """The (rows, 7) probabilities of one scenario, in the table's row order (for label-noise ranking)."""
    return table[_prob_columns(scenario)].to_numpy(dtype=np.float64)


def has_pair(table: pd.DataFrame, pair: tuple[str, ...] = paths.SCENARIOS) -> bool:
    """Whether both thesis scenarios (``pair``: scenario 1, scenario 2) are in the table (the disagreement subsets)."""
    return all(f"correct_{s}" in table for s in pair)


def subset_mask(table: pd.DataFrame, subset: str, pair: tuple[str, ...] = paths.SCENARIOS) -> pd.Series:
    """Rows of one disagreement subset between scenario 1 and scenario 2 (the reports ``pair`` names)."""
    first, second = (table[f"correct_{s}"] for s in pair)
    masks = {
        "fixed": second & ~first,
        "broken": first & ~second,
        "both_wrong": ~first & ~second,
        "both_right": first & second,
    }
    return masks[subset]


def disagreement_counts(table: pd.DataFrame, pair: tuple[str, ...] = paths.SCENARIOS) -> pd.DataFrame:
    """Counts of each disagreement subset per true class (rows 0..6) with a total row."""
    counts = pd.DataFrame(
        {subset: table.loc[subset_mask(table, subset, pair), "label"].value_counts() for subset in DISAGREEMENT}
    )
    counts = counts.reindex(range(NUM_CLASSES), fill_value=0).fillna(0).astype(np.int64)
    counts.loc["total"] = counts.sum()
    return counts


@dataclass(frozen=True)
class Filter:
    """What the explorer shows: one scenario's predictions, filtered and ordered."""

    scenario: str
    true: int | None = None
    pred: int | None = None
    subset: str | None = None
    correctness: str = "all"
    confidence: tuple[float, float] = FULL_RANGE
    sort: str = "confidence_desc"


def from_request(request: Any, scenarios: list[str], subsets: list[str]) -> Filter:
    """A filter from another page's request dict; unknown or invalid entries fall back to 'all'."""
    request = request if isinstance(request, dict) else {}
    scenario = request.get("scenario") if request.get("scenario") in scenarios else scenarios[0]

    def klass(value: Any) -> int | None:
        return int(value) if isinstance(value, int | np.integer) and 0 <= value < NUM_CLASSES else None

    subset = request.get("subset") if request.get("subset") in subsets else None
    return Filter(scenario=scenario, true=klass(request.get("true")), pred=klass(request.get("pred")), subset=subset)


def apply(
    table: pd.DataFrame, flt: Filter, suspects: pd.DataFrame | None = None, *, pair: tuple[str, ...] = paths.SCENARIOS
) -> pd.DataFrame:
    """The rows that pass ``flt``, in its order; ``suspects`` (index, score, suggested) drives the suspect subset."""
    s = flt.scenario
    mask = pd.Series(True, index=table.index)
    if flt.true is not None:
        mask &= table["label"] == flt.true
    if flt.pred is not None:
        mask &= table[f"pred_{s}"] == flt.pred
    if flt.correctness != "all":
        mask &= table[f"correct_{s}"] == (flt.correctness == "right")
    low, high = flt.confidence
    mask &= table[f"conf_{s}"].between(low, high)
    if flt.subset == SUSPECT:
        mask &= table["index"].isin(suspects["index"] if suspects is not None else [])
    elif flt.subset is not None:
        mask &= subset_mask(table, flt.subset, pair)
    rows = table[mask]
    if flt.sort == "index":
        return rows.sort_values("index")
    return rows.sort_values([f"conf_{s}", "index"], ascending=[flt.sort == "confidence_asc", True], kind="stable")


def suspect_rows(table: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    """Flagged label issues (computed on the table's row order) mapped to stored-image indices."""
    flagged = issues[issues["suspect"]]
    return pd.DataFrame(
        {
            "index": table["index"].to_numpy()[flagged["index"].to_numpy(dtype=np.int64)],
            "score": flagged["score"].to_numpy(),
            "suggested": flagged["suggested"].to_numpy(dtype=np.int64),
        }
    )


def page_count(n: int, per_page: int) -> int:
    """Pages needed for ``n`` rows (at least 1, so an empty result still has a page)."""
    return max(1, -(-n // per_page))


def page(rows: pd.DataFrame, number: int, per_page: int) -> pd.DataFrame:
    """Rows of page ``number`` (1-based, clamped to the existing pages)."""
    number = min(max(1, number), page_count(len(rows), per_page))
    return rows.iloc[(number - 1) * per_page : number * per_page]


def enlarge(image: np.ndarray, size: int) -> np.ndarray:
    """Nearest-neighbour upscale of a 2-D image to about ``size`` pixels, keeping pixels crisp."""
    factor = max(1, round(size / max(image.shape[:2])))
    return np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)
