"""The test-set chooser on the Metrics, Comparison and Explorer pages, and FER+ votes on them (AppTest)."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.artifacts import testsets
from core.artifacts.reports import predictions_frame
from core.classes import CLASSES
from core.evaluate.ferplus import VOTE_COLUMNS
from core.evaluate.sets import set_metrics
from dashboard.navigation import PAGES

APP = str(testsets.paths.ROOT / "streamlit_app.py")
SET_LABELS = np.repeat([0, 3, 4, 6], 10)
"""40 faces of 4 classes: disgust, fear and surprise are absent."""


@pytest.fixture
def with_set(use_reports, tmp_path, monkeypatch):
    """The synthetic PrivateTest reports plus a set 'mini' with both scenarios' reports and FER+ votes."""
    root = tmp_path / "reports"
    shutil.copytree(use_reports, root)
    monkeypatch.setenv("FER_REPORTS_DIR", str(root))
    files = [f"test/{CLASSES[y]}/PrivateTest_{i}.jpg" for i, y in enumerate(SET_LABELS)]
    images = np.random.default_rng(2).integers(0, 256, (len(files), 48, 48), dtype=np.uint8)
    info = testsets.SetInfo("mini", name="mini", kind="folder", n=len(files), absent_classes=["disgust"])
    info.skipped_classes = {"contempt": 3}
    testsets.write_set(info, images, SET_LABELS, files=files)
    rng = np.random.default_rng(3)
    for strength, name in ((1.0, "baseline"), (3.0, "optimized")):
        logits = rng.normal(size=(len(files), 7))
        logits[np.arange(len(files)), SET_LABELS] += strength
        probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        table = predictions_frame(files, SET_LABELS, probs)
        testsets.write_set_report("mini", name, table, metrics=set_metrics(SET_LABELS, probs), card={"scenario": name})
    votes = np.zeros((len(files), len(VOTE_COLUMNS)), int)
    votes[:, 0], votes[:, 1] = 6, 4  # neutral 6, happiness 4
    frame = pd.DataFrame(votes, columns=list(VOTE_COLUMNS)).assign(file=files, ferplus_row=0, match_corr=0.99)
    frame.loc[::2, "match_corr"] = 0.5  # every other face: a weak match, left out
    frame.to_csv(tmp_path / "votes.csv", index=False)
    monkeypatch.setenv("FER_FERPLUS_VOTES", str(tmp_path / "votes.csv"))
    return root


def _page(page: str, test_set: str | None = None, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = "en"
    at.run()
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(PAGES[page][0]).run()
    if test_set is not None:
        at.selectbox(key=f"{page}_test_set").select(test_set).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _captions(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("caption", "markdown", "subheader") for e in at.get(kind))


def test_metrics_page_defaults_to_privatetest_and_names_the_chosen_set(with_set):
    at = _page("metrics")
    assert at.selectbox(key="metrics_test_set").value == "private"
    assert "FER-2013 PrivateTest" in _captions(at)
    at.selectbox(key="metrics_test_set").select("mini").run()
    text = _captions(at)
    assert "n = 40" in text and "set mini" in text and "Disgust" in text and "contempt (3)" in text
    titles = [chart.proto.spec for chart in at.get("plotly_chart")]
    assert titles and all("set mini" in spec for spec in titles)


def test_the_choice_follows_the_viewer_to_the_explorer_with_ferplus_votes(with_set):
    at = _page("metrics", "mini")
    at.switch_page(PAGES["explorer"][0]).run()
    assert not at.exception
    assert at.selectbox(key="explorer_test_set").value == "mini"
    text = _captions(at)
    assert "FER+ (10 annotators): Neutral 6 · Happy 4" in text
    assert "left out (match below 0.95)" in text


def test_comparison_ferplus_section_on_a_set(with_set):
    at = _page("comparison", "mini", comparison_section="ferplus")
    text = _captions(at)
    assert "20 of 40 faces count" in text and "match below 0.95: 20" in text
    agreement = at.dataframe[0].value
    assert len(agreement) == 6 and (agreement["n"] == 20).all()
    suspects = at.dataframe[1].value
    assert set(suspects["Group"]) == {"label-issue suspects", "other faces"}


def test_no_chooser_without_other_sets(use_reports):
    at = _page("metrics")
    assert not [s for s in at.selectbox if s.key == "metrics_test_set"]


def test_per_class_metrics_of_a_set_with_absent_classes(with_set):
    at = _page("metrics", "mini", metrics_section="per_class")
    table = at.dataframe[0].value
    disgust = table[table["Class"] == "Disgust"]
    assert disgust["F1"].isna().all() and (disgust["Support"] == 0).all()
    assert any("set mini" in chart.proto.spec for chart in at.get("plotly_chart"))
