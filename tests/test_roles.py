"""Presenter and viewers (AppTest): what each role sees on the models page, that every write refuses a
viewer in its own code path, the public and passphrase modes, uploads that replace nothing, colliding
report names, damaged shared files answered the same way on every page, and a job that exits."""

from __future__ import annotations

import json
import shutil
import time

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_app import open_page, text_of

PRESENTER = {"role_unlocked": True}
"""AppTest's client is not on loopback, so a session starts as a viewer; this is a presenter's state."""


@pytest.fixture
def shared(model_zoo, synthetic_reports, tmp_path, monkeypatch):
    """models/ with the shipped names and a user's model, reports/ with the synthetic pair (copies)."""
    models = tmp_path / "models"
    models.mkdir()
    for name in ("baseline.keras", "optimized.keras", "mine.keras"):
        shutil.copy(model_zoo["flat"], models / name)
    shutil.copytree(synthetic_reports, tmp_path / "reports")
    monkeypatch.setenv("FER_MODELS_DIR", str(models))
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.delenv("FER_DASHBOARD_MODE", raising=False)
    monkeypatch.delenv("FER_PRESENTER_PASSPHRASE", raising=False)
    return tmp_path


def controls(at: AppTest) -> dict[str, int]:
    """How many writing controls the page offers."""
    buttons = [b.label for b in at.button]
    keys = [getattr(s, "key", None) or "" for s in at.selectbox]
    return {
        "upload": len(at.get("file_uploader")),
        "evaluate": sum("PrivateTest" in label for label in buttons),
        "assign": sum(label == "Assign the pair" for label in buttons),
        "code": sum(key.startswith("code_") for key in keys),
        "remove": sum(label.startswith("Yes, move") for label in buttons),
    }


def test_a_viewer_sees_the_facts_and_no_writing_control(shared):
    at = open_page("models", lang="en")
    assert set(controls(at).values()) == {0}, controls(at)
    text = text_of(at)
    assert "You see this page as a viewer" in text and "Your role: **viewer**" in text
    assert {e.label.split(" → ")[0] for e in at.expander} == {"baseline.keras", "optimized.keras", "mine.keras"}
    assert "Scenario 1: Scenario 1 (baseline); scenario 2: Scenario 2 (optimized)." in text
    assert "Report baseline: ready, made from this file. Scenario 1 now." in text
    assert "Report mine: none yet for this file." in text


def test_a_tie_between_conventions_is_shown_as_a_tie(shared):
    tie = {"convention": "raw", "source": "inferred", "scores": {"raw": 0.147, "unit": 0.147}, "images": 300}
    (shared / "models" / "mine.json").write_text(json.dumps({"input_shape": [32, 32, 3], "preprocessing": tie}))
    warnings = " ".join(w.value for w in open_page("models", lang="en").warning)
    assert "could not be inferred" in warnings and "14.7%" in warnings and "inferred**, not declared" not in warnings


def test_the_presenter_has_every_control_and_can_view_as_a_viewer(shared):
    at = open_page("models", PRESENTER, lang="en")
    found = controls(at)
    assert found == {"upload": 1, "evaluate": 3, "assign": 1, "code": 3, "remove": 3}, found
    at.sidebar.toggle(key="role_view_as_viewer").set_value(True).run()
    assert set(controls(at).values()) == {0} and "Your role: **viewer**" in text_of(at)


