"""Which input convention a model was trained with, when nobody said: measured on PublicTest.

Each candidate convention (core.data.preprocessing.CONVENTIONS, "inside" being the same values as
"raw") feeds the same fixed, seeded PublicTest sample; the most accurate one is kept and every
candidate's score is recorded, so the card shows how clear the choice was. PrivateTest is never
looked at.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from core.data.dataset import Split
from core.data.preprocessing import CONVENTIONS, preprocess

CANDIDATES = tuple(c for c in CONVENTIONS if c != "inside")
SAMPLE_SIZE = 300
SAMPLE_SEED = 0


def declared(convention: str | dict, source: str = "declared") -> dict[str, Any]:
    """A card's ``preprocessing`` entry for a convention someone stated (a flag, a training run)."""
    entry = dict(convention) if isinstance(convention, dict) else {"convention": convention}
    if entry["convention"] not in CONVENTIONS:
        raise ValueError(f"unknown input convention {entry['convention']!r}: one of {', '.join(CONVENTIONS)}")
    return {**entry, "source": source}


def infer_convention(model, public: Split, size: int = SAMPLE_SIZE, *, batch_size: int = 64) -> dict[str, Any]:
    """Score every candidate convention on a seeded PublicTest sample and keep the most accurate."""
    sample = public.head(size, SAMPLE_SEED)
    scores = {}
    for name in CANDIDATES:
        x = preprocess(sample.images, model.input_shape, name)
        probs = np.asarray(model.predict(x, batch_size=batch_size, verbose=0))
        scores[name] = round(float((probs.argmax(axis=1) == sample.labels).mean()), 4)
    best = max(CANDIDATES, key=lambda name: (scores[name], -CANDIDATES.index(name)))
    return {
        "convention": best,
        "source": "inferred",
        "scores": scores,
        "split": "PublicTest",
        "images": len(sample),
        "seed": SAMPLE_SEED,
    }


def describe_convention(conv: dict[str, Any]) -> str:
    """One line for the CLI: the convention, how it was set and, when inferred, every candidate's score."""
    source = conv.get("source", "declared")
    scores = ", ".join(f"{name} {score:.3f}" for name, score in (conv.get("scores") or {}).items())
    detail = f"{source}; PublicTest accuracy {scores}" if scores else source
    return f"{conv['convention']} ({detail})"
