"""Reports of any number of named models, and the assignment of two of them to scenario 1 and scenario 2."""

from __future__ import annotations

import json

import pytest

from core.artifacts import assignment, reports
from core.artifacts.files import ReportError
from core.views.comparison import Texts, load_comparison


def test_every_sealed_report_is_listed_thesis_pair_first(ablation_reports):
    assert reports.available_scenarios() == ["baseline", "optimized", "optimized_no_se", "optimized_seed1"]
    assert assignment.scenario_pair() == ("baseline", "optimized"), "no file: the thesis' own pair"


def test_assign_writes_the_pair_that_the_comparison_uses(ablation_reports):
    assert assignment.assign("optimized_no_se", "optimized") == ("optimized_no_se", "optimized")
    stored = json.loads((ablation_reports / "assignment.json").read_text())
    assert stored == {"schema_version": 1, "scenario_1": "optimized_no_se", "scenario_2": "optimized"}
    assert assignment.scenario_pair() == ("optimized_no_se", "optimized")
    comparison = load_comparison()
    assert comparison.pair == ("optimized_no_se", "optimized")
    assert comparison.accuracy("optimized_no_se") == pytest.approx(94 / 140)
    assert comparison.mcnemar.only_a == 4 and comparison.mcnemar.only_b == 10
    tx = Texts.offline("en", comparison.pair)
    assert tx.scenario("optimized_no_se") == "Scenario 1 (optimized_no_se)"
    assert tx.scenario("baseline") == "baseline"
    assert [p.name for p in ablation_reports.iterdir() if p.name.startswith(".")] == [], "written atomically"


def test_assign_refuses_a_bad_pair_and_keeps_the_old_one(ablation_reports):
    with pytest.raises(ValueError, match="two different reports"):
        assignment.assign("optimized", "optimized")
    with pytest.raises(ValueError, match="python -m core.evaluate --model models/mine.keras --scenario mine"):
        assignment.assign("baseline", "mine")
    assert not assignment.assignment_file().exists()


def test_a_damaged_assignment_is_not_silently_ignored(ablation_reports):
    assignment.assignment_file().write_text("{half")
    with pytest.raises(ReportError, match="DAMAGED"):
        assignment.scenario_pair()
    assignment.assignment_file().write_text(json.dumps({"schema_version": 9, "scenario_1": "a", "scenario_2": "b"}))
    with pytest.raises(ReportError, match="schema version 9"):
        assignment.scenario_pair()


def test_comparison_page_compares_the_assigned_pair(ablation_reports):
    from streamlit.testing.v1 import AppTest

    from core import paths

    assignment.assign("optimized_no_se", "optimized")
    at = AppTest.from_file(str(paths.ROOT / "streamlit_app.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("app_pages/comparison.py").run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [m.label for m in at.metric]
    assert "Accuracy · Scenario 1 (optimized_no_se)" in labels and "Accuracy · Scenario 2 (optimized)" in labels
