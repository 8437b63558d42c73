"""core.views.tracker: a face keeps its number across frames."""

from __future__ import annotations

from core.data.faces import Box
from core.views.tracker import Tracker, iou


def test_iou():
    assert iou(Box(0, 0, 10, 10), Box(0, 0, 10, 10)) == 1.0
    assert iou(Box(0, 0, 10, 10), Box(20, 20, 5, 5)) == 0.0
    assert abs(iou(Box(0, 0, 10, 10), Box(5, 0, 10, 10)) - 50 / 150) < 1e-9


def test_faces_keep_their_numbers_when_they_move_and_swap_order():
    tracker = Tracker()
    assert tracker.update([Box(0, 0, 100, 100), Box(300, 0, 80, 80)]) == [1, 2]
    assert tracker.update([Box(305, 5, 80, 80), Box(10, 0, 100, 100)]) == [2, 1]
    assert tracker.update([Box(20, 0, 100, 100)]) == [1]
    assert tracker.update([Box(310, 5, 80, 80), Box(25, 0, 100, 100)]) == [2, 1], "a face missed once keeps its number"


def test_a_new_face_gets_a_new_number_and_a_lost_one_expires():
    tracker = Tracker(max_missed=1)
    assert tracker.update([Box(0, 0, 50, 50)]) == [1]
    assert tracker.update([Box(200, 200, 50, 50)]) == [2]
    tracker.update([])
    assert tracker.update([Box(0, 0, 50, 50)]) == [3], "gone for longer than max_missed frames: a new number"
