"""The benchmark behind the "About & performance" page: how fast the dashboard and the pipeline are here.

    python -m bench                          # everything, writes reports/bench.json, prints the table
    python -m bench --quick                  # few repeats and small batches (a smoke run, not for quoting)
    python -m bench --only face,gradcam      # some parts: load face gradcam batch dataset reports pages speedups
    python -m bench --models-dir other/      # other .keras files (e.g. stand-ins while training runs)

Every figure is measured with repeated runs (median and 95th percentile) and set next to a
reference measured in the same run: the raw ``model(x, training=False)`` call on the same tensors
for single faces and Grad-CAM, plain ``model.predict`` on the same preprocessed array for batch
inference. "warm" means the process has already loaded and used the models; "cold" means a new
process (or a new Streamlit server) doing it for the first time. Page timings drive a real
``streamlit run`` server with headless Chromium and stop when Streamlit has finished the run and
the page title is visible.

Parts that need something absent (models, reports, FER-2013, Chromium, core.explain.gradcam) are skipped
with a note saying what to run. The speed-up experiments (tf.function vs ``model.predict``,
warming at load, oneDNN on/off, ONNX Runtime when ``onnxruntime`` and ``tf2onnx`` are installed)
are reported beside the targets. Nothing here imports Streamlit; the Streamlit-side figures run
in child processes.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import math
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from core import paths
from core.artifacts.reports import ReportError, atomic_write_json

SCHEMA_VERSION = 1
PARTS = ("load", "face", "gradcam", "batch", "dataset", "reports", "pages", "speedups")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
FACE_FILE = Path("test") / "happy" / "PrivateTest_10077120.jpg"
"""A real PrivateTest face that OpenCV's frontal cascade finds when pasted into a photo at 120-300 px."""
PHOTO_SIZE = (640, 480)
LIBRARIES = (
    "tensorflow-cpu",
    "tensorflow",
    "keras",
    "numpy",
    "pandas",
    "scikit-learn",
    "pillow",
    "opencv-python-headless",
    "streamlit",
    "plotly",
    "playwright",
    "onnxruntime",
    "tf2onnx",
)
CPU_FLAGS = ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_tile")
BENCH_HINT = "run `python -m bench` to create it"


class BenchError(ReportError):
    """bench.json is missing, damaged or from another schema; the message says what to run."""


# -- statistics and figures ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    median: float
    p95: float
    n: int


def summarise(values: Sequence[float]) -> Stats:
    """Median and 95th percentile (linear interpolation) of repeated measurements."""
    array = np.asarray(values, dtype=np.float64)
    if array.size == 0 or not np.all(np.isfinite(array)):
        raise ValueError("need at least one finite measurement")
    return Stats(float(np.median(array)), float(np.percentile(array, 95)), int(array.size))


def scaled(times_s: Sequence[float], unit: str, count: int | None = None) -> Stats:
    """Timings in seconds as the figure's unit; for images/s the p95 is the slow tail (images / p95 time)."""
    stats = summarise(times_s)
    if unit == "images/s":
        if not count:
            raise ValueError("images/s needs the number of images per run")
        return Stats(count / stats.median, count / stats.p95, stats.n)
    factor = {"ms": 1000.0, "s": 1.0}[unit]
    return Stats(stats.median * factor, stats.p95 * factor, stats.n)


@dataclass(frozen=True)
class Target:
    """What a figure must reach: its median or its ratio to the reference, against a bound."""

    on: str
    op: str
    value: float

    def met(self, figure: Figure) -> bool | None:
        measured = figure.median if self.on == "median" else figure.ratio
        if measured is None:
            return None
        return measured <= self.value if self.op == "<=" else measured >= self.value

    def text(self, unit: str) -> str:
        bound = f"{self.value:g} {unit}" if self.on == "median" else f"{self.value:g}x"
        return f"{self.on} {'≤' if self.op == '<=' else '≥'} {bound}"


TARGETS = {
    "face_warm": Target("median", "<=", 60.0),
    "gradcam_warm": Target("median", "<=", 400.0),
    "paint_home_warm": Target("median", "<=", 1.5),
    "paint_metrics_warm": Target("median", "<=", 1.5),
    "batch_warm": Target("ratio", ">=", 0.9),
}
"""The issue's targets on a 2-core CPU, all warm."""


@dataclass
class Reference:
    label: str
    median: float
    p95: float


@dataclass
class Figure:
    """One measured figure, its reference from the same run, and its target if it has one."""

    key: str
    label: str
    condition: str
    """'warm' or 'cold'."""
    unit: str
    """'ms', 's' or 'images/s'."""
    median: float
    p95: float
    n: int
    group: str = "figures"
    """'figures' (what the issue asks for) or 'speedups' (the experiments)."""
    reference: Reference | None = None
    checks: dict[str, bool] = field(default_factory=dict)
    """Extra conditions the figure must meet to pass, e.g. {'TensorFlow not imported': True}."""
    note: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    """The numbers in the label (image counts, sizes), so the page can translate it."""

    @property
    def target(self) -> Target | None:
        return TARGETS.get(self.key)

    @property
    def ratio(self) -> float | None:
        """Figure / reference (overhead for times, relative throughput for images/s)."""
        if self.reference is None or self.reference.median == 0:
            return None
        return self.median / self.reference.median

    @property
    def passed(self) -> bool | None:
        met = self.target.met(self) if self.target else None
        if met is None:
            return None
        return met and all(self.checks.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "condition": self.condition,
            "unit": self.unit,
            "median": self.median,
            "p95": self.p95,
            "n": self.n,
            "group": self.group,
            "reference": None if self.reference is None else vars(self.reference),
            "ratio": self.ratio,
            "target": None if self.target is None else {**vars(self.target), "text": self.target.text(self.unit)},
            "checks": self.checks,
            "passed": self.passed,
            "note": self.note,
            "params": self.params,
        }


