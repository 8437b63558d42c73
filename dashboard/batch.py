"""The photo-batch view: many photos or zips, one row per face with thumbnails, filters and a CSV.
Results live in this browser session only; a bad file is reported and skipped."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from core.model.inference import Predictor
from core.views import batch
from dashboard import cache, notices
from dashboard.figures import download_csv
from dashboard.i18n import t
from dashboard.media import confidence_columns, face_table, run_with_progress
from dashboard.sources import IMAGE_TYPES

SKIP_KEYS = {
    "image": "batch_skip_image",
    "too_large": "batch_skip_too_large",
    "no_face": "batch_skip_no_face",
    "zip": "batch_skip_zip",
    "zip_too_large": "batch_skip_zip_too_large",
    "too_many": "batch_skip_too_many",
}


@dataclass
class Job:
    key: tuple
    items: list[tuple[str, bytes]]
    photos: list[batch.PhotoResult] = field(default_factory=list)
    skipped: list[batch.Skipped] = field(default_factory=list)
    done: int = 0

    def keep(self, result: batch.PhotoResult | batch.Skipped) -> None:
        (self.photos if isinstance(result, batch.PhotoResult) else self.skipped).append(result)
        self.done += 1


def _job(uploads: list) -> Job:
    key = tuple(u.file_id for u in uploads)
    job = st.session_state.get("batch_job")
    if job is None or job.key != key:
        items, skipped = batch.unpack([(u.name, u.getvalue()) for u in uploads])
        job = Job(key, items, skipped=skipped)
        st.session_state["batch_job"] = job
    return job


def _skipped(job: Job) -> None:
    if not job.skipped:
        return
    lines = [
        "- "
        + t(SKIP_KEYS[s.kind], file=s.file, detail=notices.reason(s.detail) if s.detail else "", limit=batch.MAX_FILES)
        for s in job.skipped
    ]
    st.warning(t("batch_skipped", n=len(job.skipped)) + "\n\n" + "\n".join(lines), icon=":material/warning:")


def _table(job: Job, pair: list[str]) -> None:
    table = batch.batch_table(job.photos, pair)
    if table.empty:
        st.info(t("batch_no_faces"), icon=":material/face:")
        return
    table.insert(0, "thumbnail", batch.thumbnails(job.photos))
    left, middle, right = st.columns(3)
    disagree = left.toggle(t("batch_disagree_only"), key="batch_disagree")
    low = middle.toggle(t("batch_low_only"), key="batch_low")
    below = right.slider(t("batch_below"), 0.0, 1.0, 0.5, 0.05, key="batch_below", disabled=not low)
    shown = batch.filtered(table, pair, disagree_only=disagree, below=below if low else None)
    st.caption(t("batch_rows", shown=len(shown), total=len(table), photos=len(job.photos)))
    display = face_table(shown, pair, ["thumbnail", "file", "face", "x", "y", "w", "h"])
    config = {t("media_col_thumbnail"): st.column_config.ImageColumn(width="small"), **confidence_columns(pair)}
    st.dataframe(display, hide_index=True, column_config=config, row_height=64)
    download_csv(shown.drop(columns="thumbnail"), "photo_batch", key="batch_csv", index=False)


def view(predictors: dict[str, Predictor]) -> None:
    """Upload photos or zips; every face is classified by both scenarios (stoppable, with progress)."""
    st.caption(t("batch_limits", files=batch.MAX_FILES, mb=batch.MAX_UNPACKED_MB))
    uploads = st.file_uploader(
        t("batch_upload"), type=[*IMAGE_TYPES, "zip"], accept_multiple_files=True, key="batch_upload"
    )
    if not uploads:
        st.info(t("batch_empty"), icon=":material/photo_library:")
        return
    job = _job(uploads)
    if job.done < len(job.items):
        if job.done:
            st.info(t("batch_stopped", done=job.done, total=len(job.items)), icon=":material/pause:")
        if st.button(t("batch_continue" if job.done else "batch_analyse"), key="batch_start", type="primary"):
            run_with_progress(
                batch.analyse_batch(job.items[job.done :], predictors), len(job.items), job.keep, done=job.done
            )
            st.rerun()  # redraw without the start and stop buttons
    _skipped(job)
    _table(job, [s for s in cache.assigned_pair() if s in predictors])
