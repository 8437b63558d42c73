"""Face detection on photo-like images built from real FER-2013 faces (no downloads)."""

from __future__ import annotations

import importlib.util
import io
import os
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from core.data import faces
from core.data.faces import Box

FER = Path(__file__).resolve().parents[2] / "shared" / "fer2013" / "test"
FACE_FILES = (FER / "happy" / "PrivateTest_10077120.jpg", FER / "neutral" / "PrivateTest_10086748.jpg")
"""Two real PrivateTest faces the frontal cascade finds at any size from 120 to 300 px."""

needs_data = pytest.mark.skipif(not all(f.exists() for f in FACE_FILES), reason="FER-2013 test images not present")


def photo(placements: list[tuple[int, int, int, int]], size: tuple[int, int] = (640, 480)) -> np.ndarray:
    """A grayscale 'photo': a smooth noisy background with real FER faces (file index, x, y, side) pasted in."""
    width, height = size
    rng = np.random.default_rng(0)
    background = np.linspace(60, 190, width)[None, :] + rng.normal(0, 6, size=(height, width))
    canvas = background.clip(0, 255).astype(np.uint8)
    for index, x, y, side in placements:
        face = Image.open(FACE_FILES[index]).convert("L").resize((side, side), Image.Resampling.BICUBIC)
        canvas[y : y + side, x : x + side] = np.asarray(face)
    return canvas


