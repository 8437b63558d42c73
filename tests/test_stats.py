"""core.evaluate.stats against independent computations: hand-made tables, scikit-learn, synthetic calibrated sets."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    confusion_matrix,
    f1_score,
    log_loss,
    roc_auc_score,
)

from core.artifacts.reports import PROB_COLUMNS
from core.evaluate import stats
from core.evaluate.metrics import expected_calibration_error


def _noisy(labels: np.ndarray, right: float, seed: int) -> np.ndarray:
    """Predictions that are right with probability ``right``, else a random class."""
    rng = np.random.default_rng(seed)
    return np.where(rng.random(len(labels)) < right, labels, rng.integers(0, 7, len(labels)))


def _probs(labels: np.ndarray, strength: float, seed: int) -> np.ndarray:
    """Dirichlet noise with extra mass ``strength`` on the true class, rows summing to 1."""
    probs = np.random.default_rng(seed).dirichlet(np.ones(7), len(labels))
    probs[np.arange(len(labels)), labels] += strength
    return probs / probs.sum(axis=1, keepdims=True)


def test_mcnemar_matches_hand_computed_table():
    # both right 5, only a right 2, only b right 10, both wrong 3
    a = np.array([1] * 5 + [1] * 2 + [0] * 10 + [0] * 3, dtype=bool)
    b = np.array([1] * 5 + [0] * 2 + [1] * 10 + [0] * 3, dtype=bool)
    result = stats.mcnemar(a, b)
    assert result.table.tolist() == [[5, 2], [10, 3]]
    assert (result.only_a, result.only_b) == (2, 10)
    # exact two-sided: 2 * P(X <= 2), X ~ Binomial(12, 1/2) = 2 * (1 + 12 + 66) / 4096
    assert result.p_value == pytest.approx(2 * 79 / 4096)
    assert result.significant(0.05) and not result.significant(0.01)


def test_mcnemar_balanced_and_identical_are_not_significant():
    a = np.array([1, 0, 1, 0, 1], dtype=bool)
    assert stats.mcnemar(a, a).p_value == 1.0
    balanced = stats.mcnemar(np.array([1, 0, 1, 0], bool), np.array([0, 1, 0, 1], bool))
    assert balanced.p_value == pytest.approx(1.0)
    with pytest.raises(ValueError):
        stats.mcnemar(a, a[:3])


def test_bootstrap_estimates_equal_sklearn_and_contain_point():
    labels = np.random.default_rng(0).integers(0, 7, 700)
    preds = {"baseline": _noisy(labels, 0.5, 1), "optimized": _noisy(labels, 0.7, 2)}
    ci = stats.bootstrap_ci(labels, preds, difference=("baseline", "optimized"), n_resamples=2000, seed=0)
    assert set(ci["group"]) == {"baseline", "optimized", "difference"}
    assert list(ci["metric"].unique()) == stats.metric_names()
    table = ci.set_index(["group", "metric"])
    for name, pred in preds.items():
        assert table.loc[(name, "accuracy"), "estimate"] == pytest.approx(accuracy_score(labels, pred))
        assert table.loc[(name, "macro_f1"), "estimate"] == pytest.approx(f1_score(labels, pred, average="macro"))
        per_class = f1_score(labels, pred, average=None, labels=range(7))
        assert table.loc[(name, "f1_happy"), "estimate"] == pytest.approx(per_class[3])
    diff = table.loc[("difference", "accuracy"), "estimate"]
    assert diff == pytest.approx(accuracy_score(labels, preds["optimized"]) - accuracy_score(labels, preds["baseline"]))
    assert ((ci["low"] <= ci["estimate"]) & (ci["estimate"] <= ci["high"])).all()
    assert table.loc[("difference", "accuracy"), "low"] > 0


def test_bootstrap_narrows_with_n_and_is_seeded():
    widths = []
    for n in (200, 5000):
        labels = np.random.default_rng(n).integers(0, 7, n)
        ci = stats.bootstrap_ci(labels, {"s": _noisy(labels, 0.6, 3)}, n_resamples=2000, seed=1)
        row = ci.set_index("metric").loc["accuracy"]
        widths.append(row["high"] - row["low"])
    assert widths[1] < widths[0] / 3
    labels = np.random.default_rng(0).integers(0, 7, 300)
    preds = {"s": _noisy(labels, 0.6, 3)}
    first = stats.bootstrap_ci(labels, preds, seed=7)
    pd.testing.assert_frame_equal(first, stats.bootstrap_ci(labels, preds, seed=7))
    assert not first.equals(stats.bootstrap_ci(labels, preds, seed=8))


def test_paired_difference_of_identical_predictions_is_exactly_zero():
    labels = np.random.default_rng(0).integers(0, 7, 400)
    pred = _noisy(labels, 0.6, 1)
    ci = stats.bootstrap_ci(labels, {"a": pred, "b": pred.copy()}, difference=("a", "b"))
    diff = ci[ci["group"] == "difference"]
    assert (diff[["estimate", "low", "high"]].to_numpy() == 0).all()


def test_bootstrap_is_fast_at_privatetest_size():
    labels = np.random.default_rng(0).integers(0, 7, 3589)
    preds = {"baseline": _noisy(labels, 0.6, 1), "optimized": _noisy(labels, 0.7, 2)}
    start = time.perf_counter()
    stats.bootstrap_ci(labels, preds, difference=("baseline", "optimized"), n_resamples=2000)
    assert time.perf_counter() - start < 10


def test_bootstrap_rejects_bad_arguments():
    labels = np.array([0, 1, 2])
    with pytest.raises(ValueError):
        stats.bootstrap_ci(labels, {"a": labels}, n_resamples=0)
    with pytest.raises(ValueError):
        stats.bootstrap_ci(labels, {"a": labels}, difference=("a", "missing"))
    with pytest.raises(ValueError):
        stats.bootstrap_ci(np.array([], dtype=int), {"a": np.array([], dtype=int)})


def _calibrated(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-class confidence p, and the prediction is right with probability exactly p."""
    rng = np.random.default_rng(seed)
    conf = rng.uniform(0.2, 1.0, n)
    pred = rng.integers(0, 7, n)
    probs = np.repeat(((1 - conf) / 6)[:, None], 7, axis=1)
    probs[np.arange(n), pred] = conf
    right = rng.random(n) < conf
    labels = np.where(right, pred, (pred + rng.integers(1, 7, n)) % 7)
    return labels, probs


