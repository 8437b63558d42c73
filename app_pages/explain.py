"""Explainability: Grad-CAM of both scenarios, SE attention, class-average maps, occlusion and probes.

Only the selected panel computes. Class averages come from reports/explanations (no model, no
TensorFlow); every other panel runs the cached models through dashboard.explain_cache.
"""

from __future__ import annotations

import hashlib
import time

import numpy as np
import pandas as pd
import streamlit as st

from core import paths
from core.artifacts import explanations as explain_reports
from core.charts import explain as charts
from core.charts import scenario_color
from core.classes import NUM_CLASSES, index_of
from core.data.preprocessing import MAX_PIXELS, ImageError, ImageTooLarge, to_grayscale
from core.explain.errors import ExplainError
from core.model.loading import ModelFileError
from dashboard import cache, explain_cache
from dashboard.figures import show
from dashboard.i18n import class_label, class_labels, lang, scenario_label, t

PANELS = ("gradcam", "se", "classes", "occlusion", "probes")
METHODS = ("gradcam", "gradcam++")
PROBE_DEFAULTS = {
    "explain_probe_mask_eyes": False,
    "explain_probe_mask_mouth": False,
    "explain_probe_brightness": 1.0,
    "explain_probe_blur": 0.0,
    "explain_probe_rotation": 0,
    "explain_probe_shift_x": 0.0,
    "explain_probe_shift_y": 0.0,
}
TRAIN_COMMANDS = "python -m core.train --scenario baseline\npython -m core.train --scenario optimized"


def bands(height: int) -> dict[str, tuple[int, int]]:
    """The face bands in an image ``height`` pixels tall, with translated names."""
    rows = {band: explain_reports.band_rows(height, band) for band in explain_reports.BANDS}
    return {t(f"explain_band_{band}"): (part.start, part.stop) for band, part in rows.items()}


def _sent_image() -> dict | None:
    """The image another page sent (explorer, live prediction) as 2-D uint8, when it is a usable image array."""
    sent = st.session_state.get("explain_image")
    if not isinstance(sent, dict) or not isinstance(sent.get("image"), np.ndarray) or sent["image"].ndim not in (2, 3):
        return None
    try:
        return {**sent, "image": to_grayscale(sent["image"])}
    except (ImageError, TypeError, ValueError):
        return None


def _test_sample() -> tuple[np.ndarray, int | None, str] | None:
    try:
        data = cache.test_images()
    except cache.ReportError as err:
        cache.missing(err)
        return None
    labels = data["labels"]
    chosen = st.selectbox(
        t("explain_class_filter"),
        [None, *range(NUM_CLASSES)],
        key="explain_sample_class",
        format_func=lambda c: t("explain_all_classes") if c is None else class_label(c),
        on_change=lambda: st.session_state.update(explain_sample_pos=0),
    )
    indices = np.arange(len(labels)) if chosen is None else np.flatnonzero(labels == chosen)
    if not len(indices):
        return None
    st.session_state["explain_sample_pos"] = min(st.session_state.get("explain_sample_pos", 0), len(indices) - 1)
    position = st.number_input(
        t("explain_sample_index", last=len(indices) - 1), 0, len(indices) - 1, key="explain_sample_pos"
    )
    index = int(indices[int(position)])
    return data["images"][index], int(labels[index]), str(data["files"][index])


def _upload() -> tuple[np.ndarray, int | None, str] | None:
    file = st.file_uploader(
        t("explain_upload"),
        type=["png", "jpg", "jpeg", "bmp", "webp"],
        key="explain_upload",
        help=t("explain_upload_help"),
    )
    if file is None:
        return None
    try:
        return to_grayscale(file.getvalue()), None, file.name
    except ImageTooLarge as err:
        st.error(t("prediction_too_large", name=file.name, pixels=err.pixels, limit=MAX_PIXELS))
        return None
    except ImageError as err:
        st.error(t("explain_bad_image", error=err))
        return None


