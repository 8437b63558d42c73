"""The forward pass in every runtime a user can install from PyPI, against the compiled TensorFlow Predictor.

For each runtime: one face (both models, both views), batch throughput on PrivateTest (runtimes
interleaved chunk by chunk), peak memory to build it and run a batch, and agreement with the
float32 TensorFlow reference (top-1 agreement, max absolute probability difference). A runtime is
worth adopting where it is at least 1.5x faster with agreement >= 99.9% and |Δp| <= 1e-4.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from bench.context import Bench, child_env, run_child, worker_args
from bench.machine import machine_info, peak_memory
from bench.stats import figure, time_many, time_pairs
from core.model.runtimes import BUILDERS, Runtime, onnx_bytes

CHUNK = 64
ADOPT = {"speed": 1.5, "agreement": 0.999, "max_diff": 1e-4}


@dataclass
class Candidate:
    name: str
    runtimes: dict[str, Runtime]
    build_s: float
    memory_mb: float | None
    probs: dict[str, np.ndarray] = field(default_factory=dict)
    batch_s: list[float] = field(default_factory=list)
    face_s: list[float] = field(default_factory=list)
    agreement: dict[str, float] = field(default_factory=dict)


def _bfloat16(model: Any) -> Runtime:
    """Keras mixed_bfloat16 (bfloat16 math, float32 weights): reduced precision, never adopted by itself."""
    import keras
    import tensorflow as tf

    config = model.get_config()
    for layer in config["layers"]:
        if layer["class_name"] != "InputLayer":
            layer["config"]["dtype"] = "mixed_bfloat16"
    clone = keras.Model.from_config(config)
    clone.set_weights(model.get_weights())
    return Runtime("mixed_bfloat16", tf.function(lambda x: tf.cast(clone(x, training=False), tf.float32)))


def build(name: str, model: Any, onnx: bytes | None) -> Runtime:
    """One runtime for one model (the ONNX conversion shared by ONNX Runtime and OpenVINO)."""
    if name == "mixed_bfloat16":
        return _bfloat16(model)
    if name in ("onnxruntime", "openvino"):
        return BUILDERS[name](model, onnx)
    return BUILDERS[name](model)


def _names(bench: Bench) -> list[str]:
    names = list(BUILDERS)
    if machine_info()["bfloat16_hardware"]:
        names.append("mixed_bfloat16")
    else:
        bench.notes.append("mixed_bfloat16: not measured — this CPU has neither avx512_bf16 nor amx_bf16")
    return names


def _onnx(bench: Bench, models: dict[str, Any]) -> dict[str, bytes] | None:
    """Both models as ONNX (tf2onnx, offline), timed once for ONNX Runtime and OpenVINO; None with a note."""
    try:
        start = time.perf_counter()
        with peak_memory() as memory:
            onnx = {s: onnx_bytes(m) for s, m in models.items()}
    except ImportError as err:
        bench.notes.append(f"onnxruntime, openvino: not measured — {err.name or err} is not installed")
        return None
    except Exception as err:  # a converter failure of any kind is a result to record, not a crash
        bench.notes.append(f"ONNX conversion failed ({type(err).__name__}: {str(err)[:300]})")
        return None
    peak = memory()
    bench.notes.append(
        f"ONNX conversion (tf2onnx, both models): {time.perf_counter() - start:.1f} s"
        + (f", peak memory +{peak:,.0f} MB" if peak is not None else "")
        + "; paid once per model file at load, not per prediction"
    )
    return onnx


def _candidates(bench: Bench, batch: dict[str, np.ndarray]) -> list[Candidate]:
    """Every runtime that builds here, with its build time and its peak memory (measured in a fresh child)."""
    models = {s: p.model for s, p in bench.predictors().items()}
    onnx = _onnx(bench, models)
    found = []
    with tempfile.TemporaryDirectory(prefix="fer_bench_onnx_") as folder:
        for scenario, data in (onnx or {}).items():
            (Path(folder) / f"{scenario}.onnx").write_bytes(data)
        for name in tqdm(_names(bench), desc="build runtimes", leave=False):
            if name in ("onnxruntime", "openvino") and onnx is None:
                continue
            try:
                start = time.perf_counter()
                built = {s: build(name, m, onnx[s] if onnx else None) for s, m in models.items()}
                for s, runtime in built.items():
                    runtime(batch[s][:CHUNK])
                found.append(Candidate(name, built, time.perf_counter() - start, _memory(bench, name, folder)))
            except ImportError as err:
                bench.notes.append(f"{name}: not measured — {err.name or err} is not installed (requirements-dev.txt)")
            except Exception as err:  # a converter failure of any kind is a result to record, not a crash
                bench.notes.append(f"{name}: conversion failed ({type(err).__name__}: {str(err)[:300]})")
    return found


def _memory(bench: Bench, name: str, folder: str) -> float | None:
    """Peak memory (MB) to build ``name`` for both models and run one batch, in a new process.

    A fresh process, because a long-lived one reuses its freed, still-resident heap and hides the
    allocation; the models are loaded (and the ONNX files read) before the measurement starts.
    """
    try:
        args = [*worker_args(bench, "memory"), "--worker-out", folder, "--runtime", name]
        return run_child(args, child_env(), timeout=1800)["mb"]
    except (RuntimeError, OSError) as err:
        bench.notes.append(f"{name}: peak memory not measured ({str(err)[:200]})")
        return None


def worker_memory(bench: Bench, folder: Path, name: str) -> dict[str, Any]:
    """In a fresh process: build runtime ``name`` for both models and run one batch, under peak_memory."""
    predictors = bench.predictors()
    onnx = {s: (folder / f"{s}.onnx").read_bytes() for s in predictors if (folder / f"{s}.onnx").exists()}
    batch = {s: x[:CHUNK] for s, x in _views(predictors, list(bench.private_images(CHUNK // 2))).items()}
    with peak_memory() as memory:
        for scenario, predictor in predictors.items():
            build(name, predictor.model, onnx.get(scenario))(batch[scenario])
    return {"mb": memory()}


def _views(predictors: dict[str, Any], images: list) -> dict[str, np.ndarray]:
    """Both views (faces, then mirror images) of the images for each model: the live path's model work."""
    from core.data.preprocessing import preprocess
    from core.model.inference import flip_views

    return {s: flip_views(preprocess(images, p.model.input_shape, p.convention), True) for s, p in predictors.items()}


