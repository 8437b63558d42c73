"""Typed requests one page hands to another: a small dataclass in session state, read once by the target.

A page calls :func:`send`, which stores the request and switches page; the target page calls
:func:`take` (explorer: the request is consumed) or :func:`peek` (explain: the image stays selectable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import streamlit as st

from dashboard import navigation


@dataclass(frozen=True)
class OpenInExplorer:
    """Show these images in the explorer: one scenario, optionally one cell (true, pred) or a subset."""

    scenario: str
    true: int | None = None
    pred: int | None = None
    subset: str | None = None

    page = "explorer"


@dataclass(frozen=True)
class ExplainImage:
    """Explain this face: a 2-D (or RGB) uint8 crop, its true class when known, and where it came from."""

    image: np.ndarray
    label: int | None
    origin: str
    done: str = field(default="none", kw_only=True)
    """The pixel step the face already went through (a stored bundled face: "equalize"), so that a model is
    not fed it twice."""

    page = "explain"


Request = TypeVar("Request", OpenInExplorer, ExplainImage)


def _key(kind: type) -> str:
    return f"request_{kind.__name__}"


def send(request: OpenInExplorer | ExplainImage) -> None:
    """Hand ``request`` to its page and switch there."""
    st.session_state[_key(type(request))] = request
    navigation.go(request.page)


def open_in_explorer(scenario: str, true: int | None = None, pred: int | None = None, *, subset: str | None = None):
    """The explorer, showing one scenario's images of a confusion cell or a comparison subset."""
    send(OpenInExplorer(scenario, true, pred, subset))


def take(kind: type[Request]) -> Request | None:
    """The pending request of this kind, removed from session state (None when there is none or it is malformed)."""
    request = st.session_state.pop(_key(kind), None)
    return request if isinstance(request, kind) else None


def peek(kind: type[Request]) -> Request | None:
    """The last request of this kind, left in place (None when there is none or it is malformed)."""
    request = st.session_state.get(_key(kind))
    return request if isinstance(request, kind) else None