def pick_image() -> tuple[np.ndarray, int | None, str] | None:
    """The face to explain: sent from another page, a PrivateTest sample, or an upload."""
    sent = _sent_image()
    if sent is not None:
        digest = hashlib.sha1(sent["image"].tobytes()).hexdigest()
        if st.session_state.get("explain_sent_seen") != digest:
            st.session_state["explain_sent_seen"] = digest
            st.session_state["explain_source"] = "sent"
    sources = (["sent"] if sent is not None else []) + ["test", "upload"]
    if st.session_state.get("explain_source") not in sources:
        st.session_state["explain_source"] = sources[0]
    left, right = st.columns([3, 1])
    with left:
        source = st.radio(
            t("explain_source"),
            sources,
            format_func=lambda s: t(f"explain_source_{s}"),
            horizontal=True,
            key="explain_source",
        )
        if source == "sent":
            label = sent.get("label")
            picked = sent["image"], None if label is None else int(label), str(sent.get("origin", ""))
            st.caption(t("explain_sent_origin", origin=picked[2]))
        else:
            picked = _test_sample() if source == "test" else _upload()
    if picked is not None:
        image, label, _ = picked
        caption = (
            t("explain_image_unlabelled") if label is None else t("explain_image_caption", label=class_label(label))
        )
        right.image(image, caption=caption, width=144)
    return picked


def loaded_models() -> list[str]:
    """Scenarios whose model loads; a model that fails is reported, not fatal."""
    ready = []
    for scenario in cache.available_models():
        try:
            cache.model(scenario)
        except (ValueError, OSError) as err:
            reason = err.message(lang()) if isinstance(err, ModelFileError) else err
            st.error(t("explain_model_error", scenario=scenario_label(scenario), error=reason))
            continue
        ready.append(scenario)
    if not ready:
        st.info(t("explain_no_models", folder=paths.models_dir()), icon=":material/info:")
        st.code(TRAIN_COMMANDS, language="bash")
    return ready


def gradcam_panel(models: list[str], image: np.ndarray) -> None:
    layer_sets = [explain_cache.conv_layers(s) for s in models]
    layers = [name for name in layer_sets[0] if all(name in names for names in layer_sets)]
    c1, c2, c3, c4 = st.columns([1.2, 1, 1, 1])
    method = c1.segmented_control(
        t("explain_method"),
        METHODS,
        format_func=lambda m: t(f"explain_method_{m}"),
        default="gradcam",
        required=True,
        key="explain_method",
    )
    layer = (
        c2.selectbox(
            t("explain_layer"), layers, index=len(layers) - 1, key="explain_layer", help=t("explain_layer_help")
        )
        if layers
        else None
    )
    target = c3.selectbox(
        t("explain_target"),
        [None, *range(NUM_CLASSES)],
        key="explain_target",
        format_func=lambda c: t("explain_target_predicted") if c is None else class_label(c),
    )
    opacity = c4.slider(t("explain_opacity"), 0.0, 1.0, 0.5, 0.05, key="explain_opacity")
    with_bands = st.toggle(t("explain_bands"), key="explain_show_bands", help=t("explain_bands_help"))
    columns = st.columns(len(models))
    seconds = 0.0
    for column, scenario in zip(columns, models, strict=True):
        explanation = explain_cache.explanation(scenario, image, layer, target)
        seconds += explanation.seconds
        probs = explanation.probabilities
        heat = explanation.heatmaps[method]
        with column:
            st.subheader(scenario_label(scenario))
            st.markdown(t("explain_prediction", label=class_label(int(probs.argmax())), p=float(probs.max())))
            st.caption(
                t("explain_target_caption", label=class_label(explanation.target), p=float(probs[explanation.target]))
            )
            if cache.model(scenario).flip:
                st.caption(t("explain_single_pass"))
            title = t("explain_map_title", method=t(f"explain_method_{method}"), layer=explanation.layer)
            show(
                charts.overlay(
                    explanation.image,
                    heat,
                    title,
                    t("explain_attention"),
                    opacity,
                    bands(heat.shape[0]) if with_bands else None,
                ),
                key=f"explain_cam_{scenario}",
            )
            if not heat.any():
                st.caption(t("explain_empty_map"))
    st.caption(t("explain_timing", ms=seconds * 1000, n=len(models)))


def _profiles(scenario: str) -> None:
    """The per-class mean excitation heatmap of one scenario, from its class-average report."""
    try:
        report = explain_cache.class_maps(scenario)
    except cache.ReportError as err:
        cache.missing(err)
        return
    if report.excitation is None:
        st.info(t("explain_no_profiles", scenario=scenario_label(scenario)))
        return
    centered = st.toggle(t("explain_profiles_centered"), value=True, key=f"explain_profiles_centered_{scenario}")
    show(
        charts.excitation_heatmap(
            report.excitation,
            class_labels(),
            t("explain_profiles_title"),
            t("explain_channel"),
            t("explain_profiles_value"),
            centered,
        ),
        key=f"explain_profiles_{scenario}",
    )
    st.caption(t("explain_profiles_caption"))


