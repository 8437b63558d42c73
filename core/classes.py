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


ALIASES: dict[str, str] = {
    **{name: name for name in CLASSES},
    **{label.lower(): CLASSES[i] for lang in LABELS for i, label in enumerate(LABELS[lang])},
    "anger": "angry",
    "disgusted": "disgust",
    "fearful": "fear",
    "afraid": "fear",
    "scared": "fear",
    "happiness": "happy",
    "joy": "happy",
    "sadness": "sad",
    "surprised": "surprise",
    "neutrality": "neutral",
    "jijik": "disgust",
    "ketakutan": "fear",
    "bahagia": "happy",
    "gembira": "happy",
    "kaget": "surprise",
}
"""Folder names of other labelled sets (English, Bahasa Indonesia, FER+, AffectNet, RAF-DB, CK+ spellings)
mapped to a class in CLASSES (any other folder, e.g. ``contempt``, is skipped and counted); compared
lower-case, with a leading ``<digits>_``/``<digits>-`` id dropped."""


def class_of_folder(name: str) -> int | None:
    """Class index of another set's class folder name ('Sadness', 'sedih', '4_sad'); None when not one of the 7."""
    key = name.strip().lower().replace(" ", "_")
    head, sep, tail = key.partition("_") if "_" in key else key.partition("-")
    if sep and head.isdigit() and tail:
        key = tail
    found = ALIASES.get(key)
    return None if found is None else CLASSES.index(found)