def test_perfectly_calibrated_set_has_ece_near_zero():
    labels, probs = _calibrated(200_000, 0)
    summary = stats.calibration_summary(labels, probs)
    assert summary["ece"] < 0.01
    bins = stats.reliability_bins(labels, probs)
    used = bins[bins["count"] > 0]
    assert np.allclose(used["accuracy"], used["confidence"], atol=0.02)
    overconfident = np.full_like(probs, 0.01 / 6)
    overconfident[np.arange(len(labels)), probs.argmax(1)] = 0.99
    assert stats.calibration_summary(labels, overconfident)["ece"] == pytest.approx(0.99 - 0.6, abs=0.01)


def test_reliability_bins_reproduce_core_ece():
    labels = np.random.default_rng(1).integers(0, 7, 1000)
    probs = _probs(labels, 1.5, 2)
    bins = stats.reliability_bins(labels, probs)
    assert bins["count"].sum() == len(labels)
    used = bins[bins["count"] > 0]
    ece = float((used["count"] / len(labels) * (used["accuracy"] - used["confidence"]).abs()).sum())
    assert ece == pytest.approx(expected_calibration_error(labels, probs))


def test_nll_and_brier_against_independent_values():
    labels = np.array([0, 1])
    probs = np.array([[0.5, 0.5, 0, 0, 0, 0, 0], [0.25, 0.75, 0, 0, 0, 0, 0]])
    summary = stats.calibration_summary(labels, probs)
    assert summary["nll"] == pytest.approx(-(np.log(0.5) + np.log(0.75)) / 2)
    smooth = _probs(np.arange(7).repeat(10), 1.0, 0)
    assert stats.calibration_summary(np.arange(7).repeat(10), smooth)["nll"] == pytest.approx(
        log_loss(np.arange(7).repeat(10), smooth, labels=range(7))
    )
    # (0.5^2 + 0.5^2 + 0.25^2 + 0.25^2) / 2
    assert summary["brier"] == pytest.approx(0.3125)


