"""The About & performance page under streamlit.testing: with a bench.json, without one, damaged, no TensorFlow."""

from __future__ import annotations

import subprocess
import sys

import pytest
from test_app import APP, ROOT, open_page, text_of

from bench.machine import machine_info
from bench.stats import Figure, Reference, figure
from core import paths
from core.artifacts.bench import bench_path, load_bench, write_bench


@pytest.fixture
def bench_file(empty_dirs, monkeypatch):
    """A bench.json in the (empty) reports folder: three target figures (one passing), a runtime, an experiment."""
    figures = [
        figure(
            "face_warm",
            "one face",
            "warm",
            unit="ms",
            times_s=[0.040, 0.045, 0.050],
            reference=("model work on the same crop, both models (face and mirror image)", [0.04] * 3),
            params={"width": 640, "height": 480, "ref": "model_work"},
        ),
        figure(
            "paint_home_warm",
            "home",
            "warm",
            unit="s",
            times_s=[1.1, 1.2],
            reference=("paint floor, same procedure", [1.0, 1.0]),
            checks={"TensorFlow not imported": False},
            note="title visible after 0.70 s (median)",
            params={"page": "home", "ref": "floor"},
        ),
        figure(
            "user224_fastest",
            "224x224 VGG16 user model, onnxruntime (fastest path here)",
            "warm",
            unit="images/s",
            times_s=[4.0],
            reference=("model.predict (today's path), batch 32", [5.0]),
            count=8,
            params={"path": "onnxruntime", "minutes": 60, "images": 3589, "ref": "model_predict"},
        ),
        figure("dataset_cold", "decode", "cold", unit="s", times_s=[12.0], params={"images": 35887}),
        figure(
            "runtime_openvino_face",
            "openvino: one face crop",
            "warm",
            unit="ms",
            times_s=[0.05],
            reference=("compiled TensorFlow Predictor", [0.04]),
            group="runtimes",
            checks={"top-1 agreement ≥ 99.9%": True, "max |Δp| ≤ 1e-4": True},
            params={"runtime": "openvino", "ref": "tensorflow", "text": "runtime_face"},
        ),
        Figure("single_predict", "model.predict", "warm", "ms", 91, 99, 5, "speedups", Reference("tf.function", 30, 3)),
    ]
    machine = {**machine_info(), "load_average_start": [0.1, 0.1, 0.1], "load_average_end": [0.2, 0.1, 0.1]}
    result = {
        "created": "2025-01-01T00:00:00+00:00",
        "machine": machine,
        "settings": {"quick": False, "models_dir": str(paths.models_dir())},
        "figures": [f.to_dict() for f in figures],
        "notes": ["mixed_bfloat16: not measured — this CPU has neither avx512_bf16 nor amx_bf16"],
    }
    return write_bench(bench_path(), result)


def test_shows_the_ratio_table(bench_file):
    at = open_page("performance")
    table = at.dataframe[0].value
    assert len(table) == 4
    assert table.columns.tolist()[:4] == ["Angka", "Median", "Pembanding", "Rasio"]
    face = table.iloc[0]
    assert face["Angka"] == "satu wajah, foto JPEG 640x480: dekode + deteksi + kedua model · hangat"
    assert face["Pembanding"] == "kerja model pada potongan yang sama, kedua model (wajah dan cerminnya): 40.0 ms"
    assert face["Median"] == "45.0 ms" and face["Rasio"] == "1.12x" and face["Lulus"] == "lulus"
    home = table.iloc[1]
    assert home["Lulus"] == "GAGAL", "TensorFlow imported fails the target"
    assert home["Target"] == "ratio ≤ 1.25x + TensorFlow tidak diimpor"
    assert home["Pembanding"].startswith("lantai tampilan, prosedur yang sama")
    user = table.iloc[2]
    assert "60 menit" in user["Angka"] and user["Rasio"] == "1.25x" and user["Lulus"] == "GAGAL"
    assert table.iloc[3]["Angka"].startswith("dekode dataset (35,887 citra)")
    text = text_of(at)
    assert "Target terpenuhi: 1 dari 3." in text
    assert "Check names" not in text, "no stray string printed by Streamlit magic"
    assert machine_info()["cpu_model"] in text
    assert not at.warning and not at.info, "an idle full run of the app's own models needs no warning"


def test_runtimes_experiments_and_english(bench_file):
    at = open_page("performance", lang="en")
    assert len(at.dataframe) == 1, "the runtime comparison and the experiments stay hidden until asked for"
    at.toggle(key="performance_runtimes").set_value(True).run()
    at.toggle(key="performance_speedups").set_value(True).run()
    assert not at.exception
    runtimes = at.dataframe[1].value
    assert runtimes.iloc[0]["Figure"] == "openvino: one face crop, both models, both views · warm"
    assert runtimes.iloc[0]["Reference"] == "compiled TensorFlow Predictor: 40.0 ms"
    assert runtimes.iloc[0]["Target"] == "top-1 agreement ≥ 99.9% + max probability difference ≤ 1e-4"
    experiments = at.dataframe[2].value
    assert experiments.iloc[0]["Figure"] == "one face crop, model.predict, both models · warm"
    assert experiments.iloc[0]["Reference"] == "tf.function: 30.0 ms" and experiments.iloc[0]["Ratio"] == "3.03x"
    assert "Targets met: 1 of 3." in text_of(at)
    assert at.dataframe[0].value.iloc[0]["Reference"].startswith("model work on the same crop")


def test_quick_and_busy_runs_are_flagged(bench_file, monkeypatch):
    data = load_bench(bench_file)
    data["settings"]["quick"] = True
    data["machine"]["load_average_end"] = [7.5, 6.0, 5.0]
    data["settings"]["models_dir"] = "/elsewhere/models"
    write_bench(bench_file, data)
    monkeypatch.setenv("FER_MODELS_DIR", str(paths.ROOT / "models"))
    at = open_page("performance", lang="en")
    warnings = " ".join(w.value for w in at.warning)
    assert "--quick" in warnings and "load average 7.5" in warnings
    info = at.info[0].value
    assert "/elsewhere/models" in info and "(`models`)" in info, "other models are named, the app's folder relatively"
    assert str(paths.ROOT) not in text_of(at), "no machine path of the project is shown"


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
