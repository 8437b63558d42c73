"""The explainability page under streamlit.testing, with models and reports and without them."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import paths
from dashboard.requests import ExplainImage

PAGE = str(paths.ROOT / "app_pages" / "explain.py")
SENT = "request_ExplainImage"
FACE = np.random.default_rng(5).integers(0, 256, (48, 48), dtype=np.uint8)


def run_page(state: dict | None = None, lang: str = "id") -> AppTest:
    """Run the page once; tests that rerun it stay in Indonesian, because AppTest applies a widget's
    translated format_func on the test side, where the UI language is always the default."""
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    kinds = ("title", "subheader", "markdown", "caption", "info", "warning", "error", "code")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


def choose(at: AppTest, panel: str) -> AppTest:
    at.segmented_control(key="explain_panel").set_value(panel).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def page_dirs(scenario_models, synthetic_reports, tmp_path_factory) -> dict:
    """The synthetic reports plus a quick class-average report for the optimized model only."""
    from core.explain.class_average import main

    reports = tmp_path_factory.mktemp("page_reports") / "reports"
    shutil.copytree(synthetic_reports, reports)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FER_REPORTS_DIR", str(reports))
        patch.setenv("FER_MODELS_DIR", str(scenario_models))
        main(["--scenario", "optimized", "--layer", "block4_conv3", "--limit", "1"])
    return {"reports": reports, "models": scenario_models}


@pytest.fixture
def with_models(page_dirs, monkeypatch) -> dict:
    monkeypatch.setenv("FER_REPORTS_DIR", str(page_dirs["reports"]))
    monkeypatch.setenv("FER_MODELS_DIR", str(page_dirs["models"]))
    return page_dirs


def test_without_models_or_reports_the_page_says_what_to_run(empty_dirs):
    at = run_page()
    assert "python -m core.evaluate" in texts(at)
    assert charts(at) == 0
    at = run_page({SENT: ExplainImage(FACE, None, "test")})
    assert "python -m core.train --scenario optimized" in texts(at)
    assert charts(at) == 0
    choose(at, "classes")
    assert "python -m core.explain --scenario baseline" in texts(at)
    assert "python -m core.explain --scenario optimized" in texts(at)


def test_class_averages_need_no_model(page_dirs, tmp_path, monkeypatch):
    monkeypatch.setenv("FER_REPORTS_DIR", str(page_dirs["reports"]))
    monkeypatch.setenv("FER_MODELS_DIR", str(tmp_path / "no_models"))
    at = choose(run_page(), "classes")
    assert charts(at) == 2
    assert "python -m core.train" not in texts(at)


def test_gradcam_side_by_side_with_every_control(with_models):
    at = run_page()
    assert at.session_state["explain_source"] == "test"
    assert charts(at) == 2
    assert "Skenario 1 (baseline)" in texts(at) and "Skenario 2 (optimized)" in texts(at)
    assert "Dihitung dalam" in texts(at)
    at.number_input(key="explain_sample_pos").set_value(100).run()
    at.selectbox(key="explain_sample_class").set_value(3).run()
    assert at.number_input(key="explain_sample_pos").value == 0, "a new class starts at its first sample"
    at.segmented_control(key="explain_method").set_value("gradcam++").run()
    at.selectbox(key="explain_layer").set_value("block4_conv3").run()
    at.selectbox(key="explain_target").set_value(5).run()
    at.toggle(key="explain_show_bands").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert charts(at) == 2
    assert texts(at).count("Peta menjelaskan **Terkejut**") == 2
    assert texts(at).count("satu lintasan model") == 1, "only the flip-averaging model says its map is one pass"


def test_an_image_sent_from_another_page_is_selected(with_models):
    """An RGB crop is accepted too (converted to grayscale like every other input)."""
    rgb = np.repeat(FACE[..., None], 3, axis=-1)
    at = run_page({SENT: ExplainImage(rgb, 2, "explorer: PrivateTest_1.jpg")}, "en")
    assert at.session_state["explain_source"] == "sent"
    assert "From: explorer: PrivateTest_1.jpg" in texts(at)
    assert charts(at) == 2


def test_se_panel_shows_attention_and_says_when_a_model_has_none(with_models):
    at = choose(run_page(), "se")
    shown = texts(at)
    assert "Skenario 1 (baseline) tidak memiliki blok Squeeze-and-Excitation" in shown
    assert charts(at) == 4, "excitation bars, before/after maps, per-class profiles"
    at.toggle(key="explain_profiles_centered_optimized").set_value(False).run()
    assert not at.exception and charts(at) == 4


def test_class_averages_paint_from_the_report(with_models):
    at = choose(run_page(), "classes")
    shown = texts(at)
    assert "python -m core.explain --scenario baseline" in shown, "the missing scenario says how to make it"
    assert "--limit 1 per kelas" in shown
    assert charts(at) == 2, "class-average grid and band shares"
    assert at.selectbox(key="explain_classes_layer").options == ["block4_conv3"]


def test_occlusion_and_probes_run_both_models(with_models):
    at = choose(run_page(), "occlusion")
    assert charts(at) == 2
    assert "49 posisi dinilai per model, paling banyak 50 per panggilan" in texts(at)
    assert "Panel ->" not in texts(at), "no bare string of the page script is printed"
    at = choose(at, "probes")
    at.toggle(key="explain_probe_mask_eyes").set_value(True).run()
    at.slider(key="explain_probe_rotation").set_value(15).run()
    assert not at.exception, [e.value for e in at.exception]
    assert charts(at) == 1
    assert texts(at).count("→") == 2
    at.button(key="explain_probe_reset").click().run()
    assert at.slider(key="explain_probe_rotation").value == 0
    assert at.toggle(key="explain_probe_mask_eyes").value is False


def _png(seed: int) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.random.default_rng(seed).integers(0, 256, (48, 48), dtype=np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def _changes(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "→" in m.value]


def test_probe_sliders_keep_applying_after_a_second_upload(with_models):
    """Issue 15 item 3: replacing an upload passes through a run with no image; the probes must come back as set."""
    at = run_page()
    at.radio(key="explain_source").set_value("upload").run()
    at.file_uploader(key="explain_upload").set_value(("a.png", _png(1), "image/png")).run()
    at = choose(at, "probes")
    at.slider(key="explain_probe_brightness").set_value(0.3).run()
    at.slider(key="explain_probe_rotation").set_value(-30).run()
    at.file_uploader(key="explain_upload").set_value(None).run()
    assert not at.slider, "no image, no probes"
    at.file_uploader(key="explain_upload").set_value(("b.png", _png(2), "image/png")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key="explain_probe_brightness").value == 0.3
    assert at.slider(key="explain_probe_rotation").value == -30
    pairs = [line.split(": ", 1)[1].replace("**", "").split(" → ") for line in _changes(at)]
    assert len(pairs) == 2 and all(before != after for before, after in pairs), "the probe is really applied"
    at.button(key="explain_probe_reset").click().run()
    assert at.slider(key="explain_probe_brightness").value == 1.0


def test_a_broken_upload_names_the_cause_in_indonesian(with_models):
    at = run_page()
    at.radio(key="explain_source").set_value("upload").run()
    at.file_uploader(key="explain_upload").set_value(("face.png", b"not an image", "image/png")).run()
    message = at.error[0].value
    assert "bukan format gambar" in message and "BytesIO" not in message and "<" not in message


def test_a_failing_panel_is_a_message_and_the_page_still_works(with_models, monkeypatch):
    from dashboard import cache

    def broken(*args, **kwargs):
        raise RuntimeError("occlusion exploded")

    monkeypatch.setattr(cache, "occlusion", broken)
    at = choose(run_page(), "occlusion")
    assert "occlusion exploded" in at.error[0].value and not at.exception
    at = choose(at, "gradcam")
    assert charts(at) == 2, "the other panels still draw"


@pytest.mark.parametrize(
    ("first", "second"), [("nested_sequential", "se_custom"), ("gray_adapter", "se_plain"), ("two_levels", "flat")]
)
def test_student_models_are_explained_on_the_page(first, second, model_zoo, synthetic_reports, tmp_path, monkeypatch):
    """A user's own files as scenario 1 and 2 (nested VGG16, gray adapters, their SE block): Grad-CAM
    and the SE view render, the custom SE class comes from the file the presenter chose for that model
    (remembered in models/custom_objects/choices.json: a fresh session, like a reload, finds it)."""
    models = tmp_path / "models"
    models.mkdir()
    shutil.copy(model_zoo[first], models / "baseline.keras")
    shutil.copy(model_zoo[second], models / "optimized.keras")
    monkeypatch.setenv("FER_REPORTS_DIR", str(synthetic_reports))
    monkeypatch.setenv("FER_MODELS_DIR", str(models))
    from core.model import custom_code

    (models / "custom_objects").mkdir()
    shutil.copy(model_zoo["layers_py"], models / "custom_objects" / "thesis_layers.py")
    custom_code.remember(models / "optimized.keras", "thesis_layers.py")
    at = run_page()
    assert charts(at) == 2 and not at.error, [e.value for e in at.error]
    at = choose(at, "se")
    shown = texts(at)
    assert shown.count("tidak memiliki blok Squeeze-and-Excitation") == (2 if second == "flat" else 1)
    assert "Yang dicari: lapisan SqueezeExcite proyek" in shown
    assert charts(at) >= (0 if second == "flat" else 2), "excitation bars and before/after maps"


def test_nested_and_flat_models_share_their_vgg16_layers(page_dirs, model_zoo, tmp_path, monkeypatch):
    """A nested student VGG16 (vgg16/block5_conv3) beside a flat one (block5_conv3): one layer selector for both,
    and their class averages side by side."""
    from core.explain.class_average import main

    models, reports = tmp_path / "models", tmp_path / "reports"
    shutil.copytree(page_dirs["models"], models)
    shutil.copytree(page_dirs["reports"], reports)
    shutil.copy(model_zoo["nested_functional"], models / "baseline.keras")
    (models / "baseline.json").unlink(missing_ok=True)
    monkeypatch.setenv("FER_REPORTS_DIR", str(reports))
    monkeypatch.setenv("FER_MODELS_DIR", str(models))
    main(["--scenario", "baseline", "--layer", "vgg16/block4_conv3", "--limit", "1"])
    at = run_page()
    assert "block5_conv3" in at.selectbox(key="explain_layer").options and not at.info
    at.selectbox(key="explain_layer").set_value("block4_conv3").run()
    titles = [chart.proto.spec.replace("\\u002f", "/") for chart in at.get("plotly_chart")]
    assert "vgg16/block4_conv3" in titles[0] and "vgg16/block4_conv3" not in titles[1] and "block4_conv3" in titles[1]
    at = choose(at, "classes")
    assert at.selectbox(key="explain_classes_layer").options == ["block4_conv3"]
    assert not at.info, texts(at)
    assert len([w for w in at.warning if "--limit 1" in w.value]) == 2, "both reports are shown"


def test_models_that_share_no_layer_say_which_layers_each_offers(model_zoo, synthetic_reports, tmp_path, monkeypatch):
    models = tmp_path / "models"
    models.mkdir()
    shutil.copy(model_zoo["se_plain"], models / "baseline.keras")
    shutil.copy(model_zoo["flat"], models / "optimized.keras")
    monkeypatch.setenv("FER_REPORTS_DIR", str(synthetic_reports))
    monkeypatch.setenv("FER_MODELS_DIR", str(models))
    at = run_page({}, "en")
    note = at.info[0].value
    assert note.startswith("No layer selector") and "conv1, conv2" in note and ": conv" in note
    assert charts(at) == 2 and "explain_layer" not in [box.key for box in at.selectbox]
