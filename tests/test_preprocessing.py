"""The one preprocessing path must accept every kind of face crop a user can upload."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.data.preprocessing import MAX_PIXELS, ImageError, ImageTooLarge, open_image, preprocess, to_grayscale


def _png(image: Image.Image, **kwargs) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **kwargs)
    return buffer.getvalue()


def _jpeg(image: Image.Image, **kwargs) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", **kwargs)
    return buffer.getvalue()


@pytest.mark.parametrize("mode", ["L", "RGB", "RGBA", "CMYK", "P", "I;16", "LA"])
def test_every_mode_becomes_the_model_tensor(mode):
    image = Image.new("RGB", (64, 40), (200, 100, 50)).convert(mode)
    out = preprocess(image, (None, 48, 48, 3))
    assert out.shape == (1, 48, 48, 3) and out.dtype == np.float32
    assert 0.0 <= out.min() and out.max() <= 255.0
    assert np.array_equal(out[..., 0], out[..., 2])


def test_cmyk_jpeg_and_16bit_png_decode_from_bytes():
    cmyk = _jpeg(Image.new("CMYK", (30, 30), (0, 0, 0, 0)))
    assert to_grayscale(cmyk).mean() > 250
    sixteen = Image.fromarray(np.full((10, 10), 65535, dtype=np.uint16))
    assert to_grayscale(_png(sixteen)).min() == 255


def test_exif_rotation_is_applied():
    image = Image.new("L", (40, 20), 0)
    exif = image.getexif()
    exif[0x0112] = 6
    rotated = open_image(_jpeg(image, exif=exif))
    assert rotated.size == (20, 40)


def test_animated_gif_uses_the_first_frame():
    frames = [Image.new("L", (20, 20), value) for value in (10, 240)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    assert to_grayscale(buffer.getvalue()).mean() < 50


def test_huge_image_is_shrunk_on_decode():
    image = open_image(_png(Image.new("L", (9000, 300), 128)))
    assert max(image.size) <= 4096


@pytest.mark.parametrize("payload", [b"not an image", b"\xff\xd8\xff\xe0truncated jpeg"])
def test_bad_bytes_raise_a_clear_error(payload):
    with pytest.raises(ImageError, match="not a readable image"):
        preprocess(payload, (48, 48, 3))


def test_size_and_channels_come_from_the_model_shape():
    batch = np.random.default_rng(0).integers(0, 256, size=(5, 48, 48), dtype=np.uint8)
    assert preprocess(batch, (None, 64, 32, 1)).shape == (5, 64, 32, 1)
    same = preprocess(batch, (48, 48, 3))
    assert np.array_equal(same[..., 1], batch.astype(np.float32))


def test_float_arrays_in_unit_range_are_scaled():
    out = preprocess(np.full((48, 48), 1.0, dtype=np.float32), (48, 48, 3))
    assert out.max() == 255.0


def test_conventions_match_keras_own_preprocessing():
    from keras.applications import imagenet_utils

    from core.data.preprocessing import preprocess

    gray = np.random.default_rng(3).integers(0, 256, size=(2, 8, 8), dtype=np.uint8)
    raw = preprocess(gray, (8, 8, 3))
    for convention, mode in (("caffe", "caffe"), ("symmetric", "tf"), ("standardize", "torch")):
        expected = imagenet_utils.preprocess_input(raw.copy(), mode=mode)
        np.testing.assert_allclose(preprocess(gray, (8, 8, 3), convention), expected, rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(preprocess(gray, (8, 8, 1), "unit"), raw[..., :1] / 255.0, rtol=1e-6)
    custom = {"convention": "standardize", "mean": [0.5], "std": [0.25]}
    np.testing.assert_allclose(preprocess(gray, (8, 8, 1), custom), (raw[..., :1] / 255.0 - 0.5) / 0.25, rtol=1e-5)
    with pytest.raises(ValueError, match="unknown input convention"):
        preprocess(gray, (8, 8, 3), "bgr255")


def test_old_cards_mean_raw_and_a_missing_card_says_unknown(tmp_path):
    import json

    from core.model.card import convention, read_card

    (tmp_path / "old.json").write_text(json.dumps({"scenario": "old", "preprocessing": "grayscale [0, 255] ..."}))
    assert convention(read_card(tmp_path / "old.keras"))["convention"] == "raw"
    assert convention(read_card(tmp_path / "none.keras")) == {"convention": "raw", "source": "unknown"}


def bomb_png(side: int = 20_000) -> bytes:
    """A real side x side grayscale PNG of zeros: about 1.7 MB on disk, 400 MB once decoded."""
    comp = zlib.compressobj(1)
    rows = b"\0" * ((1 + side) * 500)  # each row: filter byte 0, then side zero pixels
    body = b"".join(comp.compress(rows) for _ in range(side // 500)) + comp.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_from_its_header():
    with pytest.raises(ImageTooLarge) as refused:
        to_grayscale(bomb_png())
    assert refused.value.pixels == 400_000_000
    assert isinstance(refused.value, ImageError), "callers that catch ImageError keep working"
    assert f"{MAX_PIXELS:,}" in str(refused.value)


def test_just_over_the_limit_is_refused_and_under_it_decodes():
    width = MAX_PIXELS // 4000
    with pytest.raises(ImageTooLarge):
        open_image(_png(Image.new("L", (width + 1, 4000))))
    assert open_image(_png(Image.new("L", (width, 4000)))).size[0] <= 4096


PEAK_SCRIPT = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from test_preprocessing import bomb_png
from core.data.preprocessing import ImageTooLarge, to_grayscale

def peak_kb():
    return int(next(line for line in open("/proc/self/status") if line.startswith("VmHWM")).split()[1])

data = bomb_png()
before = peak_kb()
try:
    to_grayscale(data)
except ImageTooLarge:
    pass
print(peak_kb() - before)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc for the peak memory")
def test_the_bomb_costs_under_200_mb_peak_memory():
    """Measured in a fresh process: VmHWM (peak resident memory) before and after the refusal."""
    tests = Path(__file__).resolve().parent
    script = PEAK_SCRIPT.format(root=str(tests.parent), tests=str(tests))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    grown_mb = int(out.stdout.strip()) / 1024
    assert grown_mb < 200, f"peak memory grew by {grown_mb:.0f} MB"
