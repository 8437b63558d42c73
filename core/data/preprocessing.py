"""The one preprocessing path: any face crop -> the model's input tensor.

Training, evaluation and live prediction all call :func:`preprocess`. Images become 8-bit
grayscale (FER-2013 is grayscale), are resized to the model's own input size and replicated
to its channel count. The values then follow the model's input *convention*, given as data
(a card's ``preprocessing`` entry, see :data:`CONVENTIONS`): the project's own models take raw
[0, 255] pixels and normalise inside (their ``input_norm`` layer); models trained elsewhere may
expect [0, 1], [-1, 1], VGG16's caffe-style ``preprocess_input`` or a per-channel standardisation.
Before the values, every face goes through the per-face pixel step its model's training faces went
through (the same entry's ``pixel_step``, see :data:`PIXEL_STEPS`): the bundled FER-2013 copy is
histogram-equalized, so a model trained on it is fed equalized faces on every path.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps

CONVENTIONS = ("raw", "inside", "unit", "symmetric", "caffe", "standardize")
"""raw: [0, 255] as is; inside: [0, 255], the model normalises itself (same values as raw, said
differently in the card); unit: x / 255; symmetric: x / 127.5 - 1 (Keras' "tf" mode); caffe:
``keras.applications.vgg16.preprocess_input`` (RGB -> BGR, ImageNet mean subtracted); standardize:
(x / 255 - mean) / std per channel (default ImageNet's, "torch" mode)."""
PIXEL_STEPS = ("none", "equalize")
"""none: the face as it is; equalize: ``cv2.equalizeHist`` of each face at the model's input size (how the
bundled FER-2013 faces were made). A card without a step means none: what every card meant before."""
EQUALIZED_CHANGE = 5.0
"""Gray levels: a set of faces whose median face moves less under ``cv2.equalizeHist`` is already equalized."""
IMAGENET_BGR_MEAN = (103.939, 116.779, 123.68)
IMAGENET_RGB_MEAN = (0.485, 0.456, 0.406)
IMAGENET_RGB_STD = (0.229, 0.224, 0.225)
Convention = str | dict | None

ImageLike = Image.Image | np.ndarray | bytes | str | Path

Image.MAX_IMAGE_PIXELS = 200_000_000
MAX_SIDE = 4096
"""Larger images are shrunk right after decoding: a 12,000 px photo costs no more than a 4k one."""
MAX_PIXELS = 40_000_000
"""Images with more pixels (after JPEG's reduced decoding) are refused from their header, before decoding:
a 20,000 x 20,000 PNG (a decompression bomb: a few MB on disk) would take 1.2 GB as RGB."""


class ImageError(ValueError):
    """The input is not a decodable still image."""


class ImageTooLarge(ImageError):
    """The image's header announces more than MAX_PIXELS pixels; nothing was decoded."""

    def __init__(self, pixels: int) -> None:
        self.pixels = pixels
        super().__init__(f"{pixels:,} pixels, more than the limit of {MAX_PIXELS:,}")


def _bomb_pixels(err: Image.DecompressionBombError) -> int:
    """The pixel count in PIL's own refusal (raised at open above twice Image.MAX_IMAGE_PIXELS)."""
    found = re.search(r"\((\d+) pixels\)", str(err))
    return int(found.group(1)) if found else 2 * (Image.MAX_IMAGE_PIXELS or MAX_PIXELS) + 1


def open_image(source: ImageLike) -> Image.Image:
    """Decode bytes/path/array into a PIL image, first frame only, EXIF orientation applied."""
    if isinstance(source, Image.Image):
        image = source
    elif isinstance(source, np.ndarray):
        array = source
        if array.dtype != np.uint8:
            array = _to_uint8(array)
        image = Image.fromarray(array)
    else:
        try:
            raw = source if isinstance(source, bytes) else Path(source).read_bytes()
            image = Image.open(io.BytesIO(raw))
            image.draft(image.mode, (MAX_SIDE, MAX_SIDE))
            if image.size[0] * image.size[1] > MAX_PIXELS:
                raise ImageTooLarge(image.size[0] * image.size[1])
            image.load()
        except ImageTooLarge:
            raise
        except Image.DecompressionBombError as err:
            raise ImageTooLarge(_bomb_pixels(err)) from err
        except (OSError, SyntaxError, ValueError) as err:
            raise ImageError(f"not a readable image ({err})") from err
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    image = ImageOps.exif_transpose(image)
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image


def _to_uint8(array: np.ndarray) -> np.ndarray:
    """Scale float or 16-bit arrays into 8 bits (floats are taken as [0, 1] when they fit)."""
    array = np.asarray(array)
    if np.issubdtype(array.dtype, np.floating):
        scale = 255.0 if array.max(initial=0) <= 1.0 else 1.0
        return np.clip(array * scale, 0, 255).astype(np.uint8)
    if array.dtype == np.uint16 or array.max(initial=0) > 255:
        return (array.astype(np.float64) / 257.0).round().clip(0, 255).astype(np.uint8)
    return array.clip(0, 255).astype(np.uint8)


def to_grayscale(source: ImageLike) -> np.ndarray:
    """Any image (L, RGB, RGBA, CMYK, P, 16-bit) as a 2-D uint8 grayscale array."""
    image = open_image(source)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        return _to_uint8(np.asarray(image))
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image)
    return np.asarray(image.convert("L"), dtype=np.uint8)


def resize_gray(gray: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Resize a 2-D uint8 image to (height, width) with area-aware resampling."""
    if gray.shape == tuple(size):
        return gray
    return np.asarray(Image.fromarray(gray).resize((size[1], size[0]), Image.Resampling.BILINEAR, reducing_gap=2.0))


def convention_name(convention: Convention) -> str:
    """The convention's name from a name, a card's ``preprocessing`` dict or None (None: raw)."""
    name = convention.get("convention", "raw") if isinstance(convention, dict) else (convention or "raw")
    if name not in CONVENTIONS:
        raise ValueError(f"unknown input convention {name!r}: one of {', '.join(CONVENTIONS)}")
    return name


def pixel_step(convention: Convention) -> str:
    """The per-face pixel step of a card's ``preprocessing`` dict (``pixel_step``: a name or a dict with
    ``step``); a name or None (no card entry) means none."""
    entry = convention.get("pixel_step", "none") if isinstance(convention, dict) else "none"
    step = entry.get("step", "none") if isinstance(entry, dict) else (entry or "none")
    if step not in PIXEL_STEPS:
        raise ValueError(f"unknown pixel step {step!r}: one of {', '.join(PIXEL_STEPS)}")
    return step


def apply_pixel_step(faces: np.ndarray, step: str) -> np.ndarray:
    """A (h, w) face or (n, h, w) batch of uint8 faces after a pixel step (a new array; the input is kept)."""
    if step not in PIXEL_STEPS:
        raise ValueError(f"unknown pixel step {step!r}: one of {', '.join(PIXEL_STEPS)}")
    faces = np.asarray(faces, dtype=np.uint8)
    if step == "none":
        return faces.copy()
    if faces.ndim == 2:
        return cv2.equalizeHist(np.ascontiguousarray(faces))
    return np.stack([cv2.equalizeHist(np.ascontiguousarray(face)) for face in faces]) if len(faces) else faces.copy()


def detect_pixel_step(faces: np.ndarray, *, sample: int = 500) -> str:
    """The step a whole set of (n, h, w) uint8 faces visibly went through: equalize or none.

    Judged on the set, never per face: ``cv2.equalizeHist`` moves a typical bundled FER-2013 face by about
    1.2 gray levels on average and its original pixels by about 31, but about one bundled face in ten
    has large flat regions whose JPEG noise it spreads far apart.
    """
    faces = np.asarray(faces, dtype=np.uint8)
    if faces.ndim != 3 or not len(faces):
        return "none"
    picked = faces[np.linspace(0, len(faces) - 1, min(sample, len(faces))).astype(int)]
    change = np.abs(apply_pixel_step(picked, "equalize").astype(np.int16) - picked).mean(axis=(1, 2))
    return "equalize" if float(np.median(change)) < EQUALIZED_CHANGE else "none"


def _per_channel(values: tuple | list, channels: int) -> np.ndarray:
    """Three RGB/BGR values for a 3-channel input; their mean for a 1-channel (grayscale) one."""
    values = np.asarray(values, dtype=np.float32).reshape(-1)
    if len(values) == channels:
        return values
    return np.full(channels, values.mean(), np.float32) if channels == 1 or len(values) == 1 else values[:channels]


def normalise(x: np.ndarray, convention: Convention) -> np.ndarray:
    """Apply an input convention to a float32 (n, h, w, c) batch of [0, 255] pixels in RGB order."""
    name = convention_name(convention)
    channels = x.shape[-1]
    if name in ("raw", "inside"):
        return x
    if name == "unit":
        return x / np.float32(255.0)
    if name == "symmetric":
        return x / np.float32(127.5) - np.float32(1.0)
    if name == "caffe":
        bgr = x[..., ::-1] if channels == 3 else x
        return bgr - _per_channel(IMAGENET_BGR_MEAN, channels)
    spec = convention if isinstance(convention, dict) else {}
    mean = _per_channel(spec.get("mean", IMAGENET_RGB_MEAN), channels)
    std = _per_channel(spec.get("std", IMAGENET_RGB_STD), channels)
    return (x / np.float32(255.0) - mean) / std


def preprocess(
    images: ImageLike | np.ndarray | list,
    input_shape: tuple[int | None, ...],
    convention: Convention = None,
    *,
    done: str = "none",
) -> np.ndarray:
    """Turn one face crop, a list of them, or a (n, h, w) uint8 batch into a float32 model batch.

    ``input_shape`` is the model's input shape, with or without the batch axis
    (e.g. ``model.input_shape`` = (None, 48, 48, 3)); it alone decides size and channels.
    ``convention`` (a name or a card's ``preprocessing`` dict; None = raw) decides the values, and its
    ``pixel_step`` what happens to each face at that size first, unless the faces already went through
    that step (``done``: a Split's ``pixel_step``, e.g. the bundled copy's faces are equalized; re-equalizing
    its JPEG files changed 8.8% of scenario 1's PublicTest predictions and cost 0.8 points of accuracy).
    """
    shape = tuple(input_shape)[-3:]
    height, width, channels = int(shape[0]), int(shape[1]), int(shape[2])
    if isinstance(images, np.ndarray) and images.ndim == 3 and images.dtype == np.uint8:
        batch = images
    elif isinstance(images, list):
        batch = [to_grayscale(item) for item in images]
    else:
        batch = [to_grayscale(images)]
    resized = np.stack([resize_gray(gray, (height, width)) for gray in batch])
    step = pixel_step(convention)
    if step not in ("none", done):
        resized = apply_pixel_step(resized, step)
    out = resized.astype(np.float32)[..., None]
    out = np.repeat(out, channels, axis=-1) if channels > 1 else out
    return np.ascontiguousarray(normalise(out, convention), dtype=np.float32)
