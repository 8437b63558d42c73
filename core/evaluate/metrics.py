"""Test-set metrics from labels and predicted probabilities (scikit-learn, no TensorFlow)."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_recall_fscore_support,
    top_k_accuracy_score,
)

from core.classes import CLASSES, NUM_CLASSES


def expected_calibration_error(labels: np.ndarray, probs: np.ndarray, bins: int = 15) -> float:
    """ECE with equal-width confidence bins (Guo et al. 2017): sum over bins of |acc - conf| * share."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - confidence[mask].mean())
    return float(ece)


def compute_metrics(labels: np.ndarray, probs: np.ndarray) -> dict[str, Any]:
    """Every headline and per-class figure the dashboard shows, as plain JSON-able values."""
    labels = np.asarray(labels, dtype=np.int64)
    probs = np.asarray(probs, dtype=np.float64)
    preds = probs.argmax(axis=1)
    clipped = np.clip(probs, 1e-7, 1.0)
    all_classes = list(range(NUM_CLASSES))
    precision, recall, f1, support = precision_recall_fscore_support(labels, preds, labels=all_classes, zero_division=0)
    return {
        "n": int(len(labels)),
        "accuracy": float(accuracy_score(labels, preds)),
        "macro_f1": float(f1_score(labels, preds, labels=all_classes, average="macro", zero_division=0)),
        "weighted_f1": float(f1_score(labels, preds, labels=all_classes, average="weighted", zero_division=0)),
        "top2_accuracy": float(top_k_accuracy_score(labels, probs, k=2, labels=all_classes)),
        "log_loss": float(log_loss(labels, clipped / clipped.sum(axis=1, keepdims=True), labels=all_classes)),
        "ece": expected_calibration_error(labels, probs),
        "per_class": [
            {
                "class": CLASSES[i],
                "precision": float(precision[i]),
                "recall": float(recall[i]),
                "f1": float(f1[i]),
                "support": int(support[i]),
            }
            for i in all_classes
        ],
        "confusion_matrix": confusion_matrix(labels, preds, labels=all_classes).tolist(),
    }
