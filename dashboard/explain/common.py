"""What several explanation panels share: text keys of methods and bands, and the face bands of an image."""

from __future__ import annotations

from core.artifacts import explanations
from dashboard.i18n import t

METHOD_KEYS = {"gradcam": "explain_method_gradcam", "gradcam++": "explain_method_gradcam++"}
"""Every method of core.artifacts.explanations.METHODS -> its text key."""
BAND_KEYS = {"eyes": "explain_band_eyes", "mouth": "explain_band_mouth"}


def method_label(method: str) -> str:
    return t(METHOD_KEYS[method])


def bands(height: int) -> dict[str, tuple[int, int]]:
    """The face bands in an image ``height`` pixels tall, with translated names."""
    rows = {band: explanations.band_rows(height, band) for band in explanations.BANDS}
    return {t(BAND_KEYS[band]): (part.start, part.stop) for band, part in rows.items()}
