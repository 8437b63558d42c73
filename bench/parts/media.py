"""Issue 25: the webcam stream, a video clip and a photo batch, each against the bare model pair on the same faces.

The stream figure times :meth:`core.views.stream.LiveAnalyser.process` (decode to grayscale, YuNet, crop,
both Predictors, drawing) on 640x480 frames; the video figure times :func:`core.views.video.analyse_video`
(PyAV decoding and sampling, tracking, thumbnails) on an H.264 clip of the same frames; the batch figure
times :func:`core.views.batch.analyse_batch` on JPEG photos. Each reference is the compiled forward pass
of both models on exactly the faces that path found (with the mirror images where a card flips), so the
ratio is the share of the time left to the models: frames or faces per second / the models' own.
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from bench.context import PHOTO_SIZE, Bench, photo_jpeg
from bench.parts.face import face_views
from bench.stats import figure, time_pairs

FRAMES = 12
"""Frames per timed run of the stream and the clip (a 640x480 face photo, shifted a little each frame)."""
PHOTOS = 12
CLIP_FPS = 10


def webcam_frames(photo: bytes) -> list[np.ndarray]:
    """RGB frames of a webcam-like sequence: the photo shifted by a few pixels per frame (the face moves)."""
    from core.data.preprocessing import to_grayscale

    gray = to_grayscale(photo)
    return [np.repeat(np.roll(gray, 4 * i, axis=1)[..., None], 3, axis=2) for i in range(FRAMES)]


def h264_clip(frames: list[np.ndarray]) -> bytes:
    """The frames as an in-memory H.264 mp4 at CLIP_FPS (what a phone would record, minus the audio)."""
    import av

    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=CLIP_FPS)
        stream.width, stream.height, stream.pix_fmt = PHOTO_SIZE[0], PHOTO_SIZE[1], "yuv420p"
        for rgb in frames:
            out.mux(stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        out.mux(stream.encode())
    return buffer.getvalue()


def _bare(predictors: dict[str, Any], crops: list[np.ndarray], calls: int) -> Any:
    """The model pair's compiled forward on the given crops, ``calls`` times (one call per frame or batch),
    the two models side by side in threads as core.views.live.predict runs them."""
    views = face_views(predictors, crops)
    pool = ThreadPoolExecutor(max_workers=len(predictors))

    def run() -> None:
        for _ in range(calls):
            running = [pool.submit(p.forward, views[s]) for s, p in predictors.items()]
            for future in running:
                future.result()

    return run


def bench_media(bench: Bench) -> None:
    """Stream, video and batch throughput as ratios to the bare model pair on the same faces."""
    from core.classes import labels
    from core.views import batch, video
    from core.views.media import analyse_gray, gray_frame
    from core.views.stream import STREAM_MAX_FACES, LiveAnalyser

    predictors = bench.predictors()
    pair = list(predictors)
    photo = photo_jpeg(bench.face_bytes())
    frames = webcam_frames(photo)
    repeats = max(3, bench.plan.repeats // 2)
    found = analyse_gray(gray_frame(frames[0]), predictors, max_faces=STREAM_MAX_FACES)
    crops = [face.image for face in found]
    analyser = LiveAnalyser(predictors, pair, ["S1", "S2"], labels("en"))

    def stream() -> None:
        for rgb in frames:
            analyser.process(rgb)

    bare = _bare(predictors, crops, FRAMES)
    fig, ref = time_pairs(stream, bare, repeats, desc="media stream")
    reference = (f"bare model pair, side by side, on the same {len(crops)} crop(s), one call per frame", ref)
    label = f"webcam stream: {FRAMES} {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} frames, detect + both models + draw"
    params = {"frames": FRAMES, "crops": len(crops), "rate": CLIP_FPS}
    bench.add(
        figure(
            "stream_fps", label, "warm", unit="images/s", times_s=fig, reference=reference, count=FRAMES, params=params
        )
    )

    clip = h264_clip(frames)
    fig, ref = time_pairs(lambda: list(video.analyse_video(clip, predictors, CLIP_FPS)), bare, repeats, desc="video")
    label = f"video file: {FRAMES}-frame H.264 clip sampled at {CLIP_FPS}/s, decode + detect + track + both models"
    bench.add(
        figure(
            "video_fps", label, "warm", unit="images/s", times_s=fig, reference=reference, count=FRAMES, params=params
        )
    )

    items = [(f"photo{i}.jpg", photo) for i in range(PHOTOS)]
    faces = [face.image for result in batch.analyse_batch(items[:1], predictors) for face in result.faces] * PHOTOS
    fig, ref = time_pairs(
        lambda: list(batch.analyse_batch(items, predictors)), _bare(predictors, faces, 1), repeats, desc="photo batch"
    )
    reference = (f"bare model pair, side by side, on the batch's {len(faces)} faces in one call", ref)
    label = f"photo batch: {PHOTOS} JPEG photos, decode + detect + both models per photo"
    bench.add(
        figure(
            "batch_photos",
            label,
            "warm",
            unit="images/s",
            times_s=fig,
            reference=reference,
            count=len(faces),
            params={"photos": PHOTOS, "faces": len(faces)},
        )
    )
    absolute = ", ".join(
        f"{f.key} {f.median:.1f}/s (bare pair {f.reference.median:.1f}/s)" for f in bench.figures[-3:] if f.reference
    )
    bench.notes.append(f"media (issue 25), absolute on this machine: {absolute}")
