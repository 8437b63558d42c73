"""The app under streamlit.testing: every page renders with reports and without, in both languages."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.artifacts import reports
from core.views import summary
from dashboard.navigation import PAGES
from dashboard.requests import ExplainImage, OpenInExplorer

EXPLORER = "request_OpenInExplorer"
EXPLAIN = "request_ExplainImage"

ROOT = reports.paths.ROOT
APP = str(ROOT / "streamlit_app.py")
ALL_PAGES = [None, *PAGES]
"""None is the home page (app_pages/home.py, the router's default page)."""


def open_page(page: str | None, state: dict | None = None, lang: str = "id") -> AppTest:
    """Run the app, then switch to ``page`` (with ``state`` preset) and run it.

    The timeout is generous because model-backed pages import TensorFlow on a busy 2-core machine.
    """
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = lang
    at.run()
    for key, value in (state or {}).items():
        at.session_state[key] = value
    if page is not None:
        at.switch_page(PAGES[page][0]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def text_of(at: AppTest) -> str:
    """Every visible text of the run (markdown, captions, alerts, titles, metric labels)."""
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error")
        for e in at.get(kind)
    ]
    parts += [m.label for m in at.metric]
    return "\n".join(str(p) for p in parts)


SHIPPED = (ROOT / "reports" / "baseline" / "manifest.json").exists() or (
    ROOT / "reports" / "optimized" / "manifest.json"
).exists()
CONTENT = {None: "metric", "metrics": "plotly_chart", "training": "plotly_chart", "explorer": "image"}
"""What each precomputed-results page must show once reports exist."""


@pytest.mark.parametrize("mode", ["synthetic", "empty", "shipped"])
@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p or "home")
def test_every_page_renders(page, mode, request, monkeypatch, tmp_path):
    """Every page runs without an exception on synthetic, absent and the shipped reports (and models)."""
    if mode == "synthetic":
        request.getfixturevalue("use_reports")
        monkeypatch.setenv("FER_MODELS_DIR", str(tmp_path / "no_models"))
    elif mode == "empty":
        request.getfixturevalue("empty_dirs")
    elif not SHIPPED:
        pytest.skip("no shipped reports in reports/")
    else:
        monkeypatch.setenv("FER_REPORTS_DIR", str(ROOT / "reports"))
        monkeypatch.setenv("FER_MODELS_DIR", str(ROOT / "models"))
    at = open_page(page)
    assert at.title, "every page has a title"
    if page not in CONTENT:
        return
    if mode == "empty":
        assert "python -m core.evaluate" in text_of(at), "the missing state names the command"
    else:
        assert at.get(CONTENT[page]), f"{page or 'home'} shows its {CONTENT[page]}"


def test_home_shows_measured_numbers_and_provenance(use_reports):
    at = open_page(None)
    text = text_of(at)
    assert "Qoid Rif'at" in text and "210411100160" in text and "Universitas Trunojoyo Madura" in text
    accuracy = reports.load_metrics("optimized")["accuracy"]
    assert f"{accuracy:.2%}" in [m.value for m in at.metric]
    flagged = [w.value for w in at.warning if "**tidak** diinisialisasi dari ImageNet" in w.value]
    assert len(flagged) == 2 and all("--backbone-weights imagenet" in w for w in flagged)
    assert not any("synthetic test report" in w for w in flagged), "no English card note inside Indonesian text"
    assert "Goodfellow" in text
    flips = [c.value for c in at.caption if "cerminnya" in c.value]
    assert len(flips) == 1 and "50.00% tanpa cermin, 51.23%" in flips[0], "only the card that uses the flip says so"
    recipe = summary.recipe_table(["baseline", "optimized"], {})
    tables = [m.value for m in at.markdown if m.value.startswith("| ")]
    assert len(tables) == 1 and len(tables[0].splitlines()) == 2 + 1 + len(recipe), "header, rule, backbone + recipe"


def test_language_switch_translates_class_labels(use_reports):
    indonesian = text_of(open_page(None))
    english = text_of(open_page(None, lang="en"))
    assert "Senang" in indonesian or "Marah" in indonesian
    assert "Happy" in english or "Angry" in english
    assert not any(label in english for label in ("Senang", "Marah", "Netral"))


