"""The model-file contract: a model file, the card beside it, and what a model must be to be shown.

A card (``models/<name>.json``) says how a model was made and how it must be fed; a file
without one gets a minimal card that says so (``"card": "missing"``) until :func:`write_card`
measures its input convention and writes a real one beside the file.

``card["preprocessing"]`` is the model's input convention as a dict (``convention``, ``source``
``declared`` or ``inferred``, and for inferred ones every candidate's PublicTest ``scores``). Cards
written before it existed carry a sentence there, or nothing: they mean what they always meant,
raw [0, 255] pixels normalised inside the model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core import paths
from core.artifacts.reports import ModelCard
from core.classes import CLASSES, NUM_CLASSES
from core.data.preprocessing import convention_name
from core.model.loading import ModelFileError

LEGACY_CONVENTION = {"convention": "raw", "source": "declared", "note": "card written before conventions were data"}
UNTRUSTED = ("missing", "mismatch")
"""``card["card"]`` of a minimal card: no card beside the file, or one recorded for another file (its hash differs)."""


def read_card(model_file: Path) -> ModelCard:
    """The model's card, or a minimal one saying that none came with the file.

    Raises ModelFileError("card_invalid") naming the card when it is not a JSON object or its
    ``preprocessing`` entry names no known convention.
    """
    card_file = paths.card_path(model_file)
    if not card_file.exists():
        return _minimal(model_file, "missing", f"No model card was found beside {Path(model_file).name}")
    try:
        card = json.loads(card_file.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelFileError("card_invalid", card_file, name="JSON", detail=str(err)) from err
    if not isinstance(card, dict):
        raise ModelFileError("card_invalid", card_file, name="JSON", detail="not a JSON object")
    try:
        convention(card)
    except (ValueError, TypeError, KeyError) as err:
        raise ModelFileError("card_invalid", card_file, name="preprocessing", detail=str(err)) from err
    if not belongs(card, model_file):
        return _minimal(model_file, "mismatch", f"{card_file.name} was written for another {Path(model_file).name}")
    return card


def _minimal(model_file: Path, why: str, note: str) -> dict[str, Any]:
    return {
        "card_version": 1,
        "card": why,
        "scenario": Path(model_file).stem,
        "backbone_init": "unknown",
        "backbone_note": f"{note}; provenance unknown.",
        "classes": list(CLASSES),
    }


def belongs(card: dict[str, Any], model_file: Path) -> bool:
    """Whether a card describes this very file: its recorded SHA-256 matches (cards without one are trusted)."""
    from core.artifacts.files import sha256

    recorded = card.get("model_sha256")
    return recorded is None or not Path(model_file).is_file() or recorded == sha256(model_file)


def convention(card: dict[str, Any]) -> dict[str, Any]:
    """The card's input convention as a dict; old cards and missing cards mean raw [0, 255]."""
    entry = card.get("preprocessing")
    if isinstance(entry, dict):
        convention_name(entry)
        return entry
    if card.get("card") in UNTRUSTED:
        return {"convention": "raw", "source": "unknown"}
    return LEGACY_CONVENTION


def check_compatible(model, path: Path | str = "") -> None:
    """Refuse models that cannot be shown: they must map an image to 7 class probabilities."""
    shape = model.input_shape
    single = not isinstance(shape, list) and len(model.inputs) == 1 and len(shape) == 4
    if not single or None in shape[1:] or shape[-1] not in (1, 3) or model.output_shape[-1] != NUM_CLASSES:
        found = f"input {shape}, output {model.output_shape}"
        raise ModelFileError("incompatible", path or model.name, name=found)


def write_card(model_file: Path, model, public, preprocessing: str | dict | None = None) -> dict[str, Any]:
    """Write a card beside a model file that has none (or update its convention), and return it.

    ``preprocessing`` declares the convention; without it the convention is inferred on PublicTest
    (core.model.conventions) and the card says so.
    """
    from datetime import UTC, datetime

    from core.artifacts.files import sha256
    from core.artifacts.reports import atomic_write_json
    from core.model.conventions import declared, infer_convention

    card = read_card(model_file)
    if card.pop("card", None) == "mismatch":  # the other file's card stays restorable beside it
        stale = paths.card_path(model_file)
        _refuse_a_siblings_card(model_file, stale)
        stale.replace(stale.with_suffix(".stale.json"))
    card["model_sha256"] = sha256(model_file)
    card.setdefault("input_shape", list(model.input_shape[1:]))
    if card.get("backbone_init") == "unknown":
        card["backbone_note"] = f"Card written by core.model for {Path(model_file).name}; provenance not recorded."
    card["preprocessing"] = declared(preprocessing) if preprocessing else infer_convention(model, public)
    card["card_written"] = datetime.now(UTC).isoformat(timespec="seconds")
    atomic_write_json(paths.card_path(model_file), card)
    return card


def _refuse_a_siblings_card(model_file: Path, card_file: Path) -> None:
    """``baseline.h5`` beside ``baseline.keras`` shares its card's name: never take the other file's card."""
    from core.model.loading import MODEL_SUFFIXES

    card = json.loads(card_file.read_text())
    for suffix in MODEL_SUFFIXES:
        sibling = Path(model_file).with_suffix(suffix)
        if sibling != Path(model_file) and sibling.is_file() and belongs(card, sibling):
            raise ModelFileError("card_shared", card_file, name=sibling.name)


def uses_flip(card: dict[str, Any]) -> bool:
    """Whether the card asks for the flip test-time average (absent on older cards: no)."""
    return bool((card.get("test_time_flip") or {}).get("used"))
