"""The video-file view: upload, sampling rate, a stoppable analysis, the per-face timeline and the frame
behind a click, CSV downloads. Results live in this browser session only."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import streamlit as st

from core.charts.timeline import probability_timeline
from core.model.inference import Predictor
from core.views import video
from core.views.media import probability_columns
from core.views.tracker import Tracker
from dashboard import cache
from dashboard.figures import download_csv, show
from dashboard.i18n import class_labels, scenario_label, t
from dashboard.media import confidence_columns, face_table, run_with_progress


@dataclass
class Job:
    """One clip's analysis at one rate; ``frames`` grows as it runs and survives a stop."""

    key: tuple
    info: video.VideoInfo
    rate: float
    frames: list[video.FrameResult] = field(default_factory=list)
    tracker: Tracker = field(default_factory=Tracker)
    complete: bool = False
    """True once the clip was read to its end (the last sample may fall short of ``total``)."""

    @property
    def total(self) -> int:
        return video.sample_count(self.info.seconds, self.rate)

    @property
    def next_sample(self) -> int:
        return self.frames[-1].index + 1 if self.frames else 0

    @property
    def finished(self) -> bool:
        return self.complete or len(self.frames) >= self.total


def _job(upload, rate: float) -> Job | None:  # noqa: ANN001 - Streamlit's UploadedFile
    key = (upload.file_id, rate)
    job = st.session_state.get("video_job")
    if job is not None and job.key == key:
        return job
    try:
        info = video.probe(upload.getvalue())
    except video.VideoError as err:
        message = {
            "size": t("video_too_big", name=upload.name, limit=video.MAX_MB),
            "duration": t("video_too_long", name=upload.name, detail=err.detail, limit=video.MAX_SECONDS),
            "resolution": t("video_too_many_pixels", name=upload.name, detail=err.detail),
        }.get(err.kind, t("video_unreadable", name=upload.name, detail=err.detail))
        st.error(message, icon=":material/error:")
        return None
    job = Job(key, info, rate)
    st.session_state["video_job"] = job
    return job


def _run(job: Job, data: bytes, predictors: dict[str, Predictor]) -> None:
    frames = video.analyse_video(data, predictors, job.rate, start=job.next_sample, tracker=job.tracker)
    run_with_progress(frames, job.total, job.frames.append, done=len(job.frames))
    job.complete = True


def _timeline(table: pd.DataFrame, pair: list[str], job: Job) -> None:
    faces = sorted(int(n) for n in table["face"].unique())
    face = st.segmented_control(
        t("video_face_pick"),
        faces,
        default=faces[0],
        required=True,
        key="video_face",
        format_func=lambda n: t("video_face", n=n),
    )
    rows = table[table["face"] == face]
    disagree = rows["agree"].eq(False).to_numpy() if len(pair) == 2 else None
    fig = probability_timeline(
        rows["time_s"].to_numpy(),
        [rows[probability_columns(s)].to_numpy() for s in pair],
        [scenario_label(s) for s in pair],
        labels=class_labels(),
        samples=rows["sample"].to_numpy(),
        disagree=disagree,
        x_title=t("video_time"),
        disagree_name=t("media_disagree"),
    )
    event = show(fig, key=f"video_timeline_{face}", on_select="rerun", selection_mode="points")
    sample = clicked_sample(event, default=int(rows["sample"].iloc[0]))
    st.caption(t("video_click_hint", n=int(disagree.sum()) if disagree is not None else 0))
    frame = next((f for f in job.frames if f.index == sample), None)
    if frame is not None:
        st.image(frame.jpeg, caption=t("video_frame_caption", sample=sample, seconds=frame.seconds), width=480)
        shown = table[table["sample"] == sample]
        st.dataframe(face_table(shown, pair, ["face"]), hide_index=True, column_config=confidence_columns(pair))


def clicked_sample(event: object, *, default: int) -> int:
    """The sample number of the first point clicked on the timeline (its customdata), else ``default``."""
    points = ((event or {}).get("selection") or {}).get("points") or [] if isinstance(event, dict) else []
    picked = next((p.get("customdata") for p in points if p.get("customdata") is not None), None)
    return int(np.ravel([picked])[0]) if picked is not None else default


def _results(job: Job, pair: list[str]) -> None:
    table = video.frame_table(job.frames, pair)
    if table.empty:
        st.info(t("video_no_faces"), icon=":material/face:")
        return
    _timeline(table, pair, job)
    st.subheader(t("video_table"))
    first = ["sample", "time_s", "face"]
    st.dataframe(face_table(table, pair, first), hide_index=True, column_config=confidence_columns(pair))
    left, right = st.columns(2)
    with left:
        st.caption(t("video_csv_frames"))
        download_csv(table, "video_frames", key="video_csv_frames", index=False)
    with right:
        st.caption(t("video_csv_timeline"))
        download_csv(video.timeline(table, pair), "video_timeline", key="video_csv_timeline", index=False)


def view(predictors: dict[str, Predictor]) -> None:
    """Upload a clip, choose the rate, analyse (stoppable, continues where it stopped), explore the timeline."""
    st.caption(t("video_limits", types=", ".join(video.VIDEO_TYPES), mb=video.MAX_MB, seconds=video.MAX_SECONDS))
    upload = st.file_uploader(t("video_upload"), type=list(video.VIDEO_TYPES), key="video_upload")
    rate = st.select_slider(
        t("video_rate"),
        options=list(video.RATES),
        value=video.DEFAULT_RATE,
        key="video_rate",
        help=t("video_rate_help"),
    )
    if upload is None:
        st.info(t("video_empty"), icon=":material/movie:")
        return
    job = _job(upload, rate)
    if job is None:
        return
    st.caption(
        t(
            "video_info",
            seconds=job.info.seconds,
            fps=job.info.fps,
            width=job.info.width,
            height=job.info.height,
            samples=job.total,
        )
    )
    if not job.finished:
        label = "video_continue" if job.frames else "video_analyse"
        if job.frames:
            st.info(t("video_stopped", done=len(job.frames), total=job.total), icon=":material/pause:")
        if st.button(t(label), key="video_start", type="primary", icon=":material/play_arrow:"):
            _run(job, upload.getvalue(), predictors)
            st.rerun()  # redraw without the start and stop buttons
    pair = [s for s in cache.assigned_pair() if s in predictors]
    if job.frames:
        _results(job, pair)
