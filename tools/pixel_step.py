"""Measure the pixel contract on the shipped models: the same PrivateTest faces, four ways.

    python -m tools.pixel_step [--limit N] [--model models/baseline.keras ...]

For every face of ``fer2013_test_raw.csv.gz`` in PrivateTest (3,427 faces; the file names the bundled
image of each): the bundled (already equalized) file as it is and through the contract's pixel step,
and the original pixels without and with it. Each goes through the project's batched predictor
(core.model.inference.predict_probabilities) with the card's convention and flip average, the pixel
step set to none or to equalize. This is a report figure, not a choice: no setting is picked here.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

import numpy as np

from core import paths
from core.data.preprocessing import to_grayscale
from core.model.card import convention, read_card, uses_flip
from core.model.conventions import RAW_FILE, raw_faces
from core.model.inference import predict_probabilities
from core.model.loading import load_model

WAYS = {
    "bundled": ("bundled", "none"),
    "bundled, contract": ("bundled", "equalize"),
    "original": ("original", "none"),
    "original, contract": ("original", "equalize"),
}


def measure(model_file: Path, faces: dict[str, np.ndarray], labels: np.ndarray) -> dict[str, float]:
    """Accuracy of one model on each of the four ways of feeding the same faces."""
    model, card = load_model(model_file), read_card(model_file)
    conv, flip = convention(card), uses_flip(card)
    accuracy = {}
    for way, (pixels, step) in WAYS.items():
        probs = predict_probabilities(model, faces[pixels], flip=flip, conv={**conv, "pixel_step": step})
        accuracy[way] = float((probs.argmax(axis=1) == labels).mean())
    return accuracy


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.pixel_step", description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, action="append", help="default: every shipped scenario")
    parser.add_argument("--limit", type=int, help="first N faces only (a quick check)")
    args = parser.parse_args(argv)
    raw = raw_faces(paths.data_dir() / RAW_FILE, "PrivateTest").head(args.limit)
    bundled = np.stack([to_grayscale(paths.data_dir() / file) for file in raw.files])
    faces = {"bundled": bundled, "original": raw.images}
    print(f"{len(raw)} PrivateTest faces; CPU: {platform.processor() or platform.machine()}")
    for model_file in args.model or [paths.models_dir() / f"{s}.keras" for s in paths.SCENARIOS]:
        start = time.perf_counter()
        accuracy = measure(model_file, faces, raw.labels)
        cells = "  ".join(f"{way} {value:.2%}" for way, value in accuracy.items())
        print(f"{model_file.name}: {cells}  ({time.perf_counter() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
