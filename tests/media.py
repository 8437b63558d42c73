"""Test media built offline from real FER-2013 faces: clips (any container), a .y4m webcam feed, zips."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import av
import cv2
import numpy as np
from test_faces import jpeg, photo

CODECS = {"mp4": "libx264", "webm": "libvpx", "avi": "mpeg4", "mov": "libx264"}


def moving_face_frames(count: int, *, size: tuple[int, int] = (640, 480), step: int = 6) -> list[np.ndarray]:
    """Grayscale frames: a large face drifting right and a smaller one still, as in a two-person clip."""
    frames = [photo([(0, 280 + step * i, 100, 240), (1, 30, 60, 150)]) for i in range(count)]
    return [cv2.resize(f, size, interpolation=cv2.INTER_AREA) if size != (640, 480) else f for f in frames]


def encode_clip(frames: list[np.ndarray], fmt: str = "mp4", fps: int = 10) -> bytes:
    """The grayscale frames as a clip in container ``fmt`` (PyAV, in memory)."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format={"mp4": "mp4", "webm": "webm", "avi": "avi", "mov": "mov"}[fmt]) as out:
        stream = out.add_stream(CODECS[fmt], rate=fps)
        stream.width, stream.height = frames[0].shape[1], frames[0].shape[0]
        stream.pix_fmt = "yuv420p"
        if fmt == "webm":
            stream.options = {"deadline": "realtime", "cpu-used": "8"}
        for gray in frames:
            frame = av.VideoFrame.from_ndarray(cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB), format="rgb24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return buffer.getvalue()


def write_y4m(path: Path, frames: list[np.ndarray], fps: int = 10) -> Path:
    """A YUV4MPEG2 file Chromium can play as a fake webcam (--use-file-for-fake-video-capture)."""
    height, width = frames[0].shape
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for gray in frames:
            out.write(
                b"FRAME\n" + cv2.cvtColor(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), cv2.COLOR_BGR2YUV_I420).tobytes()
            )
    return path


def photo_zip(named: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in named.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def two_face_jpeg() -> bytes:
    return jpeg(photo([(1, 20, 40, 120), (0, 300, 100, 300)], size=(700, 480)))
