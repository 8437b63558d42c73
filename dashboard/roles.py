"""Who may change what the dashboard shows: the presenter. Everyone else with the URL is a viewer.

One setting, ``mode``, from the environment (``FER_DASHBOARD_MODE``) or ``.streamlit/secrets.toml``:

- ``local`` (default): a browser on the server's own machine (loopback) is the presenter, and so is a
  browser anywhere that gives the presenter passphrase;
- ``passphrase``: only the passphrase makes a presenter (behind a reverse proxy every client looks local);
- ``public``: nobody can write (a web deployment).

The passphrase comes from ``FER_PRESENTER_PASSPHRASE`` or ``presenter_passphrase`` in secrets.toml and is
compared in constant time. A presenter can switch to viewing as a viewer in the sidebar (tests and
rehearsals play a viewer on loopback that way). Every write goes through :func:`require_presenter`;
hiding a button is a courtesy, not the check.
"""

from __future__ import annotations

import hmac
import os
import time

import streamlit as st

from dashboard.i18n import t

MODES = ("local", "passphrase", "public")
MODE_KEYS = {"local": "role_mode_local", "passphrase": "role_mode_passphrase", "public": "role_mode_public"}
VIEW_AS_VIEWER = "role_view_as_viewer"
UNLOCKED = "role_unlocked"
WRONG_DELAY_S = 1.0


class NotPresenter(PermissionError):
    """A write was asked for by a viewer (or in public mode); nothing was changed."""


def _setting(env: str, secret: str) -> str:
    if os.environ.get(env):
        return os.environ[env]
    try:
        return str(st.secrets.get(secret, ""))
    except Exception:  # noqa: BLE001  (no secrets.toml, or an unreadable one: the setting is absent)
        return ""


def mode() -> str:
    """The configured mode; an unknown word reads as public (the safe side)."""
    value = _setting("FER_DASHBOARD_MODE", "mode").strip().lower() or "local"
    return value if value in MODES else "public"


def passphrase() -> str:
    return _setting("FER_PRESENTER_PASSPHRASE", "presenter_passphrase")


def is_loopback() -> bool:
    """The browser connects from the server's machine (Streamlit reports loopback clients as None)."""
    return st.context.ip_address is None


def may_present() -> bool:
    """Whether this session could act as the presenter (before its own switch to viewing)."""
    if mode() == "public":
        return False
    if mode() == "local" and is_loopback():
        return True
    return bool(st.session_state.get(UNLOCKED))


def is_presenter() -> bool:
    return may_present() and not st.session_state.get(VIEW_AS_VIEWER, False)


def require_presenter() -> None:
    """The check every write makes first: raises NotPresenter for a viewer."""
    if not is_presenter():
        raise NotPresenter(t("role_refused"))


def _unlock() -> None:
    given, secret = st.session_state.get("role_passphrase", ""), passphrase()
    ok = bool(secret) and hmac.compare_digest(given.encode(), secret.encode())
    st.session_state[UNLOCKED] = ok
    st.session_state["role_passphrase"] = ""
    st.session_state["role_wrong"] = bool(given) and not ok
    if given and not ok:
        time.sleep(WRONG_DELAY_S)  # guessing costs time; only this browser's session waits


def sidebar() -> None:
    """The role line, the presenter's switch to viewing, and the passphrase field where one is set."""
    with st.sidebar:
        st.caption(t("role_now", role=t("role_presenter" if is_presenter() else "role_viewer")))
        if may_present():
            st.toggle(t("role_view_as_viewer"), key=VIEW_AS_VIEWER, help=t("role_view_as_viewer_help"))
        elif mode() != "public" and passphrase():
            st.text_input(t("role_passphrase"), type="password", key="role_passphrase", on_change=_unlock)
            if st.session_state.get("role_wrong"):
                st.caption(t("role_passphrase_wrong"))
        st.caption(t(MODE_KEYS[mode()]))


def viewer_notice() -> None:
    """Said once on a page whose controls only the presenter has."""
    st.info(t("role_viewer_page", mode=t(MODE_KEYS[mode()])), icon=":material/visibility:")