def figure(
    key: str,
    label: str,
    condition: str,
    unit: str,
    times_s: Sequence[float],
    reference: tuple[str, Sequence[float]] | None = None,
    count: int | None = None,
    **extra: Any,
) -> Figure:
    """A figure from raw timings in seconds, with its reference's timings (same unit and count)."""
    stats = scaled(times_s, unit, count)
    ref = None
    if reference is not None:
        ref_stats = scaled(reference[1], unit, count)
        ref = Reference(reference[0], ref_stats.median, ref_stats.p95)
    return Figure(key, label, condition, unit, stats.median, stats.p95, stats.n, reference=ref, **extra)


def time_runs(fn: Callable[[], Any], repeats: int, warmup: int = 1, desc: str = "") -> list[float]:
    """Wall times (s) of ``repeats`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in tqdm(range(repeats), desc=desc, unit="run", leave=False):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def time_pairs(
    fn: Callable[[], Any], ref: Callable[[], Any], repeats: int, warmup: int = 1, desc: str = ""
) -> tuple[list[float], list[float]]:
    """Timings of a figure and its reference, interleaved so background load hits both alike."""
    for _ in range(warmup):
        fn()
        ref()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in tqdm(range(repeats), desc=desc, unit="run", leave=False):
        for target, call in zip(times, (fn, ref), strict=True):
            start = time.perf_counter()
            call()
            target.append(time.perf_counter() - start)
    return times


# -- bench.json ------------------------------------------------------------------------------------------------------


def bench_path() -> Path:
    return paths.reports_dir() / "bench.json"


def write_bench(path: Path, result: dict[str, Any]) -> Path:
    """Write the result atomically with the schema version (readers never see half a file)."""
    atomic_write_json(Path(path), {**result, "schema_version": SCHEMA_VERSION})
    return Path(path)


def _valid_figure(item: Any) -> bool:
    needed = {"key": str, "label": str, "condition": str, "unit": str, "median": (int, float), "p95": (int, float)}
    if not isinstance(item, dict) or not all(isinstance(item.get(k), kind) for k, kind in needed.items()):
        return False
    return math.isfinite(item["median"]) and math.isfinite(item["p95"])


def load_bench(path: Path | None = None) -> dict[str, Any]:
    """Read bench.json, refusing missing, damaged or other-schema files with the command that fixes it."""
    path = Path(path) if path is not None else bench_path()
    if not path.exists():
        raise BenchError(f"No benchmark results at {path}: {BENCH_HINT}.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BenchError(f"{path} is damaged ({err}): {BENCH_HINT} again.") from err
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        found = data.get("schema_version") if isinstance(data, dict) else None
        raise BenchError(f"{path} has schema {found!r}, this app reads {SCHEMA_VERSION}: {BENCH_HINT} again.")
    figures = data.get("figures")
    if not isinstance(figures, list) or not isinstance(data.get("machine"), dict):
        raise BenchError(f"{path} is damaged (no figures or machine section): {BENCH_HINT} again.")
    if bad := [i for i, item in enumerate(figures) if not _valid_figure(item)]:
        raise BenchError(f"{path} is damaged (figure rows {bad} are incomplete): {BENCH_HINT} again.")
    return data


# -- table -----------------------------------------------------------------------------------------------------------


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 1000 else f"{value / 1000:.2f} s"
    if unit == "s":
        return f"{value:.2f} s" if value >= 1 else f"{value:.3f} s"
    return f"{value:,.1f} img/s"


def _verdict(passed: bool | None) -> str:
    return "—" if passed is None else ("pass" if passed else "FAIL")


def table_rows(figures: list[dict[str, Any]], group: str | None = None) -> list[dict[str, str]]:
    """Display rows (figure, median, p95, reference, ratio, target, pass) from bench.json figures."""
    rows = []
    for item in figures:
        if group is not None and item.get("group", "figures") != group:
            continue
        ref = item.get("reference")
        target = item.get("target")
        checks = "; ".join(f"{name}: {'yes' if ok else 'NO'}" for name, ok in (item.get("checks") or {}).items())
        rows.append(
            {
                "key": item["key"],
                "figure": f"{item['label']} [{item['condition']}]",
                "median": format_value(item["median"], item["unit"]),
                "p95": format_value(item["p95"], item["unit"]),
                "n": str(item.get("n", "")),
                "reference": "—" if not ref else f"{ref['label']}: {format_value(ref['median'], item['unit'])}",
                "ratio": "—" if item.get("ratio") is None else f"{item['ratio']:.2f}x",
                "target": " + ".join(filter(None, [target["text"] if target else "", *(item.get("checks") or {})]))
                or "—",
                "pass": _verdict(item.get("passed")),
                "note": "; ".join(part for part in (checks, item.get("note", "")) if part),
            }
        )
    return rows


TABLE_COLUMNS = ("figure", "median", "p95", "reference", "ratio", "target", "pass")


def format_table(figures: list[dict[str, Any]], group: str | None = None) -> str:
    """A plain-text table of the figures (what the command prints and the README quotes)."""
    rows = table_rows(figures, group)
    widths = {c: max([len(c), *(len(row[c]) for row in rows)]) for c in TABLE_COLUMNS}
    line = "  ".join("-" * widths[c] for c in TABLE_COLUMNS)
    out = ["  ".join(c.ljust(widths[c]) for c in TABLE_COLUMNS), line]
    out += ["  ".join(row[c].ljust(widths[c]) for c in TABLE_COLUMNS) for row in rows]
    return "\n".join(out)


# -- machine ---------------------------------------------------------------------------------------------------------


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries that decide speed (read from metadata, nothing imported)."""
    found = {}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def _cpuinfo() -> dict[str, str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return {}
    info: dict[str, str] = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        info.setdefault(key.strip(), value.strip())
    return info


def machine_info() -> dict[str, Any]:
    """CPU model, cores, the instruction sets that matter for TensorFlow, load, versions and date."""
    cpu = _cpuinfo()
    flags = set(cpu.get("flags", "").split())
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu_model": cpu.get("model name") or platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "cpu_flags": {flag: flag in flags for flag in CPU_FLAGS},
        "bfloat16_hardware": bool(flags & {"avx512_bf16", "amx_bf16"}),
        "load_average_start": [round(v, 2) for v in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": library_versions(),
        "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default (on for x86 Linux builds)"),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


# -- inputs ----------------------------------------------------------------------------------------------------------


def face_file(data: Path) -> Path | None:
    """The reference FER-2013 face, else any PrivateTest image, else None."""
    if data.is_dir():
        if (data / FACE_FILE).exists():
            return data / FACE_FILE
        return next(iter(sorted(data.glob("test/*/PrivateTest_*"))), None)
    return None


def photo_jpeg(face: bytes, side: int = 240, size: tuple[int, int] = PHOTO_SIZE) -> bytes:
    """A photo-like JPEG: a smooth noisy background with the face enlarged and pasted in."""
    from PIL import Image

    width, height = size
    rng = np.random.default_rng(0)
    canvas = (np.linspace(60, 190, width)[None, :] + rng.normal(0, 6, size=(height, width))).clip(0, 255)
    canvas = canvas.astype(np.uint8)
    face_image = Image.open(io.BytesIO(face)).convert("L").resize((side, side), Image.Resampling.BICUBIC)
    x, y = (width - side) // 2, (height - side) // 3
    canvas[y : y + side, x : x + side] = np.asarray(face_image)
    buffer = io.BytesIO()
    Image.fromarray(canvas).convert("RGB").save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for a block and restore them after."""
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# -- the plan and the context every part shares ---------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    repeats: int
    """Warm repeats of millisecond figures."""
    loads: int
    """In-process model (re)loads and Explainer builds."""
    cold: int
    """New processes / new Streamlit servers per cold figure."""
    batch_images: int | None
    """PrivateTest images per batch pass (None: all)."""
    batch_repeats: int
    dataset_cold: int
    dataset_warm: int
    paint_warm: int
    check_images: int | None
    """PublicTest images for the oneDNN accuracy check (None: all)."""
    experiment_images: int
    """PrivateTest images for the ONNX Runtime batch experiment."""


FULL = Plan(30, 3, 3, None, 2, 2, 5, 10, None, 512)
QUICK = Plan(5, 1, 1, 128, 1, 1, 2, 2, 64, 128)


@dataclass
class Bench:
    plan: Plan
    models_dir: Path
    data: Path
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _predictors: dict[str, Any] = field(default_factory=dict)
    _dataset: Any = None

    def model_files(self) -> dict[str, Path]:
        return {s: self.models_dir / f"{s}.keras" for s in paths.SCENARIOS}

    def missing_models(self) -> list[Path]:
        return [f for f in self.model_files().values() if not f.exists()]

    def predictors(self) -> dict[str, Any]:
        """Both scenarios' Predictors, loaded once for the warm parts (as the app's cache does)."""
        if not self._predictors:
            from core.model.inference import load_predictor

            self._predictors = {s: load_predictor(f) for s, f in self.model_files().items()}
        return self._predictors

    def dataset(self) -> Any:
        if self._dataset is None:
            from core.data.dataset import load_dataset

            self._dataset = load_dataset(self.data)
        return self._dataset

    def face_bytes(self) -> bytes:
        """Bytes of a real FER-2013 JPEG (the reference file, else a PrivateTest image re-encoded)."""
        found = face_file(self.data)
        if found is not None:
            return found.read_bytes()
        from PIL import Image

        buffer = io.BytesIO()
        Image.fromarray(self.dataset().split("PrivateTest").images[0]).save(buffer, "JPEG", quality=95)
        return buffer.getvalue()

    def add(self, item: Figure) -> None:
        self.figures.append(item)

    def skip(self, part: str, why: str) -> None:
        self.notes.append(f"{part}: skipped — {why}")


def _missing_models_note(bench: Bench) -> str:
    missing = ", ".join(str(f) for f in bench.missing_models())
    return f"models missing ({missing}); train them with `python -m core.train --scenario <name>` or pass --models-dir"


def _raw_call(predictors: dict[str, Any], x: dict[str, np.ndarray]) -> Callable[[], None]:
    """The reference: the raw eager ``model(x, training=False)`` of every scenario on the given tensors."""

    def call() -> None:
        for scenario, predictor in predictors.items():
            np.asarray(predictor.model(x[scenario], training=False))

    return call


# -- parts -----------------------------------------------------------------------------------------------------------


def bench_load(bench: Bench) -> None:
    """Model load: load_model and load_predictor warm (in this process), and a cold new process."""
    import keras

    from core.model.architectures import load_model
    from core.model.inference import load_predictor

    files = bench.model_files()

    def plain() -> None:
        for f in files.values():
            keras.saving.load_model(f, safe_mode=True, compile=False)

    def ours() -> None:
        for f in files.values():
            load_model(f)

    def predictors() -> None:
        for f in files.values():
            load_predictor(f)

    reps = bench.plan.loads
    fig, ref = time_pairs(ours, plain, reps, desc="load_model")
    bench.add(
        figure(
            "load_model_warm",
            "core.model.architectures.load_model, both models",
            "warm",
            "s",
            fig,
            ("keras.saving.load_model", ref),
        )
    )
    fig, ref = time_pairs(predictors, ours, reps, warmup=0, desc="load_predictor")
    bench.add(
        figure(
            "load_predictor_warm",
            "core.model.inference.load_predictor (load, check, compile, warm-up), both models",
            "warm",
            "s",
            fig,
            ("core.model.architectures.load_model", ref),
        )
    )
    cold = [_cold_process(bench) for _ in tqdm(range(bench.plan.cold), desc="cold processes", leave=False)]
    bench.add(
        figure(
            "load_cold",
            "new process: import TensorFlow + load_predictor, both models",
            "cold",
            "s",
            [c["tensorflow_s"] + c["load_s"] for c in cold],
            ("import tensorflow alone", [c["tensorflow_s"] for c in cold]),
        )
    )
    bench.add(
        figure(
            "face_cold",
            "first face after load in a new process (photo, decode + detect + both models)",
            "cold",
            "ms",
            [c["face_s"] for c in cold],
        )
    )
    if all("gradcam_s" in c for c in cold):
        bench.add(
            figure(
                "gradcam_first_cold",
                "first Grad-CAM in a new process (Explainer build + explain), both models",
                "cold",
                "ms",
                [c["gradcam_s"] for c in cold],
            )
        )


def _child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", **extra}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(paths.ROOT), os.environ.get("PYTHONPATH")]))
    return env


def _run_child(args: list[str], env: dict[str, str], timeout: float = 900) -> dict[str, Any]:
    """Run a child Python process and parse the JSON object on its last stdout line."""
    result = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=paths.ROOT, env=env, timeout=timeout
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"child {args[:3]} failed (exit {result.returncode}): {result.stderr.strip()[-800:]}")
    return json.loads(lines[-1])


def _cold_process(bench: Bench) -> dict[str, Any]:
    args = ["-m", "bench", "--worker", "cold", "--models-dir", str(bench.models_dir), "--data", str(bench.data)]
    return _run_child(args, _child_env())


def _worker_cold(bench: Bench) -> dict[str, Any]:
    """In a fresh process: TensorFlow import, both predictors, the first face and the first Grad-CAM."""
    start = time.perf_counter()
    import tensorflow  # noqa: F401  (timed on its own: the floor of any cold start)

    tensorflow_s = time.perf_counter() - start
    start = time.perf_counter()
    predictors = bench.predictors()
    load_s = time.perf_counter() - start
    photo = photo_jpeg(bench.face_bytes())
    import core.views.live  # noqa: F401  (its import, OpenCV included, is not part of the first prediction)

    start = time.perf_counter()
    _one_face(photo, predictors)
    result = {"tensorflow_s": tensorflow_s, "load_s": load_s, "face_s": time.perf_counter() - start}
    try:
        from core.explain.gradcam import Explainer
    except ImportError:
        return result
    gray = _face_crop(bench.face_bytes())
    start = time.perf_counter()
    for predictor in predictors.values():
        Explainer(predictor.model).explain(gray)
    result["gradcam_s"] = time.perf_counter() - start
    return result


def _face_crop(data: bytes) -> np.ndarray:
    from core.data.preprocessing import to_grayscale

    return to_grayscale(data)


def _optional(bench: Bench, part: str, module: str) -> Any:
    """A module that may not be importable here; None with a note when absent."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        bench.skip(part, f"{module} not importable ({err})")
        return None


