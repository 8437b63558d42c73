"""Strings shared by every page."""

TEXTS = {
    "language": {"id": "Bahasa", "en": "Language"},
    "missing_reports": {
        "id": "Laporan belum tersedia. Jalankan perintah berikut untuk membuatnya:",
        "en": "No reports yet. Run this command to create them:",
    },
    "missing_model": {
        "id": "Model belum tersedia. Jalankan perintah berikut untuk melatihnya:",
        "en": "No model yet. Run this command to train it:",
    },
    "scenario_baseline": {"id": "Skenario 1 (baseline)", "en": "Scenario 1 (baseline)"},
    "scenario_optimized": {"id": "Skenario 2 (optimized)", "en": "Scenario 2 (optimized)"},
    "download_csv": {"id": "Unduh CSV", "en": "Download CSV"},
}
