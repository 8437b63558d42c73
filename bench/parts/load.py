"""Model loading, warm (in this process) and cold (a new process importing TensorFlow first)."""

from __future__ import annotations

import time
from typing import Any

from tqdm import tqdm

from bench.context import Bench, child_env, photo_jpeg, run_child, worker_args
from bench.stats import figure, time_pairs


def bench_load(bench: Bench) -> None:
    """load_model and load_predictor against plain keras loading, and the cold start of a new process."""
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
    label = "core.model.architectures.load_model, both models"
    bench.add(
        figure("load_model_warm", label, "warm", unit="s", times_s=fig, reference=("keras.saving.load_model", ref))
    )
    fig, ref = time_pairs(predictors, ours, reps, warmup=0, desc="load_predictor")
    label = "core.model.inference.load_predictor (load, check, compile, warm-up), both models"
    bench.add(
        figure(
            "load_predictor_warm",
            label,
            "warm",
            unit="s",
            times_s=fig,
            reference=("core.model.architectures.load_model", ref),
        )
    )
    _cold(bench)


def _cold(bench: Bench) -> None:
    cold = [run_child(worker_args(bench, "cold"), child_env()) for _ in tqdm(range(bench.plan.cold), leave=False)]
    bench.add(
        figure(
            "load_cold",
            "new process: import TensorFlow + load_predictor, both models",
            "cold",
            unit="s",
            times_s=[c["tensorflow_s"] + c["load_s"] for c in cold],
            reference=("import tensorflow alone", [c["tensorflow_s"] for c in cold]),
        )
    )
    bench.add(
        figure(
            "face_cold",
            "first face after load in a new process (photo, decode + detect + both models)",
            "cold",
            unit="ms",
            times_s=[c["face_s"] for c in cold],
            reference=("the same face again, warm", [c["face_again_s"] for c in cold]),
        )
    )
    if all("gradcam_s" in c for c in cold):
        bench.add(
            figure(
                "gradcam_first_cold",
                "first Grad-CAM in a new process (Explainer build + explain), both models",
                "cold",
                unit="ms",
                times_s=[c["gradcam_s"] for c in cold],
            )
        )


def worker_cold(bench: Bench) -> dict[str, Any]:
    """In a fresh process: TensorFlow import, both predictors, the first face and the first Grad-CAM."""
    from bench.parts.face import one_face

    start = time.perf_counter()
    import tensorflow  # noqa: F401  (timed on its own: the floor of any cold start)

    tensorflow_s = time.perf_counter() - start
    start = time.perf_counter()
    predictors = bench.predictors()
    load_s = time.perf_counter() - start
    photo = photo_jpeg(bench.face_bytes())
    import core.views.live  # noqa: F401  (its import, OpenCV included, is not part of the first prediction)

    start = time.perf_counter()
    one_face(photo, predictors)
    result = {"tensorflow_s": tensorflow_s, "load_s": load_s, "face_s": time.perf_counter() - start}
    start = time.perf_counter()
    one_face(photo, predictors)
    result["face_again_s"] = time.perf_counter() - start
    try:
        from core.explain.gradcam import Explainer
    except ImportError:
        return result
    gray = bench.face_gray()
    start = time.perf_counter()
    for predictor in predictors.values():
        Explainer(predictor.model).explain(gray)
    result["gradcam_s"] = time.perf_counter() - start
    return result
