"""FER-2013 thesis dashboard: run with `streamlit run streamlit_app.py`.

This file is the home page and the router: it sets the page config, the language switch in
the sidebar, and the navigation to the pages in app_pages/ (not pages/: see the README layout section).
"""

import pandas as pd
import streamlit as st

from core import paths
from core.model.inference import uses_flip
from core.views import summary
from dashboard import cache, i18n, navigation
from dashboard.i18n import class_label, scenario_label, t

HOME_METRICS = ("accuracy", "macro_f1", "top2_accuracy")


def _recipe_value(value: object) -> str:
    if value is None:
        return t("home_unknown")
    if isinstance(value, bool):
        return t("home_yes") if value else t("home_no")
    return t("home_none") if value in ("none", 0) else str(value)


def _scenario_table(scenarios: list[str], cards: dict[str, dict]) -> None:
    st.subheader(t("home_scenarios"))
    recipes = summary.recipe_table(scenarios, cards).map(_recipe_value)
    rows = {t("home_recipe_backbone"): ["VGG16"] * len(scenarios)}
    rows |= {t(f"home_recipe_{k}") if k in summary.RECIPE_KEYS else k: list(v) for k, v in recipes.iterrows()}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[scenario_label(s) for s in scenarios])
    st.table(table.rename_axis(t("home_aspect")))
    from_cards = bool(cards) and all("recipe" in card for card in cards.values())
    st.caption(t("home_scenarios_source_card" if from_cards else "home_scenarios_source_design"))


def _headline(scenarios: list[str], metrics: dict[str, dict]) -> None:
    st.subheader(t("home_headline"))
    first = metrics[scenarios[0]]
    for column, scenario in zip(st.columns(len(scenarios)), scenarios, strict=True):
        with column.container(border=True):
            st.markdown(f"**{scenario_label(scenario)}**")
            for cell, name in zip(st.columns(len(HOME_METRICS)), HOME_METRICS, strict=True):
                value = metrics[scenario][name]
                delta = None if scenario == scenarios[0] else summary.format_change(name, value - first[name])
                cell.metric(
                    t(f"summary_{name}"),
                    summary.format_value(name, value),
                    delta=delta,
                    delta_description=t("home_vs_first") if delta else None,
                )
    split = first.get("split", "PrivateTest")
    st.caption(t("home_headline_caption", split=split, n=first["n"]))


def _provenance(scenarios: list[str], cards: dict[str, dict], metrics: dict[str, dict]) -> None:
    """Each model's backbone initialisation, translated, with the card's own note and the run's facts."""
    st.subheader(t("home_provenance"))
    unknown = t("home_unknown")
    for scenario in scenarios:
        card = cards[scenario]
        init = card.get("backbone_init", "unknown")
        kind = init if init in ("imagenet", "hed", "random", "unknown") else "file"
        if card.get("backbone_pretraining"):
            kind = "selfsupervised"
        headline = t(f"home_init_{kind}", scenario=scenario_label(scenario), file=init)
        note = f"{headline}  \n{card.get('backbone_note', unknown)}"
        if kind == "imagenet":
            st.success(note, icon=":material/verified:")
        else:
            st.warning(note, icon=":material/warning:")
        shape, fingerprint = card.get("input_shape"), card.get("data_fingerprint")
        st.caption(
            t(
                "home_provenance_facts",
                file=metrics[scenario].get("model_file", f"{scenario}.keras"),
                shape=" x ".join(map(str, shape)) if shape else unknown,
                epochs=card.get("epochs_run", unknown),
                best=card.get("best_epoch", unknown),
                images=card.get("train_images", unknown),
                fingerprint=str(fingerprint)[:12] if fingerprint else unknown,
            )
        )
        if uses_flip(card):
            st.caption(t("home_flip", **card["test_time_flip"]["public_accuracy"]))


def _capabilities(scenarios: list[str], cards: dict[str, dict], metrics: dict[str, dict]) -> None:
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


def _links() -> None:
    st.subheader(t("home_pages"))
    columns = st.columns(2)
    for i, (name, (path, icon)) in enumerate(navigation.PAGES.items()):
        with columns[i % 2]:
            st.page_link(path, label=t(f"nav_{name}"), icon=icon)
            st.caption(t(f"home_page_{name}"))


def _academic() -> None:
    st.subheader(t("home_academic"))
    st.markdown(f"{t('home_academic_note')}\n\n1. {t('home_cite_thesis')}\n2. {t('home_cite_fer')}")


def home() -> None:
    """Thesis identity, the two scenarios, their measured headline numbers and provenance."""
    st.title(t("home_thesis_title"))
    st.caption(t("home_thesis_subtitle"))
    st.markdown(t("home_identity"))
    scenarios = cache.scenarios()
    if missing := summary.missing_scenarios(scenarios):
        commands = summary.setup_commands(missing, cache.available_models())
        cache.missing(cache.ReportError(t("missing_reports") + commands))
    cards = {s: cache.model_card(s) for s in scenarios}
    _scenario_table(list(dict.fromkeys([*paths.SCENARIOS, *scenarios])), cards)
    if scenarios:
        metrics = {s: cache.metrics(s) for s in scenarios}
        _headline(scenarios, metrics)
        _provenance(scenarios, cards, metrics)
        _capabilities(scenarios, cards, metrics)
    _links()
    _academic()


st.set_page_config(page_title="FER-2013 · VGG16", page_icon=":material/sentiment_satisfied:", layout="wide")
i18n.language_switch()
pages = [st.Page(home, title=t("nav_home"), icon=":material/home:", default=True)]
pages += [navigation.page(name) for name in navigation.PAGES]
st.navigation(pages).run()
