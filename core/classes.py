"""The one place that knows the 7 FER-2013 classes, their order and their labels."""

from __future__ import annotations

CLASSES: tuple[str, ...] = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
"""Class names in FER-2013 label-id order (index = the `emotion` column of fer2013.csv)."""

LABELS: dict[str, tuple[str, ...]] = {
    "id": ("Marah", "Jijik", "Takut", "Senang", "Sedih", "Terkejut", "Netral"),
    "en": ("Angry", "Disgust", "Fear", "Happy", "Sad", "Surprise", "Neutral"),
}
"""Display labels per UI language, in the same order as CLASSES."""

NUM_CLASSES = len(CLASSES)


def label(index: int, lang: str = "id") -> str:
    """Display label of a class index in the given language ('id' or 'en')."""
    return LABELS[lang][index]


def labels(lang: str = "id") -> list[str]:
    """All display labels in class order."""
    return list(LABELS[lang])


def index_of(name: str) -> int:
    """Class index of a FER-2013 folder name such as 'happy'."""
    return CLASSES.index(name.lower())