def test_pages_do_not_import_tensorflow(use_reports):
    """Running the precomputed-results pages headless must not load TensorFlow."""
    code = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({APP!r}, default_timeout=60)\n"
        "at.run()\n"
        "for page in ('app_pages/metrics.py', 'app_pages/training.py', 'app_pages/explorer.py'):\n"
        "    at.switch_page(page).run()\n"
        "    assert not at.exception, page\n"
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False False"


def test_metrics_normalisation_switch(use_reports):
    at = open_page("metrics")
    counts = at.get("plotly_chart")[0].proto.spec
    at.segmented_control(key="metrics_norm").set_value("normalised").run()
    assert not at.exception
    normalised = at.get("plotly_chart")[0].proto.spec
    assert counts != normalised and "%" in normalised
    matrix = np.asarray(reports.load_metrics("baseline")["confusion_matrix"])
    assert f'"{matrix[0, 0]}"' in counts


def test_metrics_per_class_section_and_downloads(use_reports):
    at = open_page("metrics")
    at.segmented_control(key="metrics_section").set_value("per_class").run()
    assert not at.exception
    headline = [m.value for m in at.markdown if m.value.startswith("| ")]
    rows = len(summary.headline_table({s: reports.load_metrics(s) for s in ("baseline", "optimized")}))
    assert len(headline) == 1 and len(headline[0].splitlines()) == 2 + rows, "a static Markdown table"
    cells = [c.strip() for line in headline[0].splitlines()[2:] for c in line.strip("|").split("|")[1:]]
    assert cells and all(re.fullmatch(r"-?\d\.\d{4}", c) for c in cells), f"four decimals kept as formatted: {cells}"
    per_class = at.dataframe[0].value
    assert len(per_class) == 14
    assert len(at.get("plotly_chart")) == 2, "grouped bars and the F1 difference"
    csv = [b for b in at.get("download_button") if b.key.startswith("metrics_download_")]
    assert len(csv) == 3, "per-class table, F1 difference and the headline table"


def test_metrics_cell_opens_explorer(use_reports):
    at = open_page("metrics")
    assert not at.selectbox, "the cell picker renders only when its toggle is on"
    at.toggle(key="metrics_open_toggle").set_value(True).run()
    at.selectbox(key="metrics_open_scenario").set_value("optimized")
    at.selectbox(key="metrics_open_true").set_value(2)
    at.selectbox(key="metrics_open_pred").set_value(4)
    at.button(key="metrics_open_button").click().run()
    assert not at.exception
    assert at.session_state["explorer_scenario"] == "optimized"
    assert at.session_state["explorer_true"] == 2 and at.session_state["explorer_pred"] == 4


def test_metrics_with_one_scenario(use_reports, tmp_path, monkeypatch):
    import shutil

    shutil.copytree(use_reports / "baseline", tmp_path / "baseline")
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path))
    at = open_page("metrics")
    assert "models/optimized.keras" in text_of(at)
    assert len(at.get("plotly_chart")) == 1


def wrong_count(scenario: str) -> int:
    frame = reports.load_predictions(scenario)
    return int((frame["pred"] != frame["label"]).sum())


def test_explorer_defaults_to_misclassified_and_paginates(use_reports):
    at = open_page("explorer")
    wrong = wrong_count("baseline")
    assert wrong > 24, "the synthetic baseline has more than one page of errors"
    assert f"{wrong:,} citra cocok" in text_of(at)
    assert len(at.get("image")) == 24
    at.get("pagination")[0].set_value(2).run()
    assert not at.exception
    assert len(at.get("image")) == min(24, wrong - 24)
    assert "halaman 2 dari" in text_of(at)


def test_explorer_request_from_another_page(use_reports):
    frame = reports.load_predictions("optimized")
    expected = int(((frame["label"] == 2) & (frame["pred"] == 4)).sum())
    at = open_page("explorer", {EXPLORER: OpenInExplorer("optimized", 2, 4)})
    assert f"{expected:,} citra cocok" in text_of(at)
    assert EXPLORER not in at.session_state


def test_explorer_disagreement_subset_counts(use_reports):
    baseline, optimized = (reports.load_predictions(s) for s in ("baseline", "optimized"))
    fixed = int(((optimized["pred"] == optimized["label"]) & (baseline["pred"] != baseline["label"])).sum())
    at = open_page("explorer", {EXPLORER: OpenInExplorer("baseline", subset="fixed")})
    assert f"{fixed:,} citra cocok" in text_of(at)
    assert at.segmented_control(key="explorer_subset").value == "fixed"


