"""Photo batches without Streamlit: many photos or zips -> one row per face with both scenarios' results.

Every photo goes through :func:`core.views.live.analyse` (the one decoding and detection path of the
live page), so a file that is not an image, too large or unreadable becomes a :class:`Skipped` entry
with the reason and the rest of the batch goes on. Zips are read in memory with limits on the number
of files and their unpacked size (a zip bomb is refused, not unpacked).
"""

from __future__ import annotations

import base64
import io
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

import cv2
import numpy as np
import pandas as pd

from core.data.faces import Box
from core.model.inference import Predictor
from core.views import live
from core.views.media import FaceResult, face_row

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff")
MAX_FILES = 500
"""Photos per batch (zips included): about 2 minutes of work on this 2-core CPU."""
MAX_UNPACKED_MB = 500
THUMB_SIDE = 64
CHUNK = 16
"""Photos whose faces go to the models in one call (the progress bar moves by this many)."""


SKIP_KINDS = ("image", "too_large", "no_face", "zip", "zip_too_large", "too_many")
"""Why a file was skipped (the page words each one in the UI language; ``detail`` adds the library's cause)."""


@dataclass(frozen=True)
class Skipped:
    """A file of the batch that could not be used, and why (one of SKIP_KINDS)."""

    file: str
    kind: str
    detail: str = ""


@dataclass
class PhotoResult:
    file: str
    faces: list[FaceResult]


def _zip_members(name: str, data: bytes) -> tuple[list[tuple[str, bytes]], list[Skipped]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        return [], [Skipped(name, "zip", str(err))]
    images = [i for i in infos if _is_photo_name(i.filename)]
    if sum(i.file_size for i in images) > MAX_UNPACKED_MB * 2**20:
        return [], [Skipped(name, "zip_too_large")]
    items, skipped = [], []
    for info in images:
        label = f"{name}/{info.filename}"
        try:
            items.append((label, archive.read(info)))
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as err:
            skipped.append(Skipped(label, "zip", str(err)))
    return items, skipped


def _is_photo_name(member: str) -> bool:
    path = PurePosixPath(member)
    hidden = any(part.startswith(".") or part == "__MACOSX" for part in path.parts)
    return not hidden and path.suffix.lower() in IMAGE_SUFFIXES


def unpack(uploads: Sequence[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[Skipped]]:
    """The photos of a batch, zips opened (members named ``zip/member``), at most MAX_FILES; what was skipped."""
    items: list[tuple[str, bytes]] = []
    skipped: list[Skipped] = []
    for name, data in uploads:
        if name.lower().endswith(".zip"):
            found, bad = _zip_members(name, data)
            items += found
            skipped += bad
        else:
            items.append((name, data))
    skipped += [Skipped(name, "too_many") for name, _ in items[MAX_FILES:]]
    return items[:MAX_FILES], skipped


def analyse_batch(
    items: Sequence[tuple[str, bytes]], predictors: Mapping[str, Predictor], *, chunk: int = CHUNK
) -> Iterator[PhotoResult | Skipped]:
    """Each photo's faces with both scenarios' predictions, or why it was skipped, in upload order.

    Photos are decoded and searched one by one, then the faces of ``chunk`` photos go to each model in
    one call: a batched call costs far less per face than one call per photo."""
    for start in range(0, len(items), chunk):
        found: list[tuple[str, list[live.Face]] | Skipped] = []
        for name, data in items[start : start + chunk]:
            analysis = live.analyse(data)
            if analysis.error:
                found.append(Skipped(name, "too_large" if analysis.too_large else "image", analysis.error))
            elif not analysis.faces:
                found.append(Skipped(name, "no_face"))
            else:
                found.append((name, analysis.faces))
        faces = [face for entry in found if not isinstance(entry, Skipped) for face in entry[1]]
        results = live.predict(faces, predictors) if faces else {}
        offset = 0
        for entry in found:
            if isinstance(entry, Skipped):
                yield entry
                continue
            name, own = entry
            yield PhotoResult(name, [_result(face, results, offset + i) for i, face in enumerate(own)])
            offset += len(own)


def _result(face: live.Face, results: Mapping[str, list], index: int) -> FaceResult:
    box = face.box or _whole(face.image)
    return FaceResult(box, face.image, {scenario: results[scenario][index] for scenario in results})


def _whole(image: np.ndarray) -> Box:
    return Box(0, 0, int(image.shape[1]), int(image.shape[0]))


def thumbnail(image: np.ndarray, side: int = THUMB_SIDE) -> str:
    """A face crop as a small PNG data URL, for an image column of the table."""
    small = cv2.resize(image, (side, side), interpolation=cv2.INTER_AREA)
    return "data:image/png;base64," + base64.b64encode(cv2.imencode(".png", small)[1].tobytes()).decode()


def batch_table(photos: Sequence[PhotoResult], pair: Sequence[str]) -> pd.DataFrame:
    """One row per face: file, face number in the photo, box, both scenarios' labels and probabilities."""
    rows = [
        {"file": photo.file, "face": number, **face_row(face, pair)}
        for photo in photos
        for number, face in enumerate(photo.faces, start=1)
    ]
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=["file", "face", "x", "y", "w", "h", "agree"])


def thumbnails(photos: Sequence[PhotoResult]) -> list[str]:
    """The face thumbnails in :func:`batch_table` row order."""
    return [thumbnail(face.image) for photo in photos for face in photo.faces]


def filtered(
    table: pd.DataFrame, pair: Sequence[str], *, disagree_only: bool = False, below: float | None = None
) -> pd.DataFrame:
    """The rows where the scenarios disagree and/or where either scenario's confidence is below ``below``."""
    keep = pd.Series(True, index=table.index)
    if disagree_only:
        keep &= table["agree"].eq(False)
    if below is not None:
        keep &= table[[f"{s}_confidence" for s in pair]].min(axis=1) < below
    return table[keep]