def _one_face(data: bytes, predictors: dict[str, Any]) -> int:
    """The app's live path for one upload: decode, detect, crop, both models; returns the faces found."""
    from core.views.live import analyse, predict

    analysis = analyse(data)
    if analysis.error:
        raise ValueError(analysis.error)
    predict(analysis.faces, predictors)
    return len(analysis.faces)


def bench_face(bench: Bench) -> None:
    """One face end to end, warm: a 640x480 photo (with detection) and a 48x48 FER-2013 JPEG."""
    live = _optional(bench, "face", "core.views.live")
    if live is None:
        return
    from core.data.preprocessing import preprocess
    from core.model.inference import flip_views

    predictors = bench.predictors()
    crop = bench.face_bytes()
    photo = photo_jpeg(crop)
    for key, data, what in (
        ("face_warm", photo, f"{PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} photo JPEG: decode + detect + both models"),
        ("face_crop_warm", crop, "48x48 FER-2013 JPEG: decode + both models (no detection needed)"),
    ):
        faces = live.analyse(data).faces
        if len(faces) != 1:
            bench.notes.append(f"{key}: expected one face, found {len(faces)}; the figure still times the full path")
        x = {
            s: flip_views(preprocess([f.image for f in faces], p.model.input_shape), p.flip)
            for s, p in predictors.items()
        }
        fig, ref = time_pairs(
            lambda data=data: _one_face(data, predictors), _raw_call(predictors, x), bench.plan.repeats, desc=key
        )
        alone = summarise(time_runs(lambda data=data: live.analyse(data), bench.plan.repeats, desc=f"{key} decode"))
        note = f"decode + detect alone: median {alone.median * 1000:.1f} ms"
        mirrored = " (face and mirror image)" if any(p.flip for p in predictors.values()) else ""
        reference = (f"raw model(x, training=False), both models{mirrored}", ref)
        size = {"width": PHOTO_SIZE[0], "height": PHOTO_SIZE[1]} if key == "face_warm" else {}
        bench.add(figure(key, f"one face, {what}", "warm", "ms", fig, reference, note=note, params=size))


