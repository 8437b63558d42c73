"""Strings of the training-curves page."""

TEXTS = {
    "training_intro": {
        "id": "Riwayat pelatihan per epoch (dilatih pada Training, divalidasi pada PublicTest). Bintang = epoch yang "
        "disimpan sebagai model akhir.",
        "en": "Per-epoch training history (trained on Training, validated on PublicTest). Star = the epoch kept as "
        "the final model.",
    },
    "training_layout": {"id": "Tata letak", "en": "Layout"},
    "training_layout_overlay": {"id": "Ditumpuk", "en": "Overlaid"},
    "training_layout_side": {"id": "Berdampingan", "en": "Side by side"},
    "training_loss": {"id": "Loss", "en": "Loss"},
    "training_accuracy": {"id": "Akurasi", "en": "Accuracy"},
    "training_train": {"id": "latih", "en": "train"},
    "training_val": {"id": "validasi", "en": "validation"},
    "training_best": {"id": "terbaik", "en": "best"},
    "training_epoch": {"id": "Epoch", "en": "Epoch"},
    "training_lr": {"id": "Learning rate", "en": "Learning rate"},
    "training_epoch_time": {"id": "Waktu per epoch", "en": "Time per epoch"},
    "training_seconds": {"id": "detik", "en": "seconds"},
    "training_extra": {"id": "Learning rate dan waktu epoch", "en": "Learning rate and epoch times"},
    "training_no_history": {
        "id": "{scenario}: tidak ada riwayat pelatihan (history.csv) — model ini dilatih di tempat lain. "
        "Konfigurasinya dari kartu model tetap ditampilkan di bawah.",
        "en": "{scenario}: no training history (history.csv) — this model was trained elsewhere. Its "
        "configuration from the model card is still shown below.",
    },
    "training_summary": {
        "id": "**{scenario}**: {epochs} epoch dijalankan, epoch terbaik {best} (akurasi validasi {val}), "
        "total {minutes:.1f} menit.",
        "en": "**{scenario}**: {epochs} epochs run, best epoch {best} (validation accuracy {val}), "
        "{minutes:.1f} minutes in total.",
    },
    "training_config": {"id": "Konfigurasi pelatihan (kartu model)", "en": "Training configuration (model card)"},
    "training_key": {"id": "Parameter", "en": "Setting"},
}
