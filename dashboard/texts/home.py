"""Strings of the home page (streamlit_app.py) and of the report summaries it shares with other pages."""

TEXTS = {
    "home_thesis_title": {
        "id": "Klasifikasi Ekspresi Wajah Menggunakan Transfer Learning Berbasis DeepFace Terintegrasi CNN",
        "en": "Klasifikasi Ekspresi Wajah Menggunakan Transfer Learning Berbasis DeepFace Terintegrasi CNN",
    },
    "home_thesis_subtitle": {
        "id": "Skripsi · demo interaktif dua skenario VGG16 pada FER-2013 (7 ekspresi)",
        "en": "Undergraduate thesis · interactive demo of two VGG16 scenarios on FER-2013 (7 expressions) — "
        "title in English: Facial Expression Classification Using DeepFace-Based Transfer Learning Integrated "
        "with a CNN",
    },
    "home_identity": {
        "id": "**Qoid Rif'at** · NIM 210411100160 · Universitas Trunojoyo Madura  \n"
        "Dosen pembimbing: Prof. Dr. Arif Muntasa, S.Si., M.T. dan Fifin Ayu Mufarroha, M.Kom.",
        "en": "**Qoid Rif'at** · student ID (NIM) 210411100160 · Universitas Trunojoyo Madura  \n"
        "Supervisors: Prof. Dr. Arif Muntasa, S.Si., M.T. and Fifin Ayu Mufarroha, M.Kom.",
    },
    "home_scenarios": {"id": "Skenario yang dibandingkan", "en": "The scenarios compared"},
    "home_scenarios_source_card": {
        "id": "Resep diambil dari kartu model tiap skenario.",
        "en": "Recipe taken from each scenario's model card.",
    },
    "home_scenarios_source_design": {
        "id": "Belum ada kartu model: resep menurut rancangan penelitian (DESIGN.md).",
        "en": "No model card yet: recipe as designed for the study (DESIGN.md).",
    },
    "home_recipe_backbone": {"id": "Backbone", "en": "Backbone"},
    "home_recipe_trainable_backbone": {"id": "Lapisan backbone yang dilatih", "en": "Trainable backbone layers"},
    "home_recipe_head_warmup_epochs": {
        "id": "Epoch pemanasan head (backbone dibekukan)",
        "en": "Head warm-up epochs (backbone frozen)",
    },
    "home_recipe_squeeze_excitation": {"id": "Blok Squeeze-and-Excitation", "en": "Squeeze-and-Excitation block"},
    "home_recipe_augmentation": {"id": "Augmentasi geometris", "en": "Geometric augmentation"},
    "home_recipe_class_weights": {"id": "Bobot kelas", "en": "Class weights"},
    "home_recipe_label_smoothing": {"id": "Label smoothing", "en": "Label smoothing"},
    "home_yes": {"id": "ya", "en": "yes"},
    "home_no": {"id": "tidak", "en": "no"},
    "home_none": {"id": "tidak ada", "en": "none"},
    "home_aspect": {"id": "Aspek", "en": "Aspect"},
    "home_headline": {"id": "Hasil utama pada PrivateTest", "en": "Headline results on PrivateTest"},
    "home_headline_caption": {
        "id": "Dihitung dari prediksi tersimpan pada {split} (n = {n:,} citra). Selisih = skenario 2 − skenario 1.",
        "en": "Computed from the stored predictions on {split} (n = {n:,} images). Difference = scenario 2 − "
        "scenario 1.",
    },
    "home_vs_first": {"id": "vs skenario 1", "en": "vs scenario 1"},
    "home_provenance": {"id": "Asal-usul model", "en": "Model provenance"},
    "home_init_imagenet": {
        "id": "**{scenario}**: backbone VGG16 diinisialisasi dari bobot ImageNet, seperti dalam skripsi.",
        "en": "**{scenario}**: VGG16 backbone initialised from ImageNet weights, as in the thesis.",
    },
    "home_init_random": {
        "id": "**{scenario}**: backbone VGG16 **tidak** diinisialisasi dari ImageNet (bobot acak ber-seed), jadi "
        "angkanya tidak mewakili VGG16 pralatih ImageNet seperti dalam skripsi.",
        "en": "**{scenario}**: VGG16 backbone **not** initialised from ImageNet (seeded random weights), so its "
        "figures do not represent the ImageNet-pretrained VGG16 of the thesis.",
    },
    "home_init_selfsupervised": {
        "id": "**{scenario}**: backbone VGG16 **tidak** diinisialisasi dari ImageNet (bobotnya tidak tersedia "
        "offline). Sebagai gantinya backbone dipralatih di sini tanpa label emosi (tugas swa-supervisi: menebak "
        "rotasi citra latih), lalu dipakai kedua skenario persis seperti bobot ImageNet. Angkanya tidak mewakili "
        "VGG16 pralatih ImageNet seperti dalam skripsi.",
        "en": "**{scenario}**: VGG16 backbone **not** initialised from ImageNet (the weights were unavailable "
        "offline). Instead the backbone was pretrained here without emotion labels (a self-supervised task: "
        "predicting the rotation of the training images), then used by both scenarios exactly as ImageNet "
        "weights would be. Its figures do not represent the ImageNet-pretrained VGG16 of the thesis.",
    },
    "home_init_unknown": {
        "id": "**{scenario}**: asal bobot backbone tidak tercatat.",
        "en": "**{scenario}**: the backbone's initial weights are not recorded.",
    },
    "home_init_file": {
        "id": "**{scenario}**: backbone VGG16 diinisialisasi dari berkas bobot `{file}`.",
        "en": "**{scenario}**: VGG16 backbone initialised from the weights file `{file}`.",
    },
    "home_provenance_facts": {
        "id": "Berkas `{file}` · input {shape} · {epochs} epoch (terbaik: {best}) · {images} citra latih · "
        "sidik data `{fingerprint}`",
        "en": "File `{file}` · input {shape} · {epochs} epochs (best: {best}) · {images} training images · "
        "data fingerprint `{fingerprint}`",
    },
    "home_flip": {
        "id": "Prediksi = rata-rata probabilitas wajah dan cerminnya (flip horizontal), dipilih pada PublicTest: "
        "akurasi {single:.2%} tanpa cermin, {flip:.2%} dengan rata-rata cermin.",
        "en": "Predictions = mean probabilities of the face and its mirror image (horizontal flip), chosen on "
        "PublicTest: accuracy {single:.2%} single pass, {flip:.2%} flip-averaged.",
    },
    "home_unknown": {"id": "tidak diketahui", "en": "unknown"},
    "home_can_cannot": {
        "id": "Apa yang bisa dan tidak bisa dilakukan model ini",
        "en": "What these models can and cannot do",
    },
    "home_can_input": {
        "id": "Dilatih dan diuji pada potongan wajah **grayscale {size}** dari FER-2013, sebagian besar wajah "
        "frontal. Foto lain dipotong ke wajah dan diubah ke format itu terlebih dahulu.",
        "en": "Trained and tested on **{size} grayscale** FER-2013 face crops, mostly frontal faces. Other photos "
        "are cropped to the face and converted to that format first.",
    },
    "home_can_accuracy": {
        "id": "**{scenario}**: akurasi terukur {accuracy:.1%} pada {n:,} citra uji; paling baik mengenali "
        "**{best}** (recall {best_recall:.0%}), paling lemah **{worst}** (recall {worst_recall:.0%}).",
        "en": "**{scenario}**: measured accuracy {accuracy:.1%} on {n:,} test images; best at **{best}** "
        "(recall {best_recall:.0%}), weakest at **{worst}** (recall {worst_recall:.0%}).",
    },
    "home_can_confused": {
        "id": "Paling sering tertukar ({scenario}): {pairs}.",
        "en": "Most often confused ({scenario}): {pairs}.",
    },
    "home_confused_pair": {
        "id": "{true} → {pred} ({count} citra, {share:.0%} dari {true})",
        "en": "{true} → {pred} ({count} images, {share:.0%} of {true})",
    },
    "home_cannot": {
        "id": "Tidak diuji pada wajah menyamping, tertutup (masker, tangan), cahaya buruk, atau ekspresi "
        "campuran; FER-2013 memberi satu label per wajah dan sebagian labelnya keliru. Jangan gunakan model ini "
        "untuk menilai orang sungguhan.",
        "en": "Not tested on profile views, occluded faces (masks, hands), poor lighting or mixed expressions; "
        "FER-2013 gives one label per face and some of its labels are wrong. Do not use these models to judge "
        "real people.",
    },
    "home_pages": {"id": "Halaman", "en": "Pages"},
    "home_page_prediction": {
        "id": "unggah foto atau gunakan kamera; kedua model berdampingan",
        "en": "upload a photo or use the camera; both models side by side",
    },
    "home_page_metrics": {
        "id": "akurasi, F1, matriks kebingungan, metrik per kelas",
        "en": "accuracy, F1, confusion matrices, per-class metrics",
    },
    "home_page_comparison": {
        "id": "uji signifikansi, interval kepercayaan, kalibrasi, label bermasalah",
        "en": "significance tests, confidence intervals, calibration, label issues",
    },
    "home_page_training": {
        "id": "loss dan akurasi per epoch, learning rate, konfigurasi",
        "en": "loss and accuracy per epoch, learning rate, configuration",
    },
    "home_page_explorer": {
        "id": "galeri citra uji yang salah diklasifikasi",
        "en": "gallery of misclassified test images",
    },
    "home_page_explain": {"id": "Grad-CAM dan atensi SE", "en": "Grad-CAM and SE attention"},
    "home_page_performance": {"id": "kecepatan inferensi dan lingkungan", "en": "inference speed and environment"},
    "home_academic": {"id": "Penggunaan akademik dan sitasi", "en": "Academic use and citation"},
    "home_academic_note": {
        "id": "Demo ini dibuat untuk keperluan akademik (penelitian skripsi) dan bukan produk untuk menilai emosi "
        "orang sungguhan. Bila menggunakan demo, model, atau hasilnya, mohon sitasi:",
        "en": "This demo was made for academic purposes (thesis research) and is not a product for judging real "
        "people's emotions. If you use the demo, its models or its results, please cite:",
    },
    "home_cite_thesis": {
        "id": "Qoid Rif'at. *Klasifikasi Ekspresi Wajah Menggunakan Transfer Learning Berbasis DeepFace Terintegrasi "
        "CNN*. Skripsi, Universitas Trunojoyo Madura.",
        "en": "Qoid Rif'at. *Klasifikasi Ekspresi Wajah Menggunakan Transfer Learning Berbasis DeepFace Terintegrasi "
        "CNN* (undergraduate thesis). Universitas Trunojoyo Madura.",
    },
    "home_cite_fer": {
        "id": "I. J. Goodfellow dkk. *Challenges in Representation Learning: A report on three machine learning "
        "contests*. ICONIP 2013 (arXiv:1307.0414) — dataset FER-2013, hanya untuk penelitian.",
        "en": "I. J. Goodfellow et al. *Challenges in Representation Learning: A report on three machine learning "
        "contests*. ICONIP 2013 (arXiv:1307.0414) — the FER-2013 dataset, for research use.",
    },
    "summary_accuracy": {"id": "Akurasi", "en": "Accuracy"},
    "summary_macro_f1": {"id": "F1 makro", "en": "Macro F1"},
    "summary_weighted_f1": {"id": "F1 tertimbang", "en": "Weighted F1"},
    "summary_top2_accuracy": {"id": "Akurasi top-2", "en": "Top-2 accuracy"},
    "summary_log_loss": {"id": "Log loss", "en": "Log loss"},
    "summary_ece": {"id": "ECE (kalibrasi)", "en": "ECE (calibration)"},
    "summary_difference": {"id": "Selisih (S2 − S1)", "en": "Difference (S2 − S1)"},
    "summary_metric": {"id": "Metrik", "en": "Metric"},
}
