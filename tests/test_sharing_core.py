"""Sharing the dashboard, the parts without Streamlit: custom-layer code only from its folder, unique report
names, uploads that replace nothing, removal that can be undone, cards bound to their file, jobs that end
`failed` on any exception, estimates from measurements, and main guards on every module entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import paths
from core.artifacts import reports
from core.evaluate import catalog, estimate, jobs
from core.model import custom_code
from core.model.card import read_card
from core.model.loading import ModelFileError

ROOT = paths.ROOT


def test_every_module_entry_point_has_a_main_guard():
    """Importing a __main__.py (as a custom-objects file once did) must not run it."""
    entries = [p for p in ROOT.rglob("__main__.py") if ".venv" not in p.parts]
    assert len(entries) >= 6
    for entry in entries:
        assert 'if __name__ == "__main__":' in entry.read_text(), entry


def test_importing_the_evaluation_entry_point_runs_nothing(tmp_path):
    code = "import runpy, sys; runpy.run_path(sys.argv[1], run_name='not_main'); print('quiet')"
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "core" / "evaluate" / "__main__.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"FER_REPORTS_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert done.stdout.strip() == "quiet" and not (tmp_path / "baseline").exists(), done.stderr[-2000:]


@pytest.fixture
def code_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("FER_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "reports"))
    folder = paths.custom_objects_dir()
    folder.mkdir(parents=True)
    (folder / "thesis_layers.py").write_text("X = 1\n")
    return folder


def test_custom_code_comes_only_from_its_folder_by_name(code_folder, tmp_path):
    outside = tmp_path / "evil.py"
    outside.write_text("raise SystemExit('ran')\n")
    (code_folder / "link.py").symlink_to(ROOT / "core" / "evaluate" / "__main__.py")
    (code_folder / "__main__.py").write_text("X = 2\n")
    assert custom_code.available() == ["thesis_layers.py"]
    assert custom_code.path_of("thesis_layers.py") == code_folder / "thesis_layers.py"
    for name in (str(outside), "../evil.py", "link.py", "__main__.py", "core/evaluate/__main__.py"):
        with pytest.raises(ModelFileError) as err:
            custom_code.path_of(name)
        assert err.value.kind == "custom_file"


def test_the_choice_is_remembered_per_model_and_a_damaged_file_is_named(code_folder):
    model = paths.models_dir() / "se.keras"
    custom_code.remember(model, "thesis_layers.py")
    assert custom_code.choice(model) == code_folder / "thesis_layers.py"
    assert custom_code.choice(paths.models_dir() / "other.keras") is None
    with pytest.raises(ModelFileError):
        custom_code.remember(model, "../../core/evaluate/__main__.py")
    custom_code.choices_file().write_text("{cut")
    with pytest.raises(reports.ReportError, match="choices.json is DAMAGED"):
        custom_code.choices()


def test_a_command_line_file_is_adopted_without_replacing_another(code_folder, tmp_path):
    model = paths.models_dir() / "se.keras"
    other = tmp_path / "thesis_layers.py"
    other.write_text("Y = 2\n")
    assert custom_code.adopt(model, other) == "thesis_layers_2.py"
    assert (code_folder / "thesis_layers.py").read_text() == "X = 1\n"
    assert custom_code.choice(model).name == "thesis_layers_2.py"
    assert custom_code.adopt(tmp_path / "elsewhere.keras", other) is None


def test_a_custom_file_that_exits_is_a_model_error_not_an_exit(tmp_path):
    from core.model.loading import load_custom_objects

    file = tmp_path / "exits.py"
    file.write_text("import sys\nsys.exit(3)\n")
    with pytest.raises(ModelFileError) as err:
        load_custom_objects(file)
    assert err.value.kind == "custom_file" and "SystemExit" in err.value.detail


def test_colliding_report_names_are_all_distinct_and_keep_existing_reports():
    files = [Path(n) for n in ("baseline.h5", "baseline.keras", "my model.keras", "my_model.keras", "my-model!.h5")]
    names = catalog.report_names(files, {"baseline": "baseline.keras"})
    assert names[Path("baseline.keras")] == "baseline" and names[Path("baseline.h5")] == "baseline_h5"
    assert names[Path("my_model.keras")] == "my_model"
    assert len(set(names.values())) == len(files)
    taken = catalog.report_names([Path("optimized.h5")], {"optimized": "optimized.keras"})
    assert taken[Path("optimized.h5")] == "optimized_h5", "another file's report is never reused"


def test_an_upload_name_never_replaces_a_file_or_meets_a_report(tmp_path):
    (tmp_path / "optimized.keras").write_bytes(b"shipped")
    assert catalog.free_name("../../optimized.keras", tmp_path, {"optimized"}).name == "optimized_2.keras"
    assert catalog.free_name("baseline.h5", tmp_path, {"baseline"}).name == "baseline_2.h5"
    assert catalog.free_name("mine.keras", tmp_path, set()).name == "mine.keras"


def test_removal_moves_model_card_and_report_aside(tmp_path, monkeypatch, synthetic_reports):
    monkeypatch.setenv("FER_MODELS_DIR", str(tmp_path / "models"))
    shutil.copytree(synthetic_reports, tmp_path / "reports")
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "reports"))
    model = paths.models_dir() / "baseline.keras"
    model.parent.mkdir()
    model.write_bytes(b"model")
    paths.card_path(model).write_text("{}")
    trash = catalog.remove(model, "baseline")
    assert (
        not model.exists()
        and (trash / "baseline.keras").read_bytes() == b"model"
        and (trash / "baseline.json").exists()
    )
    assert "baseline" not in reports.available_scenarios() and reports.damaged_reports() == []
    restored = tmp_path / "reports" / ".removed" / trash.name / "baseline"
    shutil.move(restored, tmp_path / "reports" / "baseline")
    assert "baseline" in reports.available_scenarios(), "moving it back restores the sealed report"


def test_a_card_written_for_another_file_is_not_trusted(tmp_path):
    model = tmp_path / "m.keras"
    model.write_bytes(b"first model")
    card = {"scenario": "m", "input_shape": [48, 48, 3], "preprocessing": {"convention": "unit", "source": "declared"}}
    from core.artifacts.files import sha256

    paths.card_path(model).write_text(json.dumps({**card, "model_sha256": sha256(model)}))
    assert read_card(model)["preprocessing"]["convention"] == "unit"
    model.write_bytes(b"a different model under the same name")
    assert read_card(model)["card"] == "mismatch"


def test_a_same_named_file_never_takes_its_siblings_card(tmp_path):
    from core.artifacts.files import sha256
    from core.model.card import write_card

    keras_file, h5_file = tmp_path / "baseline.keras", tmp_path / "baseline.h5"
    keras_file.write_bytes(b"the shipped model")
    h5_file.write_bytes(b"a student's model")
    card = json.dumps({"scenario": "baseline", "model_sha256": sha256(keras_file)})
    paths.card_path(keras_file).write_text(card)
    assert read_card(h5_file)["card"] == "mismatch" and "card" not in read_card(keras_file)
    with pytest.raises(ModelFileError) as err:
        write_card(h5_file, None, None, preprocessing="unit")
    assert err.value.kind == "card_shared" and "baseline.keras" in err.value.message("en")
    assert paths.card_path(keras_file).read_text() == card, "the shipped model's card is untouched"


def test_running_jobs_partial_folders_are_not_damaged_reports(tmp_path, monkeypatch):
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path))
    for hidden in (".partial", ".jobs", ".removed"):
        (tmp_path / hidden).mkdir()
        (tmp_path / hidden / "x.npz").write_bytes(b"x")
    assert reports.damaged_reports() == [] and reports.available_scenarios() == []


@pytest.mark.parametrize("exc", [SystemExit(3), KeyboardInterrupt(), RuntimeError("boom")])
def test_a_job_ends_failed_with_its_reason_on_any_exception(exc, tmp_path, monkeypatch):
    from core.evaluate import run

    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path))

    def explode(*args, **kwargs):
        raise exc

    monkeypatch.setattr(run, "evaluate", explode)
    assert jobs.start(tmp_path / "m.keras", "m")
    deadline = time.time() + 30
    while jobs.is_alive("m") and time.time() < deadline:
        time.sleep(0.05)
    job = jobs.status("m")
    assert job.state == "failed" and type(exc).__name__ in job.error["detail"], job


def test_a_job_whose_worker_is_gone_reads_as_stopped(tmp_path, monkeypatch):
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path))
    jobs.job_file("gone").parent.mkdir(parents=True)
    jobs.job_file("gone").write_text(json.dumps({"state": "running", "done": 256, "extra": "ignored"}))
    job = jobs.status("gone")
    assert job.state == "stopped" and job.done == 256 and job.total is None


def test_estimates_come_from_measurements_not_a_constant():
    bench = {
        "figures": [
            {"key": "batch_warm", "unit": "images/s", "median": 34.2},
            {"key": "user224_tensorflow", "unit": "images/s", "median": 3.12},
        ]
    }
    measured = estimate.estimate([224, 224, 3], measured=8.7, bench=bench)
    assert measured.source == "measured" and measured.seconds == pytest.approx(3589 / 8.7)
    big = estimate.estimate([224, 224, 3], bench=bench)
    assert big.source == "bench" and big.rate == pytest.approx(3.12)
    small = estimate.estimate([48, 48, 3], bench=bench)
    assert small.rate == pytest.approx(34.2 * 2), "the 48x48 figure was flip-averaged: two passes per image"
    assert estimate.estimate([48, 48, 3], flip=True, bench=bench).rate == pytest.approx(34.2)
    assert estimate.estimate([96, 96, 3], bench=bench).rate == pytest.approx(34.2 * 2 / 4)
    assert estimate.estimate([48, 48, 3], bench={"figures": []}) is None


def test_cancel_stops_while_the_data_is_decoded(tmp_path):
    from PIL import Image

    from core.data.dataset import Cancelled, load_dataset

    (tmp_path / "train" / "angry").mkdir(parents=True)
    Image.new("L", (48, 48)).save(tmp_path / "train" / "angry" / "0.png")
    with pytest.raises(Cancelled, match="preparing the data"):
        load_dataset(tmp_path, use_cache=False, cancel=lambda: True)
    assert len(load_dataset(tmp_path, use_cache=False, cancel=lambda: False).split("Training")) == 1


def test_an_evaluation_never_overwrites_another_files_report(monkeypatch):
    from core.evaluate import run

    monkeypatch.setattr(run, "load_metrics", lambda name: {"model_file": "optimized.keras"})
    with pytest.raises(reports.ReportError, match="made from optimized.keras, not optimized.h5"):
        run._check_owner("optimized", Path("models/optimized.h5"))
    run._check_owner("optimized", Path("models/optimized.keras"))  # the same file may refresh its own report


def test_a_rename_moves_card_history_and_code_choice_and_refuses_taken_names(code_folder):
    model = paths.models_dir() / "mine.keras"
    model.write_bytes(b"model")
    paths.card_path(model).write_text("{}")
    model.with_suffix(".history.csv").write_text("epoch\n")
    custom_code.remember(model, "thesis_layers.py")
    for bad in ("../escape", "optimized", "a/b", ""):
        with pytest.raises(ValueError):
            catalog.rename(model, bad, {"optimized"})
    target = catalog.rename(model, "thesis final", {"optimized"})
    assert target.name == "thesis final.keras" and target.read_bytes() == b"model" and not model.exists()
    assert paths.card_path(target).exists() and target.with_suffix(".history.csv").exists()
    assert custom_code.choice(target).name == "thesis_layers.py" and custom_code.choice(model) is None
