"""Build a labelled folder of photos for ``python -m core.evaluate --test-set <folder>`` from offline faces.

    python -m tools.folder_testset /tmp/fer_photos [--side 192]

No labelled photos of expressions ship with the project (the face-detector set in
docs/face_detection.md has boxes, not expressions), so this writes the *original* (un-equalized)
pixels of the PrivateTest faces in ../shared/fer2013/fer2013_test_raw.csv.gz as upscaled PNG photos
(bicubic, ``--side`` px, so the folder evaluation has to detect the face) into class folders spelled
the way other sets spell them: Marah, takut, happiness, sadness, Terkejut, netral. Disgust is left
out (an absent class); faces whose FER+ plurality is contempt go to ``contempt/`` (a class FER-2013
lacks, skipped and counted). It is FER-2013 in another wrapping, not a new population of faces.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from core import paths
from core.evaluate.ferplus import VOTE_COLUMNS, load_votes

FOLDERS = {0: "Marah", 2: "takut", 3: "happiness", 4: "sadness", 5: "Terkejut", 6: "netral"}
"""FER-2013 label id -> folder name; 1 (disgust) has no folder."""


def build(out: Path, *, side: int = 192) -> dict[str, int]:
    """Write the photos; returns the count per folder."""
    frame = pd.read_csv(paths.data_dir() / "fer2013_test_raw.csv.gz")
    frame = frame[frame["Usage"] == "PrivateTest"]
    votes = load_votes(paths.ferplus_votes_path()).reindex(frame["file"])
    top = np.array(VOTE_COLUMNS)[np.nan_to_num(votes[list(VOTE_COLUMNS)].to_numpy(float), nan=-1).argmax(axis=1)]
    contempt = (top == "contempt") & (votes["match_corr"].to_numpy() >= 0.95)
    counts: dict[str, int] = {}
    for (_, row), is_contempt in zip(frame.iterrows(), contempt, strict=True):
        folder = "contempt" if is_contempt else FOLDERS.get(int(row["emotion"]))
        if folder is None:
            continue
        face = np.array(row["pixels"].split(), dtype=np.uint8).reshape(48, 48)
        target = out / folder / f"{Path(row['file']).stem}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(face).resize((side, side), Image.Resampling.BICUBIC).save(target)
        counts[folder] = counts.get(folder, 0) + 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.folder_testset", description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (class folders inside)")
    parser.add_argument("--side", type=int, default=192, help="photo side in pixels (default: %(default)s)")
    args = parser.parse_args()
    print(build(args.out, side=args.side))


if __name__ == "__main__":
    main()
