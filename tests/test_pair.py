"""One pair everywhere: with two student reports assigned as scenario 1 and 2 beside the shipped-named ones,
every report page shows that pair (figures computed from their own files) and never the default pair as a scenario.
"""

from __future__ import annotations

import base64
import json
import re
import shutil

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import paths, texts
from core.artifacts import assignment, reports
from core.charts import OTHER_COLORS, PAIR_COLORS, palette
from core.classes import CLASSES
from core.evaluate.metrics import compute_metrics
from core.views import summary
from tests.conftest import _synthetic_report

APP = str(paths.ROOT / "streamlit_app.py")
PAIR = ("my_vgg", "my_se")
EXTRAS = [f"extra_{i}" for i in range(8)]
"""With baseline and optimized: 12 reports."""


def student_report(name: str, strength: float, seed: int) -> None:
    """A card-less student's report as core.evaluate writes it (card without a recipe), from seeded predictions."""
    stored = reports.load_test_images()
    labels, files = stored["labels"], [str(f) for f in stored["files"]]
    probs, history, _ = _synthetic_report(name, labels, files, strength, seed)
    card = {
        "card_version": 1,
        "scenario": name,
        "input_shape": [32, 32, 3],
        "classes": list(CLASSES),
        "backbone_init": "unknown",
        "preprocessing": {"convention": "raw", "source": "inferred", "scores": {"raw": 0.2}},
    }
    metrics = compute_metrics(labels, probs) | {"model_file": f"{name}.keras", "split": "PrivateTest"}
    reports.write_report(name, reports.predictions_frame(files, labels, probs), metrics, card=card, history=history)


@pytest.fixture
def pair_reports(synthetic_reports, tmp_path, monkeypatch):
    """The synthetic baseline/optimized reports plus two student reports assigned as the pair."""
    root = tmp_path / "reports"
    shutil.copytree(synthetic_reports, root)
    monkeypatch.setenv("FER_REPORTS_DIR", str(root))
    monkeypatch.setenv("FER_MODELS_DIR", str(tmp_path / "models"))
    student_report(PAIR[0], 1.5, 11)
    student_report(PAIR[1], 0.7, 12)
    assignment.assign(*PAIR)
    return root


