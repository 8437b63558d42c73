"""Models: the files in models/ with their cards and reports, upload, background evaluation, the scenario pair.

No TensorFlow here: cards are JSON, evaluation runs in a background thread (core.evaluate.jobs) whose
job file this page reads every two seconds. Every control that writes is the presenter's
(dashboard.model_admin checks the role again before it writes); a viewer sees the same facts, read-only.
"""

from pathlib import Path

import streamlit as st

from core import paths
from core.artifacts import assignment
from core.artifacts.reports import ReportError
from core.evaluate import jobs
from core.evaluate.estimate import PRIVATE_TEST_IMAGES, estimate
from core.model import custom_code
from core.model.card import convention, uses_flip
from core.model.loading import KINDS, ModelFileError
from dashboard import cache, model_admin, roles, testsets
from dashboard.i18n import lang, scenario_label, t
from dashboard.pixel_step import show_pixel_step

MAX_UPLOAD_MB = 200  # per file; .streamlit/config.toml's server.maxUploadSize is the same
CONVENTION_KEYS = {
    "raw": "models_conv_raw",
    "inside": "models_conv_inside",
    "unit": "models_conv_unit",
    "symmetric": "models_conv_symmetric",
    "caffe": "models_conv_caffe",
    "standardize": "models_conv_standardize",
}
SOURCE_KEYS = {
    "declared": "models_source_declared",
    "inferred": "models_source_inferred",
    "unknown": "models_source_unknown",
}
SLOT_KEYS = {1: "models_slot_1", 2: "models_slot_2"}
ESTIMATE_KEYS = {"measured": "models_estimate_measured", "bench": "models_estimate_bench"}
PHASE_KEYS = {"model": "models_phase_model", "data": "models_phase_data", "convention": "models_phase_convention"}


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
    saved = st.session_state.get("models_saved", {})
    if saved.get("id") != file.file_id:
        try:
            target = model_admin.save_upload(file.name, file.size, file)
        except (model_admin.Refused, roles.NotPresenter) as err:
            st.error(str(err), icon=":material/block:")
            return
        saved = {"id": file.file_id, "name": target.name}
        st.session_state["models_saved"] = saved
    renamed = saved["name"] != Path(file.name).name
    st.success(t("admin_renamed" if renamed else "models_uploaded", file=saved["name"], asked=Path(file.name).name))


def _inferred_notice(conv: dict) -> None:
    scores = conv.get("scores", {})
    shown = ", ".join(f"{t(CONVENTION_KEYS[k])} {v:.1%}" for k, v in scores.items())
    if len(scores) > 1 and len(set(scores.values())) == 1:
        st.warning(t("models_tie", scores=shown, images=conv.get("images", "?")), icon=":material/warning:")
    else:
        st.warning(t("models_inferred", scores=shown, images=conv.get("images", "?")), icon=":material/warning:")


def facts(model_file: Path, *, presenter: bool) -> dict | None:
    """The card's facts, with an unmistakable notice when the card is another file's or the convention a guess."""
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
            convention=t(CONVENTION_KEYS[conv["convention"]]),
            source=t(SOURCE_KEYS[conv["source"]]),
            scenario=card.get("scenario", "?"),
        )
    )
    if card.get("card") == "mismatch":
        st.warning(t("models_card_mismatch", card=paths.card_path(model_file).name), icon=":material/warning:")
    elif conv["source"] == "inferred":
        _inferred_notice(conv)
    elif conv["source"] == "unknown":
        st.warning(t("models_unknown"), icon=":material/help:")
    show_pixel_step(model_file, card, presenter=presenter)
    return card


def report_status(model_file: Path, report: str) -> None:
    """Whether this file already has its report, and its place in the assigned pair."""
    pair = assignment.effective_pair()
    if cache.report_owners().get(report) == model_file.name:
        role = t("models_in_pair", slot=pair.index(report) + 1) if report in pair else ""
        st.caption(t("models_report_ready", report=report) + role)
    else:
        st.caption(t("models_report_none", report=report))


def code_choice(model_file: Path, report: str) -> None:
    """The presenter picks this model's custom-layer file from the folder (never a typed path)."""
    none = t("models_code_none")  # an option, not a format_func: AppTest formats in the default language
    options = [none, *custom_code.available()]
    try:
        current = custom_code.choices().get(model_file.name)
    except ReportError:
        current = None
    key = f"code_{report}_{lang()}"
    st.selectbox(
        t("models_code", folder=f"{paths.models_dir().name}/{paths.custom_objects_dir().name}/"),
        options,
        index=options.index(current) if current in options else 0,
        key=key,
        help=t("models_code_help"),
        on_change=lambda: model_admin.choose_code(
            model_file, None if st.session_state[key] == none else st.session_state[key]
        ),
    )


def _estimate_caption(model_file: Path, report: str, card: dict, *, job: jobs.Job | None) -> None:
    measured = job.rate if job is not None and job.model_file == model_file.name else None
    if measured is None and cache.report_owners().get(report) == model_file.name:
        measured = cache.metrics(report).get("images_per_s")
    try:
        bench = cache.bench()
    except ReportError:
        bench = None
    found = estimate(card.get("input_shape"), flip=uses_flip(card), measured=measured, bench=bench)
    if found is None:
        st.caption(t("models_estimate_unknown"))
        return
    minutes = f"{found.seconds / 60:.0f}" if found.seconds >= 60 else "<1"
    st.caption(t(ESTIMATE_KEYS[found.source], images=PRIVATE_TEST_IMAGES, minutes=minutes, rate=found.rate))


