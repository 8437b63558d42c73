"""A second labelled test set: a Kaggle-format CSV or a user's folder of labelled photos.

- CSV: Kaggle's ``fer2013.csv`` or a test-only file in its format (``emotion, pixels[, Usage][, file]``,
  ``.csv`` or ``.csv.gz``). ``usage`` keeps one Usage value (default PrivateTest when the column has
  it, else every row); no Training rows are needed. A ``file`` column (the bundled copy's path, as in
  ``fer2013_test_raw.csv.gz``) names each face, so FER+ votes join on it.
- Folder: ``<root>/<class>/*`` (or ``<root>/test/<class>/*``), photos of any size and format. Class
  folder names are mapped by core.classes.class_of_folder (English, Bahasa Indonesia, dataset
  spellings); other folders (``contempt``) are skipped and counted. Photos larger than a face crop go
  through the live page's detector (core.data.faces) and the largest face is kept; photos without a
  face are counted and left out.

Faces are stored as 48x48 grayscale like FER-2013; the model's input comes later from the one
preprocessing function (core.data.preprocessing.preprocess), as for every other path.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from core.classes import CLASSES, NUM_CLASSES, class_of_folder
from core.data.dataset import IMAGE_SUFFIXES, SIZE
from core.data.preprocessing import ImageError, resize_gray, to_grayscale

FACE_MODES = ("auto", "detect", "crops")
"""auto: photos larger than a face crop are searched for a face, small ones taken whole; detect: every
photo is searched; crops: every photo is taken whole (already cut to the face)."""
TEST_FOLDERS = ("test", "testing", "privatetest", "publictest", "val", "validation")


@dataclass
class LabelledSet:
    """Faces, labels and names of a test set, with what was left out of it and why."""

    set_id: str
    name: str
    kind: str
    """'csv' or 'folder'."""
    images: np.ndarray
    labels: np.ndarray
    files: list[str]
    skipped_classes: dict[str, int] = field(default_factory=dict)
    """Class folders that are not one of the 7 (e.g. contempt): images in each, not evaluated."""
    dropped: dict[str, int] = field(default_factory=dict)
    """Images left out of mapped classes: 'no_face', 'unreadable'."""
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def absent_classes(self) -> list[str]:
        """Classes with no image in this set: their recall and F1 are undefined, not zero."""
        counts = np.bincount(self.labels, minlength=NUM_CLASSES)
        return [CLASSES[i] for i in range(NUM_CLASSES) if counts[i] == 0]


def set_id_of(name: str) -> str:
    """A folder-safe id for a set name: lower-case letters, digits, '-' and '_' only."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-_")[:64]
    if not slug or slug == "private":
        raise ValueError(f"{name!r} gives no usable set id: pass --set-name with letters or digits (not 'private').")
    return slug


def _csv_stem(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".csv"):
        name = name.removesuffix(suffix)
    return name


def load_csv_set(path: Path, usage: str | None = None, *, set_name: str | None = None) -> LabelledSet:
    """The rows of a Kaggle-format CSV with Usage ``usage`` (default PrivateTest when present, else all rows)."""
    import pandas as pd

    path = Path(path)
    frame = pd.read_csv(path, dtype={"pixels": str, "Usage": str, "file": str})
    missing = {"emotion", "pixels"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path} lacks the column(s) {sorted(missing)}: expected Kaggle's emotion, pixels[, Usage].")
    if "Usage" in frame.columns:
        found = sorted(frame["Usage"].dropna().unique())
        usage = usage or ("PrivateTest" if "PrivateTest" in found else None)
        if usage is not None and usage not in found:
            raise ValueError(f"{path} has no Usage {usage!r} rows: it has {', '.join(found)}.")
        if usage is not None:
            frame = frame[frame["Usage"] == usage]
    elif usage is not None:
        raise ValueError(f"{path} has no Usage column: leave out --usage to evaluate every row.")
    images = np.empty((len(frame), SIZE, SIZE), dtype=np.uint8)
    for i, pixels in enumerate(tqdm(frame["pixels"], desc=f"parsing {path.name}", unit="img", leave=False)):
        images[i] = np.array(pixels.split(), dtype=np.uint8).reshape(SIZE, SIZE)
    files = frame["file"].tolist() if "file" in frame.columns else [f"{path.name}:{row}" for row in frame.index]
    name = set_name or (f"{_csv_stem(path)}-{usage}" if usage else _csv_stem(path))
    labels = frame["emotion"].to_numpy(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= NUM_CLASSES):
        raise ValueError(f"{path}: emotion must lie in 0..{NUM_CLASSES - 1} (Kaggle's label ids).")
    return LabelledSet(set_id_of(name), name, "csv", images, labels, files)


