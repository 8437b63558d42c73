"""How long an evaluation will take: the model's own measured throughput, else the benchmark's figure
for the nearest input size scaled by pixel count (a VGG16's cost grows with its input's pixels).

reports/bench.json (core.artifacts.bench) measured the shipped 48x48 models flip-averaged (two passes per
image) and a 224x224 VGG16 with one pass; their per-pixel rates agree within a few percent on this CPU.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from core.artifacts.bench import measured_rate

PRIVATE_TEST_IMAGES = 3589
REFERENCES = {"batch_warm": (48 * 48, 2), "user224_tensorflow": (224 * 224, 1)}
"""bench.json figure -> (input pixels, model passes per image) it was measured with."""


class Estimate(NamedTuple):
    seconds: float
    source: str
    """'measured' (this model's last run) or 'bench' (the benchmark, scaled to this input size)."""
    rate: float
    """Images per second behind the estimate."""


def bench_rate(input_shape: list[int] | tuple[int, ...], bench: dict[str, Any], *, flip: bool = False) -> float | None:
    """Images/s for this input size from the nearest benchmark figure (None when the benchmark has none)."""
    pixels = int(input_shape[0]) * int(input_shape[1])
    rates = [
        (abs(size - pixels), rate * passes * size / pixels)
        for key, (size, passes) in REFERENCES.items()
        if (rate := measured_rate(bench, key))
    ]
    if not rates:
        return None
    return min(rates)[1] / (2 if flip else 1)


def estimate(
    input_shape: list[int] | tuple[int, ...] | None,
    *,
    images: int = PRIVATE_TEST_IMAGES,
    flip: bool = False,
    measured: float | None = None,
    bench: dict[str, Any] | None = None,
) -> Estimate | None:
    """Seconds for ``images``: from ``measured`` images/s when known, else the benchmark; None when neither."""
    if measured and measured > 0:
        return Estimate(images / measured, "measured", measured)
    rate = bench_rate(input_shape, bench, flip=flip) if input_shape and bench else None
    return Estimate(images / rate, "bench", rate) if rate else None
