"""The one preprocessing path: any face crop -> the model's input tensor.

Training, evaluation and live prediction all call :func:`preprocess`. Images become 8-bit
grayscale (FER-2013 is grayscale), are resized to the model's own input size and replicated
to its channel count. Pixel values stay in [0, 255]: the normalisation the backbone expects
is the model's first layer, so a saved model carries it and cannot be fed wrongly.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

ImageLike = Image.Image | np.ndarray | bytes | str | Path

Image.MAX_IMAGE_PIXELS = 200_000_000
MAX_SIDE = 4096
"""Larger images are shrunk right after decoding: a 12,000 px photo costs no more than a 4k one."""


class ImageError(ValueError):
    """The input is not a decodable still image."""


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
            image.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as err:
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


def preprocess(images: ImageLike | np.ndarray | list, input_shape: tuple[int | None, ...]) -> np.ndarray:
    """Turn one face crop, a list of them, or a (n, h, w) uint8 batch into a float32 model batch.

    ``input_shape`` is the model's input shape, with or without the batch axis
    (e.g. ``model.input_shape`` = (None, 48, 48, 3)); it alone decides size and channels.
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
    out = resized.astype(np.float32)[..., None]
    return np.repeat(out, channels, axis=-1) if channels > 1 else out
