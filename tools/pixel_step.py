"""Measure the pixel contract on the shipped models: the same PrivateTest faces, four ways; a few photos.

    python -m tools.pixel_step [--limit N] [--model models/baseline.keras ...]
    python -m tools.pixel_step --photos     # the live page's answer before and after, on a few photos

For every face of ``fer2013_test_raw.csv.gz`` in PrivateTest (3,427 faces; the file names the bundled
image of each): the bundled (already equalized) file as it is and through the contract's pixel step,
and the original pixels without and with it. Each goes through the project's batched predictor
(core.model.inference.predict_probabilities) with the card's convention and flip average, the pixel
step set to none or to equalize. This is a report figure, not a choice: no setting is picked here.

``--photos``: the live prediction path (core.views.live: detection, crop, both scenarios' Predictors) on
scikit-image's astronaut and camera photos (docs/face_detection.md's real photos), the astronaut dimmed as
in a dark room, and the original pixels of two PrivateTest faces pasted into a 640x480 photo, with the
card's pixel step (after) and without it (before: what the live page did until the card carried it).
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


def photos() -> dict[str, bytes]:
    """A few offline photos, JPEG-encoded as an upload would be."""
    import io

    from PIL import Image
    from skimage import data

    raw = raw_faces(paths.data_dir() / RAW_FILE, "PrivateTest")
    canvas = np.tile(np.linspace(60, 190, 640, dtype=np.float32), (480, 1))
    for x, name in ((60, "PrivateTest_10077120.jpg"), (360, "PrivateTest_10086748.jpg")):
        face = raw.images[[Path(f).name for f in raw.files].index(name)]
        canvas[140:360, x : x + 220] = np.asarray(Image.fromarray(face).resize((220, 220), Image.Resampling.BICUBIC))
    shown = {
        "astronaut": data.astronaut(),
        "camera": data.camera(),
        "astronaut, dim": (data.astronaut() * 0.35 + 8).astype(np.uint8),
        "two original FER faces": canvas.clip(0, 255).astype(np.uint8),
    }
    encoded = {}
    for name, image in shown.items():
        buffer = io.BytesIO()
        Image.fromarray(image).convert("RGB").save(buffer, "JPEG", quality=92)
        encoded[name] = buffer.getvalue()
    return encoded


def live_answers() -> None:
    """Top class and confidence of every face the live page finds, without and with the pixel step."""
    from core.classes import CLASSES
    from core.model.inference import Predictor, load_predictor
    from core.views import live

    after = {s: load_predictor(paths.models_dir() / f"{s}.keras") for s in paths.SCENARIOS}
    before = {
        s: Predictor(p.model, {**p.card, "preprocessing": {**p.convention, "pixel_step": "none"}}, p.path)
        for s, p in after.items()
    }
    for name, jpeg in photos().items():
        faces = live.analyse(jpeg).faces
        old, new = live.predict(faces, before), live.predict(faces, after)
        for i in range(len(faces)):
            cells = [
                f"{s} {CLASSES[old[s][i].label]} {old[s][i].confidence:.0%} -> {CLASSES[new[s][i].label]} "
                f"{new[s][i].confidence:.0%}"
                for s in paths.SCENARIOS
            ]
            print(f"{name}, face {i + 1}: " + "; ".join(cells))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.pixel_step", description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, action="append", help="default: every shipped scenario")
    parser.add_argument("--limit", type=int, help="first N faces only (a quick check)")
    parser.add_argument("--photos", action="store_true", help="the live page's answers on a few photos instead")
    args = parser.parse_args(argv)
    if args.photos:
        live_answers()
        return
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