def _class_folders(root: Path) -> tuple[list[tuple[Path, int]], dict[str, int]]:
    """Mapped class folders directly under ``root`` and the image count of every other folder."""
    mapped, skipped = [], {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        index = class_of_folder(folder.name)
        if index is None:
            skipped[folder.name] = sum(1 for f in folder.rglob("*") if f.suffix.lower() in IMAGE_SUFFIXES)
        else:
            mapped.append((folder, index))
    return mapped, skipped


def _set_root(root: Path) -> Path:
    """``root`` when it holds class folders, else its test folder (a set with train/ and test/)."""
    mapped, _ = _class_folders(root)
    if mapped:
        return root
    for name in TEST_FOLDERS:
        for child in root.iterdir():
            if child.is_dir() and child.name.lower() == name and _class_folders(child)[0]:
                return child
    raise ValueError(
        f"{root} holds no class folder named after an expression (e.g. angry/ marah/ happiness/ sedih/), "
        f"neither directly nor under test/: found {sorted(p.name for p in root.iterdir() if p.is_dir())}."
    )


def face_of(gray: np.ndarray, mode: str = "auto", *, detector: str | None = None) -> np.ndarray | None:
    """The face to evaluate in a decoded photo (48x48), or None when a search finds none."""
    from core.data import faces

    if mode not in FACE_MODES:
        raise ValueError(f"unknown face mode {mode!r}: one of {', '.join(FACE_MODES)}")
    if mode == "crops" or (mode == "auto" and faces.is_face_crop(gray)):
        return resize_gray(gray, (SIZE, SIZE))
    boxes = faces.detect_faces(gray, detector=detector)
    return resize_gray(faces.crop(gray, boxes[0]), (SIZE, SIZE)) if boxes else None


def load_folder_set(
    root: Path, *, faces: str = "auto", detector: str | None = None, set_name: str | None = None
) -> LabelledSet:
    """Every photo in the class folders of ``root``, one face each (see the module docstring)."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder: pass a folder of class folders or a .csv file.")
    base = _set_root(root)
    mapped, skipped = _class_folders(base)
    items = [
        (file, index)
        for folder, index in mapped
        for file in sorted(folder.rglob("*"))
        if file.is_file() and file.suffix.lower() in IMAGE_SUFFIXES
    ]
    images, labels, files, dropped = [], [], [], Counter()
    for file, index in tqdm(items, desc=f"faces in {base.name}", unit="img", leave=False):
        try:
            face = face_of(to_grayscale(file), faces, detector=detector)
        except ImageError:
            dropped["unreadable"] += 1
            continue
        if face is None:
            dropped["no_face"] += 1
            continue
        images.append(face)
        labels.append(index)
        files.append(file.relative_to(base).as_posix())
    if not images:
        raise ValueError(f"no face found in the {len(items)} images under {base}: try --faces crops.")
    name = set_name or root.name
    stacked = np.stack(images).astype(np.uint8)
    return LabelledSet(
        set_id_of(name), name, "folder", stacked, np.array(labels, np.int64), files, skipped, dict(dropped)
    )


def load_test_set(
    source: Path,
    *,
    usage: str | None = None,
    faces: str = "auto",
    detector: str | None = None,
    set_name: str | None = None,
) -> LabelledSet:
    """A CSV file or a folder, whichever ``source`` is."""
    source = Path(source)
    if not source.exists():
        raise FileNotFoundError(f"{source} not found: pass a Kaggle-format .csv/.csv.gz or a folder of class folders.")
    if source.is_file():
        return load_csv_set(source, usage, set_name=set_name)
    return load_folder_set(source, faces=faces, detector=detector, set_name=set_name)
