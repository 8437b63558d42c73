"""The benchmark's statistics: median and p95, units, interleaved timing, and ratio targets."""

from __future__ import annotations

import pytest

from bench.stats import TARGETS, figure, scaled, summarise, time_many

NO_TF = {"TensorFlow not imported": True}


def test_summarise_median_and_p95():
    stats = summarise(list(range(1, 21)))
    assert stats.median == 10.5 and stats.n == 20
    assert stats.p95 == pytest.approx(19.05), "linear interpolation between the 19th and 20th value"
    assert summarise([0.2]).p95 == 0.2
    for bad in ([], [1.0, float("nan")]):
        with pytest.raises(ValueError):
            summarise(bad)


def test_scaled_units_and_throughput_tail():
    assert scaled([0.010, 0.020, 0.030], "ms").median == pytest.approx(20.0)
    assert scaled([512.0], "MB").median == 512.0, "memory is taken as measured"
    fast_and_slow = scaled([1.0, 1.0, 2.0], "images/s", count=100)
    assert fast_and_slow.median == pytest.approx(100.0)
    assert fast_and_slow.p95 < fast_and_slow.median, "the p95 of a throughput is its slow tail"
    with pytest.raises(ValueError):
        scaled([1.0], "images/s")


def test_every_target_is_a_ratio_to_the_same_run_reference():
    assert all(target.text().startswith("ratio") for target in TARGETS.values())
    fast = figure(
        "face_warm", "one face", "warm", unit="ms", times_s=[0.036] * 3, reference=("model work", [0.030] * 3)
    )
    slow = figure(
        "face_warm", "one face", "warm", unit="ms", times_s=[0.040] * 3, reference=("model work", [0.030] * 3)
    )
    assert fast.ratio == pytest.approx(1.2) and fast.passed is True
    assert slow.passed is False
    alone = figure("face_warm", "one face", "warm", unit="ms", times_s=[0.001] * 3)
    assert alone.ratio is None and alone.passed is None, "no reference, no verdict: fast alone proves nothing"
    batch = figure(
        "batch_warm", "batch", "warm", unit="images/s", times_s=[1.0], reference=("fastest", [0.95]), count=100
    )
    assert batch.ratio == pytest.approx(0.95) and batch.passed is True
    assert (
        figure(
            "batch_warm", "batch", "warm", unit="images/s", times_s=[1.1], reference=("fastest", [1.0]), count=100
        ).passed
        is False
    )


def test_paint_passes_only_without_tensorflow():
    ok = figure("paint_home_warm", "home", "warm", unit="s", times_s=[1.2], reference=("floor", [1.0]), checks=NO_TF)
    assert ok.passed is True
    heavy = figure(
        "paint_home_warm",
        "home",
        "warm",
        unit="s",
        times_s=[1.2],
        reference=("floor", [1.0]),
        checks={next(iter(NO_TF)): False},
    )
    assert heavy.passed is False, "fast is not enough when TensorFlow was imported"
    assert (
        figure("paint_metrics_warm", "m", "warm", unit="s", times_s=[1.31], reference=("floor", [1.0])).passed is False
    )
    assert figure("dataset_cold", "decode", "cold", unit="s", times_s=[9.0]).passed is None, "no target, no verdict"


def test_time_many_interleaves_and_counts():
    order: list[str] = []
    times = time_many([lambda: order.append("a"), lambda: order.append("b")], repeats=3, warmup=1)
    assert [len(t) for t in times] == [3, 3]
    assert order == ["a", "b"] * 4, "one warm-up round, then rounds that alternate"
