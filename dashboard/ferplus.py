"""FER+ votes on the pages: a face's ten annotators in the explorer, agreement and the suspect check on the
Comparison page. Computed from predictions.csv and the votes file (core.evaluate.ferplus), cached in
dashboard.cache; no TensorFlow."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core import paths
from core.classes import CLASSES
from core.evaluate.ferplus import REASONS, VOTES
from core.views import comparison as cmp
from dashboard import cache
from dashboard.i18n import class_label, scenario_label, t

METRIC_KEYS = {
    "accuracy_ferplus": "ferplus_accuracy_plurality",
    "accuracy_label": "ferplus_accuracy_label",
    "annotator_share": "ferplus_annotator_share",
    "ferplus_disagrees": "ferplus_disagrees",
    "label_share": "ferplus_label_share",
    "suggested_is_plurality": "ferplus_suggested_is_plurality",
}
GROUP_KEYS = {"suspects": "ferplus_group_suspects", "others": "ferplus_group_others"}
REASON_KEYS = {reason: f"ferplus_reason_{reason}" for reason in REASONS}
OTHER_VOTES = {"votes_contempt": "ferplus_contempt", "votes_unknown": "ferplus_unknown", "votes_NF": "ferplus_nf"}


def joined(files: np.ndarray, labels: np.ndarray) -> pd.DataFrame | None:
    """The votes of these faces, or None (with a note) when the votes file is not on this server."""
    try:
        table = cache.ferplus(np.asarray(files), np.asarray(labels))
    except (OSError, ValueError) as err:
        st.caption(t("ferplus_missing", path=str(paths.ferplus_votes_path()), error=type(err).__name__))
        return None
    return table if (table["reason"] != "no_match").any() else None


def votes_line(row: pd.Series) -> str:
    """'FER+ (10 annotators): Neutral 6 · Sad 3 · unknown 1', or why the face is left out."""
    if row["reason"] == "no_match":
        return t("ferplus_left_out", reason=t(REASON_KEYS["no_match"]))
    counts = [(class_label(CLASSES.index(c.removeprefix("votes_"))), row[c]) for c in VOTES]
    counts += [(t(key), row[column]) for column, key in OTHER_VOTES.items()]
    shown = " · ".join(f"{name} {int(n)}" for name, n in sorted(counts, key=lambda x: -x[1]) if n > 0)
    line = f"{t('ferplus_votes')}: {shown}"
    return line if row["reason"] == "ok" else f"{line} ({t('ferplus_left_out', reason=t(REASON_KEYS[row['reason']]))})"


def _table(frame: pd.DataFrame, first: str, names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("ferplus_col_who"): [names.get(v, v) for v in frame[first]],
            t("ferplus_col_metric"): [t(METRIC_KEYS[m]) for m in frame["metric"]],
            t("ferplus_col_value"): frame["estimate"].map("{:.2%}".format),
            t("ferplus_col_ci"): [f"{lo:.2%} – {hi:.2%}" for lo, hi in zip(frame["low"], frame["high"], strict=True)],
            "n": frame["n"],
        }
    )


def section(c: cmp.Comparison, where: str) -> None:
    """The Comparison page's FER+ section: agreement per scenario, left-out faces, the suspect check."""
    votes = joined(c.files, c.labels)
    if votes is None:
        st.info(t("ferplus_none", set=where), icon=":material/info:")
        return
    counts = votes["reason"].value_counts()
    st.markdown(t("ferplus_intro", set=where, n=int(counts.get("ok", 0)), total=len(votes)))
    st.caption(" · ".join(f"{t(REASON_KEYS[r])}: {int(counts.get(r, 0)):,}" for r in REASONS))
    agreement = cache.ferplus_agreement(votes, c.preds)
    st.subheader(t("ferplus_agreement_title", set=where))
    st.dataframe(_table(agreement, "scenario", {s: scenario_label(s) for s in c.pair}), hide_index=True)
    suspects = c.suspects.sort_values("index")
    check = cache.ferplus_suspects(votes, suspects["suspect"].to_numpy(), suspects["suggested"].to_numpy())
    st.subheader(t("ferplus_suspects_title", set=where))
    st.dataframe(_table(check, "group", {k: t(v) for k, v in GROUP_KEYS.items()}), hide_index=True)
    st.caption(t("ferplus_suspects_caption"))