def test_explorer_suspect_filter(use_reports):
    from core.evaluate.label_noise import suspected_label_issues

    frames = [reports.load_predictions(s) for s in ("baseline", "optimized")]
    issues = suspected_label_issues(frames[0]["label"].to_numpy(), [reports.probabilities(f) for f in frames])
    at = open_page("explorer", {EXPLORER: OpenInExplorer("optimized", subset="suspect")})
    assert f"{int(issues['suspect'].sum()):,} citra cocok" in text_of(at)


def test_explorer_explain_button_hands_over_the_image(use_reports):
    at = open_page("explorer")
    first = next(b for b in at.button if b.key.startswith("explorer_explain_"))
    assert first.label == "Jelaskan"
    first.click().run()
    handed = at.session_state[EXPLAIN]
    assert isinstance(handed, ExplainImage)
    stored = reports.load_test_images()
    index = list(stored["files"]).index(handed.origin)
    assert np.array_equal(handed.image, stored["images"][index]) and handed.label == stored["labels"][index]


def test_training_layouts_and_extra_panels(use_reports):
    at = open_page("training")
    assert len(at.get("plotly_chart")) == 2, "loss and accuracy"
    at.segmented_control(key="training_layout").set_value("side").run()
    assert not at.exception and len(at.get("plotly_chart")) == 2
    at.toggle(key="training_extra").set_value(True).run()
    assert not at.exception and len(at.get("plotly_chart")) == 4, "plus learning rate and epoch times"
    config = at.dataframe[0].value
    assert config.loc["Epoch dijalankan"].tolist() == ["5", "5"]
    assert "epoch terbaik 5" in text_of(at)


def test_training_without_history(use_reports, tmp_path, monkeypatch):
    """A model trained elsewhere has no history.csv: the page says so and still shows its card."""
    from core.artifacts.reports import load_metrics, load_model_card, load_predictions, write_report

    monkeypatch.setenv("FER_REPORTS_DIR", str(use_reports))
    frames = {s: (load_predictions(s), load_metrics(s), load_model_card(s)) for s in ("baseline", "optimized")}
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path))
    for scenario, (predictions, metrics, card) in frames.items():
        write_report(scenario, predictions, metrics, card=card, history=None)
    at = open_page("training")
    assert len(at.info) == 2 and "history.csv" in at.info[0].value
    assert not at.get("plotly_chart") and len(at.dataframe) == 1


def test_explorer_probabilities_on_demand(use_reports):
    at = open_page("explorer")
    assert not at.get("plotly_chart"), "no chart until asked for"
    next(b for b in at.button if b.key.startswith("explorer_probs_")).click().run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1


def test_explorer_class_filter_and_language_switch(use_reports):
    frame = reports.load_predictions("baseline")
    expected = int(((frame["label"] == 3) & (frame["pred"] != 3)).sum())
    at = open_page("explorer")
    at.selectbox(key="explorer_true").set_value(3).run()
    assert f"{expected:,} citra cocok" in text_of(at)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert f"{expected:,} images match the filter" in text_of(at), "the filter survives the language switch"
    assert at.selectbox(key="explorer_true").value == 3


@pytest.mark.skipif(not SHIPPED, reason="no shipped reports in reports/")
def test_training_page_explains_the_shipped_cards(monkeypatch):
    """Issue 15 item 7: readable, rounded configuration; the continued run and the fingerprints explained."""
    monkeypatch.setenv("FER_REPORTS_DIR", str(ROOT / "reports"))
    monkeypatch.setenv("FER_MODELS_DIR", str(ROOT / "models"))
    cards = {s: reports.load_model_card(s) for s in ("baseline", "optimized")}
    at = open_page("training")
    shown = text_of(at)
    config = at.dataframe[0].value
    assert "best_val_accuracy" not in config.index and "Akurasi validasi terbaik" in config.index
    assert config.loc["Akurasi validasi terbaik"].tolist() == [f"{c['best_val_accuracy']:.4g}" for c in cards.values()]
    continued = [c for c in cards.values() if isinstance(c.get("continued_from"), dict)]
    for card in continued:
        first = card["continued_from"]["epochs_run"]
        assert f"epoch {first + 1}–{card['epochs_run']} dilanjutkan" in shown
    if len({c.get("data_fingerprint") for c in cards.values()}) > 1:
        assert "Sidik data adalah hash piksel" in shown
