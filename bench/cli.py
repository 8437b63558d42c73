"""``python -m bench``: run the parts, write reports/bench.json, print the ratio table.

    python -m bench                          # everything (about 20 minutes on 2 quiet cores)
    python -m bench --quick                  # few repeats and small batches (a smoke run, not for quoting)
    python -m bench --only face,runtimes     # some parts (see PARTS)
    python -m bench --only media --out reports/bench_media.json   # issue 25: stream, video, photo batch
    python -m bench --models-dir other/      # other .keras files (e.g. stand-ins while training runs)

Every figure is set next to a reference measured in the same run, and every target is a bound on
that ratio, so a loaded machine slows both sides alike. Parts that need something absent (models,
reports, FER-2013, Chromium, a runtime package) are skipped with a note saying what to run.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bench.context import FULL, QUICK, Bench, missing_models_note
from bench.machine import load_average, machine_info
from bench.parts.data import bench_dataset, bench_reports, worker_reads
from bench.parts.face import bench_batch, bench_face, bench_gradcam
from bench.parts.load import bench_load, worker_cold
from bench.parts.media import bench_media
from bench.parts.pages import bench_pages
from bench.parts.runtimes import bench_runtimes, worker_memory
from bench.parts.speedups import bench_speedups, worker_setting
from bench.parts.user_model import bench_user_model
from core import paths
from core.artifacts.bench import bench_path, format_table, project_path, write_bench

RUNNERS: dict[str, Callable[[Bench], None]] = {
    "load": bench_load,
    "face": bench_face,
    "gradcam": bench_gradcam,
    "runtimes": bench_runtimes,
    "batch": bench_batch,
    "user": bench_user_model,
    "dataset": bench_dataset,
    "reports": bench_reports,
    "pages": bench_pages,
    "speedups": bench_speedups,
    "media": bench_media,
}
PARTS = tuple(RUNNERS)
"""In run order: runtimes before batch, whose reference is the fastest runtime's batch call."""
NEEDS_MODELS = {"load", "face", "gradcam", "runtimes", "batch", "speedups", "media"}
NEEDS_DATA = NEEDS_MODELS | {"user", "dataset"}
"""Parts that read FER-2013 (a real face for the single-image figures, splits for the batch ones)."""
GROUPS = {
    "figures": "",
    "runtimes": "Runtimes (forward pass) against the compiled TensorFlow Predictor",
    "speedups": "Other experiments",
}


def run(bench: Bench, parts: Sequence[str]) -> dict[str, Any]:
    """Run the chosen parts (progress on stderr) and return the bench.json content."""
    machine = machine_info()
    for part in tqdm(parts, desc="benchmark", unit="part"):
        if part in NEEDS_MODELS and bench.missing_models():
            bench.skip(part, missing_models_note(bench))
            continue
        if part in NEEDS_DATA and not bench.data.exists():
            bench.skip(part, f"FER-2013 not found at {project_path(bench.data)} (pass --data)")
            continue
        try:
            RUNNERS[part](bench)
        except Exception as err:  # one failing part (a browser timeout, a child crash) must not lose the others
            bench.skip(part, f"failed: {type(err).__name__}: {str(err)[:500]}")
    machine["load_average_end"] = load_average()
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "settings": {
            "quick": bench.plan == QUICK,
            "plan": vars(bench.plan),
            "parts": list(parts),
            "models_dir": project_path(bench.models_dir),
            "data": project_path(bench.data),
            "reports_dir": project_path(paths.reports_dir()),
        },
        "figures": [f.to_dict() for f in bench.figures],
        "notes": bench.notes,
    }


def _parts(text: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in PARTS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown part(s) {unknown}: choose from {', '.join(PARTS)}")
    return chosen


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark model loading, live prediction, runtimes, Grad-CAM, batch evaluation, a 224x224 user "
        "model, dataset decoding and page first paint; write reports/bench.json and print the ratio table.",
    )
    parser.add_argument("--quick", action="store_true", help="few repeats and small batches (smoke run)")
    parser.add_argument("--only", type=_parts, default=list(PARTS), help=f"comma-separated parts: {','.join(PARTS)}")
    parser.add_argument("--models-dir", type=Path, default=None, help="folder with baseline.keras and optimized.keras")
    parser.add_argument("--data", type=Path, default=None, help="FER-2013 folder or fer2013.csv")
    parser.add_argument("--out", type=Path, default=None, help="result file (default: reports/bench.json)")
    parser.add_argument(
        "--agreement-images",
        type=int,
        default=None,
        help="PrivateTest images for runtime agreement (default: all 3,589)",
    )
    parser.add_argument("--worker", choices=("cold", "setting", "reads", "memory"), help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--runtime", help=argparse.SUPPRESS)
    return parser


def print_result(result: dict[str, Any], out: Path) -> None:
    for group, title in GROUPS.items():
        if any(f["group"] == group for f in result["figures"]):
            print(("\n" + title + "\n" if title else "") + format_table(result["figures"], group))
    for note in result["notes"]:
        print("note:", note)
    print(f"\nwritten to {project_path(out)}")


def _worker(bench: Bench, args: argparse.Namespace) -> dict[str, Any]:
    """A child process's part (the parent reads the JSON line it prints)."""
    if args.worker == "setting":
        return worker_setting(bench, args.worker_out)
    if args.worker == "memory":
        return worker_memory(bench, args.worker_out, args.runtime)
    return {"cold": worker_cold, "reads": worker_reads}[args.worker](bench)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = _parser().parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.agreement_images:
        plan = type(plan)(**{**vars(plan), "agreement_images": args.agreement_images})
    bench = Bench(plan, args.models_dir or paths.models_dir(), args.data or paths.data_dir())
    if args.worker:
        result = _worker(bench, args)
        print(json.dumps(result))
        return result
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    result = run(bench, args.only)
    out = write_bench(args.out or bench_path(), result)
    print_result(result, out)
    return result
