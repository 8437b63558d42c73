"""Strings of the comparison page, its exported report and the figure downloads (plain data, no Streamlit)."""

TEXTS = {
    "cmp_intro": {
        "id": "Semua angka di halaman ini dihitung dari prediksi kedua skenario pada {n} citra FER-2013 PrivateTest "
        "yang sama (folder reports/).",
        "en": "Every number on this page is computed from both scenarios' predictions on the same {n} FER-2013 "
        "PrivateTest images (the reports/ folder).",
    },
    "cmp_need_both": {
        "id": "Perbandingan membutuhkan laporan kedua skenario (tersedia: {found}).",
        "en": "The comparison needs the reports of both scenarios (available: {found}).",
    },
    "cmp_need_both_hint": {
        "id": "Jalankan `python -m core.evaluate` setelah kedua model ada di models/.",
        "en": "Run `python -m core.evaluate` once both models are in models/.",
    },
    "cmp_none": {"id": "tidak ada", "en": "none"},
    "cmp_section": {"id": "Bagian", "en": "Section"},
    "cmp_sec_significance": {"id": "Signifikansi", "en": "Significance"},
    "cmp_sec_difference": {"id": "Selisih per sel", "en": "Difference view"},
    "cmp_sec_calibration": {"id": "Kalibrasi", "en": "Calibration"},
    "cmp_sec_curves": {"id": "Kurva per kelas", "en": "Per-class curves"},
    "cmp_sec_label_noise": {"id": "Label bermasalah", "en": "Label noise"},
    "cmp_sec_references": {"id": "Referensi publikasi", "en": "Published references"},
    "cmp_computing": {"id": "Menghitung statistik (bootstrap)...", "en": "Computing statistics (bootstrap)..."},
    "cmp_load_error": {
        "id": "Perbandingan tidak bisa dihitung: {error}",
        "en": "The comparison cannot be computed: {error}",
    },
    # Significance
    "cmp_mcnemar_title": {
        "id": "Uji McNemar eksak (prediksi berpasangan)",
        "en": "McNemar's exact test (paired predictions)",
    },
    "cmp_mcnemar_explain": {
        "id": "Uji McNemar hanya memakai citra yang diklasifikasikan berbeda (sel oranye: benar oleh satu skenario, "
        "salah oleh yang lain). Jika kedua skenario sama baiknya, citra-citra itu terbagi 50:50; p-value eksak "
        "dihitung dari distribusi binomial.",
        "en": "McNemar's test uses only the images the scenarios disagree on (orange cells: right by one scenario, "
        "wrong by the other). If both scenarios were equally good, those images would split 50:50; the exact "
        "p-value comes from the binomial distribution.",
    },
    "cmp_verdict_sig": {
        "id": "Perbedaannya **signifikan** pada α = 0.05 ({p}): {better} lebih akurat. {n_better} citra hanya "
        "benar oleh {better}, {n_worse} hanya benar oleh {worse}.",
        "en": "The difference is **significant** at α = 0.05 ({p}): {better} is more accurate. {n_better} "
        "images are right only with {better}, {n_worse} only with {worse}.",
    },
    "cmp_verdict_not": {
        "id": "Perbedaannya **tidak signifikan** pada α = 0.05 ({p}): {n_better} citra hanya benar oleh "
        "{better}, {n_worse} hanya benar oleh {worse}; selisih sebesar ini dapat muncul karena kebetulan.",
        "en": "The difference is **not significant** at α = 0.05 ({p}): {n_better} images are right only with "
        "{better}, {n_worse} only with {worse}; a gap this size can arise by chance.",
    },
    "cmp_verdict_tie": {
        "id": "Tidak ada perbedaan: kedua skenario benar dan salah pada citra yang sama ({p}).",
        "en": "No difference: both scenarios are right and wrong on exactly the same images ({p}).",
    },
    "cmp_ci_title": {
        "id": "Interval kepercayaan 95% (bootstrap berpasangan, {n} resample, seed {seed})",
        "en": "95% confidence intervals (paired bootstrap, {n} resamples, seed {seed})",
    },
    "cmp_ci_value": {"id": "Nilai", "en": "Value"},
    "cmp_ci_diff": {"id": "Selisih (skenario 2 − skenario 1)", "en": "Difference (scenario 2 − scenario 1)"},
    "cmp_group_difference": {"id": "Selisih", "en": "Difference"},
    "cmp_ci_sentence": {
        "id": "Selisih akurasi: {diff} poin persentase (95% CI {low} s.d. {high}); selisih macro-F1: {fdiff} "
        "(95% CI {flow} s.d. {fhigh}). Interval yang tidak memuat 0 menunjukkan perbedaan yang nyata.",
        "en": "Accuracy difference: {diff} percentage points (95% CI {low} to {high}); macro-F1 difference: {fdiff} "
        "(95% CI {flow} to {fhigh}). An interval that excludes 0 indicates a real difference.",
    },
    "cmp_metric_accuracy": {"id": "Akurasi", "en": "Accuracy"},
    "cmp_metric_macro_f1": {"id": "Macro-F1", "en": "Macro-F1"},
    "cmp_metric_f1": {"id": "F1 {cls}", "en": "F1 {cls}"},
    "cmp_col_metric": {"id": "Metrik", "en": "Metric"},
    "cmp_col_group": {"id": "Kelompok", "en": "Group"},
    "cmp_col_estimate": {"id": "Estimasi", "en": "Estimate"},
    "cmp_col_low": {"id": "Batas bawah 95%", "en": "95% low"},
    "cmp_col_high": {"id": "Batas atas 95%", "en": "95% high"},
    # Difference view
    "cmp_diffcm_title": {
        "id": "Matriks konfusi selisih (skenario 2 − skenario 1)",
        "en": "Difference confusion matrix (scenario 2 − scenario 1)",
    },
    "cmp_true": {"id": "Label sebenarnya", "en": "True label"},
    "cmp_pred": {"id": "Prediksi", "en": "Predicted"},
    "cmp_diff": {"id": "Selisih", "en": "Difference"},
    "cmp_diffcm_help": {
        "id": "Biru: skenario 2 menaruh lebih banyak citra di sel ini, merah: lebih sedikit. Di diagonal, biru berarti "
        "lebih banyak benar; di luar diagonal, biru berarti lebih banyak kebingungan. Klik sebuah sel (atau pilih di "
        "bawah) untuk membuka citranya di penjelajah kesalahan.",
        "en": "Blue: scenario 2 puts more images in this cell, red: fewer. On the diagonal blue means more correct; "
        "off the diagonal blue means more confusion. Click a cell (or pick it below) to open its images in the "
        "misclassified explorer.",
    },
    "cmp_cell_summary": {
        "id": "**{true} → {pred}**: skenario 2 memprediksi {opt} citra, skenario 1 {base} citra (selisih {diff:+d}).",
        "en": "**{true} → {pred}**: scenario 2 predicts {opt} images here, scenario 1 {base} (difference {diff:+d}).",
    },
    "cmp_cell_open": {
        "id": "{scenario} · {subset}: {n} citra",
        "en": "{scenario} · {subset}: {n} images",
    },
    "cmp_cell_empty": {"id": "Sel ini kosong di kedua skenario.", "en": "This cell is empty in both scenarios."},
    "cmp_subset_fixed": {"id": "diperbaiki skenario 2", "en": "fixed by scenario 2"},
    "cmp_subset_broken": {"id": "dirusak skenario 2", "en": "broken by scenario 2"},
    "cmp_subset_both_wrong": {"id": "keduanya salah", "en": "both wrong"},
    "cmp_subset_both_right": {"id": "keduanya benar", "en": "both right"},
    "cmp_subset_suspect": {"id": "dugaan label salah", "en": "suspected label issue"},
    "cmp_outcome_title": {
        "id": "Per kelas: diperbaiki vs dirusak skenario 2",
        "en": "Per class: fixed vs broken by scenario 2",
    },
    "cmp_outcome_axis": {"id": "Jumlah citra (← dirusak | diperbaiki →)", "en": "Images (← broken | fixed →)"},
    "cmp_outcome_pick": {
        "id": "Buka satu kelompok per kelas di penjelajah:",
        "en": "Open one group of a class in the explorer:",
    },
    "cmp_open": {"id": "Buka di penjelajah", "en": "Open in explorer"},
    "cmp_col_class": {"id": "Kelas", "en": "Class"},
    "cmp_col_bin_low": {"id": "Batas bawah bin", "en": "Bin low"},
    "cmp_col_bin_high": {"id": "Batas atas bin", "en": "Bin high"},
    "cmp_col_mean_conf": {"id": "Keyakinan rata-rata", "en": "Mean confidence"},
    "cmp_col_index": {"id": "Indeks", "en": "Index"},
    "cmp_col_quantity": {"id": "Besaran", "en": "Quantity"},
    "cmp_col_value": {"id": "Nilai", "en": "Value"},
    "cmp_only_right": {"id": "Hanya benar oleh {scenario}", "en": "Right only with {scenario}"},
    "cmp_pvalue": {"id": "p-value (McNemar eksak, dua sisi)", "en": "p-value (exact McNemar, two-sided)"},
    "cmp_significant": {"id": "Signifikan pada α = 0.05", "en": "Significant at α = 0.05"},
    "cmp_yes": {"id": "ya", "en": "yes"},
    "cmp_no": {"id": "tidak", "en": "no"},
    # Calibration
    "cmp_rel_title": {"id": "Diagram reliabilitas (15 bin)", "en": "Reliability diagram (15 bins)"},
    "cmp_rel_x": {"id": "Keyakinan rata-rata per bin", "en": "Mean confidence in bin"},
    "cmp_rel_y": {"id": "Akurasi", "en": "Accuracy"},
    "cmp_rel_perfect": {"id": "Kalibrasi sempurna", "en": "Perfect calibration"},
    "cmp_count": {"id": "Jumlah", "en": "Count"},
    "cmp_hist_title": {
        "id": "Histogram keyakinan: prediksi benar vs salah",
        "en": "Confidence histogram: right vs wrong",
    },
    "cmp_hist_x": {"id": "Keyakinan kelas teratas", "en": "Top-class confidence"},
    "cmp_hist_y": {"id": "Jumlah citra", "en": "Images"},
    "cmp_right": {"id": "Benar", "en": "Right"},
    "cmp_wrong": {"id": "Salah", "en": "Wrong"},
    "cmp_col_scenario": {"id": "Skenario", "en": "Scenario"},
    "cmp_col_ece": {"id": "ECE", "en": "ECE"},
    "cmp_col_nll": {"id": "NLL (nats)", "en": "NLL (nats)"},
    "cmp_col_brier": {"id": "Brier", "en": "Brier"},
    "cmp_col_conf_right": {"id": "Keyakinan rata-rata (benar)", "en": "Mean confidence (right)"},
    "cmp_col_conf_wrong": {"id": "Keyakinan rata-rata (salah)", "en": "Mean confidence (wrong)"},
    "cmp_col_share_high": {"id": "Porsi keyakinan > 0.9", "en": "Share with confidence > 0.9"},
    "cmp_calib_note": {
        "id": "ECE: 15 bin lebar sama (lebih kecil = lebih terkalibrasi). NLL: log-loss rata-rata. Brier multikelas: "
        "0 = sempurna, maksimum 2.",
        "en": "ECE: 15 equal-width bins (smaller = better calibrated). NLL: mean log-loss. Multi-class Brier: "
        "0 = perfect, at most 2.",
    },
    "cmp_smoothing_known": {
        "id": "Skenario 2 dilatih dengan label smoothing {ls}, sehingga target kelas benar saat pelatihan {target} "
        "alih-alih 1. ",
        "en": "Scenario 2 was trained with label smoothing {ls}, so its training target for the true class is "
        "{target} instead of 1. ",
    },
    "cmp_smoothing_shift": {
        "id": "Keyakinan rata-rata skenario 2 {dir_right} pada prediksi benar ({opt_right} vs {base_right} pada "
        "skenario 1) dan {dir_wrong} pada prediksi salah ({opt_wrong} vs {base_wrong}); {opt_high} prediksinya "
        "berkeyakinan di atas 0.9 (skenario 1: {base_high}). Pergeseran ini adalah efek gabungan seluruh resep "
        "skenario 2, bukan label smoothing saja.",
        "en": "Scenario 2's mean confidence is {dir_right} on right predictions ({opt_right} vs {base_right} for "
        "scenario 1) and {dir_wrong} on wrong ones ({opt_wrong} vs {base_wrong}); {opt_high} of its predictions "
        "are above 0.9 confidence (scenario 1: {base_high}). The shift is the joint effect of scenario 2's whole "
        "recipe, not of label smoothing alone.",
    },
    "cmp_lower": {"id": "lebih rendah", "en": "lower"},
    "cmp_higher": {"id": "lebih tinggi", "en": "higher"},
    "cmp_same": {"id": "sama", "en": "the same"},
    # Curves
    "cmp_curve_kind": {"id": "Kurva", "en": "Curve"},
    "cmp_roc_title": {"id": "Kurva ROC one-vs-rest per kelas", "en": "One-vs-rest ROC curves per class"},
    "cmp_roc_x": {"id": "Laju positif palsu", "en": "False-positive rate"},
    "cmp_roc_y": {"id": "Laju positif benar", "en": "True-positive rate"},
    "cmp_pr_title": {"id": "Kurva precision-recall one-vs-rest per kelas", "en": "One-vs-rest precision-recall curves"},
    "cmp_pr_x": {"id": "Recall", "en": "Recall"},
    "cmp_pr_y": {"id": "Presisi", "en": "Precision"},
    "cmp_col_auc": {"id": "ROC AUC", "en": "ROC AUC"},
    "cmp_col_ap": {"id": "Average precision", "en": "Average precision"},
    "cmp_col_positives": {"id": "Jumlah positif", "en": "Positives"},
    # Label noise
    "cmp_noise_intro": {
        "id": "FER-2013 diketahui memuat citra berlabel salah. Citra PrivateTest diurutkan menurut seberapa kuat kedua "
        "model (rata-rata probabilitasnya) sepakat pada kelas lain selain labelnya; confident learning (cleanlab) "
        "menandai dugaan label salah.",
        "en": "FER-2013 is known to contain mislabeled images. PrivateTest images are ranked by how strongly both "
        "models (their mean probabilities) agree on a class other than the given label; confident learning "
        "(cleanlab) flags suspected label issues.",
    },
    "cmp_noise_count": {
        "id": "{n} dari {total} citra ({share}) ditandai sebagai dugaan label salah.",
        "en": "{n} of {total} images ({share}) are flagged as suspected label issues.",
    },
    "cmp_noise_errors": {
        "id": "{scenario}: {on} dari {errors} kesalahan ({share}) jatuh pada dugaan label salah.",
        "en": "{scenario}: {on} of its {errors} errors ({share}) fall on suspected label issues.",
    },
    "cmp_col_errors": {"id": "Kesalahan", "en": "Errors"},
    "cmp_col_on_suspects": {"id": "Pada dugaan label salah", "en": "On suspected label issues"},
    "cmp_col_share": {"id": "Porsi", "en": "Share"},
    "cmp_noise_gallery": {"id": "Dugaan teratas", "en": "Top suspects"},
    "cmp_noise_top": {"id": "Jumlah citra ditampilkan", "en": "Images shown"},
    "cmp_noise_caption": {
        "id": "#{index} · label: {given} → model: {suggested} · skor {score}",
        "en": "#{index} · label: {given} → models: {suggested} · score {score}",
    },
    "cmp_noise_open": {
        "id": "Buka dugaan label salah di penjelajah",
        "en": "Open suspected label issues in the explorer",
    },
    "cmp_noise_class": {"id": "Kelas (label)", "en": "Class (given label)"},
    "cmp_all_classes": {"id": "Semua kelas", "en": "All classes"},
    "cmp_noise_no_images": {
        "id": "Citra uji tidak tersedia atau tidak cocok dengan prediksi: {error}",
        "en": "The test images are missing or do not match the predictions: {error}",
    },
    "cmp_col_given": {"id": "Label", "en": "Given label"},
    "cmp_col_suggested": {"id": "Usulan model", "en": "Models suggest"},
    "cmp_col_score": {"id": "Skor", "en": "Score"},
    "cmp_col_suspect": {"id": "Dugaan label salah", "en": "Suspected"},
    "cmp_col_file": {"id": "Berkas", "en": "File"},
    # References
    "cmp_ref_title": {
        "id": "Akurasi FER-2013 PrivateTest: penelitian ini vs publikasi",
        "en": "FER-2013 PrivateTest accuracy: this study vs published work",
    },
    "cmp_ref_x": {"id": "Akurasi (%)", "en": "Accuracy (%)"},
    "cmp_ref_ours": {
        "id": "Penelitian ini: dihitung dari reports/{scenario}/predictions.csv (n = {n})",
        "en": "This study: computed from reports/{scenario}/predictions.csv (n = {n})",
    },
    "cmp_ref_this_study": {"id": "Penelitian ini", "en": "This study"},
    "cmp_col_model": {"id": "Model", "en": "Model"},
    "cmp_col_accuracy": {"id": "Akurasi (%)", "en": "Accuracy (%)"},
    "cmp_col_citation": {"id": "Sitasi", "en": "Citation"},
    "cmp_col_source": {"id": "Sumber", "en": "Source"},
    "cmp_col_note": {"id": "Catatan", "en": "Note"},
    "cmp_ref_note": {
        "id": "Angka publikasi berasal dari data/references.csv (dengan sitasinya); angka penelitian ini dihitung dari "
        "prediksi. Perbedaan resolusi, praproses dan inisialisasi membuat perbandingan ini bersifat indikatif.",
        "en": "Published figures come from data/references.csv (with their citations); this study's figures are "
        "computed from the predictions. Differences in resolution, preprocessing and initialisation make the "
        "comparison indicative.",
    },
    "cmp_ref_error": {
        "id": "Tabel referensi tidak bisa dibaca: {error}",
        "en": "The reference table cannot be read: {error}",
    },
    # Export
    "cmp_export": {"id": "Unduh laporan perbandingan (ZIP)", "en": "Download the comparison report (ZIP)"},
    "cmp_export_help": {
        "id": "HTML mandiri dengan grafik interaktif dan setiap tabel sebagai CSV; dibuat saat tombol diklik. "
        "Sama dengan `python -m core.report --out report.zip`.",
        "en": "Self-contained HTML with interactive figures and every table as CSV; built when you click. Same as "
        "`python -m core.report --out report.zip`.",
    },
    "report_title": {
        "id": "Laporan perbandingan skenario: VGG16 pada FER-2013 PrivateTest",
        "en": "Scenario comparison report: VGG16 on FER-2013 PrivateTest",
    },
    "report_generated": {
        "id": "Dibuat {when} dari {folder}. Tabel lengkap ada sebagai CSV di folder tables/ dalam ZIP.",
        "en": "Generated {when} from {folder}. Every table is also in the ZIP's tables/ folder as CSV.",
    },
    # Figure downloads (dashboard.figures)
    "fig_download": {"id": "Unduh gambar", "en": "Download figure"},
    "fig_png": {"id": "PNG (300 dpi)", "en": "PNG (300 dpi)"},
    "fig_svg": {"id": "SVG (vektor)", "en": "SVG (vector)"},
    "fig_download_help": {
        "id": "Gambar dibuat saat tombol diklik, dengan label bahasa yang sedang dipilih.",
        "en": "The image is rendered when you click, with the labels of the selected language.",
    },
    "fig_no_browser": {
        "id": "Ekspor PNG/SVG di server butuh Chromium (`apt-get install chromium`). Sementara itu, gunakan ikon "
        "kamera pada toolbar grafik untuk PNG beresolusi tinggi.",
        "en": "PNG/SVG export on the server needs Chromium (`apt-get install chromium`). Meanwhile, use the camera "
        "icon in the chart's toolbar for a high-resolution PNG.",
    },
}
