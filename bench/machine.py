"""What the benchmark ran on: CPU model, cores, instruction sets, load, library versions; and memory probes."""

from __future__ import annotations

import os
import platform
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.artifacts.bench import library_versions

CPU_FLAGS = ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_tile")


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


def load_average() -> list[float] | None:
    return [round(v, 2) for v in os.getloadavg()] if hasattr(os, "getloadavg") else None


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the OS has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def machine_info() -> dict[str, Any]:
    """CPU model, cores, the instruction sets that matter for TensorFlow, load, versions and date."""
    cpu = _cpuinfo()
    flags = set(cpu.get("flags", "").split())
    return {
        "cpu_model": cpu.get("model name") or platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "usable_cores": usable_cores(),
        "cpu_flags": {flag: flag in flags for flag in CPU_FLAGS},
        "bfloat16_hardware": bool(flags & {"avx512_bf16", "amx_bf16"}),
        "load_average_start": load_average(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": library_versions(),
        "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default (on for x86 Linux builds)"),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def nominal_peak_gflops() -> tuple[float, str] | None:
    """float32 peak of the usable cores at the reported clock, and how it was reckoned (None without /proc).

    FLOPs per cycle per core: two FMA units of 8 (AVX2) or 16 (AVX-512) float32 lanes, 2 FLOPs each;
    a nominal bound (turbo clocks go higher, memory-bound layers stay lower), enough to show when a
    speed-up target would need more arithmetic than the CPU has.
    """
    cpu = _cpuinfo()
    flags = set(cpu.get("flags", "").split())
    try:
        mhz = float(cpu["cpu MHz"])
    except (KeyError, ValueError):
        return None
    lanes = 16 if "avx512f" in flags else 8 if {"avx2", "fma"} <= flags else 4
    cores = usable_cores()
    gflops = cores * mhz / 1000 * 2 * lanes * 2
    return gflops, f"{cores} cores x {mhz / 1000:.2f} GHz x 2 FMA units x {lanes} float32 lanes x 2 FLOPs"


def _status_mb(field_name: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@contextmanager
def peak_memory() -> Iterator[Callable[[], float | None]]:
    """Peak resident memory (MB) above the starting level while the block runs.

    Resets the kernel's high-water mark (``/proc/self/clear_refs``, Linux) so earlier peaks do not
    count; yields a function that reads the result (None where the probe is unavailable).
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
        start = _status_mb("VmRSS")
    except OSError:
        start = None
    result: dict[str, float | None] = {"mb": None}
    try:
        yield lambda: result["mb"]
    finally:
        peak = _status_mb("VmHWM")
        if start is not None and peak is not None:
            result["mb"] = max(peak - start, 0.0)


def tensorflow_loaded(pid: int) -> bool | None:
    """Whether a process has TensorFlow's shared library mapped (None where /proc is unavailable)."""
    try:
        return "tensorflow" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return None