def bench_gradcam(bench: Bench) -> None:
    """Grad-CAM (+ Grad-CAM++ and SE maps, as the page shows them) of one face for both models."""
    explain_module = _optional(bench, "gradcam", "core.explain.gradcam")
    if explain_module is None:
        return
    from core.data.preprocessing import preprocess

    predictors = bench.predictors()
    gray = _face_crop(bench.face_bytes())
    explainers = {s: explain_module.Explainer(p.model) for s, p in predictors.items()}
    x = {s: preprocess(gray, p.model.input_shape) for s, p in predictors.items()}

    def explain() -> None:
        for explainer in explainers.values():
            explainer.explain(gray)

    fig, ref = time_pairs(explain, _raw_call(predictors, x), bench.plan.repeats, desc="gradcam")
    bench.add(
        figure(
            "gradcam_warm",
            "Grad-CAM + Grad-CAM++ (+ SE maps) of one face, both models",
            "warm",
            "ms",
            fig,
            ("raw model(x, training=False), both models", ref),
        )
    )

    def first() -> None:
        for predictor in predictors.values():
            explain_module.Explainer(predictor.model).explain(gray)

    bench.add(
        figure(
            "gradcam_cold",
            "first Grad-CAM after the models are loaded (Explainer build + explain), both models",
            "cold",
            "ms",
            time_runs(first, bench.plan.loads, warmup=0, desc="gradcam cold"),
        )
    )


