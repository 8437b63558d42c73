"""The models page (AppTest): files of any name, card facts and the inferred-convention notice, the
messages for broken files, evaluation in the background, the scenario pair; and resumable evaluation."""

from __future__ import annotations

import json
import shutil
import time

import numpy as np
import pytest

from tests.conftest import SHARED_DATA
from tests.test_app import open_page, text_of

PRESENTER = {"role_unlocked": True}
"""Session state of a presenter: AppTest's client is not on loopback, so it starts as a viewer."""
INFERRED = {"convention": "unit", "source": "inferred", "scores": {"raw": 0.2, "unit": 0.5}, "images": 300}


@pytest.fixture
def user_models(model_zoo, tmp_path, monkeypatch):
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(model_zoo["flat"], folder / "flat.keras")
    shutil.copy(model_zoo["se_custom_h5"], folder / model_zoo["se_custom_h5"].name)
    (folder / "flat.json").write_text(
        json.dumps({"scenario": "flat", "input_shape": [32, 32, 3], "preprocessing": INFERRED})
    )
    (folder / "broken.keras").write_bytes(model_zoo["flat"].read_bytes()[:1000])
    (folder / "broken.json").write_text("{not json")
    monkeypatch.setenv("FER_MODELS_DIR", str(folder))
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "reports"))
    return folder


@pytest.mark.parametrize("lang", ["id", "en"])
def test_models_page_lists_files_with_their_facts_and_notices(user_models, lang):
    at = open_page("models", lang=lang)
    labels = {e.label.split(" → ")[0] for e in at.expander}
    assert {"flat.keras", "Thesis Model (final).h5", "broken.keras"} <= labels
    text = text_of(at)
    warnings = " ".join(w.value for w in at.warning)
    assert ("diduga" if lang == "id" else "inferred") in warnings and "50.0%" in warnings
    assert ("belum punya kartu" if lang == "id" else "has no card yet") in warnings
    errors = " ".join(e.value for e in at.error)
    assert "broken.json" in errors and ("tidak valid" if lang == "id" else "is invalid") in errors
    assert "core.train" not in text and (
        "200 MB" in at.get("file_uploader")[0].label if at.get("file_uploader") else True
    )
    assert ("belum ada perkiraan" if lang == "id" else "no time estimate") in text.lower(), "no bench.json here"


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="FER-2013 not available")
def test_evaluation_runs_in_the_background_and_reports_done(user_models, small_fer, monkeypatch):
    from core.artifacts import reports
    from core.evaluate import jobs

    monkeypatch.setenv("FER_DATA_DIR", str(small_fer))
    monkeypatch.setenv("FER_CACHE_DIR", str(user_models.parent / "cache"))
    at = open_page("models", PRESENTER, lang="en")
    next(b for b in at.button if b.label.endswith("report flat")).click().run()
    deadline = time.time() + 240
    while jobs.is_alive("flat") and time.time() < deadline:
        time.sleep(0.5)
    assert jobs.status("flat").state == "done", jobs.status("flat")
    assert "flat" in reports.available_scenarios() and len(reports.load_predictions("flat")) == 21
    at.run()
    assert any("report flat is ready" in s.value for s in at.success)


def test_scenario_pair_is_assigned_from_the_page(synthetic_reports, monkeypatch, tmp_path):
    from core.artifacts import assignment

    shutil.copytree(synthetic_reports, tmp_path / "reports")  # the session's reports stay unassigned
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.setenv("FER_MODELS_DIR", str(tmp_path / "none"))
    at = open_page("models", PRESENTER, lang="en")
    at.selectbox(key="slot_1").set_value("optimized")
    at.selectbox(key="slot_2").set_value("optimized")
    next(b for b in at.button if b.label == "Assign the pair").click().run()
    assert any("two different reports" in e.value for e in at.error)
    at.selectbox(key="slot_2").set_value("baseline")
    next(b for b in at.button if b.label == "Assign the pair").click().run()
    assert assignment.scenario_pair() == ("optimized", "baseline")


def test_evaluation_resumes_where_it_was_cancelled(tiny_model, dirs, monkeypatch):
    from core.evaluate import resumable

    monkeypatch.setattr(resumable, "CHUNK", 4)
    images = np.random.default_rng(0).integers(0, 256, size=(10, 48, 48), dtype=np.uint8)
    calls = []
    with pytest.raises(resumable.Cancelled, match="4/10"):
        resumable.chunked_probabilities(
            tiny_model,
            images,
            "s",
            key="k",
            conv={},
            flip=False,
            cancel=lambda: len(calls) > 0,
            progress=lambda done, total, rate: calls.append(done),
        )
    probs, _ = resumable.chunked_probabilities(
        tiny_model, images, "s", key="k", conv={}, flip=False, progress=lambda done, total, rate: calls.append(done)
    )
    assert calls == [4, 8, 10] and probs.shape == (10, 7)
    fresh, _ = resumable.chunked_probabilities(tiny_model, images, "s", key="other key", conv={}, flip=False)
    np.testing.assert_allclose(fresh, probs, rtol=1e-5)