def run(page: str, lang: str, state: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def visible(at: AppTest) -> str:
    kinds = ("title", "subheader", "markdown", "caption", "info", "warning", "success", "error")
    parts = [str(e.value) for kind in kinds for e in at.get(kind)] + [m.label for m in at.metric]
    return "\n".join(parts)


def role(n: int, name: str, lang: str) -> str:
    return texts.text("scenario_role", lang, n=n, name=name)


def assert_pair_only(text: str, lang: str) -> None:
    assert role(1, PAIR[0], lang) in text and role(2, PAIR[1], lang) in text
    for n in (1, 2):
        for shipped in paths.SCENARIOS:
            assert role(n, shipped, lang) not in text, f"{role(n, shipped, lang)} shown"


def figures(at: AppTest) -> list[dict]:
    """The page's Plotly figures as the JSON the browser gets."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def values(array: dict | list) -> np.ndarray:
    """A Plotly JSON array: a list, or a typed array (dtype + base64 bdata)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    return np.asarray(array)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_home_shows_the_pair_measured_against_scenario_1(pair_reports, lang):
    at = run("app_pages/home.py", lang)
    text = visible(at)
    assert_pair_only(text, lang)
    assert texts.text("home_scenarios_source_design", lang) not in text, "the cards exist"
    names = f"{role(1, PAIR[0], lang)}, {role(2, PAIR[1], lang)}"
    assert texts.text("home_scenarios_source_unrecorded", lang, names=names) in text
    first, second = (reports.load_metrics(s) for s in PAIR)
    change = summary.format_change("accuracy", second["accuracy"] - first["accuracy"])
    accuracy = [m for m in at.metric if m.label == texts.text("summary_accuracy", lang)]
    assert [m.value for m in accuracy] == [summary.format_value("accuracy", m["accuracy"]) for m in (first, second)]
    assert accuracy[1].delta == change


@pytest.mark.parametrize("lang", ["id", "en"])
def test_metrics_difference_is_the_pairs_own(pair_reports, lang):
    at = run("app_pages/metrics.py", lang, {"metrics_section": "per_class"})
    assert_pair_only(visible(at), lang)
    first, second = (json.loads((pair_reports / s / "metrics.json").read_text()) for s in PAIR)
    table = next(m.value for m in at.markdown if m.value.startswith("| "))
    header = [c.strip() for c in table.splitlines()[0].strip("|").split("|")]
    assert header[1:] == [role(1, PAIR[0], lang), role(2, PAIR[1], lang), texts.text("summary_difference", lang)]
    accuracy = [c.strip() for c in table.splitlines()[2].strip("|").split("|")]
    assert accuracy[3] == f"{second['accuracy'] - first['accuracy']:.4f}"
    bars, difference = figures(at)
    expected = [b["f1"] - a["f1"] for a, b in zip(first["per_class"], second["per_class"], strict=True)]
    np.testing.assert_allclose(values(difference["data"][0]["y"]), expected, atol=1e-12)
    assert [trace["marker"]["color"] for trace in bars["data"]] == list(PAIR_COLORS)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_training_curves_are_the_pairs(pair_reports, lang):
    at = run("app_pages/training.py", lang)
    assert_pair_only(visible(at), lang)
    loss = figures(at)[0]
    names = {trace["name"].split(" · ")[0]: trace["line"]["color"] for trace in loss["data"] if "line" in trace}
    assert names == {role(1, PAIR[0], lang): PAIR_COLORS[0], role(2, PAIR[1], lang): PAIR_COLORS[1]}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_explorer_fixed_and_broken_compare_the_pair(pair_reports, lang):
    at = run("app_pages/explorer.py", lang)
    first, second = (reports.load_predictions(s) for s in PAIR)
    right1, right2 = first["pred"] == first["label"], second["pred"] == second["label"]
    options = at.segmented_control(key="explorer_subset").options
    fixed = texts.text("explorer_subset_fixed", lang)
    broken = texts.text("explorer_subset_broken", lang)
    assert f"{fixed} ({int((right2 & ~right1).sum()):,})" in options
    assert f"{broken} ({int((right1 & ~right2).sum()):,})" in options
    assert at.segmented_control(key="explorer_scenario").options == [role(1, PAIR[0], lang), role(2, PAIR[1], lang)]
    text = visible(at)
    assert "S1: " in text and "S2: " in text and role(1, paths.SCENARIOS[0], lang) not in text


@pytest.mark.parametrize("lang", ["id", "en"])
def test_comparison_shows_the_pair(pair_reports, lang):
    at = run("app_pages/comparison.py", lang, {"comparison_section": "calibration"})
    assert_pair_only(visible(at), lang)
    reliability = figures(at)[0]["data"]
    colors = {t["name"]: t["line"]["color"] for t in reliability if t.get("mode") == "lines+markers"}
    assert colors == {role(1, PAIR[0], lang): PAIR_COLORS[0], role(2, PAIR[1], lang): PAIR_COLORS[1]}


def test_a_damaged_assignment_is_shown_and_the_fallback_said(pair_reports):
    assignment.assignment_file().write_text("{half")
    at = run("app_pages/metrics.py", "en")
    fallback = texts.text("shared_default_pair", "en", first="baseline", second="optimized")
    assert any("DAMAGED" in w.value and fallback in w.value for w in at.warning)
    assert role(1, "baseline", "en") in visible(at)


def test_twelve_reports_keep_distinct_colours_and_the_pair_its_own(pair_reports):
    for i, name in enumerate(EXTRAS):
        student_report(name, 0.5 + 0.1 * i, 20 + i)
    names = reports.available_scenarios()
    assert len(names) == 12
    colors = palette(names, PAIR)
    assert len(set(colors.values())) == 12 and (colors[PAIR[0]], colors[PAIR[1]]) == PAIR_COLORS
    assert set(colors.values()) - set(PAIR_COLORS) <= set(OTHER_COLORS)
    others = [s for s in names if s not in PAIR]
    at = run("app_pages/metrics.py", "en", {"metrics_also_show": others, "metrics_section": "per_class"})
    assert len(at.metric) == 12 * 6, "every report's card"
    bars = figures(at)[0]["data"]
    assert len(bars) == 12 and len({b["marker"]["color"] for b in bars}) == 12
    assert [b["marker"]["color"] for b in bars[:2]] == list(PAIR_COLORS)
    at = run("app_pages/training.py", "en", {"training_also_show": others})
    lines = {t["legendgroup"]: t["line"]["color"] for t in figures(at)[0]["data"] if "line" in t}
    assert len(lines) == 12 and len(set(lines.values())) == 12
    assert (lines[PAIR[0]], lines[PAIR[1]]) == PAIR_COLORS and lines == {s: colors[s] for s in lines}


def test_readme_block_and_export_name_the_pair(pair_reports):
    from core.views import export, readme_table
    from core.views.comparison import Texts, load_comparison

    table = readme_table.markdown_table().splitlines()
    assert table[0] == f"| PrivateTest | {role(1, PAIR[0], 'en')} | {role(2, PAIR[1], 'en')} |"
    assert re.search(r"^\| baseline \| ", "\n".join(table), flags=re.M), "other reports in their own table"
    comparison = load_comparison(n_resamples=50)
    page = export.build_html(comparison, Texts.offline("en", comparison.pair), "reports")
    assert role(1, PAIR[0], "en") in page and role(2, PAIR[1], "en") in page
    assert role(1, "baseline", "en") not in page and role(2, "optimized", "en") not in page


def test_every_comparison_figure_draws_the_pair_in_its_fixed_colours(pair_reports):
    from core.views.comparison import Texts, load_comparison
    from core.views.comparison_figures import FIGURES

    comparison = load_comparison(n_resamples=50)
    tx = Texts.offline("en", comparison.pair)
    names = [role(1, PAIR[0], "en"), role(2, PAIR[1], "en")]
    forest = FIGURES["confidence_intervals"](comparison, tx)
    assert [t.marker.color for t in forest.data if t.name in names] == list(PAIR_COLORS)
    roc = FIGURES["roc"](comparison, tx)
    assert [t.line.color for t in roc.data if t.name in names][:2] == list(PAIR_COLORS)
    auc = roc.layout.annotations[-1].text
    assert all(f"color:{color}" in auc for color in PAIR_COLORS), "the AUC labels in their curve's colour"
    bars = FIGURES["references"](comparison, tx).data[0]
    ours = [c for c, label in zip(bars.marker.color, bars.y, strict=True) if any(n in label for n in names)]
    assert sorted(ours) == sorted(PAIR_COLORS)


def test_a_cell_of_another_report_opens_it_in_the_explorer(pair_reports):
    at = run("app_pages/metrics.py", "en", {"metrics_also_show": ["baseline"], "metrics_open_toggle": True})
    at.selectbox(key="metrics_open_scenario").set_value("baseline")
    at.selectbox(key="metrics_open_true").set_value(2)
    at.selectbox(key="metrics_open_pred").set_value(4)
    at.button(key="metrics_open_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["explorer_scenario"] == "baseline"
    assert at.session_state["explorer_also_show"] == ["baseline"]
    options = at.segmented_control(key="explorer_scenario").options
    assert options == [role(1, PAIR[0], "en"), role(2, PAIR[1], "en"), "baseline"]
