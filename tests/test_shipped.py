"""The committed models and reports are complete and consistent (skipped where none are shipped)."""

from __future__ import annotations

import numpy as np
import pytest

from core import paths
from core.artifacts import reports
from core.classes import CLASSES
from core.evaluate.metrics import compute_metrics
from core.views.readme_table import ABLATION_END, ABLATION_START, ablation_table, markdown_table, readme_block
from tests.conftest import ROOT, SHARED_DATA

SHIPPED = [s for s in paths.SCENARIOS if (ROOT / "reports" / s / "manifest.json").exists()]
pytestmark = pytest.mark.skipif(not SHIPPED, reason="no shipped reports in reports/")


@pytest.fixture(autouse=True)
def _shipped(monkeypatch):
    monkeypatch.setenv("FER_REPORTS_DIR", str(ROOT / "reports"))
    monkeypatch.setenv("FER_MODELS_DIR", str(ROOT / "models"))


@pytest.mark.parametrize("scenario", SHIPPED)
def test_predictions_recompute_to_the_stored_metrics(scenario):
    predictions = reports.load_predictions(scenario)
    stored = reports.load_metrics(scenario)
    assert len(predictions) == stored["n"] == 3589 and stored["split"] == "PrivateTest"
    recomputed = compute_metrics(predictions["label"].to_numpy(), reports.probabilities(predictions))
    for key in ("accuracy", "macro_f1", "weighted_f1", "top2_accuracy", "log_loss", "ece"):
        assert recomputed[key] == pytest.approx(stored[key], abs=1e-9), key
    assert recomputed["confusion_matrix"] == stored["confusion_matrix"]
    assert (predictions["pred"] == reports.probabilities(predictions).argmax(1)).all()
    assert paths.model_path(scenario).exists() and paths.card_path(paths.model_path(scenario)).exists()


def test_test_images_match_predictions_and_dataset_files():
    images = reports.load_test_images("private")
    assert images["images"].shape == (3589, 48, 48)
    for scenario in SHIPPED:
        predictions = reports.load_predictions(scenario)
        assert predictions["file"].tolist() == images["files"].tolist()
        assert (predictions["label"].to_numpy() == images["labels"]).all()
    if SHARED_DATA.exists():
        for file, label in zip(images["files"], images["labels"], strict=True):
            assert (SHARED_DATA / "test" / CLASSES[label] / file).exists(), file
    assert np.bincount(images["labels"], minlength=7).tolist() == [491, 55, 528, 879, 594, 416, 626]


def test_readme_results_table_matches_the_reports():
    block = readme_block((ROOT / "README.md").read_text())
    assert block == markdown_table(), (
        "README results table is stale: run `python -m core.views.readme_table --update-readme`"
    )
    ablation = readme_block((ROOT / "README.md").read_text(), ABLATION_START, ABLATION_END)
    assert ablation == ablation_table(), "README ablation table is stale: run the same command"


@pytest.mark.parametrize("scenario", SHIPPED)
def test_reports_carry_the_shipped_models_card(scenario):
    import json

    card = json.loads(paths.card_path(paths.model_path(scenario)).read_text())
    assert reports.load_model_card(scenario) == card
    assert card["train_images"] == 28709 and card["validation_split"] == "PublicTest"


@pytest.mark.parametrize("scenario", SHIPPED)
def test_stored_predictions_come_from_the_shipped_model_as_its_card_says(scenario):
    from core.data.preprocessing import detect_pixel_step
    from core.model.architectures import load_model
    from core.model.card import convention
    from core.model.inference import predict_probabilities, uses_flip

    card = reports.load_model_card(scenario)
    images = reports.load_test_images("private")["images"][:64]
    assert detect_pixel_step(images) == "equalize"  # the bundled faces are not equalized a second time
    model = load_model(paths.model_path(scenario))
    conv = convention(card)
    probs = predict_probabilities(model, images, flip=uses_flip(card), conv=conv, done=detect_pixel_step(images))
    stored = reports.probabilities(reports.load_predictions(scenario))[:64]
    np.testing.assert_allclose(probs, stored, atol=1e-4)
