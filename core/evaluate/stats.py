"""Statistics that back "scenario 2 is better" on the paired PrivateTest predictions (no TensorFlow).

Significance (McNemar's exact test), seeded paired-bootstrap confidence intervals, calibration
(reliability bins, ECE, NLL, Brier, confidence histograms), one-vs-rest ROC / PR curves and the
difference between the two scenarios' confusion matrices. Everything takes plain arrays, so the
dashboard, the report CLI and the tests share one implementation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import binomtest
from sklearn.metrics import (
    average_precision_score,
    confusion_matrix,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)

from core import paths
from core.artifacts.reports import probabilities
from core.classes import CLASSES, NUM_CLASSES
from core.evaluate.metrics import expected_calibration_error

SUBSETS: tuple[str, ...] = ("fixed", "broken", "both_wrong", "both_right")
"""Paired outcome of a sample: fixed = baseline wrong, optimized right; broken = the reverse."""
BOOTSTRAP_RESAMPLES = 2000
"""Paired-bootstrap resamples everywhere (page, report, ablation): enough for stable 95% percentile intervals."""
BOOTSTRAP_SEED = 0
ECE_BINS = 15
"""Bins of the reliability diagram; the same equal-width bins as core.evaluate.metrics' ECE."""


def pair_predictions(base: pd.DataFrame, opt: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labels and both probability matrices, after checking the two reports cover the same images."""
    if len(base) != len(opt) or not (base["file"].to_numpy() == opt["file"].to_numpy()).all():
        raise ValueError(
            "The two scenarios were evaluated on different images: re-run `python -m core.evaluate` for both models."
        )
    if not (base["label"].to_numpy() == opt["label"].to_numpy()).all():
        raise ValueError("The two reports disagree on the labels of the same images: re-run `python -m core.evaluate`.")
    return base["label"].to_numpy(np.int64), probabilities(base), probabilities(opt)


@dataclass(frozen=True)
class McNemar:
    """McNemar's exact test on paired correctness of scenario a (rows) and b (columns)."""

    table: np.ndarray
    """[[both right, only a right], [only b right, both wrong]] (rows: a right / a wrong)."""
    p_value: float

    @property
    def only_a(self) -> int:
        return int(self.table[0, 1])

    @property
    def only_b(self) -> int:
        return int(self.table[1, 0])

    def significant(self, alpha: float = 0.05) -> bool:
        return self.p_value < alpha


def mcnemar(correct_a: np.ndarray, correct_b: np.ndarray) -> McNemar:
    """Exact two-sided McNemar test: under H0 the discordant pairs split 50/50 (binomial)."""
    a = np.asarray(correct_a, dtype=bool)
    b = np.asarray(correct_b, dtype=bool)
    if a.shape != b.shape:
        raise ValueError(f"Paired test needs equally long inputs, got {a.shape} and {b.shape}.")
    table = np.array([[np.sum(a & b), np.sum(a & ~b)], [np.sum(~a & b), np.sum(~a & ~b)]], dtype=np.int64)
    discordant = int(table[0, 1] + table[1, 0])
    p_value = 1.0 if discordant == 0 else float(binomtest(int(table[0, 1]), discordant, 0.5).pvalue)
    return McNemar(table, p_value)


def _f1_per_class(labels: np.ndarray, preds: np.ndarray, k: int) -> np.ndarray:
    """Per-class F1 of each row of (B, n) resampled labels/predictions, vectorised: shape (B, k)."""
    rows = labels.shape[0]
    offset = np.arange(rows)[:, None] * k
    size = rows * k
    true_count = np.bincount((offset + labels).ravel(), minlength=size)
    pred_count = np.bincount((offset + preds).ravel(), minlength=size)
    hits = labels == preds
    tp = np.bincount((offset + labels)[hits], minlength=size)
    denom = true_count + pred_count
    f1 = np.where(denom > 0, 2.0 * tp / np.maximum(denom, 1), 0.0)
    return f1.reshape(rows, k)


def _metric_matrix(labels: np.ndarray, preds: np.ndarray, k: int, *, present: np.ndarray | None = None) -> np.ndarray:
    """(B, 2 + k) columns: accuracy, macro-F1, F1 of each class (zero_division=0).

    Macro-F1 averages the classes ``present`` in the whole set (all k for FER-2013's splits); a class the
    set lacks has no F1 (NaN), as in core.evaluate.sets.set_metrics."""
    f1 = _f1_per_class(labels, preds, k)
    accuracy = (labels == preds).mean(axis=1)
    if present is None or present.all():
        return np.column_stack([accuracy, f1.mean(axis=1), f1])
    return np.column_stack([accuracy, f1[:, present].mean(axis=1), np.where(present, f1, np.nan)])


def metric_names(k: int = NUM_CLASSES) -> list[str]:
    """Names of the bootstrapped metrics: accuracy, macro_f1, f1_<class>."""
    classes = CLASSES if k == NUM_CLASSES else tuple(str(i) for i in range(k))
    return ["accuracy", "macro_f1", *(f"f1_{name}" for name in classes)]


def bootstrap_ci(
    labels: np.ndarray,
    preds: Mapping[str, np.ndarray],
    difference: tuple[str, str] | None = None,
    *,
    n_resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
    level: float = 0.95,
    chunk: int = 250,
) -> pd.DataFrame:
    """Percentile bootstrap CIs of accuracy, macro-F1 and per-class F1 per scenario.

    Resampling is paired: every resample draws the same images for all scenarios, so the CI of
    ``difference`` = (second - first) respects that both models saw the same faces. Returns one row
    per metric and group (scenario name or "difference"): estimate (on the full set), low, high.
    """
    if n_resamples < 1:
        raise ValueError("n_resamples must be positive.")
    if not 0 < level < 1:
        raise ValueError("level must lie strictly between 0 and 1.")
    labels = np.asarray(labels, dtype=np.int64)
    n = len(labels)
    if n == 0:
        raise ValueError("No samples to bootstrap.")
    k = NUM_CLASSES
    preds = {name: np.asarray(p, dtype=np.int64) for name, p in preds.items()}
    groups = list(preds)
    if difference is not None and not set(difference) <= set(groups):
        raise ValueError(f"difference {difference} names scenarios not in {groups}.")
    present = np.bincount(labels, minlength=k) > 0
    rng = np.random.default_rng(seed)
    samples = {name: [] for name in groups}
    for start in range(0, n_resamples, chunk):
        idx = rng.integers(0, n, size=(min(chunk, n_resamples - start), n))
        resampled = labels[idx]
        for name in groups:
            samples[name].append(_metric_matrix(resampled, preds[name][idx], k, present=present))
    draws = {name: np.concatenate(parts) for name, parts in samples.items()}
    points = {name: _metric_matrix(labels[None, :], preds[name][None, :], k, present=present)[0] for name in groups}
    if difference is not None:
        first, second = difference
        draws["difference"] = draws[second] - draws[first]
        points["difference"] = points[second] - points[first]
    tail = (1 - level) / 2 * 100
    names = metric_names(k)
    rows = []
    for group, values in draws.items():
        low, high = np.percentile(values, [tail, 100 - tail], axis=0)
        rows += [
            {
                "metric": metric,
                "group": group,
                "estimate": float(points[group][j]),
                "low": float(low[j]),
                "high": float(high[j]),
            }
            for j, metric in enumerate(names)
        ]
    return pd.DataFrame(rows)


def reliability_bins(labels: np.ndarray, probs: np.ndarray, bins: int = ECE_BINS) -> pd.DataFrame:
    """Equal-width confidence bins (as in the ECE): count, mean confidence and accuracy per bin."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    count = np.bincount(which, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_conf = np.bincount(which, weights=confidence, minlength=bins) / count
        accuracy = np.bincount(which, weights=correct.astype(float), minlength=bins) / count
    return pd.DataFrame(
        {"low": edges[:-1], "high": edges[1:], "count": count, "confidence": mean_conf, "accuracy": accuracy}
    )


def brier_score(labels: np.ndarray, probs: np.ndarray) -> float:
    """Multi-class Brier score (Brier 1950): mean over samples of sum_k (p_k - y_k)^2, in [0, 2]."""
    onehot = np.eye(probs.shape[1])[labels]
    return float(np.mean(np.sum((probs - onehot) ** 2, axis=1)))


def calibration_summary(labels: np.ndarray, probs: np.ndarray) -> dict[str, float]:
    """ECE (see metrics), negative log-likelihood (nats; the true class's probability floored at 1e-7) and Brier."""
    nll = -np.mean(np.log(np.clip(probs[np.arange(len(labels)), labels], 1e-7, 1.0)))
    return {
        "ece": expected_calibration_error(labels, probs, ECE_BINS),
        "nll": float(nll),
        "brier": brier_score(labels, probs),
    }


def confidence_histogram(labels: np.ndarray, probs: np.ndarray, bins: int = 20) -> pd.DataFrame:
    """Counts of top-class confidence per bin, split into right and wrong predictions."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    right, _ = np.histogram(confidence[correct], edges)
    wrong, _ = np.histogram(confidence[~correct], edges)
    return pd.DataFrame({"low": edges[:-1], "high": edges[1:], "right": right, "wrong": wrong})


def confidence_summary(labels: np.ndarray, probs: np.ndarray, high: float = 0.9) -> dict[str, float]:
    """Mean top-class confidence overall, on right and on wrong predictions, and the share above ``high``."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    return {
        "mean": float(confidence.mean()),
        "right": float(confidence[correct].mean()) if correct.any() else float("nan"),
        "wrong": float(confidence[~correct].mean()) if (~correct).any() else float("nan"),
        "share_high": float((confidence > high).mean()),
    }


@dataclass(frozen=True)
class Curves:
    """One-vs-rest curves of one scenario: per class arrays, and a summary table."""

    roc: list[tuple[np.ndarray, np.ndarray]]
    """(false-positive rate, true-positive rate) per class."""
    pr: list[tuple[np.ndarray, np.ndarray]]
    """(recall, precision) per class."""
    summary: pd.DataFrame
    """class, roc_auc, average_precision, positives."""


def ovr_curves(labels: np.ndarray, probs: np.ndarray) -> Curves:
    """One-vs-rest ROC and precision-recall curves per class (scikit-learn); NaN where a class is absent."""
    roc, pr, rows = [], [], []
    for k in range(probs.shape[1]):
        positive = labels == k
        score = probs[:, k]
        if positive.any() and not positive.all():
            fpr, tpr, _ = roc_curve(positive, score)
            precision, recall, _ = precision_recall_curve(positive, score)
            auc, ap = float(roc_auc_score(positive, score)), float(average_precision_score(positive, score))
        else:
            fpr = tpr = precision = recall = np.array([])
            auc = ap = float("nan")
        roc.append((fpr, tpr))
        pr.append((recall, precision))
        name = CLASSES[k] if probs.shape[1] == NUM_CLASSES else str(k)
        rows.append({"class": name, "roc_auc": auc, "average_precision": ap, "positives": int(positive.sum())})
    return Curves(roc, pr, pd.DataFrame(rows))


def outcomes(labels: np.ndarray, pred_base: np.ndarray, pred_opt: np.ndarray) -> np.ndarray:
    """Each sample's paired outcome, one of SUBSETS."""
    base_right = pred_base == labels
    opt_right = pred_opt == labels
    return np.select(
        [~base_right & opt_right, base_right & ~opt_right, ~base_right & ~opt_right],
        ["fixed", "broken", "both_wrong"],
        default="both_right",
    )


def outcome_counts(labels: np.ndarray, pred_base: np.ndarray, pred_opt: np.ndarray) -> pd.DataFrame:
    """Per true class: how many samples scenario 2 fixed, broke, both got wrong, both got right."""
    outcome = outcomes(labels, pred_base, pred_opt)
    table = pd.crosstab(
        pd.Categorical(labels, categories=range(NUM_CLASSES)), pd.Categorical(outcome, categories=SUBSETS), dropna=False
    )
    table = table.reindex(index=range(NUM_CLASSES), columns=list(SUBSETS), fill_value=0).astype(np.int64)
    table.index.name = "true"
    table.columns = list(SUBSETS)
    return table.reset_index()


def difference_confusion(labels: np.ndarray, pred_base: np.ndarray, pred_opt: np.ndarray) -> np.ndarray:
    """Confusion matrix of the optimized minus that of the baseline (rows true, columns predicted)."""
    classes = list(range(NUM_CLASSES))
    return confusion_matrix(labels, pred_opt, labels=classes) - confusion_matrix(labels, pred_base, labels=classes)


def largest_off_diagonal(diff: np.ndarray) -> tuple[int, int]:
    """The (true, pred) confusion that changed most between the scenarios: the cell worth opening first."""
    masked = np.abs(np.asarray(diff)).astype(float)
    np.fill_diagonal(masked, -1)
    true, pred = np.unravel_index(int(masked.argmax()), masked.shape)
    return int(true), int(pred)


def cell_breakdown(
    labels: np.ndarray,
    pred_base: np.ndarray,
    pred_opt: np.ndarray,
    *,
    true: int,
    pred: int,
    names: tuple[str, ...] = paths.SCENARIOS,
) -> pd.DataFrame:
    """What makes up one difference-matrix cell: per scenario predicting ``pred``, the paired outcomes.

    The cell is (#optimized predicted ``pred``) - (#baseline predicted ``pred``) among images of class
    ``true``; each side splits into the subsets that can occur there (e.g. a diagonal cell's optimized
    side is "fixed" + "both_right"). ``names`` are the reports of scenario 1 and scenario 2.
    """
    outcome = outcomes(labels, pred_base, pred_opt)
    rows = []
    for scenario, preds in ((names[1], pred_opt), (names[0], pred_base)):
        mask = (labels == true) & (preds == pred)
        for subset in SUBSETS:
            count = int(np.sum(mask & (outcome == subset)))
            if count:
                rows.append({"scenario": scenario, "subset": subset, "count": count})
    return pd.DataFrame(rows, columns=["scenario", "subset", "count"])