def _private_images(bench: Bench, limit: int | None) -> np.ndarray:
    """PrivateTest, or a seeded random subset of it (the files are sorted by class)."""
    return bench.dataset().split("PrivateTest").head(limit).images


def bench_batch(bench: Bench) -> None:
    """core.model.inference.predict_probabilities on PrivateTest vs plain model.predict on the preprocessed array
    (with the card's flip average: on the array and its mirror images, the same model work)."""
    from core.data.preprocessing import preprocess
    from core.model.inference import flip_views, predict_probabilities

    predictor = bench.predictors()["optimized"]
    model, flip = predictor.model, predictor.flip
    images = _private_images(bench, bench.plan.batch_images)
    x = preprocess(images, model.input_shape)
    views = flip_views(x, flip)
    model.predict(x[:8], verbose=0)
    fig, ref = time_pairs(
        lambda: predict_probabilities(model, images, flip=flip),
        lambda: model.predict(views, batch_size=256, verbose=0),
        bench.plan.batch_repeats,
        warmup=0,
        desc="batch",
    )
    bench.add(
        figure(
            "batch_warm",
            f"core.model.inference.predict_probabilities, optimized model, {len(images)} PrivateTest images"
            + (" (flip-averaged)" if flip else ""),
            "warm",
            "images/s",
            fig,
            ("model.predict on the preprocessed array" + (" and its mirror" if flip else ""), ref),
            count=len(images),
            params={"images": len(images)},
        )
    )


def bench_dataset(bench: Bench) -> None:
    """Decoding the whole dataset with an empty cache (what a fresh clone pays once) and from the cache."""
    from core.data.dataset import load_dataset

    cold: list[float] = []
    with tempfile.TemporaryDirectory(prefix="fer_bench_cache_") as folder:
        for i in tqdm(range(bench.plan.dataset_cold), desc="dataset cold", leave=False):
            with environment(FER_CACHE_DIR=str(Path(folder) / str(i))):
                start = time.perf_counter()
                dataset = load_dataset(bench.data)
                cold.append(time.perf_counter() - start)
        with environment(FER_CACHE_DIR=str(Path(folder) / str(len(cold) - 1))):
            warm = time_runs(lambda: load_dataset(bench.data), bench.plan.dataset_warm, warmup=0, desc="dataset cache")
    size = sum(len(split) for split in dataset.splits.values())
    count = {"images": size}
    label = f"decode the dataset ({size:,} images), empty cache"
    bench.add(figure("dataset_cold", label, "cold", "s", cold, params=count))
    bench.add(
        figure(
            "dataset_cached",
            f"load the dataset ({size:,} images) from its decode cache",
            "warm",
            "s",
            warm,
            ("decode with an empty cache", cold),
            params=count,
        )
    )


_CACHED_READS = """
import json, sys, time
from dashboard import cache
def read():
    for s in cache.scenarios():
        cache.metrics(s); cache.model_card(s); cache.predictions(s)
reps = int(sys.argv[1])
times = []
for _ in range(reps + 1):
    start = time.perf_counter(); read(); times.append(time.perf_counter() - start)
print(json.dumps({"miss": times[0], "hits": times[1:]}))
"""
"""Child script: the reports the home and metrics pages read, through dashboard.cache (st.cache_data)."""


