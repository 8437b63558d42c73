"""Strings of the misclassified explorer."""

TEXTS = {
    "explorer_intro": {
        "id": "Citra PrivateTest beserta prediksi kedua skenario. Saring, urutkan, lalu klik **Jelaskan** untuk "
        "melihat alasan model.",
        "en": "PrivateTest images with both scenarios' predictions. Filter, sort, then click **Explain** to see why "
        "a model decided.",
    },
    "explorer_no_rows": {
        "id": "Prediksi tersimpan tidak cocok dengan citra uji tersimpan (nama berkas/label berbeda). Jalankan "
        "ulang `python -m core.evaluate`.",
        "en": "The stored predictions do not match the stored test images (file names/labels differ). Rerun "
        "`python -m core.evaluate`.",
    },
    "explorer_scenario": {"id": "Prediksi skenario", "en": "Predictions of"},
    "explorer_true": {"id": "Label sebenarnya", "en": "True label"},
    "explorer_pred": {"id": "Prediksi", "en": "Predicted"},
    "explorer_any": {"id": "Semua", "en": "Any"},
    "explorer_correctness": {"id": "Ketepatan", "en": "Correctness"},
    "explorer_correctness_all": {"id": "Semua", "en": "All"},
    "explorer_correctness_wrong": {"id": "Salah", "en": "Wrong"},
    "explorer_correctness_right": {"id": "Benar", "en": "Right"},
    "explorer_confidence": {"id": "Rentang keyakinan", "en": "Confidence range"},
    "explorer_sort": {"id": "Urutkan", "en": "Sort"},
    "explorer_sort_confidence_desc": {"id": "Keyakinan tertinggi dulu", "en": "Most confident first"},
    "explorer_sort_confidence_asc": {"id": "Keyakinan terendah dulu", "en": "Least confident first"},
    "explorer_sort_index": {"id": "Urutan berkas", "en": "File order"},
    "explorer_subset": {"id": "Subset", "en": "Subset"},
    "explorer_subset_fixed": {"id": "Diperbaiki S2", "en": "Fixed by S2"},
    "explorer_subset_broken": {"id": "Dirusak S2", "en": "Broken by S2"},
    "explorer_subset_both_wrong": {"id": "Keduanya salah", "en": "Both wrong"},
    "explorer_subset_both_right": {"id": "Keduanya benar", "en": "Both right"},
    "explorer_subset_suspect": {"id": "Dugaan label keliru", "en": "Suspected label issue"},
    "explorer_subset_help": {
        "id": "Diperbaiki: skenario 2 benar dan skenario 1 salah; dirusak: sebaliknya. Dugaan label keliru: kedua "
        "model sepakat pada kelas lain (confident learning).",
        "en": "Fixed: scenario 2 right and scenario 1 wrong; broken: the reverse. Suspected label issue: both "
        "models agree on another class (confident learning).",
    },
    "explorer_disagree": {"id": "Di mana kedua skenario berbeda", "en": "Where the scenarios disagree"},
    "explorer_disagree_caption": {
        "id": "Jumlah per label sebenarnya pada seluruh {n:,} citra uji.",
        "en": "Counts per true label over all {n:,} test images.",
    },
    "explorer_total": {"id": "Total", "en": "Total"},
    "explorer_count": {
        "id": "{n:,} citra cocok dengan saringan · halaman {page} dari {pages}",
        "en": "{n:,} images match the filter · page {page} of {pages}",
    },
    "explorer_empty": {"id": "Tidak ada citra yang cocok dengan saringan ini.", "en": "No image matches this filter."},
    "explorer_true_short": {"id": "Label", "en": "Label"},
    "explorer_suggested": {"id": "Dugaan label keliru → {label}", "en": "Suspected label issue → {label}"},
    "explorer_probs": {"id": "Probabilitas semua kelas", "en": "Probabilities of every class"},
    "explorer_probability": {"id": "Probabilitas", "en": "Probability"},
    "explorer_explain": {"id": "Jelaskan", "en": "Explain"},
    "explorer_short_baseline": {"id": "S1", "en": "S1"},
    "explorer_short_optimized": {"id": "S2", "en": "S2"},
}
