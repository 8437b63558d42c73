"""Strings of the About & performance page (pages/performance.py)."""

TEXTS = {
    "perf_section": {"id": "Bagian", "en": "Section"},
    "perf_section_performance": {"id": "Kinerja", "en": "Performance"},
    "perf_section_about": {"id": "Tentang", "en": "About"},
    "perf_intro": {
        "id": "Angka di bawah diukur oleh `python -m core.bench` pada mesin yang tercantum: setiap angka adalah median "
        "dan persentil ke-95 dari beberapa pengulangan, di samping pembanding yang diukur pada run yang sama.",
        "en": "The figures below were measured by `python -m core.bench` on the machine listed: each is the median "
        "and 95th percentile of repeated runs, next to a reference measured in the same run.",
    },
    "perf_measured": {
        "id": "Diukur {date} pada {cpu} ({cores} core); beban rata-rata {load_start} di awal, {load_end} di akhir.",
        "en": "Measured {date} on {cpu} ({cores} cores); load average {load_start} at the start, "
        "{load_end} at the end.",
    },
    "perf_quick": {
        "id": "Ini run `--quick` (sedikit pengulangan, batch kecil): hanya uji cepat, bukan angka untuk dikutip. "
        "Jalankan `python -m core.bench` tanpa `--quick` untuk angka lengkap.",
        "en": "This is a `--quick` run (few repeats, small batches): a smoke test, not figures to quote. "
        "Run `python -m core.bench` without `--quick` for the full figures.",
    },
    "perf_loaded": {
        "id": "Mesin sedang sibuk saat pengukuran (beban rata-rata {load} pada {cores} core): angka lebih lambat "
        "daripada pada mesin yang diam.",
        "en": "The machine was busy while measuring (load average {load} on {cores} cores): the figures are slower "
        "than on an idle machine.",
    },
    "perf_other_models": {
        "id": "Model yang diukur berasal dari `{folder}`, bukan dari folder model aplikasi (`{app}`).",
        "en": "The models measured came from `{folder}`, not from the app's models folder (`{app}`).",
    },
    "perf_check_tensorflow": {"id": "TensorFlow tidak diimpor", "en": "TensorFlow not imported"},
    "perf_targets_met": {"id": "Target terpenuhi: {met} dari {total}.", "en": "Targets met: {met} of {total}."},
    "perf_figures": {"id": "Angka terukur", "en": "Measured figures"},
    "perf_speedups": {"id": "Tampilkan eksperimen percepatan", "en": "Show the speed-up experiments"},
    "perf_speedups_caption": {
        "id": "Setiap baris membandingkan satu alternatif dengan cara yang dipakai aplikasi (kolom pembanding); "
        "rasio > 1 pada waktu berarti alternatif lebih lambat.",
        "en": "Each row compares one alternative with what the app uses (the reference column); a ratio above 1 "
        "on a time means the alternative is slower.",
    },
    "perf_notes": {"id": "Catatan dari benchmark", "en": "Notes from the benchmark"},
    "perf_notes_caption": {
        "id": "Catatan dan label pembanding ditulis oleh benchmark (bahasa Inggris).",
        "en": "Notes and reference labels as the benchmark recorded them.",
    },
    "perf_machine": {"id": "Mesin dan pustaka saat pengukuran", "en": "Machine and libraries when measured"},
    "perf_col_figure": {"id": "Angka", "en": "Figure"},
    "perf_col_median": {"id": "Median", "en": "Median"},
    "perf_col_p95": {"id": "P95", "en": "P95"},
    "perf_col_n": {"id": "n", "en": "n"},
    "perf_col_reference": {"id": "Pembanding", "en": "Reference"},
    "perf_col_ratio": {"id": "Rasio", "en": "Ratio"},
    "perf_col_target": {"id": "Target", "en": "Target"},
    "perf_col_pass": {"id": "Lulus", "en": "Pass"},
    "perf_col_note": {"id": "Catatan", "en": "Note"},
    "perf_col_item": {"id": "Butir", "en": "Item"},
    "perf_col_value": {"id": "Nilai", "en": "Value"},
    "perf_pass": {"id": "lulus", "en": "pass"},
    "perf_fail": {"id": "GAGAL", "en": "FAIL"},
    "perf_warm": {"id": "hangat", "en": "warm"},
    "perf_cold": {"id": "dingin", "en": "cold"},
    "perf_machine_cpu": {"id": "CPU", "en": "CPU"},
    "perf_machine_cores": {"id": "Core (terpakai)", "en": "Cores (usable)"},
    "perf_machine_flags": {"id": "Instruksi CPU", "en": "CPU instructions"},
    "perf_machine_bf16": {"id": "bfloat16 di perangkat keras", "en": "bfloat16 in hardware"},
    "perf_machine_onednn": {"id": "oneDNN (TF_ENABLE_ONEDNN_OPTS)", "en": "oneDNN (TF_ENABLE_ONEDNN_OPTS)"},
    "perf_machine_python": {"id": "Python", "en": "Python"},
    "perf_machine_platform": {"id": "Platform", "en": "Platform"},
    "perf_machine_models": {"id": "Folder model", "en": "Models folder"},
    "perf_yes": {"id": "ya", "en": "yes"},
    "perf_no": {"id": "tidak", "en": "no"},
    "perf_fig_load_model_warm": {
        "id": "core.architectures.load_model, kedua model",
        "en": "core.architectures.load_model, both models",
    },
    "perf_fig_load_predictor_warm": {
        "id": "core.inference.load_predictor (muat, periksa, kompilasi, pemanasan), kedua model",
        "en": "core.inference.load_predictor (load, check, compile, warm-up), both models",
    },
    "perf_fig_load_cold": {
        "id": "proses baru: impor TensorFlow + load_predictor, kedua model",
        "en": "new process: import TensorFlow + load_predictor, both models",
    },
    "perf_fig_face_cold": {
        "id": "wajah pertama setelah dimuat di proses baru (foto: dekode + deteksi + kedua model)",
        "en": "first face after load in a new process (photo, decode + detect + both models)",
    },
    "perf_fig_gradcam_first_cold": {
        "id": "Grad-CAM pertama di proses baru (membangun Explainer + menjelaskan), kedua model",
        "en": "first Grad-CAM in a new process (Explainer build + explain), both models",
    },
    "perf_fig_face_warm": {
        "id": "satu wajah, foto JPEG {width}x{height}: dekode + deteksi + kedua model",
        "en": "one face, {width}x{height} photo JPEG: decode + detect + both models",
    },
    "perf_fig_face_crop_warm": {
        "id": "satu wajah, JPEG FER-2013 48x48: dekode + kedua model (tanpa deteksi)",
        "en": "one face, 48x48 FER-2013 JPEG: decode + both models (no detection needed)",
    },
    "perf_fig_gradcam_warm": {
        "id": "Grad-CAM + Grad-CAM++ (+ peta SE) satu wajah, kedua model",
        "en": "Grad-CAM + Grad-CAM++ (+ SE maps) of one face, both models",
    },
    "perf_fig_gradcam_cold": {
        "id": "Grad-CAM pertama setelah model dimuat (membangun Explainer + menjelaskan), kedua model",
        "en": "first Grad-CAM after the models are loaded (Explainer build + explain), both models",
    },
    "perf_fig_batch_warm": {
        "id": "core.evaluate.predict_probabilities, model optimized, {images:,} citra PrivateTest",
        "en": "core.evaluate.predict_probabilities, optimized model, {images:,} PrivateTest images",
    },
    "perf_fig_dataset_cold": {
        "id": "dekode dataset ({images:,} citra), cache kosong",
        "en": "decode the dataset ({images:,} images), empty cache",
    },
    "perf_fig_dataset_cached": {
        "id": "muat dataset ({images:,} citra) dari cache dekode",
        "en": "load the dataset ({images:,} images) from its decode cache",
    },
    "perf_fig_reports_uncached": {
        "id": "baca metrik, kartu, dan prediksi {scenarios} skenario dengan core.reports (cek manifest + parse)",
        "en": "read metrics, card and predictions of {scenarios} scenarios with core.reports (manifest check + parse)",
    },
    "perf_fig_reports_cached": {
        "id": "baca metrik, kartu, dan prediksi {scenarios} skenario lewat dashboard.cache (hit st.cache_data)",
        "en": "read metrics, card and predictions of {scenarios} scenarios through dashboard.cache (st.cache_data hit)",
    },
    "perf_fig_paint_home_cold": {
        "id": "tampilan pertama beranda (Streamlit selesai berjalan), Chromium headless, server baru, profil "
        "peramban baru",
        "en": "home page first paint (Streamlit run finished), headless Chromium, new server, new browser profile",
    },
    "perf_fig_paint_home_warm": {
        "id": "tampilan pertama beranda (Streamlit selesai berjalan), Chromium headless, server hangat, "
        "peramban yang kembali (cache HTTP tersimpan)",
        "en": "home page first paint (Streamlit run finished), headless Chromium, warm server, returning "
        "browser (HTTP cache kept)",
    },
    "perf_fig_paint_metrics_cold": {
        "id": "tampilan pertama halaman metrik (Streamlit selesai berjalan), Chromium headless, server baru, "
        "profil peramban baru",
        "en": "metrics page first paint (Streamlit run finished), headless Chromium, new server, new browser profile",
    },
    "perf_fig_paint_metrics_warm": {
        "id": "tampilan pertama halaman metrik (Streamlit selesai berjalan), Chromium headless, server "
        "hangat, peramban yang kembali (cache HTTP tersimpan)",
        "en": "metrics page first paint (Streamlit run finished), headless Chromium, warm server, returning "
        "browser (HTTP cache kept)",
    },
    "perf_fig_single_predict": {
        "id": "satu potongan wajah, model.predict, kedua model",
        "en": "one face crop, model.predict, both models",
    },
    "perf_fig_single_eager": {
        "id": "satu potongan wajah, model(x, training=False) eager, kedua model",
        "en": "one face crop, eager model(x, training=False), both models",
    },
    "perf_fig_first_call_unwarmed": {
        "id": "prediksi pertama setelah dimuat tanpa pemanasan (tf.function dilacak pada wajah pertama), kedua model",
        "en": "first prediction after load without warm-up (tf.function traced on the first face), both models",
    },
    "perf_fig_onednn_off_face": {
        "id": "satu potongan wajah, Predictor, kedua model, oneDNN mati (TF_ENABLE_ONEDNN_OPTS=0)",
        "en": "one face crop, Predictor, both models, oneDNN off (TF_ENABLE_ONEDNN_OPTS=0)",
    },
    "perf_fig_onednn_off_batch": {
        "id": "batch PublicTest ({images:,} citra), predict_probabilities, kedua model, oneDNN mati",
        "en": "PublicTest batch ({images:,} images), predict_probabilities, both models, oneDNN off",
    },
    "perf_fig_paint_home_warm_fresh": {
        "id": "tampilan pertama beranda (Streamlit selesai berjalan), Chromium headless, server hangat, "
        "profil peramban baru (tanpa cache)",
        "en": "home page first paint (Streamlit run finished), headless Chromium, warm server, new browser "
        "profile (nothing cached)",
    },
    "perf_fig_paint_metrics_warm_fresh": {
        "id": "tampilan pertama halaman metrik (Streamlit selesai berjalan), Chromium headless, server "
        "hangat, profil peramban baru (tanpa cache)",
        "en": "metrics page first paint (Streamlit run finished), headless Chromium, warm server, new browser "
        "profile (nothing cached)",
    },
    "perf_fig_bfloat16_face": {
        "id": "satu crop wajah, Predictor, kedua model, Keras mixed_bfloat16",
        "en": "one face crop, Predictor, both models, Keras mixed_bfloat16",
    },
    "perf_fig_bfloat16_batch": {
        "id": "batch PublicTest ({images:,} citra), predict_probabilities, kedua model, mixed_bfloat16",
        "en": "PublicTest batch ({images:,} images), predict_probabilities, both models, mixed_bfloat16",
    },
    "perf_fig_onnx_face": {
        "id": "satu potongan wajah, ONNX Runtime, kedua model",
        "en": "one face crop, ONNX Runtime, both models",
    },
    "perf_fig_onnx_batch": {
        "id": "{images:,} citra PrivateTest, ONNX Runtime, kedua model",
        "en": "{images:,} PrivateTest images, ONNX Runtime, both models",
    },
    "perf_about_versions": {"id": "Versi pustaka yang terpasang", "en": "Installed library versions"},
    "perf_about_versions_caption": {
        "id": "Dibaca dari metadata paket saat ini; versi saat benchmark ada di bagian Kinerja.",
        "en": "Read from the installed package metadata now; the versions at benchmark time are in Performance.",
    },
    "perf_about_library": {"id": "Pustaka", "en": "Library"},
    "perf_about_version": {"id": "Versi", "en": "Version"},
    "perf_about_reproduce": {"id": "Cara mereproduksi", "en": "How to reproduce"},
    "perf_about_reproduce_caption": {
        "id": "Dari folder repositori, berurutan: pasang, dekode data, latih kedua skenario, evaluasi, peta "
        "penjelasan, benchmark, uji, lalu jalankan dasbor.",
        "en": "From the repository folder, in order: install, decode the data, train both scenarios, evaluate, "
        "explanation maps, benchmark, tests, then run the dashboard.",
    },
    "perf_about_data": {
        "id": "Dataset FER-2013: lisensi dan sitasi",
        "en": "The FER-2013 dataset: licence and citation",
    },
    "perf_about_data_text": {
        "id": "FER-2013 berisi 35.887 wajah grayscale 48x48 berlabel 7 ekspresi, dikumpulkan lewat Google Image "
        "Search oleh Pierre-Luc Carrier dan Aaron Courville untuk *ICML 2013 Challenges in Representation "
        "Learning* dan dibagikan melalui Kaggle. Dataset ini tidak memiliki lisensi terbuka: ia disediakan untuk "
        "penelitian; periksa ketentuan Kaggle sebelum mendistribusikan ulang citranya. Pembagian resmi "
        "(Training / PublicTest / PrivateTest) dipakai apa adanya; semua angka uji dilaporkan pada PrivateTest.",
        "en": "FER-2013 holds 35,887 grayscale 48x48 faces labelled with 7 expressions, collected through Google "
        "Image Search by Pierre-Luc Carrier and Aaron Courville for the *ICML 2013 Challenges in Representation "
        "Learning* and distributed through Kaggle. It carries no open licence: it is provided for research; check "
        "Kaggle's terms before redistributing its images. The official split (Training / PublicTest / "
        "PrivateTest) is used as is; every test figure is reported on PrivateTest.",
    },
    "perf_about_cite": {"id": "Sitasi", "en": "Citations"},
    "perf_cite_vgg": {
        "id": "K. Simonyan, A. Zisserman. *Very Deep Convolutional Networks for Large-Scale Image Recognition*. "
        "ICLR 2015 (arXiv:1409.1556) — VGG16.",
        "en": "K. Simonyan, A. Zisserman. *Very Deep Convolutional Networks for Large-Scale Image Recognition*. "
        "ICLR 2015 (arXiv:1409.1556) — VGG16.",
    },
    "perf_cite_se": {
        "id": "J. Hu, L. Shen, G. Sun. *Squeeze-and-Excitation Networks*. CVPR 2018 (arXiv:1709.01507) — blok SE.",
        "en": "J. Hu, L. Shen, G. Sun. *Squeeze-and-Excitation Networks*. CVPR 2018 (arXiv:1709.01507) — the SE block.",
    },
    "perf_cite_gradcam": {
        "id": "R. R. Selvaraju dkk. *Grad-CAM: Visual Explanations from Deep Networks via Gradient-based "
        "Localization*. ICCV 2017 (arXiv:1610.02391).",
        "en": "R. R. Selvaraju et al. *Grad-CAM: Visual Explanations from Deep Networks via Gradient-based "
        "Localization*. ICCV 2017 (arXiv:1610.02391).",
    },
}
