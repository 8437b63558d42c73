"""Suspected label issues in a test split, confident-learning style (cleanlab, no TensorFlow).

FER-2013 is known to contain mislabeled faces. A sample is suspect when the models, averaged over
scenarios, put their probability on a class other than the given label; cleanlab's confident
learning (Northcutt et al. 2021) decides which samples to flag, and the normalized margin
ranks them. Averaging the scenarios rewards agreement: one model's odd guess is diluted.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd
from cleanlab.filter import find_label_issues

COLUMNS = ["index", "score", "suggested", "suspect"]


def _mean_probs(labels: np.ndarray, probs: list[np.ndarray]) -> np.ndarray:
    """Validate the inputs and return the scenarios' mean probability matrix (rows sum to 1)."""
    if not probs:
        raise ValueError("No probability matrices given: need at least one scenario's predictions.")
    shape = np.shape(probs[0])
    if len(shape) != 2 or shape[1] < 2:
        raise ValueError(f"Probabilities must be an (n, classes) matrix, got shape {shape}.")
    if any(np.shape(p) != shape for p in probs):
        raise ValueError(f"All scenarios must have the same shape, got {[np.shape(p) for p in probs]}.")
    if labels.shape != (shape[0],):
        raise ValueError(f"{labels.shape[0] if labels.ndim else 0} labels for {shape[0]} predicted samples.")
    if labels.size and (labels.min() < 0 or labels.max() >= shape[1]):
        raise ValueError(f"Labels must lie in 0..{shape[1] - 1}.")
    mean = np.mean([np.asarray(p, dtype=np.float64) for p in probs], axis=0)
    if not np.all(np.isfinite(mean)) or mean.min() < 0:
        raise ValueError("Probabilities must be finite and non-negative.")
    return mean / np.clip(mean.sum(axis=1, keepdims=True), 1e-12, None)


def suspected_label_issues(labels: np.ndarray, probs: list[np.ndarray]) -> pd.DataFrame:
    """One row per sample, most suspect first.

    ``score`` = (max other-class probability - given-label probability + 1) / 2 of the mean
    probabilities, in [0, 1]: 1 - cleanlab's normalized-margin label quality; above 0.5 the models
    prefer another class on average. ``suggested`` is that other class. ``suspect`` is cleanlab's
    confident-learning flag (prune by noise rate) on the same mean probabilities.
    """
    labels = np.asarray(labels).astype(np.int64)
    mean = _mean_probs(labels, probs)
    n = len(labels)
    if n == 0:
        return pd.DataFrame({"index": [], "score": [], "suggested": [], "suspect": []}).astype(
            {"index": np.int64, "score": np.float64, "suggested": np.int64, "suspect": bool}
        )
    rows = np.arange(n)
    given = mean[rows, labels]
    others = mean.copy()
    others[rows, labels] = -np.inf
    suggested = others.argmax(axis=1)
    score = (others[rows, suggested] - given + 1.0) / 2.0
    if len(np.unique(labels)) >= 2:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*too few examples", category=UserWarning)
            suspect = find_label_issues(labels, mean, filter_by="prune_by_noise_rate", n_jobs=1)
    else:
        suspect = mean.argmax(axis=1) != labels
    frame = pd.DataFrame({"index": rows, "score": score, "suggested": suggested, "suspect": np.asarray(suspect, bool)})
    return frame.sort_values(["score", "index"], ascending=[False, True], kind="stable").reset_index(drop=True)


def errors_on_suspects(labels: np.ndarray, preds: Mapping[str, np.ndarray], suspect: np.ndarray) -> pd.DataFrame:
    """Per scenario: its errors, how many fall on suspected label issues, and that share.

    A high share means part of a model's "errors" may be the dataset's, not the model's.
    """
    labels = np.asarray(labels)
    suspect = np.asarray(suspect, dtype=bool)
    rows = []
    for name, pred in preds.items():
        wrong = np.asarray(pred) != labels
        errors, on = int(wrong.sum()), int((wrong & suspect).sum())
        rows.append({"scenario": name, "errors": errors, "on_suspects": on, "share": on / errors if errors else 0.0})
    return pd.DataFrame(rows, columns=["scenario", "errors", "on_suspects", "share"])
