"""Strings of the test-set metrics page."""

TEXTS = {
    "metrics_intro": {
        "id": "Semua angka dihitung dari prediksi tersimpan kedua skenario pada {split} (n = {n:,}).",
        "en": "Every figure is computed from both scenarios' stored predictions on {split} (n = {n:,}).",
    },
    "metrics_headline": {"id": "Metrik utama", "en": "Headline metrics"},
    "metrics_section": {"id": "Tampilkan", "en": "Show"},
    "metrics_section_confusion": {"id": "Matriks kebingungan", "en": "Confusion matrices"},
    "metrics_section_per_class": {"id": "Metrik per kelas", "en": "Per-class metrics"},
    "metrics_norm": {"id": "Isi sel", "en": "Cell values"},
    "metrics_norm_counts": {"id": "Jumlah", "en": "Counts"},
    "metrics_norm_normalised": {"id": "Dinormalisasi per baris", "en": "Row-normalised"},
    "metrics_true": {"id": "Label sebenarnya", "en": "True label"},
    "metrics_pred": {"id": "Prediksi", "en": "Predicted"},
    "metrics_cm_click": {
        "id": "Klik sel untuk membuka citra-citra tersebut di Penjelajah Kesalahan.",
        "en": "Click a cell to open exactly those images in the misclassified explorer.",
    },
    "metrics_open_cell": {"id": "Buka sel tertentu di penjelajah", "en": "Open a given cell in the explorer"},
    "metrics_scenario": {"id": "Skenario", "en": "Scenario"},
    "metrics_open": {"id": "Buka di penjelajah", "en": "Open in explorer"},
    "metrics_per_class_metric": {"id": "Metrik", "en": "Metric"},
    "metrics_precision": {"id": "Presisi", "en": "Precision"},
    "metrics_recall": {"id": "Recall", "en": "Recall"},
    "metrics_f1": {"id": "F1", "en": "F1"},
    "metrics_support": {"id": "Jumlah citra (support)", "en": "Support"},
    "metrics_class": {"id": "Kelas", "en": "Class"},
    "metrics_per_class_title": {"id": "{metric} per kelas", "en": "{metric} per class"},
    "metrics_f1_difference": {
        "id": "Selisih F1 per kelas (skenario 2 − skenario 1)",
        "en": "Per-class F1 difference (scenario 2 − scenario 1)",
    },
    "metrics_f1_difference_axis": {"id": "Selisih F1", "en": "F1 difference"},
    "metrics_f1_difference_caption": {
        "id": "Batang biru: skenario 2 lebih baik; merah: skenario 1 lebih baik. Uji signifikansinya ada di "
        "halaman Perbandingan.",
        "en": "Blue bars: scenario 2 is better; red: scenario 1 is better. Their significance is tested on the "
        "Comparison page.",
    },
}
