"""A face keeps its number across video frames: greedy IoU matching of each frame's boxes to the last ones.

Sampled frames are a fraction of a second apart, so a face moves little between them; matching each
new box to the track whose last box overlaps it most (intersection over union at least
:data:`MIN_IOU`) is enough for a conversation clip. A track unseen for :data:`MAX_MISSED` sampled
frames ends; a face that comes back later gets a new number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.data.faces import Box

MIN_IOU = 0.3
MAX_MISSED = 5


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes (0 when they do not touch)."""
    w = max(0, min(a.x + a.w, b.x + b.w) - max(a.x, b.x))
    h = max(0, min(a.y + a.h, b.y + b.h) - max(a.y, b.y))
    union = a.area + b.area - w * h
    return w * h / union if union else 0.0


@dataclass
class _Track:
    number: int
    box: Box
    missed: int = 0


@dataclass
class Tracker:
    """Numbers faces 1, 2, ... in order of first appearance and keeps each number while the face is seen."""

    min_iou: float = MIN_IOU
    max_missed: int = MAX_MISSED
    _tracks: list[_Track] = field(default_factory=list)
    _next: int = 1

    def update(self, boxes: list[Box]) -> list[int]:
        """The face number of each box of one frame (same order as ``boxes``)."""
        pairs = sorted(
            ((iou(box, track.box), i, j) for i, box in enumerate(boxes) for j, track in enumerate(self._tracks)),
            reverse=True,
        )
        numbers: list[int | None] = [None] * len(boxes)
        used: set[int] = set()
        for overlap, i, j in pairs:
            if overlap < self.min_iou:
                break
            if numbers[i] is None and j not in used:
                numbers[i], self._tracks[j].box, self._tracks[j].missed = self._tracks[j].number, boxes[i], 0
                used.add(j)
        for j, track in enumerate(self._tracks):
            track.missed += j not in used
        self._tracks = [track for track in self._tracks if track.missed <= self.max_missed]
        for i, box in enumerate(boxes):
            if numbers[i] is None:
                numbers[i] = self._next
                self._tracks.append(_Track(self._next, box))
                self._next += 1
        return [int(n) for n in numbers]
