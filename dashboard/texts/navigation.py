"""Page titles in the navigation."""

TEXTS = {
    "nav_home": {"id": "Beranda", "en": "Home"},
    "nav_prediction": {"id": "Prediksi Langsung", "en": "Live prediction"},
    "nav_metrics": {"id": "Metrik Uji", "en": "Test-set metrics"},
    "nav_comparison": {"id": "Perbandingan & Signifikansi", "en": "Comparison & significance"},
    "nav_training": {"id": "Kurva Pelatihan", "en": "Training curves"},
    "nav_explorer": {"id": "Penjelajah Kesalahan", "en": "Misclassified explorer"},
    "nav_explain": {"id": "Penjelasan Model", "en": "Explainability"},
    "nav_performance": {"id": "Tentang & Kinerja", "en": "About & performance"},
}