def bench_reports(bench: Bench) -> None:
    """Report reads: core.artifacts.reports directly (every rerun without a cache) vs dashboard.cache hits."""
    from core.artifacts import reports

    scenarios = reports.available_scenarios()
    if not scenarios:
        bench.skip("reports", f"no reports in {paths.reports_dir()}; run `python -m core.evaluate`")
        return

    def read() -> None:
        for scenario in reports.available_scenarios():
            reports.load_metrics(scenario)
            reports.load_model_card(scenario)
            reports.load_predictions(scenario)

    uncached = time_runs(read, bench.plan.repeats, desc="reports")
    cached = _run_child(["-c", _CACHED_READS, str(bench.plan.repeats)], _child_env())
    what = f"read metrics, card and predictions of {len(scenarios)} scenarios"
    count = {"scenarios": len(scenarios)}
    label = f"{what} with core.artifacts.reports (manifest check + parse)"
    bench.add(figure("reports_uncached", label, "warm", "ms", uncached, params=count))
    bench.add(
        figure(
            "reports_cached",
            f"{what} through dashboard.cache (st.cache_data hit)",
            "warm",
            "ms",
            cached["hits"],
            ("core.artifacts.reports without a cache", uncached),
            note=f"first (miss) read {cached['miss'] * 1000:.1f} ms",
            params=count,
        )
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_server(env: dict[str, str], timeout: float = 120) -> Iterator[tuple[str, int]]:
    """A real ``streamlit run streamlit_app.py`` on a free port; yields (url, pid) once it is healthy."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port)]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(command, cwd=paths.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")[-800:]
                    raise RuntimeError(f"streamlit did not start: {output}") from None
                time.sleep(0.2)
        yield url, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def browser_profile(browser: Any) -> Any:
    """A new browser profile (context) with the viewport every paint measurement uses."""
    return browser.new_context(viewport={"width": 1400, "height": 1000})


def first_paint(browser: Any, url: str, timeout_ms: float = 120_000, context: Any = None) -> tuple[float, float]:
    """Seconds from navigation until the page title (h1) is visible, and until Streamlit finished the run.

    Without ``context`` the visit uses a new browser profile (nothing cached); with one, a new tab in
    that profile, which keeps the HTTP cache of earlier visits like a returning user's browser.
    """
    own = context is None
    context = browser_profile(browser) if own else context
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.locator("h1").first.wait_for(state="visible", timeout=timeout_ms)
        title = time.perf_counter() - start
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=timeout_ms)
        return title, time.perf_counter() - start
    finally:
        page.close()
        if own:
            context.close()


def tensorflow_loaded(pid: int) -> bool | None:
    """Whether a process has TensorFlow's shared library mapped (None where /proc is unavailable)."""
    try:
        return "tensorflow" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return None


def bench_pages(bench: Bench) -> None:
    """First paint of the home and metrics pages in real servers: cold (a new server) and warm (later visits)."""
    if not CHROMIUM.exists():
        bench.skip("pages", f"{CHROMIUM} not found (apt-get install chromium)")
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        bench.skip("pages", "playwright is not installed (pip install -r requirements-dev.txt)")
        return
    from core.artifacts import reports

    if not reports.available_scenarios():
        bench.notes.append(
            f"pages: no reports in {paths.reports_dir()}, so the pages painted their 'missing' state; "
            "rerun after `python -m core.evaluate`"
        )
    env = _child_env(FER_MODELS_DIR=str(bench.models_dir), FER_REPORTS_DIR=str(paths.reports_dir()))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for name, route in (("home", ""), ("metrics", "metrics")):
                cold, warm, fresh, loaded = [], [], [], []
                for i in tqdm(range(bench.plan.cold), desc=f"{name} servers", leave=False):
                    with streamlit_server(env) as (url, pid):
                        cold.append(first_paint(browser, f"{url}/{route}"))
                        if i == 0:
                            fresh = [first_paint(browser, f"{url}/{route}") for _ in range(bench.plan.paint_warm)]
                            returning = browser_profile(browser)
                            first_paint(browser, f"{url}/{route}", context=returning)
                            warm = [
                                first_paint(browser, f"{url}/{route}", context=returning)
                                for _ in range(bench.plan.paint_warm)
                            ]
                            returning.close()
                        loaded.append(tensorflow_loaded(pid))
                checks = {} if None in loaded else {"TensorFlow not imported": not any(loaded)}
                label = f"{name} page first paint (Streamlit run finished), headless Chromium"
                for suffix, runs, where in (
                    ("cold", cold, "new server, new browser profile"),
                    ("warm", warm, "warm server, returning browser (HTTP cache kept)"),
                    ("warm_fresh", fresh, "warm server, new browser profile (nothing cached)"),
                ):
                    condition = suffix.split("_")[0]
                    title = summarise([t for t, _ in runs]).median
                    bench.add(
                        figure(
                            f"paint_{name}_{suffix}",
                            f"{label}, {where}",
                            condition,
                            "s",
                            [done for _, done in runs],
                            checks=checks,
                            note=f"title visible after {title:.2f} s (median)",
                        )
                    )
        finally:
            browser.close()


def bench_speedups(bench: Bench) -> None:
    """The experiments: model.predict and eager calls vs tf.function, warming at load, oneDNN, bfloat16, ONNX."""

    from core.data.preprocessing import preprocess
    from core.model.architectures import load_model
    from core.model.inference import Predictor

    predictors = bench.predictors()
    gray = _face_crop(bench.face_bytes())
    x = {s: preprocess(gray, p.model.input_shape) for s, p in predictors.items()}

    def compiled() -> None:
        for predictor in predictors.values():
            predictor.probabilities(gray)

    def predict() -> None:
        for scenario, predictor in predictors.items():
            predictor.model.predict(x[scenario], verbose=0)

    reference = "Predictor (tf.function), both models"
    fig, ref = time_pairs(predict, compiled, bench.plan.repeats, desc="model.predict")
    bench.add(
        figure(
            "single_predict",
            "one face crop, model.predict, both models",
            "warm",
            "ms",
            fig,
            (reference, ref),
            group="speedups",
        )
    )
    fig, ref = time_pairs(_raw_call(predictors, x), compiled, bench.plan.repeats, desc="eager")
    bench.add(
        figure(
            "single_eager",
            "one face crop, eager model(x, training=False), both models",
            "warm",
            "ms",
            fig,
            (reference, ref),
            group="speedups",
        )
    )

    unwarmed, warmed = [], []
    for _ in tqdm(range(bench.plan.loads), desc="warm-up", leave=False):
        unwarmed.append(0.0)
        warmed.append(0.0)
        for scenario, path in bench.model_files().items():
            model = load_model(path)
            forward = _untraced_forward(model)
            start = time.perf_counter()
            np.asarray(forward(x[scenario]))
            unwarmed[-1] += time.perf_counter() - start
            predictor = Predictor(model, {}, path)
            start = time.perf_counter()
            predictor.probabilities(gray)
            warmed[-1] += time.perf_counter() - start
    bench.add(
        figure(
            "first_call_unwarmed",
            "first prediction after load without warm-up (tf.function traced on the first face), both models",
            "cold",
            "ms",
            unwarmed,
            ("first prediction after load_predictor's warm-up", warmed),
            group="speedups",
        )
    )
    _bench_onednn(bench)
    flags = machine_info()["cpu_flags"]
    if flags["avx512_bf16"] or flags["amx_bf16"]:
        _bench_bfloat16(bench)
    else:
        bench.notes.append("bfloat16: not tried — this CPU has neither avx512_bf16 nor amx_bf16")
    _bench_onnx(bench, gray)


def _untraced_forward(model: Any) -> Any:
    """A fresh compiled forward pass, not traced yet: what a predictor without warm-up would have."""
    import tensorflow as tf

    return tf.function(lambda t: model(t, training=False))


def _setting_child(bench: Bench, out: Path, env: dict[str, str]) -> dict[str, Any]:
    args = ["-m", "bench", "--worker", "setting", "--models-dir", str(bench.models_dir), "--data", str(bench.data)]
    args += ["--worker-out", str(out)] + (["--quick"] if bench.plan == QUICK else [])
    return _run_child(args, _child_env(**{"FER_BENCH_DTYPE_POLICY": "", **env}), timeout=3600)


def with_policy(model: Any, policy: str) -> Any:
    """The same model rebuilt with every layer computing under a Keras dtype policy (e.g.
    ``mixed_bfloat16``: bfloat16 math, float32 weights), weights copied."""
    import keras

    config = model.get_config()
    for layer in config["layers"]:
        if layer["class_name"] != "InputLayer":
            layer["config"]["dtype"] = policy
    clone = keras.Model.from_config(config)
    clone.set_weights(model.get_weights())
    return clone


def _bench_bfloat16(bench: Bench) -> None:
    """Keras mixed_bfloat16 against float32 (both with oneDNN), each in its own process, same inputs."""
    _compare_settings(
        bench,
        "bfloat16",
        reference=("float32", {"TF_ENABLE_ONEDNN_OPTS": "1"}),
        trial=("mixed_bfloat16", {"TF_ENABLE_ONEDNN_OPTS": "1", "FER_BENCH_DTYPE_POLICY": "mixed_bfloat16"}),
    )


def _worker_setting(bench: Bench, out: Path) -> dict[str, Any]:
    """In a process whose environment the parent set (TF_ENABLE_ONEDNN_OPTS, FER_BENCH_DTYPE_POLICY):
    single-face latency and PublicTest probabilities."""
    from core.model.inference import predict_probabilities

    predictors = bench.predictors()
    if os.environ.get("FER_BENCH_DTYPE_POLICY"):
        from core.model.inference import Predictor

        policy = os.environ["FER_BENCH_DTYPE_POLICY"]
        predictors = {s: Predictor(with_policy(p.model, policy), p.card, p.path) for s, p in predictors.items()}
    gray = _face_crop(bench.face_bytes())
    face = time_runs(lambda: [p.probabilities(gray) for p in predictors.values()], bench.plan.repeats, desc="face")
    public = bench.dataset().split("PublicTest").head(bench.plan.check_images)
    images, labels = public.images, public.labels
    probs, seconds = {}, 0.0
    for scenario, predictor in predictors.items():
        start = time.perf_counter()
        probs[scenario] = predict_probabilities(predictor.model, images)
        seconds += time.perf_counter() - start
    np.savez(out, labels=labels, **probs)
    accuracy = {s: float((p.argmax(1) == labels).mean()) for s, p in probs.items()}
    return {"face_s": face, "batch_s": seconds, "images": int(len(images)), "models": len(probs), "accuracy": accuracy}


def _bench_onednn(bench: Bench) -> None:
    """oneDNN on (TensorFlow's default on x86 Linux) vs off, each in its own process, same inputs."""
    _compare_settings(
        bench,
        "onednn_off",
        reference=("oneDNN on (TF_ENABLE_ONEDNN_OPTS=1)", {"TF_ENABLE_ONEDNN_OPTS": "1"}),
        trial=("oneDNN off (TF_ENABLE_ONEDNN_OPTS=0)", {"TF_ENABLE_ONEDNN_OPTS": "0"}),
    )


def _compare_settings(
    bench: Bench, key: str, reference: tuple[str, dict[str, str]], trial: tuple[str, dict[str, str]]
) -> None:
    """One face and the PublicTest batch under a trial setting against a reference, each in a child
    process (environment set before TensorFlow loads); the note gives the probability and accuracy change."""
    with tempfile.TemporaryDirectory(prefix=f"fer_bench_{key}_") as folder:
        runs, probs = {}, {}
        for name, env in tqdm((reference, trial), desc=key, leave=False):
            out = Path(folder) / f"{len(runs)}.npz"
            runs[name] = _setting_child(bench, out, env)
            with np.load(out) as data:
                probs[name] = {s: data[s] for s in paths.SCENARIOS}
    ref, new = runs[reference[0]], runs[trial[0]]
    ref_p, new_p = probs[reference[0]], probs[trial[0]]
    diff = max(float(np.abs(ref_p[s] - new_p[s]).max()) for s in paths.SCENARIOS)
    agree = min(float((ref_p[s].argmax(1) == new_p[s].argmax(1)).mean()) for s in paths.SCENARIOS)
    accuracy = "; ".join(
        f"{s} PublicTest accuracy {ref['accuracy'][s]:.4f} {reference[0]} / {new['accuracy'][s]:.4f} {trial[0]}"
        for s in paths.SCENARIOS
    )
    note = f"{ref['images']} PublicTest images: max |Δp| {diff:.2e}, top-1 agreement {agree:.4f}; {accuracy}"
    bench.add(
        figure(
            f"{key}_face",
            f"one face crop, Predictor, both models, {trial[0]}",
            "warm",
            "ms",
            new["face_s"],
            (reference[0], ref["face_s"]),
            group="speedups",
            note=note,
        )
    )
    bench.add(
        figure(
            f"{key}_batch",
            f"PublicTest batch ({ref['images']:,} images), predict_probabilities, both models, {trial[0]}",
            "warm",
            "images/s",
            [new["batch_s"]],
            (reference[0], [ref["batch_s"]]),
            count=ref["images"] * ref["models"],
            group="speedups",
            note=note,
            params={"images": ref["images"]},
        )
    )


def _onnx_session(model: Any) -> Any:
    """Convert a Keras model to an ONNX Runtime session via a frozen concrete function.

    Converting the Keras 3 model directly (``model.export(format="onnx")``, or tf2onnx on the
    tf.function) turns the Normalization layer's constants into extra graph inputs; freezing the
    concrete function first keeps them constants.
    """
    import onnxruntime
    import tensorflow as tf
    import tf2onnx
    from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

    spec = tf.TensorSpec((None, *model.input_shape[1:]), tf.float32, name="image")
    forward = tf.function(lambda t: model(t, training=False), input_signature=[spec])
    frozen = convert_variables_to_constants_v2(forward.get_concrete_function())
    proto, _ = tf2onnx.convert.from_graph_def(
        frozen.graph.as_graph_def(),
        input_names=[t.name for t in frozen.inputs],
        output_names=[t.name for t in frozen.outputs],
        opset=17,
    )
    return onnxruntime.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])


