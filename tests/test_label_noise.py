"""Suspected label issues: planted label flips must surface at the top and be flagged."""

from __future__ import annotations

import numpy as np
import pytest

from core.evaluate.label_noise import COLUMNS, suspected_label_issues


def _probs(true: np.ndarray, strength: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(len(true), 7))
    logits[np.arange(len(true)), true] += strength
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


@pytest.fixture
def flipped() -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Models confident on the true class; ten given labels flipped to another class."""
    true = np.repeat(np.arange(7), 30)
    given = true.copy()
    flips = np.arange(0, 210, 21)
    given[flips] = (true[flips] + 3) % 7
    return given, flips, [_probs(true, 4.0, 0), _probs(true, 4.0, 1)]


def test_planted_flips_rank_first_and_are_flagged(flipped):
    given, flips, probs = flipped
    table = suspected_label_issues(given, probs)
    assert list(table.columns) == COLUMNS
    assert len(table) == len(given) and sorted(table["index"]) == list(range(len(given)))
    assert set(table["index"][: len(flips)]) == set(flips)
    top = table.set_index("index").loc[flips]
    assert top["suspect"].mean() >= 0.7
    assert set(table.loc[table["suspect"], "index"]) <= set(flips)
    true = np.repeat(np.arange(7), 30)
    assert (top["suggested"].to_numpy() == true[flips]).all()


def test_sorted_descending_and_bounded(flipped):
    given, _, probs = flipped
    score = suspected_label_issues(given, probs)["score"].to_numpy()
    assert (np.diff(score) <= 0).all()
    assert score.min() >= 0 and score.max() <= 1


def test_score_is_margin_of_mean_probabilities():
    labels = np.array([0, 1])
    a = np.array([[0.2, 0.7, 0.1], [0.1, 0.8, 0.1]])
    b = np.array([[0.4, 0.5, 0.1], [0.3, 0.6, 0.1]])
    table = suspected_label_issues(labels, [a, b]).set_index("index")
    assert table.loc[0, "score"] == pytest.approx((0.6 - 0.3 + 1) / 2)
    assert table.loc[0, "suggested"] == 1
    assert table.loc[1, "score"] == pytest.approx((0.2 - 0.7 + 1) / 2)
    assert table.loc[1, "suggested"] == 0


def test_disagreeing_models_score_lower_than_agreeing_ones():
    labels = np.array([0, 0, 1, 1])
    agree = np.array([[0.1, 0.9], [0.9, 0.1], [0.9, 0.1], [0.1, 0.9]])
    disagree = np.array([[0.9, 0.1], [0.9, 0.1], [0.9, 0.1], [0.1, 0.9]])
    table = suspected_label_issues(labels, [agree, disagree]).set_index("index")
    assert table.loc[2, "score"] > table.loc[0, "score"]


@pytest.mark.parametrize(
    ("labels", "probs"),
    [
        (np.array([0, 1]), []),
        (np.array([0, 1, 2]), [np.full((2, 7), 1 / 7)]),
        (np.array([0, 9]), [np.full((2, 7), 1 / 7)]),
        (np.array([0, 1]), [np.full((2, 7), 1 / 7), np.full((2, 6), 1 / 6)]),
        (np.array([0, 1]), [np.full((2, 7), np.nan)]),
    ],
)
def test_bad_input_raises_clear_error(labels, probs):
    with pytest.raises(ValueError):
        suspected_label_issues(labels, probs)