def se_panel(models: list[str], image: np.ndarray) -> None:
    with_se = [s for s in models if explain_cache.has_se(s)]
    for scenario in models:
        if scenario not in with_se:
            st.info(t("explain_no_se", scenario=scenario_label(scenario)), icon=":material/info:")
    if not with_se:
        return
    c1, c2 = st.columns(2)
    top = c1.slider(t("explain_top_channels"), 1, 50, 10, key="explain_se_top")
    opacity = c2.slider(t("explain_opacity"), 0.0, 1.0, 0.5, 0.05, key="explain_se_opacity")
    for scenario in with_se:
        explanation = explain_cache.explanation(scenario, image, None, None)
        st.subheader(scenario_label(scenario))
        show(
            charts.excitation_bars(
                explanation.excitation,
                t("explain_excitation_title"),
                t("explain_channel"),
                t("explain_weight"),
                top,
                scenario_color(scenario),
            ),
            key=f"explain_se_bars_{scenario}",
        )
        before, after = st.columns(2)
        for column, name in ((before, "before"), (after, "after")):
            with column:
                show(
                    charts.overlay(
                        explanation.image,
                        explanation.se_maps[name],
                        t(f"explain_se_{name}"),
                        t("explain_attention"),
                        opacity,
                    ),
                    key=f"explain_se_{name}_{scenario}",
                )
        st.caption(t("explain_se_maps_caption"))
        _profiles(scenario)


def _share_rows(report: explain_reports.ClassMaps, layer: str, method: str) -> pd.DataFrame:
    part = report.shares[(report.shares["layer"] == layer) & (report.shares["method"] == method)]
    rows = [
        {
            "scenario": report.scenario,
            "class_label": class_label(index_of(row["class"])),
            "band": band,
            "share": row[band],
            "sem": row[f"{band}_sem"],
        }
        for _, row in part.iterrows()
        for band in explain_reports.BANDS
    ]
    return pd.DataFrame(rows)


def classes_panel() -> None:
    st.caption(t("explain_classes_intro"))
    found = explain_cache.explained_scenarios()
    for scenario in paths.SCENARIOS:
        if scenario not in found:
            st.info(
                f"{t('explain_classes_missing')} `python -m core.explain --scenario {scenario}`", icon=":material/info:"
            )
    if not found:
        return
    reports = {s: explain_cache.class_maps(s) for s in found}
    layers = [name for name in reports[found[0]].layers if all(name in r.layers for r in reports.values())]
    if not layers:
        st.warning(t("explain_no_common_layer"))
        reports = {found[0]: reports[found[0]]}
        layers = reports[found[0]].layers
    c1, c2, c3 = st.columns(3)
    layer = c1.selectbox(t("explain_layer"), layers, key="explain_classes_layer", help=t("explain_layer_help"))
    method = c2.segmented_control(
        t("explain_method"),
        METHODS,
        format_func=lambda m: t(f"explain_method_{m}"),
        default="gradcam",
        required=True,
        key="explain_classes_method",
    )
    opacity = c3.slider(t("explain_opacity"), 0.0, 1.0, 0.5, 0.05, key="explain_classes_opacity")
    names = {s: scenario_label(s) for s in reports}
    height = reports[found[0]].mean_faces.shape[1]
    show(
        charts.class_maps_grid(
            {names[s]: r.mean_faces for s, r in reports.items()},
            {names[s]: r.class_maps(layer, method) for s, r in reports.items()},
            class_labels(),
            t("explain_attention"),
            opacity,
            bands(height),
        ),
        key="explain_class_maps",
    )
    shares = pd.concat([_share_rows(r, layer, method) for r in reports.values()], ignore_index=True)
    band_titles = {band: t(f"explain_band_{band}") for band in explain_reports.BANDS}
    uniform = {band: explain_reports.uniform_share(band) for band in explain_reports.BANDS}
    show(
        charts.band_share_bars(
            shares, band_titles, uniform, names, t("explain_shares_title"), t("explain_share"), t("explain_uniform")
        ),
        key="explain_band_shares",
    )
    st.caption(t("explain_shares_caption"))
    for scenario, report in reports.items():
        meta = report.meta
        target = t("explain_target_true") if meta.get("target") == "true" else t("explain_target_predicted_short")
        st.caption(
            t(
                "explain_classes_meta",
                scenario=names[scenario],
                images=meta.get("images"),
                target=target,
                created=meta.get("created", "?"),
            )
        )
        if meta.get("limit"):
            st.warning(t("explain_limited", scenario=names[scenario], limit=meta["limit"]))


