"""What the stream, video and batch views share: the faces of one decoded frame with both scenarios'
predictions, and one table row per face.

Decoding goes through ``core.data.preprocessing.to_grayscale``, detection through ``core.data.faces``
and prediction through :func:`core.views.live.predict` (each Predictor preprocesses with the one
``preprocess`` function and its card's convention), so a frame is analysed exactly like an uploaded photo.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from core.classes import CLASSES
from core.data.faces import Box, crop, find_faces
from core.data.preprocessing import ImageLike, to_grayscale
from core.model.inference import Prediction, Predictor
from core.views import live


@dataclass
class FaceResult:
    """One face of a frame or photo: where it is, its crop and each scenario's prediction."""

    box: Box
    image: np.ndarray
    predictions: dict[str, Prediction]

    def agree(self, pair: Sequence[str]) -> bool | None:
        """Whether both scenarios of ``pair`` predict the same class (None unless both ran)."""
        if not all(s in self.predictions for s in pair):
            return None
        return len({self.predictions[s].label for s in pair}) == 1


def gray_frame(frame: ImageLike) -> np.ndarray:
    """A video frame or photo (RGB array, bytes) as 2-D uint8 grayscale, through the one decoding path."""
    return to_grayscale(frame)


def analyse_gray(
    gray: np.ndarray, predictors: Mapping[str, Predictor], *, max_faces: int = live.MAX_FACES
) -> list[FaceResult]:
    """Detect the faces of a grayscale frame (largest first, at most ``max_faces``) and predict each."""
    boxes = find_faces(gray).boxes[:max_faces]
    faces = [live.Face(crop(gray, box), box) for box in boxes]
    results = live.predict(faces, predictors) if faces else {}
    return [FaceResult(face.box, face.image, {s: results[s][i] for s in results}) for i, face in enumerate(faces)]


def face_row(face: FaceResult, pair: Sequence[str]) -> dict[str, object]:
    """A face as a flat record: box, then per scenario its class name, confidence and 7 probabilities."""
    box = face.box
    row: dict[str, object] = {"x": box.x, "y": box.y, "w": box.w, "h": box.h}
    for scenario in pair:
        prediction = face.predictions.get(scenario)
        row[f"{scenario}_label"] = CLASSES[prediction.label] if prediction else None
        row[f"{scenario}_confidence"] = prediction.confidence if prediction else np.nan
        for index, name in enumerate(CLASSES):
            row[f"{scenario}_p_{name}"] = float(prediction.probabilities[index]) if prediction else np.nan
    row["agree"] = face.agree(pair)
    return row


def probability_columns(scenario: str) -> list[str]:
    """The 7 probability columns of ``scenario`` in a :func:`face_row` table, in class order."""
    return [f"{scenario}_p_{name}" for name in CLASSES]
