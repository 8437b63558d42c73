"""The model-file contract: a model file, the card beside it, and what a model must be to be shown.

A card (``models/<name>.json``) says how a model was made and how it must be fed; a file
without one gets a minimal card that says so (``"card": "missing"``) until :func:`write_card`
measures its input convention and writes a real one beside the file.

``card["preprocessing"]`` is the model's input convention as a dict (``convention``, ``source``
``declared`` or ``inferred``, and for inferred ones every candidate's PublicTest ``scores``). Cards
written before it existed carry a sentence there, or nothing: they mean what they always meant,
raw [0, 255] pixels normalised inside the model.

Its ``pixel_step`` says which per-face step the model's training faces went through (see
core.data.preprocessing.PIXEL_STEPS): ``{"step": "equalize", "source": "declared"}`` for the models this
project trains (the bundled copy is equalized). A card without it means none, what every path did before;
for a model trained elsewhere it is declared, or inferred on the original pixels of PublicTest
(core.model.conventions.infer_pixel_step: the bundled copy, already equalized, cannot tell), and a tie
stays none and asks the user to declare.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core import paths
from core.artifacts.reports import ModelCard
from core.classes import CLASSES, NUM_CLASSES
from core.data.preprocessing import PIXEL_STEPS, convention_name, pixel_step
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
        pixel_step(convention(card))
    except (ValueError, TypeError, KeyError, AttributeError) as err:
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


def step_record(card: dict[str, Any]) -> dict[str, Any]:
    """The card's pixel step as a record: ``step``, ``source`` (declared, inferred, tie, unknown, or default:
    a card written before the field, which means none) and, when measured, each step's ``scores``."""
    conv = convention(card)
    entry = conv.get("pixel_step")
    if isinstance(entry, dict):
        return {"source": "declared", **entry, "step": pixel_step(conv)}
    if entry is not None:
        return {"step": pixel_step(conv), "source": "declared"}
    return {"step": "none", "source": "unknown" if conv.get("source") == "unknown" else "default"}


def declare_pixel_step(model_file: Path, step: str) -> dict[str, Any]:
    """Record the pixel step a user declares for a model in its card (written when the file had none)."""
    from datetime import UTC, datetime

    from core.artifacts.reports import atomic_write_json

    if step not in PIXEL_STEPS:
        raise ValueError(f"unknown pixel step {step!r}: one of {', '.join(PIXEL_STEPS)}")
    card = read_card(model_file)
    card.pop("card", None)
    card["preprocessing"] = {**convention(card), "pixel_step": {"step": step, "source": "declared"}}
    card["card_written"] = datetime.now(UTC).isoformat(timespec="seconds")
    atomic_write_json(paths.card_path(model_file), card)
    return card


def check_compatible(model, path: Path | str = "") -> None:
    """Refuse models that cannot be shown: they must map an image to 7 class probabilities."""
    shape = model.input_shape
    single = not isinstance(shape, list) and len(model.inputs) == 1 and len(shape) == 4
    if not single or None in shape[1:] or shape[-1] not in (1, 3) or model.output_shape[-1] != NUM_CLASSES:
        found = f"input {shape}, output {model.output_shape}"
        raise ModelFileError("incompatible", path or model.name, name=found)


def write_card(
    model_file: Path,
    model,
    public,
    *,
    preprocessing: str | dict | None = None,
    step: str | None = None,
    raw=None,
) -> dict[str, Any]:
    """Write a card beside a model file that has none (or update its convention), and return it.

    ``preprocessing`` declares the convention and ``step`` the pixel step; without them the convention is
    inferred on PublicTest and the step on ``raw``, the original pixels of PublicTest faces
    (core.model.conventions), and the card says so.
    """
    from datetime import UTC, datetime

    from core.artifacts.files import sha256
    from core.artifacts.reports import atomic_write_json
    from core.model.conventions import declared, infer_convention, infer_pixel_step

    card = read_card(model_file)
    known = step_record(card)
    if card.pop("card", None) == "mismatch":  # the other file's card stays restorable beside it
        stale = paths.card_path(model_file)
        _refuse_a_siblings_card(model_file, stale)
        stale.replace(stale.with_suffix(".stale.json"))
    card["model_sha256"] = sha256(model_file)
    card.setdefault("input_shape", list(model.input_shape[1:]))
    if card.get("backbone_init") == "unknown":
        card["backbone_note"] = f"Card written by core.model for {Path(model_file).name}; provenance not recorded."
    conv = declared(preprocessing) if preprocessing else infer_convention(model, public)
    if step or known["source"] not in ("declared", "inferred"):
        known = {"step": step, "source": "declared"} if step else infer_pixel_step(model, conv, raw)
    conv["pixel_step"] = known
    card["preprocessing"] = conv
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
