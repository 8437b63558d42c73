"""The About & performance page under streamlit.testing: with a bench.json, without one, damaged, no TensorFlow."""

from __future__ import annotations

import subprocess
import sys

import pytest
from test_app import APP, ROOT, open_page, text_of

from bench import harness as bench
from bench.harness import Figure, Reference, figure, write_bench


@pytest.fixture
def bench_file(empty_dirs, monkeypatch):
    """A bench.json in the (empty) reports folder: two target figures (one passing), one experiment."""
    figures = [
        figure(
            "face_warm",
            "one face",
            "warm",
            "ms",
            [0.040, 0.045, 0.050],
            ("raw model(x, training=False), both models", [0.03] * 3),
            params={"width": 640, "height": 480},
        ),
        figure(
            "paint_home_warm",
            "home",
            "warm",
            "s",
            [0.8, 0.9],
            checks={"TensorFlow not imported": False},
            note="title visible after 0.70 s (median)",
        ),
        figure("dataset_cold", "decode", "cold", "s", [12.0], params={"images": 35887}),
        Figure("single_predict", "model.predict", "warm", "ms", 91, 99, 5, "speedups", Reference("tf.function", 30, 3)),
    ]
    machine = {**bench.machine_info(), "load_average_start": [0.1, 0.1, 0.1], "load_average_end": [0.2, 0.1, 0.1]}
    result = {
        "created": "2025-01-01T00:00:00+00:00",
        "machine": machine,
        "settings": {"quick": False, "models_dir": str(bench.paths.models_dir())},
        "figures": [f.to_dict() for f in figures],
        "notes": ["bfloat16: not tried — this CPU has neither avx512_bf16 nor amx_bf16"],
    }
    return write_bench(bench.bench_path(), result)


def test_shows_the_measured_table(bench_file):
    at = open_page("performance")
    table = at.dataframe[0].value
    assert len(table) == 3
    assert table.columns.tolist()[:3] == ["Angka", "Median", "P95"]
    face = table.iloc[0]
    assert face["Angka"] == "satu wajah, foto JPEG 640x480: dekode + deteksi + kedua model · hangat"
    assert face["Median"] == "45.0 ms" and face["Rasio"] == "1.50x" and face["Lulus"] == "lulus"
    home = table.iloc[1]
    assert home["Lulus"] == "GAGAL", "TensorFlow imported fails the target"
    assert home["Target"] == "median ≤ 1.5 s + TensorFlow tidak diimpor"
    assert table.iloc[2]["Angka"].startswith("dekode dataset (35,887 citra)")
    text = text_of(at)
    assert "Target terpenuhi: 1 dari 2." in text
    assert machine_cpu() in text
    assert not at.warning, "an idle full run needs no warning"


def machine_cpu() -> str:
    return bench.machine_info()["cpu_model"]


def test_speedups_and_english(bench_file):
    at = open_page("performance", lang="en")
    assert len(at.dataframe) == 1, "the experiments stay hidden until asked for"
    at.toggle(key="performance_speedups").set_value(True).run()
    assert not at.exception
    experiments = at.dataframe[1].value
    assert experiments.iloc[0]["Figure"] == "one face crop, model.predict, both models · warm"
    assert experiments.iloc[0]["Reference"] == "tf.function: 30.0 ms" and experiments.iloc[0]["Ratio"] == "3.03x"
    assert "Targets met: 1 of 2." in text_of(at)


def test_quick_and_busy_runs_are_flagged(bench_file):
    data = bench.load_bench(bench_file)
    data["settings"]["quick"] = True
    data["machine"]["load_average_end"] = [7.5, 6.0, 5.0]
    data["settings"]["models_dir"] = "/elsewhere/models"
    write_bench(bench_file, data)
    at = open_page("performance", lang="en")
    warnings = " ".join(w.value for w in at.warning)
    assert "--quick" in warnings and "load average 7.5" in warnings
    assert "/elsewhere/models" in at.info[0].value, "models measured from another folder are named"


def test_about_section(empty_dirs):
    at = open_page("performance", {"performance_section": "about"})
    assert not at.exception
    code = at.code[0].value
    assert "python -m bench" in code and "streamlit run streamlit_app.py" in code
    text = text_of(at)
    assert "Goodfellow" in text and "Simonyan" in text and "35.887" in text
    versions = at.table[0].value
    assert "streamlit" in versions.iloc[:, 0].tolist()


def test_without_bench_says_what_to_run(empty_dirs):
    at = open_page("performance")
    assert "python -m bench" in text_of(at)
    assert not at.dataframe


def test_damaged_bench_is_refused(bench_file):
    bench_file.write_text(bench_file.read_text()[:100])
    at = open_page("performance")
    assert "damaged" in text_of(at) and "python -m bench" in text_of(at)
    assert not at.dataframe


def test_page_does_not_import_tensorflow(bench_file):
    code = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({APP!r}, default_timeout=60)\n"
        "at.run()\n"
        "at.switch_page('app_pages/performance.py').run()\n"
        "assert not at.exception and at.dataframe\n"
        "at.segmented_control(key='performance_section').set_value('about').run()\n"
        "assert not at.exception\n"
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False False"
