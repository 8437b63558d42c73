"""Live prediction: upload or photograph faces and see both scenarios' predictions side by side."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import paths
from core.charts.prediction import probability_bars
from core.data import preprocessing
from core.model.inference import Prediction, Predictor
from core.model.loading import ModelFileError
from core.views import live
from dashboard import cache, navigation
from dashboard.figures import show
from dashboard.i18n import class_label, class_labels, lang, scenario_label, t

IMAGE_TYPES = ["jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff"]


@st.cache_data(show_spinner=False, max_entries=32)
def _analyse(data: bytes | np.ndarray, whole_image: bool) -> live.Analysis:
    """Decoding and face detection are model-free and slow for big photos: done once per image."""
    return live.analyse(data, whole_image=whole_image)


def _model_messages() -> None:
    for scenario in paths.SCENARIOS:
        path = paths.model_path(scenario)
        if not path.exists():
            st.warning(
                t("prediction_model_missing", scenario=scenario_label(scenario), file=path, name=scenario),
                icon=":material/info:",
            )


def _predictors() -> dict[str, Predictor]:
    """The models that exist and load; a broken one is reported and the other still works."""
    loaded = {}
    for scenario in cache.available_models():
        try:
            with st.spinner(t("prediction_loading", scenario=scenario_label(scenario))):
                loaded[scenario] = cache.model(scenario)
        except (OSError, ValueError, TypeError) as err:  # a user's own model file may be anything
            st.error(
                t(
                    "prediction_model_broken",
                    scenario=scenario_label(scenario),
                    file=paths.model_path(scenario),
                    detail=err.message(lang()) if isinstance(err, ModelFileError) else err,
                    name=scenario,
                ),
                icon=":material/error:",
            )
    return loaded


def _examples() -> None:
    """One-click PrivateTest samples: the stored test images, else files from the dataset folder."""
    with st.expander(t("prediction_examples"), expanded=False):
        st.caption(t("prediction_examples_help"))
        try:
            stored = cache.test_images()
            items = [
                (stored["images"][i], int(stored["labels"][i]), str(stored["files"][i]))
                for i in live.example_indices(stored["labels"])
            ]
        except cache.ReportError:
            items = [(file.read_bytes(), label, file.name) for file, label in live.dataset_examples()]
        if not items:
            st.info(t("prediction_no_examples", folder=paths.data_dir()))
            return
        for column, (image, label, file) in zip(st.columns(len(items)), items, strict=True):
            column.image(image, caption=class_label(label), width="stretch")
            if column.button(t("prediction_try"), key=f"prediction_example_{file}", width="stretch"):
                st.session_state["prediction_example"] = {"image": image, "label": label, "file": file}
        if "prediction_example" in st.session_state and st.button(
            t("prediction_clear_example"), key="prediction_clear_example"
        ):
            del st.session_state["prediction_example"]


def _sources() -> list[live.Source]:
    """Everything to classify this run: uploads, the camera photo and the chosen example."""
    sources = []
    uploads = st.file_uploader(
        t("prediction_upload"),
        type=IMAGE_TYPES,
        accept_multiple_files=True,
        help=t("prediction_upload_help"),
        key="prediction_upload",
    )
    for upload in uploads or []:
        sources.append(live.Source(upload.file_id, upload.name, upload.getvalue(), None, f"upload {upload.name}"))
    if st.toggle(t("prediction_camera_toggle"), key="prediction_camera_on"):
        photo = st.camera_input(t("prediction_camera"), key="prediction_camera")
        if photo is not None:
            sources.append(live.Source("camera", t("prediction_camera_name"), photo.getvalue(), None, "camera"))
    _examples()
    example = st.session_state.get("prediction_example")
    if example:
        file, label = example["file"], example["label"]
        name = t("prediction_example_name", file=file, label=class_label(label))
        sources.append(live.Source(f"example_{file}", name, example["image"], label, f"PrivateTest {file}"))
    return sources


def _scenario_result(scenario: str, prediction: Prediction | None, flip: bool, key: str) -> None:
    st.markdown(f"**{scenario_label(scenario)}**")
    if prediction is None:
        st.caption(t("prediction_model_unavailable"))
        return
    st.metric(t("prediction_predicted"), class_label(prediction.label))
    facts = [
        t("prediction_confidence", value=prediction.confidence),
        t("prediction_time", ms=prediction.seconds * 1000),
    ]
    st.caption(
        " · ".join(facts + ([t("prediction_flip")] if flip else [])), help=t("prediction_flip_help") if flip else None
    )
    show(probability_bars(prediction.probabilities, class_labels(), scenario, t("prediction_probability")), key=key)


DETECTOR_NAMES = {"mtcnn": "MTCNN", "haar": "Haar cascade (OpenCV)"}


def _bad_image(source: live.Source, analysis: live.Analysis) -> None:
    if analysis.too_large:
        message = t("prediction_too_large", name=source.name, pixels=analysis.too_large, limit=preprocessing.MAX_PIXELS)
        st.error(message, icon=":material/error:")
    else:
        st.error(t("prediction_bad_image", name=source.name, detail=analysis.error), icon=":material/error:")


def _marked_face(source: live.Source, analysis: live.Analysis) -> live.Face | None:
    """A face the detector missed, marked by hand with two range sliders and a live preview."""
    if not st.toggle(t("prediction_mark"), key=f"prediction_mark_{source.key}", help=t("prediction_mark_help")):
        return None
    left, right = st.columns(2)
    columns = left.slider(t("prediction_mark_columns"), 0, 100, (25, 75), key=f"prediction_mark_x_{source.key}")
    rows = right.slider(t("prediction_mark_rows"), 0, 100, (20, 80), key=f"prediction_mark_y_{source.key}")
    box = live.marked_box(analysis.size, columns, rows)
    st.image(live.marked_preview(analysis, box), width=min(analysis.size[0], 640))
    return live.with_marked(analysis, box)[-1]


def _faces(source: live.Source, analysis: live.Analysis) -> list[live.Face]:
    """The detected faces, a face marked by hand, or the whole image on request."""
    if analysis.whole_image:
        st.caption(t("prediction_whole_note", width=analysis.size[0], height=analysis.size[1]))
        return analysis.faces
    if analysis.faces:
        st.image(analysis.display, width=min(analysis.size[0], 640))
        st.caption(t("prediction_faces_found", n=analysis.found))
        if analysis.truncated:
            st.info(t("prediction_too_many", found=analysis.found, shown=len(analysis.faces)))
    else:
        st.warning(t("prediction_no_face", name=source.name), icon=":material/face:")
        st.image(analysis.display, width=min(analysis.size[0], 480))
    st.caption(t("prediction_detector", name=DETECTOR_NAMES[analysis.detector]))
    if analysis.fallback:
        st.caption(t("prediction_detector_fallback", reason=analysis.fallback))
    marked = _marked_face(source, analysis)
    if marked is not None:
        return [*analysis.faces, marked]
    if analysis.faces or not st.toggle(t("prediction_whole_image"), key=f"prediction_whole_{source.key}"):
        return analysis.faces
    whole = _analyse(source.data, True)
    st.caption(t("prediction_whole_note", width=whole.size[0], height=whole.size[1]))
    return whole.faces


def _show_source(source: live.Source, predictors: dict[str, Predictor]) -> None:
    st.subheader(source.name)
    analysis = _analyse(source.data, False)
    if analysis.error:
        _bad_image(source, analysis)
        return
    faces = _faces(source, analysis)
    if not faces:
        return
    results = live.predict(faces, predictors)
    for index, face in enumerate(faces):
        crop_column, *columns = st.columns([1, 2, 2], border=True)
        with crop_column:
            st.markdown(f"**{t('prediction_face_marked' if face.marked else 'prediction_face', n=index + 1)}**")
            st.image(face.image, width="stretch")
            agree = live.agree(results, index)
            if agree is not None:
                st.caption(t("prediction_agree" if agree else "prediction_disagree"))
            if st.button(
                t("prediction_explain"),
                key=f"prediction_explain_{source.key}_{index}",
                help=t("prediction_explain_help"),
                icon=":material/visibility:",
            ):
                st.session_state["explain_image"] = {
                    "image": face.image,
                    "label": source.label,
                    "origin": source.origin,
                }
                navigation.go("explain")
        for column, scenario in zip(columns, paths.SCENARIOS, strict=True):
            with column:
                prediction = results[scenario][index] if scenario in results else None
                flip = scenario in predictors and predictors[scenario].flip
                _scenario_result(scenario, prediction, flip, key=f"prediction_chart_{source.key}_{index}_{scenario}")


st.title(t("nav_prediction"))
st.caption(t("prediction_intro"))
_model_messages()
sources = _sources()
if not sources:
    st.info(t("prediction_empty"), icon=":material/upload:")
else:
    predictors = _predictors()
    for source in sources:
        with st.container(border=True):
            _show_source(source, predictors)
