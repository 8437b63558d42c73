"""Per-upload work of the live prediction page: decode, detect, classify, and refuse bad files cleanly."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from test_faces import FACE_FILES, jpeg, needs_data, photo

from core.classes import NUM_CLASSES
from core.data.faces import Box as faces_box
from core.model.inference import Prediction
from core.views import live


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def predictors(scenario_models):
    from core.model.inference import load_predictor

    return {s: load_predictor(scenario_models / f"{s}.keras") for s in ("baseline", "optimized")}


@needs_data
def test_real_face_photo_is_found_and_classified_by_both_scenarios(predictors):
    analysis = live.analyse(jpeg(photo([(0, 200, 100, 240)])))
    assert analysis.error is None and not analysis.whole_image
    assert analysis.found == len(analysis.faces) == 1
    assert analysis.size == (640, 480) and analysis.display.shape == (480, 640, 3)
    face = analysis.faces[0]
    assert face.image.ndim == 2 and face.image.dtype == np.uint8
    assert face.image.shape == (face.box.h, face.box.w)
    results = live.predict(analysis.faces, predictors)
    assert set(results) == {"baseline", "optimized"}
    for scenario, (prediction,) in results.items():
        assert prediction.probabilities.shape == (NUM_CLASSES,)
        assert prediction.probabilities.sum() == pytest.approx(1.0, abs=1e-4)
        assert prediction.seconds > 0
        direct = predictors[scenario].probabilities(face.image)[0]
        assert np.allclose(prediction.probabilities, direct, atol=1e-5), "same crop, same preprocessing path"


@needs_data
def test_a_fer_image_is_classified_directly(predictors):
    analysis = live.analyse(FACE_FILES[0].read_bytes())
    assert analysis.whole_image and analysis.size == (48, 48) and analysis.display is None
    assert analysis.faces[0].box is None and analysis.faces[0].image.shape == (48, 48)
    assert len(live.predict(analysis.faces, predictors)["optimized"]) == 1


@needs_data
def test_face_cap_keeps_the_largest():
    analysis = live.analyse(photo([(1, 20, 40, 120), (0, 300, 100, 300)], size=(700, 480)), max_faces=1)
    assert analysis.found == 2 and len(analysis.faces) == 1 and analysis.truncated
    assert analysis.faces[0].box.area > 250 * 250, "the 300 px face, not the 120 px one"


def test_no_face_then_whole_image_on_request():
    grey = encode(Image.new("L", (640, 480), 128), "PNG")
    analysis = live.analyse(grey)
    assert analysis.error is None and analysis.faces == [] and analysis.found == 0
    assert analysis.display.shape == (480, 640, 3), "the image is still shown"
    whole = live.analyse(grey, whole_image=True)
    assert whole.whole_image and whole.faces[0].image.shape == (480, 640)


@pytest.mark.parametrize(
    "data",
    [b"not an image", b"", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"],
    ids=["text", "empty", "svg"],
)
def test_non_images_give_a_readable_error(data):
    analysis = live.analyse(data)
    assert analysis.error and "not a readable image" in analysis.error
    assert "0x" not in analysis.error, "no object reprs in messages shown to users"
    assert analysis.faces == []


def test_corrupt_jpeg_gives_an_error():
    data = encode(Image.new("RGB", (640, 480), (90, 120, 200)), "JPEG")
    assert live.analyse(data[: len(data) // 2]).error
    assert live.analyse(data[:20] + bytes(2000)).error


@needs_data
@pytest.mark.parametrize("kind", ["cmyk", "png16", "rgba", "animated_gif", "exif_rotated"])
def test_awkward_formats_still_find_the_face(kind):
    rgb = Image.fromarray(photo([(0, 200, 100, 240)])).convert("RGB")
    if kind == "cmyk":
        data = encode(rgb.convert("CMYK"), "JPEG")
    elif kind == "png16":
        data = encode(Image.fromarray(np.asarray(rgb.convert("L")).astype(np.uint16) * 257), "PNG")
    elif kind == "rgba":
        data = encode(rgb.convert("RGBA"), "PNG")
    elif kind == "animated_gif":
        data = encode(rgb.convert("P"), "GIF", save_all=True, append_images=[Image.new("P", rgb.size)])
    else:
        stored = rgb.rotate(90, expand=True)
        exif = stored.getexif()
        exif[0x0112] = 6
        data = encode(stored, "JPEG", exif=exif.tobytes())
    analysis = live.analyse(data)
    assert analysis.error is None
    assert analysis.size == (640, 480)
    box = analysis.faces[0].box
    assert len(analysis.faces) == 1 and abs(box.x + box.w / 2 - 320) < 30, "centred on the face at x 200-440"


def test_huge_image_is_shrunk_not_refused():
    analysis = live.analyse(encode(Image.new("RGB", (12000, 12000), (100, 100, 100)), "JPEG"))
    assert analysis.error is None and max(analysis.size) <= 4096
    assert max(analysis.display.shape[:2]) <= live.DISPLAY_SIDE


def test_agree_needs_both_scenarios():
    happy, sad = np.eye(NUM_CLASSES)[3], np.eye(NUM_CLASSES)[4]
    assert live.agree({"baseline": [Prediction(happy, 0.01)], "optimized": [Prediction(happy, 0.01)]}, 0) is True
    assert live.agree({"baseline": [Prediction(happy, 0.01)], "optimized": [Prediction(sad, 0.01)]}, 0) is False
    assert live.agree({"optimized": [Prediction(sad, 0.01)]}, 0) is None


def test_example_indices_take_the_first_of_each_class():
    labels = np.array([3, 0, 0, 6, 1, 2, 4, 5, 3])
    assert live.example_indices(labels) == [1, 4, 5, 0, 6, 7, 3]
    assert live.example_indices(labels, per_class=2) == [1, 2, 4, 5, 0, 8, 6, 7, 3]


def test_dataset_examples_read_privatetest_files(tmp_path):
    for name in ("happy", "angry"):
        (tmp_path / "test" / name).mkdir(parents=True)
        (tmp_path / "test" / name / "PrivateTest_2.jpg").write_bytes(b"x")
        (tmp_path / "test" / name / "PublicTest_1.jpg").write_bytes(b"x")
    found = live.dataset_examples(root=tmp_path)
    assert [(file.parent.name, file.name, label) for file, label in found] == [
        ("angry", "PrivateTest_2.jpg", 0),
        ("happy", "PrivateTest_2.jpg", 3),
    ]
    assert live.dataset_examples(root=tmp_path / "absent") == []


def test_a_box_marked_by_hand_is_cut_from_the_decoded_image(predictors):
    gray = (np.arange(480 * 640) % 251).astype(np.uint8).reshape(480, 640)
    analysis = live.analyse(encode(Image.fromarray(gray), "PNG"))
    box = live.marked_box(analysis.size, (75, 25), (10, 60))
    assert box == faces_box(160, 48, 320, 240), "edges in percent, in either order"
    marked = live.with_marked(analysis, box)[-1]
    assert marked.marked and np.array_equal(marked.image, gray[48:288, 160:480])
    results = live.predict([marked], predictors)
    for scenario, (prediction,) in results.items():
        direct = predictors[scenario].probabilities(marked.image)[0]
        assert np.allclose(prediction.probabilities, direct, atol=1e-5), "same crop, same preprocessing path"
    preview = live.marked_preview(analysis, box)
    assert preview.shape == (480, 640, 3) and not np.array_equal(preview[..., 0], gray)


def test_marked_box_stays_inside_the_image():
    assert live.marked_box((640, 480), (100, 100), (0, 0)) == faces_box(639, 0, 1, 1)