def _writes_as(state: dict) -> AppTest:
    """A script that asks for every write through dashboard.model_admin and reports what happened."""

    def script():
        import io

        import streamlit as st

        from core import paths
        from dashboard import model_admin, roles

        model = paths.models_dir() / "mine.keras"
        calls = {
            "upload": lambda: model_admin.save_upload("optimized.keras", 5, io.BytesIO(b"small")),
            "evaluate": lambda: model_admin.evaluate(model),
            "cancel": lambda: model_admin.cancel("mine"),
            "assign": lambda: model_admin.assign("optimized", "baseline"),
            "code": lambda: model_admin.choose_code(model, None),
            "rename": lambda: model_admin.rename(model, "renamed"),
            "remove": lambda: model_admin.remove(next(p for p in (model.with_stem("renamed"), model) if p.exists())),
        }
        for name, call in calls.items():
            try:
                call()
                st.text(f"{name}: done")
            except roles.NotPresenter:
                st.text(f"{name}: refused")
            except Exception as err:  # noqa: BLE001
                st.text(f"{name}: {type(err).__name__}")

    at = AppTest.from_function(script, default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def test_every_write_refuses_a_viewer_in_its_own_code_path(shared):
    before = {p.name: p.read_bytes() for p in (shared / "models").iterdir() if p.is_file()}
    at = _writes_as({"lang": "en"})
    assert [t.value for t in at.text] == [
        f"{n}: refused" for n in ("upload", "evaluate", "cancel", "assign", "code", "rename", "remove")
    ]
    assert {p.name: p.read_bytes() for p in (shared / "models").iterdir() if p.is_file()} == before
    assert not (shared / "reports" / "assignment.json").exists() and not (shared / "reports" / ".jobs").exists()


def test_public_mode_lets_nobody_write(shared, monkeypatch):
    monkeypatch.setenv("FER_DASHBOARD_MODE", "public")
    at = _writes_as({"lang": "en", **PRESENTER})
    assert all(t.value.endswith("refused") for t in at.text)
    page = open_page("models", PRESENTER, lang="en")
    assert set(controls(page).values()) == {0} and "Public mode" in text_of(page)


def test_the_presenter_writes_without_losing_anything(shared):
    shipped = (shared / "models" / "optimized.keras").read_bytes()
    at = _writes_as({"lang": "en", **PRESENTER})
    results = dict(t.value.split(": ") for t in at.text)
    assert results["upload"] == results["assign"] == results["code"] == "done", results
    assert (shared / "models" / "optimized.keras").read_bytes() == shipped, "the shipped model is untouched"
    assert (shared / "models" / "optimized_2.keras").read_bytes() == b"small", "the upload got a new name"
    assert json.loads((shared / "reports" / "assignment.json").read_text())["scenario_1"] == "optimized"
    assert results["rename"] == results["remove"] == "done" and not (shared / "models" / "mine.keras").exists()
    assert list((shared / "models" / ".removed").glob("*/renamed.keras")), "removed files stay restorable"


def test_a_passphrase_makes_a_presenter_and_a_wrong_one_does_not(shared, monkeypatch):
    monkeypatch.setenv("FER_DASHBOARD_MODE", "passphrase")
    monkeypatch.setenv("FER_PRESENTER_PASSPHRASE", "sidang-2026")
    at = open_page("models", lang="en")
    at.sidebar.text_input(key="role_passphrase").input("guess").run()
    assert controls(at)["upload"] == 0 and "Wrong passphrase" in text_of(at)
    at.sidebar.text_input(key="role_passphrase").input("sidang-2026").run()
    assert controls(at)["upload"] == 1 and "Your role: **presenter**" in text_of(at)


def test_upload_limits_are_counted_with_a_clear_message(shared, monkeypatch):
    from dashboard import model_admin

    monkeypatch.setattr(model_admin, "MAX_FILES", 3)
    at = _writes_as({"lang": "en", **PRESENTER})
    assert at.text[0].value == "upload: Refused"
    monkeypatch.setattr(model_admin, "MAX_FILES", 20)
    monkeypatch.setattr(model_admin, "MAX_TOTAL_MB", 0)
    assert _writes_as({"lang": "en", **PRESENTER}).text[0].value == "upload: Refused"


def test_files_whose_report_names_collide_are_all_listed(shared, model_zoo):
    models = shared / "models"
    for name in ("baseline.h5", "my model.keras", "my_model.keras"):
        shutil.copy(model_zoo["flat"], models / name)
    at = open_page("models", PRESENTER, lang="en")
    labels = [e.label for e in at.expander]
    assert len(labels) == len(set(labels)) == 6, labels
    assert "baseline.h5 → report baseline_h5" in labels and "baseline.keras → report baseline" in labels
    assert at.subheader[-1].value == "Scenario 1 and scenario 2", "the page draws to its end"


PAGES_READING_THE_PAIR = [None, "comparison", "prediction", "explain", "models"]


@pytest.mark.parametrize("page", PAGES_READING_THE_PAIR, ids=lambda p: p or "home")
def test_a_damaged_assignment_gets_the_same_answer_on_every_page(page, shared):
    (shared / "reports" / "assignment.json").write_text('{"schema_version": 1, "scenario_1": "bas')
    at = open_page(page, lang="en")
    warnings = [w.value for w in at.warning]
    assert any("assignment.json is DAMAGED" in w and "default pair: scenario 1 = baseline" in w for w in warnings), (
        warnings
    )
    assert not any(str(shared) in w for w in warnings), "a viewer is told the file, not where the server keeps it"


def test_a_job_whose_code_exits_ends_failed_with_the_reason_on_the_page(shared):
    from core.evaluate import jobs
    from core.model import custom_code

    folder = shared / "models" / "custom_objects"
    folder.mkdir()
    (folder / "exits.py").write_text("import sys\nsys.exit('bye')\n")
    custom_code.remember(shared / "models" / "mine.keras", "exits.py")
    at = open_page("models", PRESENTER, lang="en")
    next(b for b in at.button if b.label.endswith("report mine")).click().run()
    deadline = time.time() + 120
    while jobs.is_alive("mine") and time.time() < deadline:
        time.sleep(0.2)
    job = jobs.status("mine")
    assert job.state == "failed" and job.phase == "model" and job.error["kind"] == "custom_file", job
    at.run()
    errors = " ".join(e.value for e in at.error)
    assert "exits.py" in errors and "models/custom_objects/" in errors, errors