def _bench_onnx(bench: Bench, gray: np.ndarray) -> None:
    """ONNX Runtime vs the Predictor (single face) and model.predict (batch), with the probability difference."""
    try:
        import onnxruntime  # noqa: F401
        import tf2onnx  # noqa: F401
    except ImportError:
        bench.notes.append("ONNX Runtime: not measured — `pip install onnxruntime tf2onnx` to include it")
        return
    from core.data.preprocessing import preprocess

    predictors = bench.predictors()
    try:
        sessions = {s: _onnx_session(p.model) for s, p in predictors.items()}
    except Exception as err:  # a converter failure of any kind is a result to record, not a crash
        bench.notes.append(f"ONNX Runtime: conversion failed ({type(err).__name__}: {str(err)[:300]})")
        return
    names = {s: session.get_inputs()[0].name for s, session in sessions.items()}

    def run(scenario: str, batch: np.ndarray) -> np.ndarray:
        return sessions[scenario].run(None, {names[scenario]: batch})[0]

    def onnx_face() -> None:
        for scenario in sessions:
            run(scenario, preprocess(gray, predictors[scenario].input_shape))

    def compiled() -> None:
        for predictor in predictors.values():
            predictor.probabilities(gray)

    images = _private_images(bench, bench.plan.experiment_images)
    batch = {s: preprocess(images, p.model.input_shape) for s, p in predictors.items()}
    keras_probs = {s: p.model.predict(batch[s], verbose=0) for s, p in predictors.items()}
    diff = max(float(np.abs(run(s, batch[s]) - keras_probs[s]).max()) for s in sessions)
    note = f"max |Δp| vs Keras on {len(images)} PrivateTest images: {diff:.2e} (tolerance 1e-4)"
    fig, ref = time_pairs(onnx_face, compiled, bench.plan.repeats, desc="onnx face")
    bench.add(
        figure(
            "onnx_face",
            "one face crop, ONNX Runtime, both models",
            "warm",
            "ms",
            fig,
            ("Predictor (tf.function), both models", ref),
            group="speedups",
            note=note,
        )
    )
    fig, ref = time_pairs(
        lambda: [run(s, batch[s]) for s in sessions],
        lambda: [p.model.predict(batch[s], batch_size=256, verbose=0) for s, p in predictors.items()],
        bench.plan.batch_repeats,
        warmup=0,
        desc="onnx batch",
    )
    bench.add(
        figure(
            "onnx_batch",
            f"{len(images)} PrivateTest images, ONNX Runtime, both models",
            "warm",
            "images/s",
            fig,
            ("model.predict, both models", ref),
            count=len(sessions) * len(images),
            group="speedups",
            note=note,
            params={"images": len(images)},
        )
    )


