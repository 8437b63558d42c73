"""Carry FER-2013 to a GPU machine as one compact file, and lay it out again there.

    python -m tools.device_data pack --out .devdata/fer_train_public.npz
    python -m tools.device_data unpack .devdata/fer_train_public.npz --to /tmp/fer2013

The pack holds the original JPEG bytes of the Training and PublicTest files (about 60 MB,
nothing re-encoded), so the unpacked folder is byte-identical to ../shared/fer2013 for those
splits. PrivateTest stays behind: it is only ever evaluated here, never used to choose.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from core import paths

DEFAULT_SPLITS = ("Training", "PublicTest")


def pack(source: Path, out: Path, splits: tuple[str, ...] = DEFAULT_SPLITS) -> int:
    """Concatenate the files of ``splits`` (by name prefix) into one npz; returns the file count."""
    files = sorted(p for p in source.rglob("*.jpg") if p.name.split("_", 1)[0] in splits)
    blobs = [p.read_bytes() for p in files]
    offsets = np.cumsum([0] + [len(b) for b in blobs])
    names = np.array([str(p.relative_to(source)) for p in files], dtype=bytes)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, names=names, offsets=offsets, blob=np.frombuffer(b"".join(blobs), dtype=np.uint8))
    return len(files)


def unpack(packed: Path, target: Path) -> int:
    """Write the packed files back under ``target``; returns the file count."""
    with np.load(packed) as data:
        names, offsets, blob = data["names"], data["offsets"], data["blob"]
    for i, name in enumerate(names):
        path = target / name.decode()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(blob[offsets[i] : offsets[i + 1]].tobytes())
    return len(names)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.device_data", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pack", help="pack Training + PublicTest JPEGs into one npz")
    p.add_argument("--data", type=Path, default=None, help="FER-2013 folder (default: ../shared/fer2013)")
    p.add_argument("--out", type=Path, required=True)
    u = sub.add_parser("unpack", help="write a pack back as image folders")
    u.add_argument("packed", type=Path)
    u.add_argument("--to", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "pack":
        print(f"packed {pack(args.data or paths.data_dir(), args.out)} files into {args.out}")
    else:
        print(f"unpacked {unpack(args.packed, args.to)} files into {args.to}")


if __name__ == "__main__":
    main()
