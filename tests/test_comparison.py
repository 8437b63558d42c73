"""The scenario comparison: its sentences, tables, figures, the reference table, and the page that shows them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core import paths
from core.artifacts.reports import PROB_COLUMNS
from core.views import comparison as report
from core.views import comparison_figures, comparison_tables


@pytest.fixture
def tx_en() -> report.Texts:
    return report.Texts.offline("en")


def _frame(labels: np.ndarray, preds: np.ndarray) -> pd.DataFrame:
    probs = np.full((len(labels), 7), 0.05)
    probs[np.arange(len(labels)), preds] = 0.7
    frame = pd.DataFrame(
        {"index": np.arange(len(labels)), "file": [f"f{i}" for i in range(len(labels))], "label": labels, "pred": preds}
    )
    return pd.concat([frame, pd.DataFrame(probs, columns=PROB_COLUMNS)], axis=1)


def _comparison(only_base: int, only_opt: int, smoothing: float | None = 0.1) -> report.Comparison:
    """Paired predictions with a chosen number of images right only with each scenario."""
    labels = np.tile(np.arange(7), 40)
    base, opt = labels.copy(), labels.copy()
    wrong = (labels + 1) % 7
    base[only_base : only_base + only_opt] = wrong[only_base : only_base + only_opt]
    opt[:only_base] = wrong[:only_base]
    return report.compare(
        _frame(labels, base), _frame(labels, opt), report.load_references(), label_smoothing=smoothing
    )


def test_references_file_holds_the_cited_figures():
    refs = report.load_references().set_index("key")
    expected = {
        "human": (65, "Goodfellow et al. 2013"),
        "mini_xception": (66, "Arriaga et al. 2017"),
        "vgg_sota": (73.28, "Khaireddin & Chen 2021"),
        "rmn_ensemble": (76.82, "Pham et al. 2020"),
    }
    for key, (accuracy, citation) in expected.items():
        assert refs.loc[key, "accuracy_pct"] == pytest.approx(accuracy)
        assert refs.loc[key, "citation"] == citation
    assert "58.2%" in refs.loc["mini_xception", "note_en"] and "58.2%" in refs.loc["mini_xception", "note_id"]


def test_bad_references_file_is_refused(tmp_path):
    bad = tmp_path / "refs.csv"
    bad.write_text("key,model_en\nx,y\n")
    with pytest.raises(ValueError, match="lacks columns"):
        report.load_references(bad)
    frame = pd.read_csv(report.REFERENCES_FILE, keep_default_na=False).assign(accuracy_pct="high")
    frame.to_csv(bad, index=False)
    with pytest.raises(ValueError, match="percentage"):
        report.load_references(bad)


def test_verdict_follows_the_test(tx_en):
    significant = _comparison(only_base=3, only_opt=30)
    assert significant.mcnemar.p_value < 0.05
    text = report.verdict(significant, tx_en)
    assert "**significant**" in text and "Scenario 2 (optimized) is more accurate" in text
    balanced = _comparison(only_base=10, only_opt=12)
    assert "**not significant**" in report.verdict(balanced, tx_en)
    reverse = _comparison(only_base=30, only_opt=3)
    assert "Scenario 1 (baseline) is more accurate" in report.verdict(reverse, tx_en)
    assert "No difference" in report.verdict(_comparison(0, 0), tx_en)


def test_smoothing_sentence_is_computed(tx_en):
    c = _comparison(only_base=3, only_opt=30, smoothing=0.1)
    text = report.smoothing_sentence(c, tx_en)
    assert "label smoothing 0.1" in text and "0.914" in text
    assert "0.700" in text, "mean confidence of the right predictions, from the probabilities"
    assert "0.914" not in report.smoothing_sentence(_comparison(3, 30, smoothing=None), tx_en)


def test_tables_and_figures_build_in_both_languages():
    c = _comparison(only_base=3, only_opt=30)
    for lang in ("id", "en"):
        tx = report.Texts.offline(lang)
        for name, build in comparison_tables.TABLES.items():
            assert len(build(c, tx)), name
        for name, build in comparison_figures.FIGURES.items():
            assert build(c, tx).data, name


def test_suspect_gallery_checks_the_images():
    c = _comparison(only_base=3, only_opt=30)
    images = {"images": np.zeros((c.n, 48, 48), np.uint8), "labels": c.labels, "files": c.files.astype(str)}
    gallery = report.suspect_gallery(c, images, top=5)
    assert len(gallery) <= 5 and all(item["image"].shape == (48, 48) for item in gallery)
    with pytest.raises(ValueError, match="other images"):
        report.suspect_gallery(c, {**images, "files": images["files"][::-1]}, top=5)


APP = str(paths.ROOT / "streamlit_app.py")


def _open(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("app_pages/comparison.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_renders_every_section_and_opens_the_explorer(use_reports):
    # Indonesian: AppTest formats segmented-control values with the default language outside the script
    at = _open("id")
    assert any("signifikan" in m.value for m in at.markdown)
    assert "Scenario" not in " ".join(m.value for m in at.markdown)
    for section in ("calibration", "curves", "label_noise", "references", "difference"):
        at.segmented_control(key="comparison_section").set_value(section).run()
        assert not at.exception, (section, [e.value for e in at.exception])
    at.selectbox(key="comparison_cell_true").set_value(2).run()
    at.selectbox(key="comparison_cell_pred").set_value(2).run()
    buttons = [b for b in at.button if b.key and b.key.startswith("comparison_cell_optimized_")]
    assert buttons, "a cell lists its subsets"
    subset = buttons[0].key.removeprefix("comparison_cell_optimized_")
    buttons[0].click().run()
    assert at.session_state["explorer_true"] == 2 and at.session_state["explorer_pred"] == 2
    assert at.session_state["explorer_subset"] == subset


def test_page_in_english(use_reports):
    at = _open("en")
    assert any("**significant**" in m.value for m in at.markdown)
    assert [m.label for m in at.metric][0].startswith("Accuracy")


def test_page_without_reports_says_what_to_run(empty_dirs):
    at = _open("en")
    assert "python -m core.evaluate" in " ".join(m.value for m in at.markdown)


def test_label_noise_section_opens_suspects_in_the_explorer(use_reports):
    at = _open("id")
    at.segmented_control(key="comparison_section").set_value("label_noise").run()
    assert at.get("imgs") or at.get("image"), "the gallery shows the top suspects"
    at.selectbox(key="comparison_noise_class").set_value(3).run()
    at.button(key="comparison_noise_open").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["explorer_subset"] == "suspect" and at.session_state["explorer_true"] == 3
