"""Ten annotators per face: FER+ votes (Barsoum et al. 2016) joined to a report's faces (no TensorFlow).

``ferplus_votes.csv`` (see ../shared/fer2013/README.md) has one row per bundled image, keyed by its
full path (``test/angry/PrivateTest_10131363.jpg``): the join is on that path, never the bare file
name (two Training names occur in two class folders). A face counts when its match is at least
:data:`MIN_MATCH` and its plurality vote is one of the 7 FER-2013 classes (ties go to the first
category in FER+'s column order); every other face is left out with its reason (:data:`REASONS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from core.classes import CLASSES
from core.evaluate.stats import BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED

VOTE_COLUMNS = ("neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt", "unknown", "NF")
TO_CLASS = {
    "anger": "angry",
    "disgust": "disgust",
    "fear": "fear",
    "happiness": "happy",
    "sadness": "sad",
    "surprise": "surprise",
    "neutral": "neutral",
}
"""FER+ categories that are FER-2013 classes; contempt, unknown and NF (not a face) are not."""
MIN_MATCH = 0.95
REASONS = ("ok", "no_match", "weak_match", "other_plurality")
"""Why a face is in (ok) or out: no FER+ row, match below MIN_MATCH, plurality contempt/unknown/NF."""
VOTES = [f"votes_{name}" for name in CLASSES]
"""The joined table's vote columns, in core.classes order (then votes_contempt, votes_unknown, votes_NF)."""


def load_votes(path: Path) -> pd.DataFrame:
    """The votes file, indexed by full path."""
    frame = pd.read_csv(path)
    missing = {"file", "match_corr", *VOTE_COLUMNS} - set(frame.columns)
    if missing:
        raise ValueError(f"{path} lacks the column(s) {sorted(missing)}: expected the FER+ votes file.")
    return frame.drop_duplicates("file").set_index("file")


def bundled_path(file: str, label: int) -> str:
    """A report's file name as a path of the bundled copy: PrivateTest reports store only the name."""
    if "/" in file:
        return file
    folder = "train" if file.startswith("Training_") else "test"
    return f"{folder}/{CLASSES[label]}/{file}"


def join(files: list[str] | np.ndarray, labels: np.ndarray, votes: pd.DataFrame) -> pd.DataFrame:
    """One row per face, in the given order: path, match_corr, votes, FER+ plurality class and reason."""
    paths = [bundled_path(str(f), int(y)) for f, y in zip(files, labels, strict=True)]
    found = votes.reindex(paths)
    counts = found[list(VOTE_COLUMNS)].to_numpy(np.float64)
    top = np.nan_to_num(counts, nan=-1).argmax(axis=1)
    top_name = np.array(VOTE_COLUMNS)[top]
    plurality = np.array([CLASSES.index(TO_CLASS[n]) if n in TO_CLASS else -1 for n in top_name])
    matched = found["match_corr"].notna().to_numpy()
    reason = np.where(
        ~matched,
        "no_match",
        np.where(
            found["match_corr"].to_numpy() < MIN_MATCH, "weak_match", np.where(plurality < 0, "other_plurality", "ok")
        ),
    )
    table = pd.DataFrame(
        {"path": paths, "label": np.asarray(labels, np.int64), "match_corr": found["match_corr"].to_numpy()}
    )
    for name, column in TO_CLASS.items():
        table[f"votes_{column}"] = found[name].to_numpy()
    for name in ("contempt", "unknown", "NF"):
        table[f"votes_{name}"] = found[name].to_numpy()
    table["plurality"] = np.where(matched, plurality, -1)
    table["reason"] = reason
    return table[
        ["path", "label", "match_corr", *VOTES, "votes_contempt", "votes_unknown", "votes_NF", "plurality", "reason"]
    ]


def left_out(joined: pd.DataFrame) -> dict[str, int]:
    """Faces per reason, every reason listed (0 when none)."""
    counts = joined["reason"].value_counts()
    return {reason: int(counts.get(reason, 0)) for reason in REASONS}


def annotator_share(joined: pd.DataFrame, classes: np.ndarray) -> np.ndarray:
    """Per face, the share of its annotators (of 10) who voted for ``classes`` (one class index per face)."""
    votes = joined[VOTES].to_numpy(np.float64)
    total = joined[[*VOTES, "votes_contempt", "votes_unknown", "votes_NF"]].to_numpy(np.float64).sum(axis=1)
    return votes[np.arange(len(joined)), np.asarray(classes, np.int64)] / np.where(total > 0, total, np.nan)


def bootstrap_means(
    values: np.ndarray, *, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED
) -> np.ndarray:
    """(k, 3) estimate, 2.5% and 97.5% percentile bounds of the mean of each column of (n, k) ``values``.

    Every resample draws the same faces for all columns (paired), as core.evaluate.stats.bootstrap_ci does.
    """
    values = np.asarray(values, np.float64)
    if len(values) == 0:
        return np.full((values.shape[1], 3), np.nan)
    rng = np.random.default_rng(seed)
    draws = np.stack([values[rng.integers(0, len(values), len(values))].mean(axis=0) for _ in range(resamples)])
    low, high = np.percentile(draws, [2.5, 97.5], axis=0)
    return np.column_stack([values.mean(axis=0), low, high])


def agreement(joined: pd.DataFrame, preds: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Per model on the faces that count: accuracy against the FER+ plurality, against the FER-2013 label,
    and the mean share of annotators who agree with the prediction, each with a 95% bootstrap interval."""
    keep = (joined["reason"] == "ok").to_numpy()
    ok = joined[keep]
    rows = []
    for name, pred in preds.items():
        pred = np.asarray(pred, np.int64)[keep]
        columns = {
            "accuracy_ferplus": pred == ok["plurality"].to_numpy(),
            "accuracy_label": pred == ok["label"].to_numpy(),
            "annotator_share": annotator_share(ok, pred),
        }
        stats = bootstrap_means(np.column_stack(list(columns.values())))
        for (metric, _), (estimate, low, high) in zip(columns.items(), stats, strict=True):
            rows.append(
                {"scenario": name, "metric": metric, "estimate": estimate, "low": low, "high": high, "n": len(ok)}
            )
    return pd.DataFrame(rows, columns=["scenario", "metric", "estimate", "low", "high", "n"])


def suspects_check(joined: pd.DataFrame, suspect: np.ndarray, suggested: np.ndarray) -> pd.DataFrame:
    """Are cleanlab's label-issue suspects disputed faces? Per group (suspects, others), on faces that count:
    the share whose FER+ plurality differs from the FER-2013 label, the mean share of annotators who agree
    with the label, and (suspects) the share whose suggested class is the FER+ plurality; 95% intervals."""
    keep = (joined["reason"] == "ok").to_numpy()
    ok = joined[keep]
    suspect, suggested = np.asarray(suspect, bool)[keep], np.asarray(suggested, np.int64)[keep]
    label, plurality = ok["label"].to_numpy(), ok["plurality"].to_numpy()
    columns = np.column_stack([plurality != label, annotator_share(ok, label), suggested == plurality])
    rows = []
    for group, mask in (("suspects", suspect), ("others", ~suspect)):
        stats = bootstrap_means(columns[mask])
        for j, metric in enumerate(("ferplus_disagrees", "label_share", "suggested_is_plurality")):
            rows.append(
                {
                    "group": group,
                    "metric": metric,
                    "estimate": stats[j, 0],
                    "low": stats[j, 1],
                    "high": stats[j, 2],
                    "n": int(mask.sum()),
                }
            )
    return pd.DataFrame(rows, columns=["group", "metric", "estimate", "low", "high", "n"])
