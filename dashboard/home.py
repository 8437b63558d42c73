"""The home page's sections: the scenarios' recipes, headline numbers, provenance and what the models can do.

Everything comes from the stored reports and model cards (no TensorFlow).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import paths
from core.model.card import uses_flip
from core.views import summary
from dashboard.i18n import class_label, scenario_label, t
from dashboard.metric_cards import metric_cards
from dashboard.tables import static_table

HOME_METRICS = ("accuracy", "macro_f1", "top2_accuracy")
INIT_KEYS = {
    "imagenet": "home_init_imagenet",
    "hed": "home_init_hed",
    "random": "home_init_random",
    "unknown": "home_init_unknown",
    "file": "home_init_file",
    "selfsupervised": "home_init_selfsupervised",
}


def _recipe_value(value: object) -> str:
    if value is None:
        return t("home_unknown")
    if isinstance(value, bool):
        return t("home_yes") if value else t("home_no")
    return t("home_none") if value in ("none", 0) else str(value)


def scenario_table(scenarios: list[str], cards: dict[str, dict]) -> None:
    st.subheader(t("home_scenarios"))
    recipes = summary.recipe_table(scenarios, cards).map(_recipe_value)
    rows = {t("home_recipe_backbone"): ["VGG16"] * len(scenarios)}
    rows |= {t(summary.RECIPE_KEYS[k]) if k in summary.RECIPE_KEYS else k: list(v) for k, v in recipes.iterrows()}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[scenario_label(s) for s in scenarios])
    static_table(table.rename_axis(t("home_aspect")))
    st.caption(recipe_source(scenarios, cards))


def recipe_source(scenarios: list[str], cards: dict[str, dict]) -> str:
    """Where the recipe rows come from: the cards, the study's design (the shipped names), or nowhere."""
    unrecorded = [s for s in scenarios if "recipe" not in cards.get(s, {})]
    design = [s for s in unrecorded if s in paths.SCENARIOS]
    others = [scenario_label(s) for s in unrecorded if s not in design]
    if others:
        return t("home_scenarios_source_unrecorded", names=", ".join(others))
    return t("home_scenarios_source_design" if design else "home_scenarios_source_card")


def headline(scenarios: list[str], metrics: dict[str, dict]) -> None:
    st.subheader(t("home_headline"))
    first = metrics[scenarios[0]]
    metric_cards({s: metrics[s] for s in scenarios}, HOME_METRICS, note=t("home_vs_first"))
    st.caption(t("home_headline_caption", split=first["split"], n=first["n"]))


def backbone_note(scenario: str, card: dict) -> tuple[str, bool]:
    """The backbone's initialisation in the UI language (from the card's facts) and whether it is ImageNet's."""
    init = card.get("backbone_init", "unknown")
    kind = init if init in INIT_KEYS else "file"
    pretraining = card.get("backbone_pretraining")
    if isinstance(pretraining, dict):
        kind = "selfsupervised"
    lines = [t(INIT_KEYS[kind], scenario=scenario_label(scenario), file=init)]
    if kind == "selfsupervised":
        accuracy = pretraining.get("rotation_val_accuracy")
        lines.append(
            t(
                "home_pretraining_facts",
                images=pretraining.get("train_images", "?"),
                epochs=pretraining.get("epochs", "?"),
                accuracy="?" if accuracy is None else f"{accuracy:.1%}",
            )
        )
    elif kind == "hed" and isinstance(card.get("backbone_source"), dict):
        source = card["backbone_source"]
        lines.append(
            t(
                "home_hed_facts",
                package=source.get("package", "?"),
                version=source.get("version", "?"),
                file=source.get("file", "?"),
                sha=str(source.get("sha256", "?"))[:16],
            )
        )
    elif kind in ("file", "unknown") and card.get("backbone_note"):
        lines.append(t("home_card_note", note=card["backbone_note"]))
    if kind != "imagenet":
        lines.append(t("home_init_reproduce"))
    return "  \n".join(lines), kind == "imagenet"


def provenance(scenarios: list[str], cards: dict[str, dict], metrics: dict[str, dict]) -> None:
    """Each model's backbone initialisation, translated, and the run's facts from its card."""
    st.subheader(t("home_provenance"))
    unknown = t("home_unknown")
    for scenario in scenarios:
        card = cards[scenario]
        note, imagenet = backbone_note(scenario, card)
        if imagenet:
            st.success(note, icon=":material/verified:")
        else:
            st.warning(note, icon=":material/warning:")
        shape, fingerprint = card.get("input_shape"), card.get("data_fingerprint")
        st.caption(
            t(
                "home_provenance_facts",
                file=metrics[scenario]["model_file"],
                shape=" x ".join(map(str, shape)) if shape else unknown,
                epochs=card.get("epochs_run", unknown),
                best=card.get("best_epoch", unknown),
                images=card.get("train_images", unknown),
                fingerprint=str(fingerprint)[:12] if fingerprint else unknown,
            )
        )
        if uses_flip(card):
            st.caption(t("home_flip", **card["test_time_flip"]["public_accuracy"]))


def capabilities(scenarios: list[str], cards: dict[str, dict], metrics: dict[str, dict]) -> None:
    st.subheader(t("home_can_cannot"))
    found = {s: summary.capabilities(metrics[s], cards[s]) for s in scenarios}
    shapes = {c.input_shape[:2] for c in found.values() if c.input_shape}
    size = ", ".join(f"{h}x{w}" for h, w in sorted(shapes)) or "48x48"
    lines = [t("home_can_input", size=size)]
    for scenario, cap in found.items():
        name = scenario_label(scenario)
        lines.append(
            t(
                "home_can_accuracy",
                scenario=name,
                accuracy=cap.accuracy,
                n=cap.n,
                best=class_label(cap.best_class),
                best_recall=cap.best_recall,
                worst=class_label(cap.worst_class),
                worst_recall=cap.worst_recall,
            )
        )
        pairs = "; ".join(
            t("home_confused_pair", true=class_label(c.true), pred=class_label(c.pred), count=c.count, share=c.share)
            for c in cap.confused
        )
        if pairs:
            lines.append(t("home_can_confused", scenario=name, pairs=pairs))
    lines.append(t("home_cannot"))
    st.markdown("\n".join(f"- {line}" for line in lines))