MODEL_PARTS = {"load": bench_load, "face": bench_face, "gradcam": bench_gradcam, "batch": bench_batch}
RUNNERS: dict[str, Callable[[Bench], None]] = {
    **MODEL_PARTS,
    "dataset": bench_dataset,
    "reports": bench_reports,
    "pages": bench_pages,
    "speedups": bench_speedups,
}
NEEDS_DATA = {"load", "face", "gradcam", "batch", "dataset", "speedups"}
"""Parts that read FER-2013 (a real face for the single-image figures, splits for the batch ones)."""


def run(bench: Bench, parts: Sequence[str]) -> dict[str, Any]:
    """Run the chosen parts (progress on stderr) and return the bench.json content."""
    machine = machine_info()
    for part in tqdm(parts, desc="benchmark", unit="part"):
        if (part in MODEL_PARTS or part == "speedups") and bench.missing_models():
            bench.skip(part, _missing_models_note(bench))
            continue
        if part in NEEDS_DATA and not bench.data.exists():
            bench.skip(part, f"FER-2013 not found at {bench.data} (pass --data)")
            continue
        try:
            RUNNERS[part](bench)
        except Exception as err:  # one failing part (a browser timeout, a child crash) must not lose the others
            bench.skip(part, f"failed: {type(err).__name__}: {str(err)[:500]}")
    machine["load_average_end"] = [round(v, 2) for v in os.getloadavg()] if hasattr(os, "getloadavg") else None
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "settings": {
            "quick": bench.plan == QUICK,
            "plan": vars(bench.plan),
            "parts": list(parts),
            "models_dir": str(bench.models_dir),
            "data": str(bench.data),
            "reports_dir": str(paths.reports_dir()),
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


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark model loading, live prediction, Grad-CAM, batch evaluation, dataset decoding and "
        "page first paint; write reports/bench.json and print the table.",
    )
    parser.add_argument("--quick", action="store_true", help="few repeats and small batches (smoke run)")
    parser.add_argument("--only", type=_parts, default=list(PARTS), help=f"comma-separated parts: {','.join(PARTS)}")
    parser.add_argument("--models-dir", type=Path, default=None, help="folder with baseline.keras and optimized.keras")
    parser.add_argument("--data", type=Path, default=None, help="FER-2013 folder or fer2013.csv")
    parser.add_argument("--out", type=Path, default=None, help="result file (default: reports/bench.json)")
    parser.add_argument("--worker", choices=("cold", "setting"), help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    bench = Bench(QUICK if args.quick else FULL, args.models_dir or paths.models_dir(), args.data or paths.data_dir())
    if args.worker == "cold":
        result = _worker_cold(bench)
        print(json.dumps(result))
        return result
    if args.worker == "setting":
        result = _worker_setting(bench, args.worker_out)
        print(json.dumps(result))
        return result
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    result = run(bench, args.only)
    out = write_bench(args.out or bench_path(), result)
    print(format_table(result["figures"], "figures"))
    if any(f["group"] == "speedups" for f in result["figures"]):
        print("\nSpeed-up experiments\n" + format_table(result["figures"], "speedups"))
    for note in result["notes"]:
        print("note:", note)
    print(f"\nwritten to {out}")
    return result
