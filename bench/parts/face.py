"""One face end to end, Grad-CAM, and batch evaluation, each against the bare model work on the same arrays."""

from __future__ import annotations

from typing import Any

import numpy as np

from bench.context import PHOTO_SIZE, Bench, photo_jpeg, raw_call
from bench.stats import figure, summarise, time_pairs, time_runs


def one_face(data: bytes, predictors: dict[str, Any]) -> int:
    """The app's live path for one upload: decode, detect, crop, both models; returns the faces found."""
    from core.views.live import analyse, predict

    analysis = analyse(data)
    if analysis.error:
        raise ValueError(analysis.error)
    predict(analysis.faces, predictors)
    return len(analysis.faces)


def model_work(predictors: dict[str, Any], x: dict[str, np.ndarray]) -> Any:
    """The bare model work of the live path: each Predictor's compiled forward on preprocessed views."""

    def call() -> None:
        for scenario, predictor in predictors.items():
            predictor.forward(x[scenario])

    return call


def face_views(predictors: dict[str, Any], faces: list) -> dict[str, np.ndarray]:
    """Each model's preprocessed input for the faces, with the mirror images where its card flips."""
    from core.data.preprocessing import preprocess
    from core.model.inference import flip_views

    return {s: flip_views(preprocess(faces, p.model.input_shape, p.convention), p.flip) for s, p in predictors.items()}


def bench_face(bench: Bench) -> None:
    """One face, warm: a 640x480 photo (with detection) and a 48x48 FER-2013 JPEG, against the model work."""
    live = bench.optional("face", "core.views.live")
    if live is None:
        return
    predictors = bench.predictors()
    crop = bench.face_bytes()
    photo = photo_jpeg(crop)
    mirrored = " (face and mirror image)" if any(p.flip for p in predictors.values()) else ""
    for key, data, what in (
        ("face_warm", photo, f"{PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} photo JPEG: decode + detect + both models"),
        ("face_crop_warm", crop, "48x48 FER-2013 JPEG: decode + both models (no detection needed)"),
    ):
        faces = live.analyse(data).faces
        if len(faces) != 1:
            bench.notes.append(f"{key}: expected one face, found {len(faces)}; the figure still times the full path")
        x = face_views(predictors, [f.image for f in faces])
        fig, ref = time_pairs(
            lambda data=data: one_face(data, predictors), model_work(predictors, x), bench.plan.repeats
        )
        alone = summarise(time_runs(lambda data=data: live.analyse(data), bench.plan.repeats, desc=f"{key} decode"))
        note = f"decode + detect alone: median {alone.median * 1000:.1f} ms"
        reference = (f"model work on the same crop, both models{mirrored}", ref)
        size = {"width": PHOTO_SIZE[0], "height": PHOTO_SIZE[1]} if key == "face_warm" else {}
        size["ref"] = "model_work"
        bench.add(
            figure(
                key, f"one face, {what}", "warm", unit="ms", times_s=fig, reference=reference, note=note, params=size
            )
        )


def bench_gradcam(bench: Bench) -> None:
    """Grad-CAM (+ Grad-CAM++ and SE maps, as the page shows them) of one face for both models."""
    explain_module = bench.optional("gradcam", "core.explain.gradcam")
    if explain_module is None:
        return
    from core.data.preprocessing import preprocess

    predictors = bench.predictors()
    gray = bench.face_gray()
    explainers = {s: explain_module.Explainer(p.model, None, p.convention) for s, p in predictors.items()}
    x = {s: preprocess(gray, p.model.input_shape, p.convention) for s, p in predictors.items()}

    def explain() -> None:
        for explainer in explainers.values():
            explainer.explain(gray)

    fig, ref = time_pairs(explain, raw_call(predictors, x), bench.plan.repeats, desc="gradcam")
    label = "Grad-CAM + Grad-CAM++ (+ SE maps) of one face, both models"
    bench.add(
        figure(
            "gradcam_warm",
            label,
            "warm",
            unit="ms",
            times_s=fig,
            reference=("raw model(x, training=False), both models", ref),
        )
    )

    def first() -> None:
        for predictor in predictors.values():
            explain_module.Explainer(predictor.model, None, predictor.convention).explain(gray)

    fig, ref = time_pairs(first, explain, bench.plan.loads, warmup=0, desc="gradcam cold")
    label = "first Grad-CAM after the models are loaded (Explainer build + explain), both models"
    bench.add(
        figure(
            "gradcam_cold", label, "cold", unit="ms", times_s=fig, reference=("the same with the Explainers built", ref)
        )
    )


def bench_batch(bench: Bench) -> None:
    """predict_probabilities on PrivateTest against the fastest runtime's own batch call on the same arrays
    (with the card's flip average: on the array and its mirror images, the same model work)."""
    from core.data.preprocessing import detect_pixel_step, preprocess
    from core.model.inference import batched, flip_views, predict_probabilities

    predictor = bench.predictors()["optimized"]
    model, flip = predictor.model, predictor.flip
    fastest = bench.shared.get("fastest", {}).get("optimized", predictor.forward)
    images = bench.private_images(bench.plan.batch_images)
    conv, done = predictor.convention, detect_pixel_step(images)
    views = flip_views(preprocess(images, model.input_shape, conv, done=done), flip)
    fig, ref = time_pairs(
        lambda: predict_probabilities(model, images, flip=flip, runtime=predictor.forward, conv=conv, done=done),
        lambda: batched(fastest, views, 64),
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
            unit="images/s",
            times_s=fig,
            reference=(
                f"{fastest.name} batch call on the preprocessed array" + (" and its mirror" if flip else ""),
                ref,
            ),
            count=len(images),
            params={"images": len(images), "runtime": fastest.name},
        )
    )
