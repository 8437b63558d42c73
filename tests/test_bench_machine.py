"""Machine probes: which process has TensorFlow loaded, and peak memory above a starting level."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench.machine import machine_info, nominal_peak_gflops, tensorflow_loaded


def test_tensorflow_loaded_reads_process_maps():
    child = subprocess.Popen([sys.executable, "-c", "import numpy, time; time.sleep(30)"])
    try:
        assert tensorflow_loaded(child.pid) is False
    finally:
        child.kill()
        child.wait()
    assert tensorflow_loaded(2**22 + 7) is None, "no such process"


PEAK_CHILD = """
import json, numpy as np
from bench.machine import peak_memory
with peak_memory() as small:
    np.ones(1000)
with peak_memory() as large:
    block = np.ones((64, 1024, 1024), dtype=np.uint8)
    block[::4096] = 2
    del block
print(json.dumps([small(), large()]))
"""


def test_peak_memory_sees_a_large_allocation():
    """In a fresh process: a long test session's freed, still-resident heap could absorb the block unseen."""
    import json

    run = subprocess.run([sys.executable, "-c", PEAK_CHILD], capture_output=True, text=True, timeout=120, check=True)
    small, large = json.loads(run.stdout.strip().splitlines()[-1])
    if large is None:
        return  # no /proc here
    assert large >= 50 and small < large, (small, large)


def test_machine_info_names_the_cpu_and_bfloat16_support():
    info = machine_info()
    assert info["cpu_model"] and info["cores"] >= 1
    assert isinstance(info["bfloat16_hardware"], bool) and "avx512_bf16" in info["cpu_flags"]


def test_nominal_peak_scales_with_cores_clock_and_lanes():
    peak = nominal_peak_gflops()
    if peak is None:
        pytest.skip("no /proc/cpuinfo clock here")
    gflops, how = peak
    cores, ghz = how.split(" cores x ")[0], how.split(" x ")[1].split(" GHz")[0]
    lanes = int(how.split(" float32 lanes")[0].split(" x ")[-1])
    assert gflops == pytest.approx(int(cores) * float(ghz) * 2 * lanes * 2, rel=0.01)
