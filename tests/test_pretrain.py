"""Self-supervised backbone: rotation labels are right, the weights file feeds core.train.trainer, cards say so."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.model.architectures import load_model, vgg16_base
from core.train.backbones import describe
from core.train.pretrain import pretrain, rotated
from core.train.trainer import main as train_main
from tests.conftest import SHARED_DATA


def test_rotated_turns_each_image_by_its_label():
    image = np.arange(9, dtype=np.float32).reshape(3, 3, 1)
    out = rotated(np.stack([image, image]), np.array([0, 1]))
    np.testing.assert_array_equal(out[0], image)
    np.testing.assert_array_equal(out[1], np.rot90(image))


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="FER-2013 not present")
@pytest.mark.filterwarnings("ignore")
def test_pretrained_weights_feed_both_scenarios(small_fer, dirs):
    weights = dirs / "models" / "backbone" / "rotation.weights.h5"
    info = pretrain(weights, small_fer, epochs=1, batch_size=16, input_size=32, seed=1)
    assert weights.exists() and describe(weights)["train_images"] == info["train_images"] == 56
    assert info["labels_used"].startswith("none") and 0.0 <= info["rotation_val_accuracy"] <= 1.0

    common = ["--backbone-weights", str(weights), "--data", str(small_fer), "--input-size", "32", "--epochs", "1"]
    model_file = train_main(["--scenario", "baseline", *common])
    card = json.loads(model_file.with_suffix(".json").read_text())
    assert "rotation" in card["backbone_note"] and "not initialised from ImageNet" in card["backbone_note"]
    assert card["backbone_pretraining"]["train_images"] == 56 and "history" not in card["backbone_pretraining"]

    trained = load_model(model_file)
    reference = vgg16_base((32, 32, 3), str(weights), seed=0)
    for name in ("block1_conv1", "block5_conv3"):
        np.testing.assert_array_equal(
            trained.get_layer(name).get_weights()[0], reference.get_layer(name).get_weights()[0]
        )
