"""Stored metrics equal scikit-learn's, and ECE behaves as defined."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, classification_report, log_loss

from core.evaluate.metrics import compute_metrics, expected_calibration_error


def _probs(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 7, n)
    logits = rng.normal(size=(n, 7))
    logits[np.arange(n), labels] += 1.5
    return labels, np.exp(logits) / np.exp(logits).sum(1, keepdims=True)


def test_metrics_match_scikit_learn():
    labels, probs = _probs(500, 0)
    metrics = compute_metrics(labels, probs)
    preds = probs.argmax(1)
    report = classification_report(labels, preds, output_dict=True, zero_division=0)
    assert metrics["accuracy"] == pytest.approx(accuracy_score(labels, preds))
    assert metrics["macro_f1"] == pytest.approx(report["macro avg"]["f1-score"])
    assert metrics["weighted_f1"] == pytest.approx(report["weighted avg"]["f1-score"])
    assert metrics["log_loss"] == pytest.approx(log_loss(labels, probs), rel=1e-4)
    for i, row in enumerate(metrics["per_class"]):
        assert row["f1"] == pytest.approx(report[str(i)]["f1-score"])
        assert row["support"] == report[str(i)]["support"]
    top2 = np.mean([label in np.argsort(p)[-2:] for label, p in zip(labels, probs, strict=True)])
    assert metrics["top2_accuracy"] == pytest.approx(top2)
    assert np.array(metrics["confusion_matrix"]).trace() == (preds == labels).sum()


def test_absent_class_gets_zero_not_an_error():
    labels = np.array([0, 1, 2, 3, 4, 5, 5])
    metrics = compute_metrics(labels, np.eye(7)[labels])
    assert metrics["per_class"][6] == {"class": "neutral", "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    assert metrics["accuracy"] == 1.0


def test_ece_is_zero_when_confidence_equals_accuracy_and_large_when_overconfident():
    rng = np.random.default_rng(1)
    n = 20000
    confidence = rng.uniform(0.3, 1.0, n)
    labels = np.zeros(n, dtype=int)
    hit = rng.uniform(size=n) < confidence
    labels[~hit] = 1
    probs = np.zeros((n, 7))
    probs[:, 0] = confidence
    probs[:, 1:] = ((1 - confidence) / 6)[:, None]
    assert expected_calibration_error(labels, probs) < 0.02
    wrong = np.ones(n, dtype=int)
    assert expected_calibration_error(wrong, probs) == pytest.approx(confidence.mean(), rel=1e-6)
