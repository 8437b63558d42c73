"""Video files without Streamlit: probe a clip, sample its frames at a chosen rate, track and predict faces.

Decoding uses PyAV (FFmpeg), which reads mp4, webm, avi and mov from memory; an upload is never
written to disk. A run yields one :class:`FrameResult` per sampled frame so the page can show
progress, stop, and continue from :attr:`FrameResult.index` later.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import pandas as pd

from core.model.inference import Predictor
from core.views.media import FaceResult, analyse_gray, face_row, gray_frame, probability_columns
from core.views.tracker import Tracker

VIDEO_TYPES = ("mp4", "webm", "avi", "mov")
MAX_MB = 200
MAX_SECONDS = 300
"""Longer clips are refused before decoding: at the default rate a 5-minute clip is 600 analysed frames."""
MAX_FRAME_PIXELS = 3840 * 2160
"""4K at most: larger frames are refused before decoding (each would take over 25 MB as RGB)."""
RATES = (0.5, 1.0, 2.0, 5.0, 10.0)
"""Frames per second of video the viewer may sample."""
DEFAULT_RATE = 2.0
FRAME_SIDE = 480
"""Sampled frames are kept at most this large (a JPEG each) so that a click on the timeline shows one."""


class VideoError(ValueError):
    """The upload is not a readable video ("unreadable") or exceeds a stated limit ("size", "duration",
    "resolution")."""

    def __init__(self, kind: str, detail: str = "") -> None:
        self.kind, self.detail = kind, detail
        super().__init__(f"{kind}: {detail}" if detail else kind)


@dataclass(frozen=True)
class VideoInfo:
    seconds: float
    fps: float
    width: int
    height: int


@dataclass
class FrameResult:
    """One sampled frame: its number in the clip, its time, the faces with their track numbers, a JPEG."""

    index: int
    seconds: float
    faces: list[tuple[int, FaceResult]]
    jpeg: bytes


def probe(data: bytes) -> VideoInfo:
    """Duration, frame rate and size of a clip; VideoError naming the cause when unusable."""
    import av

    if len(data) > MAX_MB * 1024 * 1024:
        raise VideoError("size", f"{len(data) / 2**20:.0f} MB")
    try:
        with av.open(io.BytesIO(data)) as container:
            if not container.streams.video:
                raise VideoError("unreadable", "no video stream")
            stream = container.streams.video[0]
            seconds = _duration(container, stream)
            fps = float(stream.average_rate or stream.guessed_rate or 0)
            info = VideoInfo(seconds, fps, int(stream.codec_context.width), int(stream.codec_context.height))
    except av.error.FFmpegError as err:
        raise VideoError("unreadable", str(err)) from err
    if info.width * info.height > MAX_FRAME_PIXELS:
        raise VideoError("resolution", f"{info.width}x{info.height}")
    if info.seconds > MAX_SECONDS:
        raise VideoError("duration", f"{info.seconds:.0f} s")
    return info


def _duration(container, stream) -> float:  # noqa: ANN001 - PyAV objects
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    return float(container.duration or 0) / 1_000_000


def sample_count(seconds: float, rate: float) -> int:
    """How many frames a clip of ``seconds`` gives at ``rate`` frames per second (for progress)."""
    return max(1, int(np.ceil(seconds * rate - 1e-6)))


def sample_frames(data: bytes, rate: float, *, start: int = 0) -> Iterator[tuple[int, float, np.ndarray]]:
    """(sample number, time in s, RGB frame) for the first decoded frame at or after each multiple of
    1/``rate`` seconds; samples before ``start`` are skipped (to continue a stopped run)."""
    import av

    step, number = 1.0 / rate, 0
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for frame in container.decode(stream):
            if frame.time is None or frame.time + 1e-6 < number * step:
                continue
            if number >= start:
                yield number, float(frame.time), frame.to_ndarray(format="rgb24")
            number = int(np.floor(frame.time / step + 1e-6)) + 1


def _thumbnail(gray: np.ndarray, faces: list[tuple[int, FaceResult]]) -> bytes:
    """A JPEG of the frame (at most FRAME_SIDE) with each face's box and track number."""
    scale = min(1.0, FRAME_SIDE / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    rgb = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    for number, face in faces:
        x, y, w, h = (round(v * scale) for v in (face.box.x, face.box.y, face.box.w, face.box.h))
        cv2.rectangle(rgb, (x, y), (x + w, y + h), (148, 83, 11), 2)
        (tw, th), _ = cv2.getTextSize(str(number), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 2)
        cv2.rectangle(rgb, (x, y), (x + tw + 8, y + th + 10), (148, 83, 11), -1)
        cv2.putText(
            rgb, str(number), (x + 4, y + th + 5), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (255, 255, 255), 2, cv2.LINE_AA
        )
    return cv2.imencode(".jpg", rgb, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()


def analyse_video(
    data: bytes, predictors: Mapping[str, Predictor], rate: float, *, start: int = 0, tracker: Tracker | None = None
) -> Iterator[FrameResult]:
    """Each sampled frame's faces, numbered by ``tracker`` across frames, with both scenarios' predictions."""
    tracker = tracker or Tracker()
    for number, seconds, rgb in sample_frames(data, rate, start=start):
        gray = gray_frame(rgb)
        found = analyse_gray(gray, predictors)
        numbered = list(zip(tracker.update([face.box for face in found]), found, strict=True))
        yield FrameResult(number, seconds, numbered, _thumbnail(gray, numbered))


def frame_table(frames: Sequence[FrameResult], pair: Sequence[str]) -> pd.DataFrame:
    """One row per face per sampled frame: sample, time, face number, box, both scenarios' results."""
    rows = [
        {"sample": f.index, "time_s": round(f.seconds, 3), "face": number, **face_row(face, pair)}
        for f in frames
        for number, face in f.faces
    ]
    columns = ["sample", "time_s", "face", "x", "y", "w", "h"]
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=columns)


def timeline(table: pd.DataFrame, pair: Sequence[str]) -> pd.DataFrame:
    """The timeline as a long table: one row per sample, face and scenario with its 7 probabilities."""
    parts = []
    for scenario in pair:
        columns = probability_columns(scenario)
        part = table[["sample", "time_s", "face", "agree", *columns]].copy()
        part.columns = ["sample", "time_s", "face", "agree", *(c.split("_p_", 1)[1] for c in columns)]
        part.insert(3, "scenario", scenario)
        parts.append(part)
    return pd.concat(parts).sort_values(["face", "sample", "scenario"], kind="stable").reset_index(drop=True)
