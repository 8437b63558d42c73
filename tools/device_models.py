"""Bring both trained models back from a GPU machine within its 64 MiB return limit.

    python -m tools.device_models pack --out $OUT             # on the GPU machine: the chosen pair
    python -m tools.device_models pack --out $OUT --model no_se=/tmp/work/no_se/optimized.keras
    python -m tools.device_models unpack /work/.device/N --models-dir models --runs runs.tar.gz

Two float32 VGG16 models are about 120 MB. The pack holds each model's architecture (its Keras
config) and its weights, large arrays in float16, and stores the frozen layers the two models
share (blocks 1-3, identical by construction) once: about 55 MB, in parts of 15 MiB. ``unpack``
rebuilds float32 .keras files; the rounding is recorded in the model cards (see README).
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
from pathlib import Path

import numpy as np

HALF_FROM = 65_536
"""Arrays with at least this many values travel as float16 (conv and dense kernels)."""
PART_BYTES = 15 * 2**20


def pack(models: dict[str, Path], out: Path) -> list[Path]:
    """Write ``models.npz.part_*`` into ``out``: configs, then weights by (model, layer, index)."""
    import keras

    from core.model.architectures import load_model

    arrays: dict[str, np.ndarray] = {}
    shared: dict[str, np.ndarray] = {}
    for name, path in models.items():
        model = load_model(path)
        arrays[f"{name}|config"] = np.array(json.dumps(keras.saving.serialize_keras_object(model)))
        for layer in model.layers:
            for i, value in enumerate(layer.get_weights()):
                key = f"{layer.name}|{i}"
                if key in shared and np.array_equal(shared[key], value):
                    continue
                shared.setdefault(key, value)
                arrays[f"{name}|{key}"] = value.astype(np.float16) if value.size >= HALF_FROM else value
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    data = buffer.getvalue()
    out.mkdir(parents=True, exist_ok=True)
    parts = []
    for start in range(0, len(data), PART_BYTES):
        parts.append(out / f"models.npz.part_{start // PART_BYTES:02d}")
        parts[-1].write_bytes(data[start : start + PART_BYTES])
    return parts


def unpack(folder: Path, models_dir: Path) -> dict[str, Path]:
    """Rebuild each packed model as float32 and save it as ``models_dir/<name>.keras``."""
    import keras

    from core.model import architectures  # noqa: F401  (registers the SqueezeExcite layer)

    data = b"".join(p.read_bytes() for p in sorted(folder.glob("models.npz.part_*")))
    arrays = dict(np.load(io.BytesIO(data)))
    names = [key.split("|")[0] for key in arrays if key.endswith("|config")]
    written = {}
    models_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        model = keras.saving.deserialize_keras_object(json.loads(str(arrays[f"{name}|config"])))
        for layer in model.layers:
            values = []
            for i in range(len(layer.weights)):
                own = f"{name}|{layer.name}|{i}"
                found = own if own in arrays else next(k for k in arrays if k.endswith(f"|{layer.name}|{i}"))
                values.append(arrays[found].astype(np.float32))
            if values:
                layer.set_weights(values)
        written[name] = models_dir / f"{name}.keras"
        model.save(written[name])
    return written


def install_runs(runs: Path, models_dir: Path, device: str, *, names: list[str]) -> None:
    """Copy the cards and histories of the rebuilt models from ``runs.tar.gz`` beside them.

    ``baseline`` and ``optimized`` are the pair tools/device_select.py chose (its ``selected.json``
    names the setting); any other name is a run folder (an ablation variant or a seed). Each card
    gains ``transport`` (how the weights travelled); the pair's scenario-2 card gains ``selection``
    (every run with its PublicTest accuracy). A rotation backbone's description goes to
    ``models/backbone/rotation.json``.
    """
    import tarfile
    import tempfile

    from core.artifacts.reports import atomic_write_json

    with tempfile.TemporaryDirectory() as tmp, tarfile.open(runs) as archive:
        archive.extractall(tmp, filter="data")
        work = Path(tmp)
        selected = json.loads((work / "selected.json").read_text())
        for name in names:
            pair = name in ("baseline", "optimized")
            run = work / (f"{selected['setting']}_{name}" if pair else name)
            scenario = "baseline" if (run / "baseline.json").exists() else "optimized"
            card = json.loads((run / f"{scenario}.json").read_text())
            card["transport"] = (
                f"trained on {device} with Keras' JAX backend; weights carried back as float16 "
                "(tools.device_models) and rebuilt as float32 here"
            )
            if name == "optimized":
                card["selection"] = {"chosen": run.name, "by": selected["by"], "runs": selected["runs"]}
            atomic_write_json(models_dir / f"{name}.json", card)
            shutil.copy(run / f"{scenario}.history.csv", models_dir / f"{name}.history.csv")
        if (work / "backbone" / "rotation.json").exists():
            (models_dir / "backbone").mkdir(exist_ok=True)
            shutil.copy(work / "backbone" / "rotation.json", models_dir / "backbone" / "rotation.json")


def parse_models(pairs: list[str] | None, source: Path) -> dict[str, Path]:
    """``NAME=PATH`` pairs, or baseline and optimized from ``source``."""
    if not pairs:
        return {name: source / f"{name}.keras" for name in ("baseline", "optimized")}
    return {name: Path(path) for name, path in (pair.split("=", 1) for pair in pairs)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.device_models", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pack", help="pack models (default: baseline.keras and optimized.keras from --from) into parts")
    p.add_argument("--from", dest="source", type=Path, default=Path("/tmp/final"))
    p.add_argument("--model", action="append", metavar="NAME=PATH", help="pack this model under NAME (repeatable)")
    p.add_argument("--out", type=Path, required=True)
    u = sub.add_parser("unpack", help="rebuild the .keras files from the parts in a folder")
    u.add_argument("folder", type=Path)
    u.add_argument("--models-dir", type=Path, required=True)
    u.add_argument("--runs", type=Path, default=None, help="runs.tar.gz from tools/device_train.sh (cards, histories)")
    u.add_argument("--device", default="a lent GPU", help="the machine that trained them, for the cards")
    args = parser.parse_args(argv)
    if args.command == "pack":
        for part in pack(parse_models(args.model, args.source), args.out):
            print(part, part.stat().st_size)
    else:
        written = unpack(args.folder, args.models_dir)
        for name, path in written.items():
            print(f"rebuilt {name} -> {path}")
        if args.runs:
            install_runs(args.runs, args.models_dir, args.device, names=list(written))


if __name__ == "__main__":
    main()
