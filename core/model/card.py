"""The model-file contract: a model file, the card beside it, and what a model must be to be shown.

A card (``models/<name>.json``) says how a model was made and how it must be fed; a file
without one gets a minimal card that says so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core import paths
from core.classes import CLASSES, NUM_CLASSES


def read_card(model_file: Path) -> dict[str, Any]:
    """The model's card, or a minimal one saying that none came with the file."""
    card_file = paths.card_path(model_file)
    if card_file.exists():
        return json.loads(card_file.read_text())
    return {
        "card_version": 1,
        "scenario": model_file.stem,
        "backbone_init": "unknown",
        "backbone_note": f"No model card was found beside {model_file.name}; provenance unknown.",
        "classes": list(CLASSES),
    }


def check_compatible(model) -> None:
    """Refuse models that cannot be shown: they must map an image to 7 class probabilities."""
    if len(model.inputs) != 1 or len(model.input_shape) != 4 or None in model.input_shape[1:]:
        raise ValueError(f"{model.name}: expected one fixed-size image input (batch, h, w, c), got {model.input_shape}")
    if model.output_shape[-1] != NUM_CLASSES:
        raise ValueError(f"{model.name}: expected {NUM_CLASSES} outputs (FER-2013 classes), got {model.output_shape}")


def uses_flip(card: dict[str, Any]) -> bool:
    """Whether the card asks for the flip test-time average (absent on older cards: no)."""
    return bool((card.get("test_time_flip") or {}).get("used"))
