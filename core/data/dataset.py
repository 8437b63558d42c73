"""Loading FER-2013 from image folders, the Kaggle CSV or a user's own folder, with a decode cache.

Three layouts are understood:

- the distributed image folders: ``<root>/{train,test}/<class>/{Training,PublicTest,PrivateTest}_<id>.jpg``;
  the split comes from the file-name prefix (the official protocol);
- Kaggle's ``fer2013.csv`` with columns ``emotion, pixels, Usage``;
- a user's ``<root>/<split>/<class>/*`` folder without prefixes: ``train`` is Training, a
  ``val``/``validation`` folder is PublicTest, and otherwise ``test`` is split 50/50 into
  PublicTest and PrivateTest, stratified and seeded (recorded in ``Dataset.notes``).

Decoded arrays are cached under :func:`core.paths.cache_dir`, keyed by a fingerprint of the
source's file names, sizes and times, so a second load takes about a second.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
from sklearn.model_selection import train_test_split
from tqdm import tqdm

from core import paths
from core.artifacts.reports import atomic_write_bytes
from core.classes import CLASSES, index_of
from core.data.preprocessing import detect_pixel_step, resize_gray, to_grayscale

SPLITS = ("Training", "PublicTest", "PrivateTest")
SPLIT_ALIASES = {"train": "Training", "public": "PublicTest", "val": "PublicTest", "private": "PrivateTest"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp"}
SIZE = 48
T = TypeVar("T")
CACHE_VERSION = 1


@dataclass
class Split:
    images: np.ndarray
    """(n, 48, 48) uint8 grayscale faces."""
    labels: np.ndarray
    """(n,) int64 class indices in core.classes order."""
    files: list[str]
    """Source name of each image (file name, or ``fer2013.csv:<row>``)."""
    pixel_step: str = "none"
    """The per-face step these faces already went through (core.data.preprocessing.detect_pixel_step): the
    bundled copy is ``equalize``; preprocessing does not apply a model's step twice."""

    def __len__(self) -> int:
        return len(self.labels)

    def head(self, limit: int | None, seed: int = 0) -> Split:
        """A stratified-looking random subset of at most ``limit`` images (for smoke runs)."""
        if limit is None or limit >= len(self):
            return self
        pick = np.sort(np.random.default_rng(seed).permutation(len(self))[:limit])
        return Split(self.images[pick], self.labels[pick], [self.files[i] for i in pick], self.pixel_step)


@dataclass
class Dataset:
    splits: dict[str, Split]
    source: str
    fingerprint: str
    """SHA-256 (first 16 hex) of the decoded images and labels: identifies the data a model saw."""
    notes: list[str] = field(default_factory=list)

    def split(self, name: str) -> Split:
        return self.splits[SPLIT_ALIASES.get(name, name)]


def resolve_split(name: str) -> str:
    """'private' -> 'PrivateTest' (also accepts the official names)."""
    full = SPLIT_ALIASES.get(name, name)
    if full not in SPLITS:
        raise ValueError(f"unknown split {name!r}: use one of {sorted(SPLIT_ALIASES)} or {list(SPLITS)}")
    return full