def jpeg(gray: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(gray).convert("RGB").save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def overlap(a: Box, b: Box) -> float:
    """Intersection over union of two boxes."""
    w = max(0, min(a.x + a.w, b.x + b.w) - max(a.x, b.x))
    h = max(0, min(a.y + a.h, b.y + b.h) - max(a.y, b.y))
    return w * h / (a.area + b.area - w * h)


@needs_data
def test_detects_the_face_in_a_photo():
    boxes = faces.detect_faces(photo([(0, 200, 100, 240)]), margin=0.0)
    assert len(boxes) == 1
    assert overlap(boxes[0], Box(200, 100, 240, 240)) > 0.5


@needs_data
def test_faces_come_largest_first_with_margin_inside_the_image():
    gray = photo([(1, 20, 40, 120), (0, 300, 100, 300)], size=(700, 480))
    plain = faces.detect_faces(gray, margin=0.0)
    grown = faces.detect_faces(gray, margin=0.2)
    assert len(plain) == len(grown) == 2
    assert plain[0].area > plain[1].area
    assert overlap(plain[0], Box(300, 100, 300, 300)) > 0.5
    assert overlap(plain[1], Box(20, 40, 120, 120)) > 0.5
    for small, big in zip(plain, grown, strict=True):
        assert big.w > small.w and big.x <= small.x and big.y <= small.y
        assert big.x >= 0 and big.y >= 0 and big.x + big.w <= 700 and big.y + big.h <= 480


@needs_data
def test_detection_on_a_huge_image_maps_boxes_back():
    gray = np.asarray(Image.fromarray(photo([(0, 200, 100, 240)])).resize((3200, 2400)))
    boxes = faces.detect_faces(gray, margin=0.0)
    assert len(boxes) == 1
    assert overlap(boxes[0], Box(1000, 500, 1200, 1200)) > 0.5


def test_no_face_in_a_flat_grey_image():
    assert faces.detect_faces(np.full((480, 640), 128, np.uint8)) == []


def test_thin_images_do_not_break_detection():
    assert faces.detect_faces(np.zeros((1, 4096), np.uint8)) == []
    assert faces.draw_boxes(np.zeros((1, 4096), np.uint8), []).shape == (1, 1024, 3)


def test_small_images_are_face_crops():
    assert faces.is_face_crop(np.zeros((48, 48), np.uint8))
    assert faces.is_face_crop(np.zeros((96, 80), np.uint8))
    assert not faces.is_face_crop(np.zeros((97, 40), np.uint8))


def test_expand_clips_to_the_image():
    assert faces.expand(Box(0, 0, 10, 10), 0.5, (12, 100)) == Box(0, 0, 15, 12)
    assert faces.expand(Box(20, 20, 10, 10), 0.1, (100, 100)) == Box(19, 19, 12, 12)


def test_crop_and_draw_shapes():
    gray = np.arange(200 * 300, dtype=np.uint32).reshape(200, 300).astype(np.uint8)
    box = Box(10, 20, 50, 40)
    face = faces.crop(gray, box)
    assert face.shape == (40, 50) and face.dtype == np.uint8 and face.flags.c_contiguous
    assert np.array_equal(face, gray[20:60, 10:60])
    drawn = faces.draw_boxes(gray, [box])
    assert drawn.shape == (200, 300, 3) and drawn.dtype == np.uint8
    assert not np.array_equal(drawn[..., 0], gray), "the box must be drawn"
    assert np.array_equal(drawn[150:, 100:, 0], gray[150:, 100:]), "pixels away from the box stay as they were"
    big = faces.draw_boxes(np.zeros((2000, 3000), np.uint8), [Box(100, 100, 600, 600)], max_side=600)
    assert big.shape == (400, 600, 3)
    assert big[20:140, 20:140].any(), "the box is scaled down with the image"


needs_mtcnn = pytest.mark.skipif(importlib.util.find_spec("mtcnn") is None, reason="mtcnn is not installed")
needs_yunet = pytest.mark.skipif(importlib.util.find_spec("yuface") is None, reason="yuface is not installed")


@needs_data
@needs_yunet
def test_yunet_is_the_default_finds_both_faces_and_says_it_ran():
    gray = photo([(1, 20, 40, 120), (0, 300, 100, 300)], size=(700, 480))
    detection = faces.find_faces(gray, margin=0.0)
    assert detection.detector == "yunet" and detection.fallback is None
    assert len(detection.boxes) == 2
    assert overlap(detection.boxes[0], Box(300, 100, 300, 300)) > 0.4
    assert overlap(detection.boxes[1], Box(20, 40, 120, 120)) > 0.4
    assert "OMP_WAIT_POLICY" in os.environ, "set before yuface's libgomp loads, so it does not spin-wait"


def _spy_on_yunet(monkeypatch, answers: list[np.ndarray] | None = None) -> list[tuple[int, ...]]:
    """Record the image shape of every YuNet call; ``answers`` (XYWH arrays, one per call) replace the model."""
    real = faces._yunet_model() if answers is None else None
    shapes: list[tuple[int, ...]] = []

    def detect(bgr: np.ndarray, conf: float):
        shapes.append(bgr.shape)
        if real is not None:
            return real(bgr, conf=conf)
        boxes = np.asarray(answers[len(shapes) - 1], np.int16).reshape(-1, 4)
        return np.full(len(boxes), 90, np.int16), boxes, np.zeros((len(boxes), 10), np.int16)

    monkeypatch.setattr(faces, "_yunet_model", lambda: detect)
    return shapes


@needs_data
@needs_yunet
def test_yunet_keeps_the_coarse_pass_for_a_one_face_portrait(monkeypatch):
    shapes = _spy_on_yunet(monkeypatch)
    boxes = faces.detect_faces(photo([(0, 200, 100, 240)]), margin=0.0)
    assert shapes == [(192, faces.YUNET_COARSE_SIDE, 3)], "one face at the coarse size: no second pass"
    assert len(boxes) == 1 and overlap(boxes[0], Box(200, 100, 240, 240)) > 0.5


@pytest.mark.parametrize("coarse", [[], [[10, 10, 20, 20], [40, 10, 20, 20]]], ids=["none", "two"])
def test_yunet_runs_the_fine_pass_unless_the_coarse_finds_one_face(monkeypatch, coarse):
    shapes = _spy_on_yunet(monkeypatch, [np.array(coarse), np.array([[10, 20, 30, 40], [100, 20, 30, 40]])])
    boxes = faces._yunet(np.zeros((960, 1280), np.uint8))
    assert shapes == [(192, 256, 3), (480, 640, 3)]
    assert boxes == [Box(20, 40, 60, 80), Box(200, 40, 60, 80)], "boxes of the fine pass, mapped to full size"


def test_yunet_maps_the_coarse_face_back_and_small_images_get_one_pass(monkeypatch):
    shapes = _spy_on_yunet(monkeypatch, [np.array([[10, 20, 30, 40]])])
    assert faces._yunet(np.zeros((960, 1280), np.uint8)) == [Box(50, 100, 150, 200)]
    shapes = _spy_on_yunet(monkeypatch, [np.array([])])
    assert faces._yunet(np.zeros((200, 250), np.uint8)) == [] and shapes == [(200, 250, 3)]


@needs_data
@pytest.mark.parametrize("name", [pytest.param("yunet", marks=needs_yunet), pytest.param("mtcnn", marks=needs_mtcnn)])
def test_a_tilted_face_the_cascade_misses_is_found(name):
    gray = photo([(0, 200, 100, 240)])
    tilted = cv2.warpAffine(gray, cv2.getRotationMatrix2D((320, 220), 30, 1.0), (640, 480), borderValue=128)
    assert faces.detect_faces(tilted, detector="haar") == []
    assert len(faces.detect_faces(tilted, detector=name)) == 1


@needs_data
@needs_mtcnn
def test_mtcnn_finds_both_faces_when_asked_for():
    gray = photo([(1, 20, 40, 120), (0, 300, 100, 300)], size=(700, 480))
    detection = faces.find_faces(gray, margin=0.0, detector="mtcnn")
    assert detection.detector == "mtcnn" and detection.fallback is None
    assert len(detection.boxes) == 2
    assert overlap(detection.boxes[0], Box(300, 100, 300, 300)) > 0.4
    assert overlap(detection.boxes[1], Box(20, 40, 120, 120)) > 0.4


def _broken(error: Exception):
    def fail(*_args):
        raise error

    return fail


def _break(monkeypatch, name: str, stage: str, error: Exception) -> None:
    """Make detector ``name`` fail while loading (a missing package) or while detecting."""
    detect, load = faces._DETECTORS[name]
    broken = (detect, _broken(error)) if stage == "load" else (_broken(error), lambda: None)
    monkeypatch.setitem(faces._DETECTORS, name, broken)


def _stand_in(monkeypatch, name: str, box: Box) -> None:
    monkeypatch.setitem(faces._DETECTORS, name, (lambda _gray: [box], lambda: None))


@needs_data
@pytest.mark.parametrize("stage", ["load", "detect"])
def test_the_fallback_goes_yunet_mtcnn_haar_and_keeps_the_first_reason(monkeypatch, stage):
    gray = photo([(0, 200, 100, 240)])
    error = ImportError("No module named 'yuface'") if stage == "load" else RuntimeError("model failed")
    _break(monkeypatch, "yunet", stage, error)
    _stand_in(monkeypatch, "mtcnn", Box(200, 100, 240, 240))
    detection = faces.find_faces(gray, margin=0.0)
    assert detection == faces.Detection([Box(200, 100, 240, 240)], "mtcnn", f"yunet: {type(error).__name__}: {error}")
    _break(monkeypatch, "mtcnn", stage, RuntimeError("graph failed"))
    detection = faces.find_faces(gray, margin=0.0)
    assert detection.detector == "haar" and detection.fallback == f"yunet: {type(error).__name__}: {error}"
    assert len(detection.boxes) == 1 and overlap(detection.boxes[0], Box(200, 100, 240, 240)) > 0.5


def test_a_failing_chosen_detector_hands_over_to_the_first_of_the_others(monkeypatch):
    monkeypatch.setenv(faces.DETECTOR_ENV, "mtcnn")
    _break(monkeypatch, "mtcnn", "detect", RuntimeError("graph failed"))
    _stand_in(monkeypatch, "yunet", Box(1, 2, 30, 40))
    detection = faces.find_faces(np.zeros((480, 640), np.uint8), margin=0.0)
    assert detection == faces.Detection([Box(1, 2, 30, 40)], "yunet", "mtcnn: RuntimeError: graph failed")


@needs_data
def test_the_environment_can_choose_haar_and_an_unknown_name_falls_back(monkeypatch):
    gray = photo([(0, 200, 100, 240)])
    monkeypatch.setenv(faces.DETECTOR_ENV, "haar")
    assert faces.find_faces(gray) == faces.Detection(faces.detect_faces(gray, detector="haar"), "haar", None)
    monkeypatch.setenv(faces.DETECTOR_ENV, "yolo")
    unknown = faces.find_faces(gray)
    assert unknown.detector == faces.find_faces(gray, detector=faces.DETECTORS[0]).detector
    assert "yolo" in unknown.fallback and len(unknown.boxes) == 1
