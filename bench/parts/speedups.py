"""Other experiments: model.predict and eager calls vs the compiled Predictor, warming at load, oneDNN on/off."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from bench.context import Bench, child_env, raw_call, run_child, worker_args
from bench.stats import figure, time_pairs, time_runs
from core import paths

REFERENCE = "Predictor (compiled), both models"


def bench_speedups(bench: Bench) -> None:
    """One face crop through model.predict and the eager call against the Predictor; warm-up; oneDNN."""
    from core.data.preprocessing import preprocess

    predictors = bench.predictors()
    gray = bench.face_gray()
    x = {s: preprocess(gray, p.model.input_shape, p.convention) for s, p in predictors.items()}

    def compiled() -> None:
        for predictor in predictors.values():
            predictor.probabilities(gray)

    def predict() -> None:
        for scenario, predictor in predictors.items():
            predictor.model.predict(x[scenario], verbose=0)

    for key, call, what in (
        ("single_predict", predict, "model.predict"),
        ("single_eager", raw_call(predictors, x), "eager model(x, training=False)"),
    ):
        fig, ref = time_pairs(call, compiled, bench.plan.repeats, desc=key)
        label = f"one face crop, {what}, both models"
        bench.add(
            figure(
                key,
                label,
                "warm",
                unit="ms",
                times_s=fig,
                reference=(REFERENCE, ref),
                group="speedups",
                params={"ref": "predictor"},
            )
        )
    _warm_up(bench, x, gray)
    _onednn(bench)


def _warm_up(bench: Bench, x: dict[str, np.ndarray], gray: np.ndarray) -> None:
    """The first prediction after load with and without load_predictor's warm-up call."""
    import tensorflow as tf

    from core.model.architectures import load_model
    from core.model.inference import Predictor

    unwarmed, warmed = [], []
    for _ in tqdm(range(bench.plan.loads), desc="warm-up", leave=False):
        unwarmed.append(0.0)
        warmed.append(0.0)
        for scenario, path in bench.model_files().items():
            model = load_model(path)
            forward = tf.function(lambda t, model=model: model(t, training=False))
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
            unit="ms",
            times_s=unwarmed,
            reference=("first prediction after load_predictor's warm-up", warmed),
            group="speedups",
        )
    )


def worker_setting(bench: Bench, out: Path) -> dict[str, Any]:
    """In a process whose environment the parent set (TF_ENABLE_ONEDNN_OPTS): one face and PublicTest."""
    from core.model.inference import predict_probabilities

    predictors = bench.predictors()
    gray = bench.face_gray()
    face = time_runs(lambda: [p.probabilities(gray) for p in predictors.values()], bench.plan.repeats, desc="face")
    public = bench.dataset().split("PublicTest").head(bench.plan.check_images)
    probs, seconds = {}, 0.0
    for scenario, predictor in predictors.items():
        start = time.perf_counter()
        probs[scenario] = predict_probabilities(predictor.model, public.images, runtime=predictor.forward)
        seconds += time.perf_counter() - start
    np.savez(out, labels=public.labels, **probs)
    accuracy = {s: float((p.argmax(1) == public.labels).mean()) for s, p in probs.items()}
    return {"face_s": face, "batch_s": seconds, "images": len(public), "models": len(probs), "accuracy": accuracy}


def _onednn(bench: Bench) -> None:
    """oneDNN on (TensorFlow's default on x86 Linux) vs off, each in its own process, same inputs."""
    settings = {"oneDNN on (TF_ENABLE_ONEDNN_OPTS=1)": "1", "oneDNN off (TF_ENABLE_ONEDNN_OPTS=0)": "0"}
    runs, probs = {}, {}
    with tempfile.TemporaryDirectory(prefix="fer_bench_onednn_") as folder:
        for name, value in tqdm(settings.items(), desc="oneDNN", leave=False):
            out = Path(folder) / f"{value}.npz"
            args = [*worker_args(bench, "setting"), "--worker-out", str(out)]
            runs[name] = run_child(args, child_env(TF_ENABLE_ONEDNN_OPTS=value), timeout=1800)
            with np.load(out) as data:
                probs[name] = {s: data[s] for s in paths.SCENARIOS}
    (ref_name, ref), (name, new) = runs.items()
    diff = max(float(np.abs(probs[ref_name][s] - probs[name][s]).max()) for s in paths.SCENARIOS)
    agree = min(float((probs[ref_name][s].argmax(1) == probs[name][s].argmax(1)).mean()) for s in paths.SCENARIOS)
    note = f"{ref['images']} PublicTest images: max |Δp| {diff:.2e}, top-1 agreement {agree:.4f}"
    label = f"one face crop, Predictor, both models, {name}"
    bench.add(
        figure(
            "onednn_off_face",
            label,
            "warm",
            unit="ms",
            times_s=new["face_s"],
            reference=(ref_name, ref["face_s"]),
            group="speedups",
            note=note,
            params={"ref": "onednn_on"},
        )
    )
    bench.add(
        figure(
            "onednn_off_batch",
            f"PublicTest batch ({ref['images']:,} images), predict_probabilities, both models, {name}",
            "warm",
            unit="images/s",
            times_s=[new["batch_s"]],
            reference=(ref_name, [ref["batch_s"]]),
            count=ref["images"] * ref["models"],
            group="speedups",
            note=note,
            params={"images": ref["images"], "ref": "onednn_on"},
        )
    )