def occlusion_panel(models: list[str], image: np.ndarray) -> None:
    c1, c2 = st.columns(2)
    patch = c1.select_slider(t("explain_patch"), [4, 6, 8, 12, 16], value=12, key="explain_patch")
    stride = c2.select_slider(t("explain_stride"), [2, 3, 4, 6, 8], value=6, key="explain_stride")
    columns = st.columns(len(models))
    patches = 0
    for column, scenario in zip(columns, models, strict=True):
        result = explain_cache.occlusion(scenario, image, patch, stride)
        patches = result.patches
        with column:
            st.subheader(scenario_label(scenario))
            st.markdown(t("explain_prediction", label=class_label(result.target), p=result.probability))
            show(
                charts.occlusion_map(
                    result.image,
                    result.drop,
                    t("explain_occlusion_title", label=class_label(result.target)),
                    t("explain_drop"),
                ),
                key=f"explain_occlusion_{scenario}",
            )
    st.caption(t("explain_occlusion_caption", patches=patches))


def _reset_probes() -> None:
    for key, value in PROBE_DEFAULTS.items():
        st.session_state[key] = value


def probes_panel(models: list[str], image: np.ndarray) -> None:
    from core.explain.occlusion import Probe

    for key, value in PROBE_DEFAULTS.items():
        st.session_state.setdefault(key, value)
    c1, c2, c3 = st.columns(3)
    probe = Probe(
        mask_eyes=c1.toggle(t("explain_probe_mask_eyes"), key="explain_probe_mask_eyes"),
        mask_mouth=c1.toggle(t("explain_probe_mask_mouth"), key="explain_probe_mask_mouth"),
        brightness=c2.slider(t("explain_probe_brightness"), 0.3, 1.7, step=0.05, key="explain_probe_brightness"),
        blur=c2.slider(t("explain_probe_blur"), 0.0, 3.0, step=0.25, key="explain_probe_blur"),
        rotation=c3.slider(t("explain_probe_rotation"), -30, 30, step=1, key="explain_probe_rotation"),
        shift_x=c3.slider(t("explain_probe_shift_x"), -0.25, 0.25, step=0.025, key="explain_probe_shift_x"),
        shift_y=c3.slider(t("explain_probe_shift_y"), -0.25, 0.25, step=0.025, key="explain_probe_shift_y"),
    )
    c1.button(
        t("explain_probe_reset"), on_click=_reset_probes, key="explain_probe_reset", icon=":material/restart_alt:"
    )
    probed = probe.apply(image)
    start = time.perf_counter()
    both = {s: explain_cache.probe_probabilities(s, np.stack([image, probed])) for s in models}
    seconds = time.perf_counter() - start
    before, after = {s: p[0] for s, p in both.items()}, {s: p[1] for s, p in both.items()}
    left, right = st.columns([1, 4])
    left.image([image, probed], caption=[t("explain_probe_original"), t("explain_probe_probed")], width=120)
    with right:
        names = {s: scenario_label(s) for s in models}
        show(
            charts.probe_bars(
                after,
                before,
                class_labels(),
                names,
                t("explain_probe_title"),
                t("explain_probability"),
                t("explain_probe_original_marker"),
            ),
            key="explain_probe_bars",
        )
        for scenario in models:
            old, new = int(before[scenario].argmax()), int(after[scenario].argmax())
            st.markdown(
                t(
                    "explain_probe_change",
                    scenario=names[scenario],
                    before=class_label(old),
                    p0=float(before[scenario][old]),
                    after=class_label(new),
                    p1=float(after[scenario][new]),
                )
            )
    st.caption(t("explain_probe_caption") + " " + t("explain_probe_timing", ms=seconds * 1000, n=len(models)))


st.title(t("nav_explain"))
st.caption(t("explain_intro"))
picked = pick_image()
panel = st.segmented_control(
    t("explain_panel"),
    PANELS,
    format_func=lambda p: t(f"explain_panel_{p}"),
    default="gradcam",
    required=True,
    key="explain_panel",
)
if panel == "classes":
    classes_panel()
elif picked is None:
    st.info(t("explain_pick_image"), icon=":material/info:")
else:
    with st.spinner(t("explain_computing")):
        ready = loaded_models()
        if ready:
            draw = {"gradcam": gradcam_panel, "se": se_panel, "occlusion": occlusion_panel, "probes": probes_panel}
            try:
                draw[panel](ready, picked[0])
            except ExplainError:
                st.warning(t("explain_not_explainable"), icon=":material/warning:")
            except Exception as err:  # one panel's failure is a message; the rest of the page still works
                st.error(t("explain_panel_failed", error=f"{type(err).__name__}: {err}"), icon=":material/error:")