def test_confidence_histogram_and_summary():
    labels = np.array([0, 0, 1, 1])
    probs = np.zeros((4, 7))
    probs[:, 0] = [0.95, 0.55, 0.62, 0.25]
    probs[:, 1] = 1 - probs[:, 0]
    hist = stats.confidence_histogram(labels, probs, bins=10)
    # right: 0.95, 0.55 and 0.75 (class 1 wins the last row); wrong: 0.62
    assert hist["right"].sum() == 3 and hist["wrong"].sum() == 1
    assert hist.loc[9, "right"] == 1 and hist.loc[6, "wrong"] == 1
    summary = stats.confidence_summary(labels, probs)
    assert summary["right"] == pytest.approx((0.95 + 0.55 + 0.75) / 3)
    assert summary["wrong"] == pytest.approx(0.62)
    assert summary["share_high"] == pytest.approx(0.25)


def test_ovr_auc_and_ap_equal_sklearn():
    labels = np.random.default_rng(3).integers(0, 7, 600)
    probs = _probs(labels, 1.0, 4)
    curves = stats.ovr_curves(labels, probs)
    for k in range(7):
        assert curves.summary.loc[k, "roc_auc"] == pytest.approx(roc_auc_score(labels == k, probs[:, k]))
        assert curves.summary.loc[k, "average_precision"] == pytest.approx(
            average_precision_score(labels == k, probs[:, k])
        )
        fpr, tpr = curves.roc[k]
        assert np.trapezoid(tpr, fpr) == pytest.approx(curves.summary.loc[k, "roc_auc"])
    macro = roc_auc_score(labels, probs, multi_class="ovr", average="macro")
    assert curves.summary["roc_auc"].mean() == pytest.approx(macro)


def test_ovr_absent_class_gives_nan_not_crash():
    labels = np.array([0, 1, 0, 1])
    probs = _probs(labels, 1.0, 0)
    summary = stats.ovr_curves(labels, probs).summary
    assert summary.loc[2, "positives"] == 0 and np.isnan(summary.loc[2, "roc_auc"])


def test_difference_confusion_and_outcomes_are_consistent():
    labels = np.random.default_rng(5).integers(0, 7, 900)
    base, opt = _noisy(labels, 0.5, 6), _noisy(labels, 0.65, 7)
    diff = stats.difference_confusion(labels, base, opt)
    expected = confusion_matrix(labels, opt, labels=range(7)) - confusion_matrix(labels, base, labels=range(7))
    assert (diff == expected).all()
    assert (diff.sum(axis=1) == 0).all()
    counts = stats.outcome_counts(labels, base, opt).set_index("true")
    assert (counts.sum(axis=1).to_numpy() == np.bincount(labels, minlength=7)).all()
    assert ((counts["fixed"] - counts["broken"]).to_numpy() == np.diag(diff)).all()


def test_cell_breakdown_adds_up_to_the_cell():
    labels = np.random.default_rng(8).integers(0, 7, 900)
    base, opt = _noisy(labels, 0.5, 9), _noisy(labels, 0.65, 10)
    diff = stats.difference_confusion(labels, base, opt)
    for true, pred in ((2, 2), (2, 5)):
        parts = stats.cell_breakdown(labels, base, opt, true=true, pred=pred)
        side = parts.groupby("scenario")["count"].sum()
        assert side.get("optimized", 0) == np.sum((labels == true) & (opt == pred))
        assert side.get("optimized", 0) - side.get("baseline", 0) == diff[true, pred]
        allowed = {"fixed", "both_right"} if true == pred else {"broken", "both_wrong"}
        assert set(parts.loc[parts["scenario"] == "optimized", "subset"]) <= allowed


def test_largest_off_diagonal():
    diff = np.zeros((7, 7), dtype=int)
    diff[3, 3] = 50
    diff[4, 1] = -9
    diff[2, 6] = 5
    assert stats.largest_off_diagonal(diff) == (4, 1)


def test_pair_predictions_refuses_different_images():
    frame = pd.DataFrame({"file": ["a", "b"], "label": [0, 1], **{c: [1 / 7] * 2 for c in PROB_COLUMNS}})
    labels, p_base, p_opt = stats.pair_predictions(frame, frame.copy())
    assert labels.tolist() == [0, 1] and p_base.shape == (2, 7)
    with pytest.raises(ValueError, match="different images"):
        stats.pair_predictions(frame, frame.assign(file=["a", "c"]))
    with pytest.raises(ValueError, match="labels"):
        stats.pair_predictions(frame, frame.assign(label=[0, 2]))
