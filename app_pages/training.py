"""Training curves: loss and accuracy per epoch, learning rate, epoch times and the card's configuration."""

import streamlit as st

from core.charts import metrics as charts
from core.views import summary
from dashboard import cache, pair
from dashboard.figures import download_csv, show
from dashboard.i18n import choose, scenario_label, t
from dashboard.training import config_table, continuation_note, fingerprint_note

LAYOUT_KEYS = {"overlay": "training_layout_overlay", "side": "training_layout_side"}
CURVE_KEYS = {"loss": "training_loss", "accuracy": "training_accuracy"}


def curves(histories: dict, cards: dict, assigned: tuple[str, str]) -> None:
    names = {s: scenario_label(s) for s in histories}
    layout = choose("training_layout", LAYOUT_KEYS, "overlay", key="training_layout")
    best = {s: summary.best_epoch(h, cards.get(s)) for s, h in histories.items()}
    labels = {"train": t("training_train"), "val": t("training_val"), "best": t("training_best")}
    labels["epoch"] = t("training_epoch")
    for metric, key in CURVE_KEYS.items():
        fig = charts.training_curves(
            histories, metric, names, best=best, overlay=layout == "overlay", title=t(key), labels=labels, pair=assigned
        )
        show(fig, key=f"training_{metric}")
    for scenario, history in histories.items():
        facts = summary.run_facts(history, cards.get(scenario))
        val = "–" if facts.best_val_accuracy is None else f"{facts.best_val_accuracy:.2%}"
        st.markdown(
            t(
                "training_summary",
                scenario=names[scenario],
                epochs=facts.epochs,
                best=facts.best or "–",
                val=val,
                minutes=facts.minutes,
            )
        )
        if note := continuation_note(scenario, cards.get(scenario), history):
            st.info(note, icon=":material/history:")
    if st.toggle(t("training_extra"), key="training_extra"):
        columns = st.columns(2)
        with columns[0]:
            show(
                charts.scenario_lines(
                    histories,
                    "learning_rate",
                    names,
                    title=t("training_lr"),
                    y_title=t("training_lr"),
                    x_title=t("training_epoch"),
                    log_y=True,
                    pair=assigned,
                ),
                key="training_lr",
            )
        with columns[1]:
            show(
                charts.scenario_lines(
                    histories,
                    "epoch_time_s",
                    names,
                    title=t("training_epoch_time"),
                    y_title=t("training_seconds"),
                    x_title=t("training_epoch"),
                    pair=assigned,
                ),
                key="training_epoch_time",
            )


st.title(t("nav_training"))
assigned = pair.assigned()
scenarios = pair.reports(assigned, key="training_also_show")
st.caption(t("training_intro"))
cards = {s: cache.model_card(s) for s in scenarios}
histories = {s: h for s in scenarios if summary.usable_history(h := cache.history(s))}
for scenario in scenarios:
    if scenario not in histories:
        st.info(t("training_no_history", scenario=scenario_label(scenario)), icon=":material/info:")
if histories:
    curves(histories, cards, assigned)
st.subheader(t("training_config"))
if note := fingerprint_note(cards):
    st.caption(note)
config = config_table(cards)
st.dataframe(
    config, height=min(36 * (len(config) + 1), 700), column_config={"_index": st.column_config.Column(width="large")}
)
download_csv(config, "training_configuration", key="training_download_config")
