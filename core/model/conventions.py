"""Which input contract a model was trained with, when nobody said: measured on PublicTest.

Each candidate convention (core.data.preprocessing.CONVENTIONS, "inside" being the same values as
"raw") feeds the same fixed, seeded PublicTest sample; the most accurate one is kept and every
candidate's score is recorded, so the card shows how clear the choice was. The pixel step (equalized
faces or not) cannot be measured on the bundled copy, whose faces are all equalized already: it is
measured on the original pixels of PublicTest faces (RAW_FILE), and kept only when the difference is
clear; otherwise it is a tie, the step stays none and the user is asked. PrivateTest is never looked at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from core.data.dataset import SIZE, Split
from core.data.preprocessing import CONVENTIONS, PIXEL_STEPS, detect_pixel_step, preprocess

CANDIDATES = tuple(c for c in CONVENTIONS if c != "inside")
SAMPLE_SIZE = 300
SAMPLE_SEED = 0
STEP_SAMPLE_SIZE = 500
RAW_FILE = "fer2013_test_raw.csv.gz"
"""The original (not equalized) pixels of the test faces, Kaggle's CSV columns plus ``file``, beside the data."""


def raw_faces(path: Path, split: str = "PublicTest") -> Split:
    """One split of a Kaggle-format CSV (``emotion, pixels, Usage``, optional ``file``) as 48x48 faces."""
    import pandas as pd

    frame = pd.read_csv(path, dtype={"emotion": np.int64, "pixels": str, "Usage": str})
    part = frame[frame["Usage"] == split]
    if part.empty:
        raise ValueError(f"{path} has no {split} rows")
    images = np.stack([np.array(pixels.split(), dtype=np.uint8).reshape(SIZE, SIZE) for pixels in part["pixels"]])
    files = part["file"].tolist() if "file" in part else [f"{path.name}:{row}" for row in part.index]
    return Split(images, part["emotion"].to_numpy(np.int64), files, detect_pixel_step(images))


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
        x = preprocess(sample.images, model.input_shape, name, done=sample.pixel_step)
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


def raw_public(data: Path | None = None) -> Split | None:
    """The original pixels of the PublicTest faces (RAW_FILE beside the data), None when absent."""
    from core import paths

    folder = Path(data) if data is not None else paths.data_dir()
    file = (folder if folder.is_dir() else folder.parent) / RAW_FILE
    return raw_faces(file, "PublicTest") if file.exists() else None


def infer_pixel_step(
    model, conv: dict[str, Any], raw: Split | None, *, size: int = STEP_SAMPLE_SIZE, batch_size: int = 64
) -> dict[str, Any]:
    """Compare the model's accuracy on original PublicTest pixels with and without equalization.

    A step is kept when the faces only one of the two gets right lean clearly one way (a two-sided sign
    test at about 95%: the difference beyond twice its standard deviation); otherwise it is a tie.
    """
    if raw is None or raw.pixel_step != "none":
        why = "no original pixels to measure on" if raw is None else "the faces given are already equalized"
        return {"step": "none", "source": "unknown", "reason": why}
    sample = raw.head(size, SAMPLE_SEED)
    right = {}
    for step in PIXEL_STEPS:
        x = preprocess(sample.images, model.input_shape, {**conv, "pixel_step": step})
        right[step] = np.asarray(model.predict(x, batch_size=batch_size, verbose=0)).argmax(axis=1) == sample.labels
    wins = {
        "equalize": int((right["equalize"] & ~right["none"]).sum()),
        "none": int((right["none"] & ~right["equalize"]).sum()),
    }
    clear = abs(wins["equalize"] - wins["none"]) > 2 * np.sqrt(wins["equalize"] + wins["none"])
    return {
        "step": max(wins, key=wins.get) if clear else "none",
        "source": "inferred" if clear else "tie",
        "scores": {step: round(float(hits.mean()), 4) for step, hits in right.items()},
        "only_right": wins,
        "split": "PublicTest",
        "data": RAW_FILE,
        "images": len(sample),
        "seed": SAMPLE_SEED,
    }


def describe_pixel_step(record: dict[str, Any]) -> str:
    """One line for the CLI: the step, how it was set and, when measured, each step's accuracy."""
    scores = ", ".join(f"{name} {score:.3f}" for name, score in (record.get("scores") or {}).items())
    detail = f"; original-pixel PublicTest accuracy {scores}" if scores else ""
    reason = f" ({record['reason']})" if record.get("reason") else ""
    ask = "; declare it with --pixel-step" if record["source"] in ("tie", "unknown") else ""
    return f"{record['step']} ({record['source']}{reason}{detail}{ask})"


def describe_convention(conv: dict[str, Any]) -> str:
    """One line for the CLI: the convention, how it was set and, when inferred, every candidate's score."""
    source = conv.get("source", "declared")
    scores = ", ".join(f"{name} {score:.3f}" for name, score in (conv.get("scores") or {}).items())
    detail = f"{source}; PublicTest accuracy {scores}" if scores else source
    return f"{conv['convention']} ({detail})"
