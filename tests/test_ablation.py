"""The ablation study: which reports take part, the numbers against hand-computed values, the reading, the page."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
import pytest
from conftest import ablation_card
from scipy.stats import binomtest
from streamlit.testing.v1 import AppTest

from core import paths
from core.views import ablation, ablation_display, export
from core.views.comparison import Texts, load_comparison


def test_roles_read_the_cards_defensively():
    cards = {
        "optimized": ablation_card("optimized", 0),
        "again": ablation_card("optimized", 3),
        "copy": ablation_card("optimized", 0),
        "no_se": ablation_card("optimized", 0, "no_se"),
        "odd": ablation_card("optimized", 0, "no_dropout"),
        "none_written": ablation_card("optimized", 4, "none"),
        "baseline": {"recipe": {"augmentation": False}, "hyperparameters": {"seed": 1}},
        "user": {"scenario": "mine"},
        "broken": {"recipe": "not a dict", "seed": True},
    }
    roles = ablation.roles(cards, "optimized")
    assert roles == {
        "optimized": "full",
        "again": "full",
        "none_written": "full",
        "no_se": "no_se",
        "odd": "no_dropout",
    }
    assert ablation.seed_of({"seed": 7, "hyperparameters": {"seed": 1}}) == 7
    assert ablation.seed_of({"recipe": {"seed": 2}}) == 2 and ablation.seed_of({"seed": True}) is None


def test_study_matches_hand_computed_values(ablation_reports):
    study = ablation.load_ablation()
    rows = study.rows.set_index("name")
    assert study.reference == "optimized" and study.n == 140
    assert list(rows.index) == ["optimized", "optimized_seed1", "optimized_no_se"]
    assert rows.loc["optimized", "accuracy"] == pytest.approx(100 / 140)
    assert rows.loc["optimized_no_se", "accuracy"] == pytest.approx(94 / 140)
    assert rows.loc["optimized_no_se", "d_accuracy"] == pytest.approx(-6 / 140)
    assert rows.loc["optimized_seed1", "d_accuracy"] == pytest.approx(-1 / 140)
    assert (rows.loc["optimized_no_se", ["only_reference", "only_other"]] == [10, 4]).all()
    assert rows.loc["optimized_no_se", "p_value"] == pytest.approx(2942 / 16384)  # 2 * P(X >= 10 | 14, 0.5)
    assert rows.loc["optimized_no_se", "p_value"] == pytest.approx(binomtest(10, 14, 0.5).pvalue)
    assert np.isnan(rows.loc["optimized", "p_value"])
    for metric in ("accuracy", "d_accuracy", "macro_f1", "d_macro_f1"):
        assert (rows[f"{metric}_low"] <= rows[metric] + 1e-12).all() and (
            rows[metric] <= rows[f"{metric}_high"] + 1e-12
        ).all()
    assert study.spread("accuracy") == pytest.approx((-1 / 140, 0.0))
    per_class = study.per_class["optimized_no_se"]
    assert per_class[0] == pytest.approx(0.4 - 2 / 3)  # angry: 10 of 20 right, 30 predicted angry (was 20 of 40)
    assert per_class[5] == pytest.approx(1 / 3)  # surprise: 4 right, 4 predicted (was none)


def test_reading_names_the_costliest_component_and_the_spread(ablation_reports):
    study = ablation.load_ablation()
    english = ablation_display.reading(study, Texts.offline("en"))
    assert "without the SE block" in english and "-4.29 points" in english
    assert "p = 0.1796" in english and "exceeds the seed spread" in english and "0.71 points over 2 runs" in english
    indonesian = ablation_display.reading(study, Texts.offline("id"))
    assert "tanpa blok SE" in indonesian and "melebihi" in indonesian
    for lang in ("id", "en"):
        tx = Texts.offline(lang)
        for build in ablation_display.TABLES.values():
            assert len(build(study, tx))
        for build in ablation_display.FIGURES.values():
            assert build(study, tx).data
    forest = ablation_display.fig_forest(study, Texts.offline("en"))
    assert forest.layout.shapes, "the seed spread is drawn as a band"


def test_without_variants_the_study_says_so(use_reports):
    study = ablation.load_ablation()
    assert study.variants.empty and list(study.rows["name"]) == ["optimized"]
    assert ablation_display.reading(study, Texts.offline("en")) == Texts.offline("en")("abl_reading_none")
    commands = ablation.train_commands()
    assert any("--no-se" in c for c in commands) and any("--seed 2" in c for c in commands)
    assert len(commands) == 2 * (len(ablation.ABLATIONS) + len(ablation.EXTRA_SEEDS))


def test_report_zip_includes_the_ablation_only_with_variants(ablation_reports):
    tx = Texts.offline("en")
    with_variants = export.build_zip(load_comparison(), tx, "reports", ablation=ablation.load_ablation())
    with zipfile.ZipFile(io.BytesIO(with_variants)) as archive:
        assert {"tables/ablation.csv", "tables/ablation_per_class_f1.csv"} <= set(archive.namelist())
        table = pd.read_csv(io.BytesIO(archive.read("tables/ablation.csv")))
        assert "without the SE block" in archive.read("report.html").decode()
    assert table["Δ accuracy (points)"].tolist() == pytest.approx([0.0, -0.71, -4.29])


def _open(lang: str) -> AppTest:
    at = AppTest.from_file(str(paths.ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/comparison.py").run()
    # AppTest formats segmented-control values in the default language: pick the section first, then switch
    at.segmented_control(key="comparison_section").set_value("ablation").run()
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_shows_the_study_in_both_languages(ablation_reports):
    at = _open("en")
    assert any("costs the most" in m.value for m in at.markdown)
    assert len(at.dataframe) >= 2
    at = _open("id")
    assert any("paling mahal" in m.value for m in at.markdown)


def test_page_without_variants_lists_the_commands(use_reports):
    at = _open("en")
    assert any("No ablation variants" in i.value for i in at.info)
    assert any("--no-se" in c.value for c in at.code)
    assert not at.get("plotly_chart")


def test_page_warns_about_a_damaged_variant_and_leaves_it_out(ablation_reports):
    (ablation_reports / "optimized_no_se" / "predictions.csv").write_text("index,file\n0,x\n")
    at = _open("en")
    assert any("DAMAGED" in w.value and "optimized_no_se" in w.value for w in at.warning)
    assert any("No ablation variants" in i.value or "Only extra seeds" in i.value for i in at.info)
