"""The prediction page's inputs: uploads, the camera photo and one-click PrivateTest examples, as Sources."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from core import paths
from core.data.preprocessing import detect_pixel_step, to_grayscale
from core.views import live
from dashboard import cache
from dashboard.i18n import class_label, t

IMAGE_TYPES = ["jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff"]


@dataclass(frozen=True)
class Source:
    """One image to classify: an upload, the camera photo or a PrivateTest example."""

    key: str
    """Stable id for widget keys (upload file id, "camera", "example_<file>")."""
    name: str
    data: bytes | np.ndarray
    label: int | None
    """True class when known (PrivateTest examples), else None."""
    origin: str
    """Where it came from, shown by the explainability page (a file name, "camera")."""
    done: str = field(default="none", kw_only=True)
    """The pixel step its faces already went through: the stored (bundled, equalized) examples' "equalize", so
    that an equalizing model does not equalize them twice; uploads and camera photos: "none"."""


def _files_step(files: list[bytes]) -> str:
    """The pixel step the dataset folder's example files went through, judged on them together (same-size crops)."""
    faces = [to_grayscale(data) for data in files]
    return detect_pixel_step(np.stack(faces)) if len({face.shape for face in faces}) == 1 else "none"


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
            done = cache.stored_pixel_step()
        except cache.ReportError:
            items = [(file.read_bytes(), label, file.name) for file, label in live.dataset_examples()]
            done = _files_step([image for image, _, _ in items])
        if not items:
            st.info(t("prediction_no_examples", folder=paths.data_dir()))
            return
        for column, (image, label, file) in zip(st.columns(len(items)), items, strict=True):
            column.image(image, caption=class_label(label), width="stretch")
            if column.button(t("prediction_try"), key=f"prediction_example_{file}", width="stretch"):
                st.session_state["prediction_example"] = {"image": image, "label": label, "file": file, "done": done}
        if "prediction_example" in st.session_state and st.button(
            t("prediction_clear_example"), key="prediction_clear_example"
        ):
            del st.session_state["prediction_example"]


def sources() -> list[Source]:
    """Everything to classify this run: uploads, the camera photo and the chosen example."""
    found = []
    uploads = st.file_uploader(
        t("prediction_upload"),
        type=IMAGE_TYPES,
        accept_multiple_files=True,
        help=t("prediction_upload_help"),
        key="prediction_upload",
    )
    for upload in uploads or []:
        found.append(Source(upload.file_id, upload.name, upload.getvalue(), None, upload.name))
    if st.toggle(t("prediction_camera_toggle"), key="prediction_camera_on"):
        photo = st.camera_input(t("prediction_camera"), key="prediction_camera")
        if photo is not None:
            name = t("prediction_camera_name")
            found.append(Source("camera", name, photo.getvalue(), None, name))
    _examples()
    example = st.session_state.get("prediction_example")
    if example:
        file, label = example["file"], example["label"]
        name = t("prediction_example_name", file=file, label=class_label(label))
        found.append(Source(f"example_{file}", name, example["image"], label, file, done=example.get("done", "none")))
    return found
