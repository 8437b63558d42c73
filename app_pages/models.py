"""Models: the files in models/ with their cards, upload, background evaluation, and the scenario 1/2 pair.

No TensorFlow here: cards are JSON, evaluation runs in a background thread (core.evaluate.jobs) whose
job file this page reads every two seconds.
"""

import re
from pathlib import Path

import streamlit as st

from core import paths
from core.artifacts import assignment
from core.artifacts.reports import ReportError, atomic_write_bytes
from core.evaluate import jobs
from core.model.card import convention
from core.model.loading import KINDS, ModelFileError
from dashboard import cache
from dashboard.i18n import lang, scenario_label, t
from dashboard.pixel_step import show_pixel_step

MAX_UPLOAD_MB = 200
"""Upload limit; .streamlit/config.toml's server.maxUploadSize is the same."""


def report_name(model_file: Path) -> str:
    """The report a model file is evaluated into: its name, letters, digits, - and _ only."""
    return re.sub(r"[^\w-]+", "_", model_file.stem).strip("_") or "model"


def model_error(err: ModelFileError) -> None:
    st.error(err.message(lang()), icon=":material/error:")
    if err.detail:
        with st.expander(t("models_detail")):
            st.code(err.detail, language=None)


def upload() -> None:
    file = st.file_uploader(t("models_upload", limit=MAX_UPLOAD_MB), type=["keras", "h5", "hdf5"], key="models_file")
    if file is None:
        return
    if file.size > MAX_UPLOAD_MB * 2**20:
        st.error(t("models_too_large", file=file.name, limit=MAX_UPLOAD_MB))
        return
    target = paths.models_dir() / Path(file.name).name
    if st.session_state.get("models_saved") != file.file_id:
        atomic_write_bytes(target, file.getvalue())
        st.session_state["models_saved"] = file.file_id
    st.success(t("models_uploaded", file=target.name))


def facts(model_file: Path) -> dict | None:
    """The card's facts, with an unmistakable notice when the input convention was inferred or is unknown."""
    try:
        card = cache.card_of(model_file)
    except ModelFileError as err:
        model_error(err)
        return None
    conv = convention(card)
    shape = card.get("input_shape")
    st.markdown(
        t(
            "models_facts",
            shape=" x ".join(map(str, shape)) if shape else "?",
            convention=t(f"models_conv_{conv['convention']}"),
            source=t(f"models_source_{conv['source']}"),
            scenario=card.get("scenario", "?"),
        )
    )
    if conv["source"] == "inferred":
        scores = ", ".join(f"{t(f'models_conv_{k}')} {v:.1%}" for k, v in conv.get("scores", {}).items())
        st.warning(t("models_inferred", scores=scores, images=conv.get("images", "?")), icon=":material/warning:")
    elif conv["source"] == "unknown":
        st.warning(t("models_unknown"), icon=":material/help:")
    show_pixel_step(model_file, card)
    return card


@st.fragment(run_every=2.0)
def job_panel(model_file: Path, card: dict) -> None:
    scenario = report_name(model_file)
    job = jobs.status(scenario) or {}
    if job.get("state") == "running":
        done, total = job.get("done", 0), job.get("total") or jobs.PRIVATE_TEST_IMAGES
        eta = job.get("eta_s")
        minutes = "?" if eta is None else f"{eta / 60:.1f}"
        st.progress(done / total, text=t("models_progress", done=done, total=total, minutes=minutes))
        if st.button(t("models_cancel"), key=f"cancel_{scenario}", icon=":material/stop:"):
            jobs.cancel(scenario)
        return
    state = job.get("state")
    if state == "done":
        st.success(t("models_done", scenario=scenario))
    elif state in ("cancelled", "stopped"):
        st.info(t("models_stopped", done=job.get("done", 0), total=job.get("total") or "?"))
    elif state == "failed":
        error = job.get("error", {})
        if error.get("kind") in KINDS:
            model_error(ModelFileError(error["kind"], error["path"], error.get("name", "")))
        else:
            st.error(t("models_failed", detail=error.get("detail", "")))
    shape = card.get("input_shape")
    if shape:
        minutes = jobs.estimate_seconds(shape) / 60
        st.caption(t("models_estimate", images=jobs.PRIVATE_TEST_IMAGES, minutes=f"{minutes:.0f}"))
    else:
        st.caption(t("models_estimate_unknown"))
    if st.button(t("models_evaluate", scenario=scenario), key=f"eval_{scenario}", icon=":material/play_arrow:"):
        jobs.start(model_file, scenario, cache.custom_objects() or None)
        st.rerun(scope="fragment")


def assign_pair() -> None:
    names = cache.scenarios()
    if len(names) < 2:
        st.info(t("models_assign_need"))
        return
    try:
        pair = assignment.scenario_pair()
    except ReportError as err:
        st.error(str(err))
        pair = (names[0], names[1])
    columns = st.columns(2)
    picks = [
        column.selectbox(t(f"models_slot_{i}"), names, index=names.index(p) if p in names else 0, key=f"slot_{i}")
        for i, (column, p) in enumerate(zip(columns, pair, strict=True), start=1)
    ]
    if st.button(t("models_assign"), icon=":material/check:"):
        if picks[0] == picks[1]:
            st.error(t("models_assign_same", name=picks[0]))
            return
        assignment.assign(*picks)
        st.success(t("models_assigned", first=scenario_label(picks[0]), second=scenario_label(picks[1])))


st.title(t("models_title"))
st.markdown(t("models_intro"))
st.text_input(
    t("models_custom_objects"),
    value=cache.custom_objects(),
    key="models_custom_objects",
    help=t("models_custom_objects_help"),
    on_change=lambda: st.session_state.update(custom_objects_file=st.session_state["models_custom_objects"]),
)
upload()
files = cache.model_files()
if not files:
    st.info(t("models_none", folder=paths.models_dir().name))
for model_file in files:
    with st.expander(model_file.name, expanded=len(files) <= 3):
        card = facts(model_file)
        if card is not None:
            job_panel(model_file, card)
st.subheader(t("models_assign_title"))
assign_pair()
