"""A user's own 224x224 model: images/s with today's path (``model.predict``) and with each compiled runtime.

The benchmark builds the kind of model a candidate brings (a nested
``keras.applications.VGG16(weights=None, include_top=False, input_shape=(224, 224, 3))`` with a
Flatten/Dense head, about 21x the work of the shipped 48x48 models per image), seeded, so the
figure needs no download. It also gives the time estimate the app would show before a PrivateTest
pass (:func:`core.artifacts.bench.estimate_seconds`).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from tqdm import tqdm

from bench.context import Bench
from bench.machine import nominal_peak_gflops
from bench.parts.runtimes import ADOPT, build
from bench.stats import figure
from core.artifacts.bench import estimate_seconds

SIDE = 224
CHUNK = 8
PRIVATE_IMAGES = 3589
PATHS = ("tensorflow", "onnxruntime", "openvino")


def user_model(seed: int = 0) -> Any:
    """A nested VGG16 (random weights, seeded) + Flatten + Dense(7, softmax), 224x224x3 input."""
    import keras

    keras.utils.set_random_seed(seed)
    inputs = keras.Input((SIDE, SIDE, 3))
    base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(SIDE, SIDE, 3))
    outputs = keras.layers.Dense(7, activation="softmax")(keras.layers.Flatten()(base(inputs)))
    return keras.Model(inputs, outputs, name="user_vgg16_224")


def forward_gflops(model: Any) -> float:
    """GFLOPs of one image's forward pass: 2 x the multiply-adds of every Conv2D and Dense, nested ones included."""
    import keras

    def leaves(layer: Any) -> Any:
        for inner in layer.layers:
            yield from leaves(inner) if isinstance(inner, keras.Model) else (inner,)

    flops = 0
    for layer in leaves(model):
        if isinstance(layer, keras.layers.Conv2D):
            kh, kw, cin, cout = layer.kernel.shape
            flops += 2 * kh * kw * cin * cout * int(np.prod(layer.output.shape[1:3]))
        elif isinstance(layer, keras.layers.Dense):
            flops += 2 * int(np.prod(layer.kernel.shape))
    return flops / 1e9


def _paths(bench: Bench, model: Any) -> dict[str, Any]:
    """Today's path (model.predict, batch 32) and every runtime that builds here."""
    from core.model.runtimes import onnx_bytes

    found: dict[str, Any] = {"model.predict": lambda x: model.predict(x, batch_size=32, verbose=0)}
    onnx = None
    for name in PATHS:
        try:
            if name != "tensorflow" and onnx is None:
                onnx = onnx_bytes(model)
            found[name] = build(name, model, onnx)
        except ImportError as err:
            bench.notes.append(f"user224 {name}: not measured — {err.name or err} is not installed")
        except Exception as err:  # a converter failure is a result to record
            bench.notes.append(f"user224 {name}: failed ({type(err).__name__}: {str(err)[:200]})")
    return found


def bench_user_model(bench: Bench) -> None:
    """images/s of a 224x224 VGG16 user model, today's path against the fastest, with the app's estimate."""
    from core.data.preprocessing import preprocess

    model = user_model()
    x = preprocess(bench.private_images(bench.plan.user_images), model.input_shape)
    calls = _paths(bench, model)
    times: dict[str, list[float]] = {name: [] for name in calls}
    probs: dict[str, list[np.ndarray]] = {name: [] for name in calls}
    for call in calls.values():
        call(x[:1])
    for start in tqdm(range(0, len(x), CHUNK), desc="user model", leave=False):
        for name, call in calls.items():
            t0 = time.perf_counter()
            probs[name].append(np.asarray(call(x[start : start + CHUNK]), dtype=np.float64))
            times[name].append(time.perf_counter() - t0)
    outputs = {name: np.concatenate(parts) for name, parts in probs.items()}
    rate = {name: CHUNK / float(np.median(t)) for name, t in times.items()}
    fastest = max((n for n in calls if n != "model.predict"), key=rate.__getitem__)
    for name in calls:
        if name == "model.predict":
            continue
        _add(
            bench,
            name,
            times,
            outputs=outputs,
            rate=rate,
            key="user224_fastest" if name == fastest else f"user224_{name}",
        )
    _arithmetic_note(bench, forward_gflops(model), rate, fastest=fastest)


def _arithmetic_note(bench: Bench, gflops: float, rate: dict[str, float], *, fastest: str) -> None:
    """How much arithmetic each path sustains, against the CPU's nominal float32 peak."""
    peak = nominal_peak_gflops()
    sustained = {name: gflops * r for name, r in rate.items()}
    text = f"user224: {gflops:.1f} GFLOPs per image; sustained " + ", ".join(
        f"{name} {value:.0f} GFLOPS" for name, value in sustained.items()
    )
    if peak is not None:
        need = 2 * sustained["model.predict"]
        text += (
            f"; nominal float32 peak {peak[0]:.0f} GFLOPS ({peak[1]}): {fastest} runs at "
            f"{sustained[fastest] / peak[0]:.0%} of it, and 2x today's path would need {need:.0f} GFLOPS "
            f"({need / peak[0]:.0%} of peak)"
        )
    bench.notes.append(text)


def _add(bench: Bench, name: str, times: dict, *, outputs: dict, rate: dict, key: str) -> None:
    today = outputs["model.predict"]
    diff = float(np.abs(outputs[name] - today).max())
    top1 = float((outputs[name].argmax(1) == today.argmax(1)).mean())
    checks = {"top-1 agreement ≥ 99.9%": top1 >= ADOPT["agreement"], "max |Δp| ≤ 1e-4": diff <= ADOPT["max_diff"]}
    estimate = estimate_seconds(PRIVATE_IMAGES, rate[name], views=2)
    note = (
        f"{len(today)} images: top-1 agreement {top1:.2%}, max |Δp| {diff:.1e}; "
        f"app estimate for PrivateTest ({PRIVATE_IMAGES:,} images with the flip average): {estimate / 60:.0f} min"
    )
    label = f"224x224 VGG16 user model, {name}" + (" (fastest path here)" if key == "user224_fastest" else "")
    bench.add(
        figure(
            key,
            label,
            "warm",
            unit="images/s",
            times_s=times[name],
            reference=("model.predict (today's path), batch 32", times["model.predict"]),
            count=CHUNK,
            group="figures" if key == "user224_fastest" else "runtimes",
            checks=checks if name != "model.predict" else {},
            note=note,
            params={
                "path": name,
                "minutes": round(estimate / 60),
                "images": PRIVATE_IMAGES,
                "ref": "model_predict",
                "text": "user224_fastest" if key == "user224_fastest" else "user224_path",
            },
        )
    )