def _batch_pass(candidates: list[Candidate], batch: dict[str, np.ndarray]) -> int:
    """Every runtime over the same arrays, chunk by chunk in turn (background load hits all alike);
    the last, shorter chunk is computed but not timed. Returns the chunk size."""
    rows = len(next(iter(batch.values())))
    chunk = min(CHUNK, rows)
    parts: dict[str, dict[str, list[np.ndarray]]] = {c.name: {s: [] for s in batch} for c in candidates}
    for start in tqdm(range(0, rows, chunk), desc="runtime batches", leave=False):
        for cand in candidates:
            t0 = time.perf_counter()
            out = {s: runtime(batch[s][start : start + chunk]) for s, runtime in cand.runtimes.items()}
            if start + chunk <= rows:
                cand.batch_s.append(time.perf_counter() - t0)
            for s, o in out.items():
                parts[cand.name][s].append(np.asarray(o, dtype=np.float64))
    for cand in candidates:
        cand.probs = {s: np.concatenate(chunks) for s, chunks in parts[cand.name].items()}
    return chunk


def agreement(reference: dict[str, np.ndarray], probs: dict[str, np.ndarray], flip: dict[str, bool]) -> dict:
    """Top-1 agreement and max |Δp| (worst model) of the final probabilities: flip-averaged where the
    card says so, else the first view's."""
    from core.model.inference import mean_of_views

    def final(p: np.ndarray, s: str) -> np.ndarray:
        return mean_of_views(p) if flip[s] else p[: len(p) // 2]

    top1 = min(float((final(reference[s], s).argmax(1) == final(probs[s], s).argmax(1)).mean()) for s in reference)
    diff = max(float(np.abs(final(reference[s], s) - final(probs[s], s)).max()) for s in reference)
    return {"top1": top1, "max_diff": diff}


def bench_runtimes(bench: Bench) -> None:
    """Build every runtime, time one face and a PrivateTest batch, and check agreement with TensorFlow."""
    predictors = bench.predictors()
    flip = {s: p.flip for s, p in predictors.items()}
    images = bench.private_images(bench.plan.agreement_images)
    batch = _views(predictors, list(images))
    one = _views(predictors, [bench.face_gray()])
    candidates = _candidates(bench, batch)
    faces = time_many([_face_call(c, one) for c in candidates], bench.plan.repeats, desc="runtime faces")
    for cand, times in zip(candidates, faces, strict=True):
        cand.face_s = times
    chunk = _batch_pass(candidates, batch)
    tf = next(c for c in candidates if c.name == "tensorflow")
    for cand in candidates:
        cand.agreement = agreement(tf.probs, cand.probs, flip)
        _report(bench, cand, tf, n=len(images), chunk=chunk)
    _choose(bench, candidates, tf, one=one)
    bench_model_work(bench)


def _face_call(cand: Candidate, x: dict[str, np.ndarray]) -> Any:
    def call() -> None:
        for s, runtime in cand.runtimes.items():
            runtime(x[s])

    return call


def _report(bench: Bench, cand: Candidate, tf: Candidate, *, n: int, chunk: int) -> None:
    """One runtime's figures (face, batch, memory), each against the compiled TensorFlow Predictor."""
    agree = cand.agreement
    checks = {
        "top-1 agreement ≥ 99.9%": agree["top1"] >= ADOPT["agreement"],
        "max |Δp| ≤ 1e-4": agree["max_diff"] <= ADOPT["max_diff"],
    }
    note = f"{n} PrivateTest images: top-1 agreement {agree['top1']:.2%}, max |Δp| {agree['max_diff']:.1e}"
    note += f"; build {cand.build_s:.1f} s"
    params = {"runtime": cand.name, "images": n, "ref": "tensorflow"}
    common = {"group": "runtimes", "checks": checks, "note": note, "params": params}
    reference = "compiled TensorFlow Predictor"
    name = cand.name
    label = f"{name}: one face crop, both models, both views"
    face = {"times_s": cand.face_s, "reference": (reference, tf.face_s)}
    bench.add(
        figure(
            f"runtime_{name}_face",
            label,
            "warm",
            unit="ms",
            **face,
            **{**common, "params": {**params, "text": "runtime_face"}},
        )
    )
    label = f"{name}: {n} PrivateTest images and their mirrors, both models, chunks of {chunk}"
    per_chunk = chunk * len(cand.runtimes)
    times = {"times_s": cand.batch_s, "reference": (reference, tf.batch_s)}
    common["params"] = {**params, "text": "runtime_batch", "chunk": chunk}
    bench.add(figure(f"runtime_{name}_batch", label, "warm", unit="images/s", **times, count=per_chunk, **common))
    if cand.memory_mb is not None and tf.memory_mb:
        label = f"{name}: peak memory to build and run a {chunk}-image batch, both models"
        memory = {"times_s": [cand.memory_mb], "reference": (reference, [tf.memory_mb])}
        common["params"] = {**params, "text": "runtime_memory", "chunk": chunk}
        bench.add(figure(f"runtime_{name}_memory", label, "warm", unit="MB", **memory, **common))


def _choose(bench: Bench, candidates: list[Candidate], tf: Candidate, *, one: dict[str, np.ndarray]) -> None:
    """The fastest runtimes for the model-work and batch figures, and whether one earns adoption."""
    face = {c.name: float(np.median(c.face_s)) for c in candidates}
    batch = {c.name: float(np.median(c.batch_s)) for c in candidates}
    float32 = [c for c in candidates if c.name != "mixed_bfloat16"]
    bench.shared["fastest"] = min(float32, key=lambda c: batch[c.name]).runtimes
    bench.shared["fastest_face"] = (min(float32, key=lambda c: face[c.name]), one)
    for cand in float32:
        if cand is tf:
            continue
        speed, agree = face["tensorflow"] / face[cand.name], cand.agreement
        ok = speed >= ADOPT["speed"] and agree["top1"] >= ADOPT["agreement"] and agree["max_diff"] <= ADOPT["max_diff"]
        bench.notes.append(
            f"{cand.name}: {speed:.2f}x TensorFlow's speed on one face, "
            f"{batch['tensorflow'] / batch[cand.name]:.2f}x on the batch, top-1 agreement {agree['top1']:.2%}, "
            f"max |Δp| {agree['max_diff']:.1e} — {'meets' if ok else 'misses'} the adoption rule "
            f"(≥ {ADOPT['speed']}x faster, ≥ 99.9% agreement, |Δp| ≤ 1e-4)"
        )


def bench_model_work(bench: Bench) -> None:
    """The live path's model work (default Predictor) against the fastest runtime of this run, same face."""
    from bench.parts.face import model_work

    fastest, one = bench.shared["fastest_face"]
    predictors = bench.predictors()
    fig, ref = time_pairs(model_work(predictors, one), _face_call(fastest, one), bench.plan.repeats, desc="model work")
    runtime = next(iter(predictors.values())).forward.name
    label = f"model work of one face (Predictor, {runtime}), both models, both views"
    reference = (f"fastest runtime in this run ({fastest.name}), same arrays", ref)
    params = {"runtime": runtime, "fastest": fastest.name}
    bench.add(figure("model_work_warm", label, "warm", unit="ms", times_s=fig, reference=reference, params=params))
