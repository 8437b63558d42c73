"""Live prediction without Streamlit: one uploaded image -> face crops -> both scenarios' predictions.

Split in two steps so the page can cache the expensive, model-free part (decoding a large photo and
detecting faces) and re-run only the fast model calls. Any decoding problem becomes an
``Analysis.error`` string instead of an exception, so one bad upload never stops the others.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core import paths
from core.classes import CLASSES
from core.data.faces import DEFAULT_MARGIN, Box, crop, draw_boxes, find_faces, is_face_crop
from core.data.preprocessing import ImageLike, ImageTooLarge, to_grayscale
from core.model.inference import Prediction, Predictor

MAX_FACES = 10
"""At most this many faces (the largest) are classified per image; the page says when there were more."""
DISPLAY_SIDE = 800


@dataclass
class Face:
    image: np.ndarray
    """2-D uint8 face crop, exactly what the models see before resizing."""
    box: Box | None
    """Where it was found; None when the whole image is the crop."""
    marked: bool = False
    """True for a box the user drew by hand."""
    done: str = field(default="none", kw_only=True)
    """The pixel step the face already went through (a stored bundled face: "equalize"; a photo: "none")."""


@dataclass
class Analysis:
    """The model-free part of one image: its faces, a display copy with boxes, or why it failed."""

    faces: list[Face] = field(default_factory=list)
    found: int = 0
    """Faces detected before the MAX_FACES cap."""
    size: tuple[int, int] = (0, 0)
    """(width, height) of the decoded image, after shrinking huge ones."""
    display: np.ndarray | None = None
    """RGB copy (at most DISPLAY_SIDE) with numbered boxes, None for a whole-image crop."""
    whole_image: bool = False
    """True when the whole image was classified as one face crop (tiny image, or asked for)."""
    detector: str | None = None
    """Which detector ran: "yunet", else the next of faces.DETECTORS that worked ("mtcnn", then "haar");
    None without detection."""
    fallback: str | None = None
    """Why the preferred detector did not run (the first failure), None when it did."""
    gray: np.ndarray | None = None
    """The decoded grayscale image, kept so that a face marked by hand is cut from the same pixels."""
    too_large: int | None = None
    """Pixel count of an image refused before decoding (more than preprocessing.MAX_PIXELS)."""
    error: str | None = None

    @property
    def truncated(self) -> bool:
        return self.found > len(self.faces)


def _reason(err: Exception) -> str:
    """The error's message without object reprs such as <_io.BytesIO object at 0x...>, for the UI."""
    return re.sub(r"\s*<[^>]*>", "", str(err)) or type(err).__name__


def analyse(
    source: ImageLike, whole_image: bool = False, max_faces: int = MAX_FACES, *, margin: float = DEFAULT_MARGIN
) -> Analysis:
    """Decode an image through core.data.preprocessing and cut out its faces (largest first)."""
    try:
        gray = to_grayscale(source)
    except ImageTooLarge as err:
        return Analysis(error=_reason(err), too_large=err.pixels)
    except (OSError, ValueError, MemoryError) as err:
        return Analysis(error=_reason(err))
    if gray.size == 0:
        return Analysis(error="the image has no pixels")
    size = (int(gray.shape[1]), int(gray.shape[0]))
    if whole_image or is_face_crop(gray):
        return Analysis(faces=[Face(gray, None)], found=1, size=size, whole_image=True)
    detection = find_faces(gray, margin=margin)
    kept = detection.boxes[:max_faces]
    return Analysis(
        faces=[Face(crop(gray, box), box) for box in kept],
        found=len(detection.boxes),
        size=size,
        display=draw_boxes(gray, kept, max_side=DISPLAY_SIDE),
        detector=detection.detector,
        fallback=detection.fallback,
        gray=gray,
    )


def marked_box(size: tuple[int, int], columns: tuple[float, float], rows: tuple[float, float]) -> Box:
    """A hand-drawn box from its left/right and top/bottom edges in percent of an image of ``size`` (w, h)."""
    width, height = size
    x0, x1 = (round(min(max(v, 0.0), 100.0) * width / 100) for v in sorted(columns))
    y0, y1 = (round(min(max(v, 0.0), 100.0) * height / 100) for v in sorted(rows))
    x0, y0 = min(x0, width - 1), min(y0, height - 1)
    return Box(x0, y0, max(x1 - x0, 1), max(y1 - y0, 1))


def marked_preview(analysis: Analysis, box: Box) -> np.ndarray:
    """The display copy with the detected boxes and the hand-marked one, numbered as they are classified."""
    return draw_boxes(analysis.gray, [*(face.box for face in analysis.faces), box], max_side=DISPLAY_SIDE)


def with_marked(analysis: Analysis, box: Box) -> list[Face]:
    """The detected faces plus the one marked by hand, cut from the same decoded image."""
    return [*analysis.faces, Face(crop(analysis.gray, box), box, marked=True)]


_POOL = ThreadPoolExecutor(max_workers=len(paths.SCENARIOS), thread_name_prefix="fer-predict")
"""The scenarios' model calls run side by side: TensorFlow releases the GIL, and one small batch
cannot keep both cores busy (measured: both models 28.2 ms one after the other, 24.2 ms together)."""


def _predict(predictor: Predictor, faces: list[Face]) -> list[Prediction]:
    """One batched call per pixel step the faces already went through (one image's faces share one)."""
    found: dict[int, Prediction] = {}
    for step in dict.fromkeys(face.done for face in faces):
        picked = [i for i, face in enumerate(faces) if face.done == step]
        found |= dict(zip(picked, predictor.predict([faces[i].image for i in picked], done=step), strict=True))
    return [found[i] for i in range(len(faces))]


def predict(faces: list[Face], predictors: Mapping[str, Predictor]) -> dict[str, list[Prediction]]:
    """Each scenario's prediction for every face, one batched model call per scenario, run concurrently;
    each face fed the way its model learned, skipping the pixel step it is ``done`` with."""
    running = {scenario: _POOL.submit(_predict, predictor, faces) for scenario, predictor in predictors.items()}
    return {scenario: future.result() for scenario, future in running.items()}


def agree(results: Mapping[str, list[Prediction]], index: int) -> bool | None:
    """Whether the two scenarios given (the assigned pair, whatever their report names) predict the same class
    for face ``index``; None unless exactly two ran."""
    if len(results) != 2:
        return None
    return len({predictions[index].label for predictions in results.values()}) == 1


def dataset_examples(per_class: int = 1, root: Path | None = None) -> list[tuple[Path, int]]:
    """A few PrivateTest files from the FER-2013 folders (when the stored test images are missing)."""
    folder = Path(root or paths.data_dir()) / "test"
    found = []
    for label, name in enumerate(CLASSES):
        files = sorted((folder / name).glob("PrivateTest_*")) if (folder / name).is_dir() else []
        found += [(file, label) for file in files[:per_class]]
    return found


def example_indices(labels: np.ndarray, per_class: int = 1) -> list[int]:
    """The first ``per_class`` samples of every class, in class order (deterministic)."""
    labels = np.asarray(labels)
    return [int(i) for label in range(len(CLASSES)) for i in np.flatnonzero(labels == label)[:per_class]]