def _source_key(source: Path) -> str:
    """Cheap fingerprint of the source files (names, sizes, mtimes) for the decode cache."""
    digest = hashlib.sha256(f"v{CACHE_VERSION}:{source.resolve()}".encode())
    if source.is_file():
        stat = source.stat()
        digest.update(f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        return digest.hexdigest()[:20]
    entries = []
    for folder, _dirs, _files in os.walk(source):
        with os.scandir(folder) as scan:
            for entry in scan:
                if entry.is_file():
                    stat = entry.stat()
                    entries.append(f"{os.path.relpath(entry.path, source)}:{stat.st_size}:{stat.st_mtime_ns}")
    digest.update("\n".join(sorted(entries)).encode())
    return digest.hexdigest()[:20]


def _fingerprint(splits: dict[str, Split]) -> str:
    digest = hashlib.sha256()
    for name in SPLITS:
        if name in splits:
            digest.update(splits[name].images.tobytes())
            digest.update(splits[name].labels.tobytes())
    return digest.hexdigest()[:16]


class Cancelled(RuntimeError):
    """A long step was cancelled on request; what was done is kept (decoded images are not, they are cheap)."""


Cancel = Callable[[], bool]
CHECK_EVERY = 256


def _checked(items: Iterable[T], cancel: Cancel | None) -> Iterator[T]:
    """``items``, asking ``cancel`` every CHECK_EVERY of them."""
    for i, item in enumerate(items):
        if cancel is not None and i % CHECK_EVERY == 0 and cancel():
            raise Cancelled(f"cancelled while preparing the data ({i} images read)")
        yield item


def _decode_files(files: list[Path], desc: str, cancel: Cancel | None = None) -> np.ndarray:
    images = np.empty((len(files), SIZE, SIZE), dtype=np.uint8)
    for i, file in enumerate(_checked(tqdm(files, desc=desc, unit="img", leave=False), cancel)):
        images[i] = resize_gray(to_grayscale(file), (SIZE, SIZE))
    return images


def _class_folders(split_dir: Path) -> list[tuple[Path, int]]:
    found = []
    for folder in sorted(p for p in split_dir.iterdir() if p.is_dir()):
        if folder.name.lower() in CLASSES:
            found.append((folder, index_of(folder.name)))
    return found


def _load_folders(root: Path, seed: int, cancel: Cancel | None = None) -> tuple[dict[str, Split], list[str]]:
    entries: dict[str, list[tuple[Path, int]]] = {name: [] for name in SPLITS}
    unprefixed: dict[str, list[tuple[Path, int]]] = {}
    for split_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for folder, label in _class_folders(split_dir):
            for file in sorted(folder.iterdir()):
                if file.suffix.lower() not in IMAGE_SUFFIXES:
                    continue
                prefix = file.name.split("_", 1)[0]
                if prefix in SPLITS:
                    entries[prefix].append((file, label))
                else:
                    unprefixed.setdefault(split_dir.name.lower(), []).append((file, label))
    notes: list[str] = []
    for folder_name, items in unprefixed.items():
        if folder_name in ("train", "training"):
            entries["Training"] += items
        elif folder_name in ("val", "valid", "validation", "publictest"):
            entries["PublicTest"] += items
        elif folder_name in ("privatetest",):
            entries["PrivateTest"] += items
        elif folder_name == "test":
            labels = [label for _, label in items]
            counts = np.bincount(labels)
            stratify = labels if counts[counts > 0].min() >= 2 else None
            public, private = train_test_split(items, test_size=0.5, random_state=seed, stratify=stratify)
            entries["PublicTest"] += public
            entries["PrivateTest"] += private
            notes.append(
                f"{root}/test has no PublicTest/PrivateTest prefixes: split 50/50 "
                f"({'stratified' if stratify else 'unstratified'}, seed {seed}) into PublicTest and PrivateTest."
            )
    splits = {}
    for name, items in entries.items():
        if items:
            images = _decode_files([file for file, _ in items], f"decoding {name}", cancel)
            labels = np.array([label for _, label in items], dtype=np.int64)
            splits[name] = Split(images, labels, [file.name for file, _ in items])
    return splits, notes


def _load_csv(path: Path, cancel: Cancel | None = None) -> tuple[dict[str, Split], list[str]]:
    import pandas as pd

    frame = pd.read_csv(path, dtype={"emotion": np.int64, "pixels": str, "Usage": str})
    splits = {}
    for name in SPLITS:
        part = frame[frame["Usage"] == name]
        if part.empty:
            continue
        images = np.empty((len(part), SIZE, SIZE), dtype=np.uint8)
        rows = tqdm(part["pixels"], desc=f"parsing {name}", unit="img", leave=False)
        for i, pixels in enumerate(_checked(rows, cancel)):
            images[i] = np.array(pixels.split(), dtype=np.uint8).reshape(SIZE, SIZE)
        files = [f"{path.name}:{row}" for row in part.index]
        splits[name] = Split(images, part["emotion"].to_numpy(np.int64), files)
    return splits, []


def load_dataset(
    source: Path | str | None = None, seed: int = 0, use_cache: bool = True, *, cancel: Cancel | None = None
) -> Dataset:
    """Load FER-2013 from a folder or fer2013.csv (default: :func:`core.paths.data_dir`).

    Decoding takes minutes the first time: ``cancel`` is asked every few hundred images (raises Cancelled)."""
    source = Path(source) if source is not None else paths.data_dir()
    if not source.exists():
        raise FileNotFoundError(
            f"FER-2013 not found at {source}: pass --data <folder or fer2013.csv> or set FER_DATA_DIR."
        )
    cache_file = paths.cache_dir() / f"fer_{_source_key(source)}_s{seed}.npz"
    if use_cache and cache_file.exists():
        try:
            return _with_steps(_read_cache(cache_file, source))
        except (OSError, ValueError, KeyError):
            cache_file.unlink(missing_ok=True)
    splits, notes = _load_csv(source, cancel) if source.is_file() else _load_folders(source, seed, cancel)
    if "Training" not in splits:
        raise ValueError(f"{source} holds no training images (expected train/<class>/... or a Usage column).")
    dataset = Dataset(splits, str(source), _fingerprint(splits), notes)
    if use_cache:
        _write_cache(cache_file, dataset)
    return _with_steps(dataset)


def _with_steps(dataset: Dataset) -> Dataset:
    """Each split marked with the pixel step its faces visibly went through (measured, not cached)."""
    for split in dataset.splits.values():
        split.pixel_step = detect_pixel_step(split.images)
    return dataset


def _write_cache(path: Path, dataset: Dataset) -> None:
    arrays: dict[str, np.ndarray] = {"fingerprint": np.array(dataset.fingerprint), "notes": np.array(dataset.notes)}
    for name, split in dataset.splits.items():
        arrays[f"{name}_images"] = split.images
        arrays[f"{name}_labels"] = split.labels
        arrays[f"{name}_files"] = np.array(split.files)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    atomic_write_bytes(path, buffer.getvalue())


def _read_cache(path: Path, source: Path) -> Dataset:
    with np.load(path, allow_pickle=False) as data:
        splits = {
            name: Split(data[f"{name}_images"], data[f"{name}_labels"], data[f"{name}_files"].tolist())
            for name in SPLITS
            if f"{name}_images" in data
        }
        return Dataset(splits, str(source), str(data["fingerprint"]), data["notes"].tolist())


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--data`` option every command line that reads FER-2013 shares (same name, type, help)."""
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="FER-2013 image folder or fer2013.csv (default: FER_DATA_DIR or ../shared/fer2013)",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m core.data",
        description="Decode FER-2013 once into the cache and print the split sizes per class.",
    )
    add_data_argument(parser)
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of the PublicTest/PrivateTest split for unprefixed folders"
    )
    parser.add_argument("--no-cache", action="store_true", help="decode again even if a cache exists")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    dataset = load_dataset(args.data, args.seed, use_cache=not args.no_cache)
    print(f"loaded {dataset.source} in {time.perf_counter() - start:.2f} s, fingerprint {dataset.fingerprint}")
    for note in dataset.notes:
        print("note:", note)
    print(f"{'class':10s}" + "".join(f"{name:>13s}" for name in dataset.splits))
    for i, name in enumerate(CLASSES):
        print(f"{name:10s}" + "".join(f"{int((s.labels == i).sum()):13d}" for s in dataset.splits.values()))
