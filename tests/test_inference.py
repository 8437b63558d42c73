"""The flip test-time average: one helper, used the same way by live prediction and batch evaluation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.data.dataset import Split
from core.data.preprocessing import preprocess
from core.model.inference import Predictor, choose_flip, flip_average, predict_probabilities, uses_flip


def _faces(n: int = 6) -> np.ndarray:
    """Left-right asymmetric images, so a mirror image really is a different input."""
    rng = np.random.default_rng(3)
    faces = rng.integers(0, 256, (n, 48, 48), dtype=np.uint8)
    faces[:, :, :16] = 0
    return faces


def test_flip_average_is_the_mean_of_both_views(tiny_model):
    x = preprocess(_faces(), tiny_model.input_shape)
    single = np.asarray(tiny_model(x), dtype=np.float64)
    mirrored = np.asarray(tiny_model(x[:, :, ::-1]), dtype=np.float64)
    assert not np.allclose(single, mirrored, atol=1e-4)
    np.testing.assert_allclose(flip_average(tiny_model, x, False), single, atol=1e-6)
    np.testing.assert_allclose(flip_average(tiny_model, x, True), (single + mirrored) / 2, atol=1e-6)


def test_predictor_and_batch_evaluation_follow_the_card_alike(tiny_model):
    faces = _faces()
    flipped = Predictor(tiny_model, {"test_time_flip": {"used": True}}, Path("tiny.keras"))
    plain = Predictor(tiny_model, {}, Path("tiny.keras"))
    assert flipped.flip and not plain.flip
    np.testing.assert_allclose(
        flipped.probabilities(faces), predict_probabilities(tiny_model, faces, flip=True), atol=1e-5
    )
    np.testing.assert_allclose(plain.probabilities(faces), predict_probabilities(tiny_model, faces), atol=1e-5)
    assert not np.allclose(flipped.probabilities(faces), plain.probabilities(faces), atol=1e-4)


@pytest.mark.parametrize("card", [{}, {"test_time_flip": None}, {"test_time_flip": {"used": False}}])
def test_older_or_negative_cards_mean_no_flip(card):
    assert not uses_flip(card)


def test_choose_flip_keeps_the_flip_only_when_it_scores_higher(tiny_model):
    faces = _faces(12)
    probs = predict_probabilities(tiny_model, faces)
    averaged = predict_probabilities(tiny_model, faces, flip=True)
    labels = averaged.argmax(axis=1)
    choice = choose_flip(tiny_model, Split(faces, labels, [f"f{i}" for i in range(12)]))
    assert choice["public_accuracy"]["flip"] == 1.0
    assert choice["public_accuracy"]["single"] == pytest.approx((probs.argmax(axis=1) == labels).mean())
    assert choice["used"] is (choice["public_accuracy"]["single"] < 1.0)
    assert choice["images"] == 12 and choice["chosen_by"] == "PublicTest accuracy"
