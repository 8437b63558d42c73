"""The face to explain: an image another page sent, a PrivateTest sample, or an upload; and the models that load."""

from __future__ import annotations

import hashlib
from typing import NamedTuple

import numpy as np
import streamlit as st

from core import paths
from core.classes import NUM_CLASSES
from core.data.preprocessing import MAX_PIXELS, ImageError, ImageTooLarge, to_grayscale
from dashboard import cache, notices, requests
from dashboard.i18n import class_label, lang, scenario_label, t

SOURCE_KEYS = {"sent": "explain_source_sent", "test": "explain_source_test", "upload": "explain_source_upload"}


class Picked(NamedTuple):
    """The face to explain, its true class when known, where it came from, and the pixel step it already went
    through (a stored bundled face: "equalize"; an upload: "none")."""

    image: np.ndarray
    label: int | None
    origin: str
    done: str = "none"


def _sent_image() -> Picked | None:
    """The image another page sent, as 2-D uint8, when it is a usable image array."""
    sent = requests.peek(requests.ExplainImage)
    if sent is None or not isinstance(sent.image, np.ndarray) or sent.image.ndim not in (2, 3):
        return None
    try:
        return Picked(to_grayscale(sent.image), sent.label, sent.origin, sent.done)
    except (ImageError, TypeError, ValueError):
        return None


def _test_sample() -> Picked | None:
    try:
        data = cache.test_images()
    except cache.ReportError as err:
        notices.missing(err)
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
    return Picked(data["images"][index], int(labels[index]), str(data["files"][index]), cache.stored_pixel_step())


def _upload() -> Picked | None:
    file = st.file_uploader(
        t("explain_upload"),
        type=["png", "jpg", "jpeg", "bmp", "webp"],
        key="explain_upload",
        help=t("explain_upload_help"),
    )
    if file is None:
        return None
    try:
        return Picked(to_grayscale(file.getvalue()), None, file.name)
    except ImageTooLarge as err:
        st.error(t("prediction_too_large", name=file.name, pixels=err.pixels, limit=MAX_PIXELS))
        return None
    except ImageError as err:
        st.error(t("explain_bad_image", error=notices.reason(err)))
        return None


def pick_image() -> Picked | None:
    """The face to explain; a newly sent image is selected once, then the user may pick another source."""
    sent = _sent_image()
    if sent is not None:
        digest = hashlib.sha1(sent.image.tobytes()).hexdigest()
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
            format_func=lambda s: t(SOURCE_KEYS[s]),
            horizontal=True,
            key="explain_source",
        )
        if source == "sent":
            picked = sent
            st.caption(t("explain_sent_origin", origin=sent.origin))
        else:
            picked = _test_sample() if source == "test" else _upload()
    if picked is not None:
        image, label = picked.image, picked.label
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
            st.error(t("explain_model_error", scenario=scenario_label(scenario), error=notices.reason(err, lang())))
            continue
        ready.append(scenario)
    if not ready:
        st.info(t("explain_no_models", folder=paths.models_dir()), icon=":material/info:")
        st.code("\n".join(notices.train_commands(list(paths.SCENARIOS))), language="bash")
    return ready