def _running(job: jobs.Job, report: str, presenter: bool) -> None:
    total = job.total or PRIVATE_TEST_IMAGES
    if job.phase != "predict":
        st.progress(0.0, text=t(PHASE_KEYS.get(job.phase, "models_phase_model")))
    else:
        minutes = "?" if job.eta_s is None else f"{job.eta_s / 60:.1f}"
        st.progress(job.done / total, text=t("models_progress", done=job.done, total=total, minutes=minutes))
    if presenter and st.button(t("models_cancel"), key=f"cancel_{report}", icon=":material/stop:"):
        model_admin.cancel(report)


def _ended(job: jobs.Job, report: str) -> None:
    if job.state == "done":
        st.success(t("models_done", scenario=report))
    elif job.state in ("cancelled", "stopped"):
        st.info(t("models_stopped", done=job.done, total=job.total or "?"))
    elif job.state == "failed" and job.error.get("kind") in KINDS:
        error = job.error
        kind, path, name, detail = (error.get(k, "") for k in ("kind", "path", "name", "detail"))
        model_error(ModelFileError(kind, path, name, detail=detail))
    elif job.state == "failed":
        st.error(t("models_failed", detail=job.error.get("detail", "")))


@st.fragment(run_every=2.0)
def job_panel(model_file: Path, report: str, card: dict, *, presenter: bool) -> None:
    job = jobs.status(report)
    if job is not None and job.state == "running":
        _running(job, report, presenter)
        return
    if job is not None:
        _ended(job, report)
    _estimate_caption(model_file, report, card, job=job)
    if not presenter:
        return
    test_set = testsets.evaluation_set(f"eval_set_{report}")
    if st.button(t("models_evaluate", scenario=report), key=f"eval_{report}", icon=":material/play_arrow:"):
        model_admin.evaluate(model_file, test_set=test_set)
        st.rerun(scope="fragment")


def rename_button(model_file: Path, report: str) -> None:
    with st.popover(t("models_rename"), icon=":material/edit:"):
        label = t("models_rename_to", suffix=model_file.suffix)
        stem = st.text_input(label, value=model_file.stem, key=f"rename_{report}")
        if st.button(t("models_rename_confirm"), key=f"rename_go_{report}") and stem != model_file.stem:
            try:
                target = model_admin.rename(model_file, stem)
            except model_admin.Refused as err:
                st.error(str(err))
                return
            st.session_state["models_renamed"] = target.name
            st.rerun()


def remove_button(model_file: Path, report: str) -> None:
    with st.popover(t("models_remove"), icon=":material/delete:"):
        st.caption(t("models_remove_help", folder=f"{paths.models_dir().name}/.removed/"))
        if st.button(t("models_remove_confirm", file=model_file.name), key=f"remove_{report}"):
            try:
                trash = model_admin.remove(model_file)
            except model_admin.Refused as err:
                st.error(str(err))
                return
            st.session_state["models_removed"] = str(trash)
            st.rerun()


def assign_pair(presenter: bool) -> None:
    names = cache.scenarios()
    pair = assignment.effective_pair()
    if not presenter:
        st.markdown(t("models_assigned", first=scenario_label(pair[0]), second=scenario_label(pair[1])))
        return
    if len(names) < 2:
        st.info(t("models_assign_need"))
        return
    columns = st.columns(2)
    picks = [
        column.selectbox(t(SLOT_KEYS[i]), names, index=names.index(p) if p in names else 0, key=f"slot_{i}")
        for i, (column, p) in enumerate(zip(columns, pair, strict=True), start=1)
    ]
    if st.button(t("models_assign"), icon=":material/check:"):
        if picks[0] == picks[1]:
            st.error(t("models_assign_same", name=picks[0]))
            return
        model_admin.assign(*picks)
        st.success(t("models_assigned", first=scenario_label(picks[0]), second=scenario_label(picks[1])))


def model_entry(model_file: Path, report: str, *, presenter: bool, expanded: bool) -> None:
    with st.expander(t("models_entry", file=model_file.name, report=report), expanded=expanded):
        card = facts(model_file, presenter=presenter)
        report_status(model_file, report)
        if presenter:
            code_choice(model_file, report)
        if card is not None:
            job_panel(model_file, report, card, presenter=presenter)
        if presenter:
            left, right = st.columns(2)
            with left:
                rename_button(model_file, report)
            with right:
                remove_button(model_file, report)


st.title(t("models_title"))
st.markdown(t("models_intro"))
presenter = roles.is_presenter()
if presenter:
    st.caption(t("models_code_intro", folder=f"{paths.models_dir().name}/{paths.custom_objects_dir().name}/"))
    upload()
else:
    roles.viewer_notice()
if removed := st.session_state.pop("models_removed", None):
    st.success(t("models_removed", folder=removed))
if renamed := st.session_state.pop("models_renamed", None):
    st.success(t("models_renamed", file=renamed))
names = model_admin.report_names()
if not names:
    st.info(t("models_none", folder=paths.models_dir().name))
for model_file, report in sorted(names.items()):
    model_entry(model_file, report, presenter=presenter, expanded=len(names) <= 3)
st.subheader(t("models_assign_title"))
assign_pair(presenter)
