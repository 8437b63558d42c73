"""The webcam stream without Streamlit: analyse the newest frame, draw both scenarios' answers on it,
and keep the last seconds of results for the rolling chart, the analysed frame rate and the delay.

The WebRTC worker calls :meth:`LiveAnalyser.process` from its own thread with the newest frame only
(older frames that queued up while the models ran are dropped, so the picture never lags behind);
the page reads :meth:`LiveAnalyser.snapshot` from the script thread, hence the lock.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from core.model.inference import Predictor
from core.views.media import FaceResult, analyse_gray, gray_frame

WINDOW_S = 10.0
"""Seconds of history kept for the rolling chart and the rates."""
STREAM_MAX_FACES = 3
COLORS = ((31, 119, 180), (255, 127, 14))
"""RGB of scenario 1 and 2 on the video, as in the charts (Plotly's first two colours)."""


@dataclass(frozen=True)
class Sample:
    """One analysed frame: when, how old the frame was when its answer was ready, the largest face's result."""

    wall: float
    delay_s: float
    work_s: float
    faces: int
    probabilities: dict[str, np.ndarray]
    """The largest face's (7,) probabilities per scenario; empty without a face."""


@dataclass(frozen=True)
class Snapshot:
    samples: list[Sample]
    analysed_fps: float
    received_fps: float
    delay_ms: float
    work_ms: float


@dataclass
class LiveAnalyser:
    """Analyses frames for one viewer's stream; ``tags`` and ``labels`` are the texts drawn on the video."""

    predictors: Mapping[str, Predictor]
    pair: Sequence[str]
    tags: Sequence[str]
    labels: Sequence[str]
    window_s: float = WINDOW_S
    _samples: deque = field(default_factory=deque)
    _received: deque = field(default_factory=deque)
    _offset: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def received(self, count: int, now: float | None = None) -> None:
        """Count frames that arrived (analysed or dropped)."""
        with self._lock:
            self._received.extend([now or time.monotonic()] * count)

    def process(self, rgb: np.ndarray, frame_time: float | None = None) -> np.ndarray:
        """The frame with each face's box and both scenarios' top expression and confidence drawn on it."""
        start = time.monotonic()
        found = analyse_gray(gray_frame(rgb), self.predictors, max_faces=STREAM_MAX_FACES)
        drawn = self.draw(rgb, found)
        done = time.monotonic()
        probabilities = {s: p.probabilities for s, p in found[0].predictions.items()} if found else {}
        self._record(Sample(done, self._delay(done, frame_time, start), done - start, len(found), probabilities))
        return drawn

    def _delay(self, done: float, frame_time: float | None, start: float) -> float:
        """How old the frame is when its answer is ready: the frame's own clock against the wall clock,
        relative to the least-delayed frame seen (the network's constant part cannot be measured here)."""
        if frame_time is None:
            return done - start
        gap = done - frame_time
        with self._lock:
            self._offset = gap - (done - start) if self._offset is None else min(self._offset, gap - (done - start))
            return gap - self._offset

    def _record(self, sample: Sample) -> None:
        with self._lock:
            self._samples.append(sample)
            horizon = sample.wall - self.window_s
            while self._samples and self._samples[0].wall < horizon:
                self._samples.popleft()
            while self._received and self._received[0] < horizon:
                self._received.popleft()

    def draw(self, rgb: np.ndarray, found: list[FaceResult]) -> np.ndarray:
        """A copy of the frame with numbered boxes and, per scenario, "tag: label 87%" above each face."""
        out = np.ascontiguousarray(rgb).copy()
        thickness = max(1, round(max(out.shape[:2]) / 320))
        scale = max(0.45, max(out.shape[:2]) / 1100)
        for face in found:
            box = face.box
            cv2.rectangle(out, (box.x, box.y), (box.x + box.w, box.y + box.h), (255, 255, 255), thickness)
            for row, (scenario, tag, color) in enumerate(zip(self.pair, self.tags, COLORS, strict=False)):
                prediction = face.predictions.get(scenario)
                if prediction is None:
                    continue
                text = f"{tag}: {self.labels[prediction.label]} {prediction.confidence:.0%}"
                (tw, th), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, thickness)
                top = max(box.y - (2 - row) * (th + base + 4), 0)
                cv2.rectangle(out, (box.x, top), (box.x + tw + 4, top + th + base + 4), color, -1)
                cv2.putText(
                    out, text, (box.x + 2, top + th + 2), cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), thickness
                )
        return out

    def snapshot(self, now: float | None = None) -> Snapshot:
        """The last window's samples, frames analysed and received per second (over the same span, from the
        oldest frame kept until now), median delay and work per analysed frame."""
        now = now or time.monotonic()
        with self._lock:
            samples, received = list(self._samples), list(self._received)
        oldest = min([*(s.wall - s.work_s for s in samples[:1]), *received[:1]], default=now)
        span = max(min(now - oldest, self.window_s), 1e-3)
        delays = [s.delay_s for s in samples] or [0.0]
        work = [s.work_s for s in samples] or [0.0]
        return Snapshot(
            samples,
            len(samples) / span if samples else 0.0,
            len(received) / span if received else 0.0,
            float(np.median(delays)) * 1000,
            float(np.median(work)) * 1000,
        )
