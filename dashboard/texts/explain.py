"""Strings of the explainability page."""

TEXTS = {
    "explain_intro": {
        "id": "Mengapa model memprediksi suatu ekspresi: peta Grad-CAM kedua skenario, atensi blok SE, peta rata-rata "
        "per kelas, uji oklusi, dan uji ketahanan pada wajah yang sama.",
        "en": "Why a model predicts an expression: Grad-CAM maps of both scenarios, the SE block's attention, "
        "class-average maps, occlusion and robustness probes on the same face.",
    },
    "explain_source": {"id": "Sumber gambar", "en": "Image source"},
    "explain_source_sent": {"id": "Dikirim dari halaman lain", "en": "Sent from another page"},
    "explain_source_test": {"id": "Sampel PrivateTest", "en": "PrivateTest sample"},
    "explain_source_upload": {"id": "Unggah potongan wajah", "en": "Upload a face crop"},
    "explain_sent_origin": {"id": "Dari: {origin}", "en": "From: {origin}"},
    "explain_class_filter": {"id": "Kelas sebenarnya", "en": "True class"},
    "explain_all_classes": {"id": "Semua kelas", "en": "All classes"},
    "explain_sample_index": {"id": "Nomor sampel (0-{last})", "en": "Sample number (0-{last})"},
    "explain_upload": {"id": "Potongan wajah (PNG, JPG, BMP, WEBP)", "en": "Face crop (PNG, JPG, BMP, WEBP)"},
    "explain_upload_help": {
        "id": "Unggah wajah yang sudah dipotong dan tegak seperti FER-2013. Untuk foto utuh gunakan Prediksi Langsung, "
        "lalu tombol 'Jelaskan' pada wajah yang terdeteksi.",
        "en": "Upload a cropped, upright face like FER-2013's. For a whole photo use Live prediction and then the "
        "'Explain' button on a detected face.",
    },
    "explain_bad_image": {
        "id": "Berkas ini tidak dapat dibaca sebagai gambar: {error}",
        "en": "This file cannot be read as an image: {error}",
    },
    "explain_pick_image": {
        "id": "Pilih atau unggah gambar untuk dijelaskan.",
        "en": "Pick or upload an image to explain.",
    },
    "explain_image_caption": {"id": "Label sebenarnya: {label}", "en": "True label: {label}"},
    "explain_image_unlabelled": {"id": "Label sebenarnya tidak diketahui", "en": "True label unknown"},
    "explain_panel": {"id": "Tampilan", "en": "View"},
    "explain_panel_gradcam": {"id": "Grad-CAM", "en": "Grad-CAM"},
    "explain_panel_se": {"id": "Atensi SE", "en": "SE attention"},
    "explain_panel_classes": {"id": "Rata-rata per kelas", "en": "Class averages"},
    "explain_panel_occlusion": {"id": "Oklusi", "en": "Occlusion"},
    "explain_panel_probes": {"id": "Uji ketahanan", "en": "Robustness probes"},
    "explain_no_models": {
        "id": "Belum ada model di {folder}. Tampilan ini menjalankan model; latih keduanya dengan:",
        "en": "No models in {folder} yet. This view runs the models; train both with:",
    },
    "explain_model_error": {
        "id": "{scenario} tidak dapat dimuat: {error}",
        "en": "{scenario} cannot be loaded: {error}",
    },
    "explain_computing": {"id": "Menjalankan model...", "en": "Running the models..."},
    "explain_method": {"id": "Metode", "en": "Method"},
    "explain_method_gradcam": {"id": "Grad-CAM", "en": "Grad-CAM"},
    "explain_method_gradcam++": {"id": "Grad-CAM++", "en": "Grad-CAM++"},
    "explain_layer": {"id": "Lapisan konvolusi", "en": "Convolution layer"},
    "explain_layer_help": {
        "id": "Pada input 48x48 peta block5 hanya 3x3 sel; block4_conv3 memberi peta 6x6 yang lebih rinci.",
        "en": "At 48x48 input the block-5 map is only 3x3 cells; block4_conv3 gives a finer 6x6 map.",
    },
    "explain_target": {"id": "Kelas yang dijelaskan", "en": "Class to explain"},
    "explain_target_predicted": {"id": "Kelas prediksi", "en": "Predicted class"},
    "explain_opacity": {"id": "Opasitas peta", "en": "Map opacity"},
    "explain_bands": {"id": "Tampilkan pita mata dan mulut", "en": "Show eye and mouth bands"},
    "explain_bands_help": {
        "id": "Pita tetap pada potongan 48x48 yang sejajar (tanpa landmark): mata baris 12-23, mulut baris 32-43.",
        "en": "Fixed bands of the aligned 48x48 crop (no landmarks): eyes rows 12-23, mouth rows 32-43.",
    },
    "explain_band_eyes": {"id": "mata", "en": "eyes"},
    "explain_band_mouth": {"id": "mulut", "en": "mouth"},
    "explain_attention": {"id": "atensi", "en": "attention"},
    "explain_prediction": {"id": "Prediksi: **{label}** ({p:.1%})", "en": "Prediction: **{label}** ({p:.1%})"},
    "explain_target_caption": {
        "id": "Peta menjelaskan **{label}** (p = {p:.1%})",
        "en": "The map explains **{label}** (p = {p:.1%})",
    },
    "explain_single_pass": {
        "id": "Peta ini menjelaskan satu lintasan model pada wajah apa adanya; halaman Prediksi merata-ratakannya "
        "dengan citra cerminnya, sehingga probabilitas di sana bisa sedikit berbeda.",
        "en": "This map explains one pass of the model over the face as shown; the Prediction page averages it "
        "with the mirror image, so its probabilities there can differ slightly.",
    },
    "explain_map_title": {"id": "{method} · {layer}", "en": "{method} · {layer}"},
    "explain_empty_map": {
        "id": "Tidak ada bukti positif untuk kelas ini pada lapisan ini (peta bernilai nol).",
        "en": "No positive evidence for this class at this layer (the map is zero).",
    },
    "explain_timing": {
        "id": "Dihitung dalam {ms:.0f} ms untuk {n} model (satu lintasan maju dan mundur per model).",
        "en": "Computed in {ms:.0f} ms for {n} model(s) (one forward and backward pass per model).",
    },
    "explain_no_se": {
        "id": "{scenario} tidak memiliki blok Squeeze-and-Excitation, jadi tidak ada atensi kanal untuk ditampilkan.",
        "en": "{scenario} has no Squeeze-and-Excitation block, so there is no channel attention to show.",
    },
    "explain_top_channels": {"id": "Kanal teratas yang disorot", "en": "Top channels highlighted"},
    "explain_channel": {"id": "kanal", "en": "channel"},
    "explain_weight": {"id": "bobot eksitasi", "en": "excitation weight"},
    "explain_excitation_title": {
        "id": "Bobot eksitasi SE gambar ini (diurutkan)",
        "en": "SE excitation weights of this image (sorted)",
    },
    "explain_se_before": {
        "id": "Peta fitur sebelum SE (rata-rata kanal)",
        "en": "Feature map before SE (channel mean)",
    },
    "explain_se_after": {"id": "Setelah pembobotan SE", "en": "After SE weighting"},
    "explain_se_maps_caption": {
        "id": "Kiri: rata-rata kanal masukan blok SE; kanan: rata-rata yang sama setelah tiap kanal dikalikan bobot "
        "eksitasinya. Perbedaannya adalah efek blok SE di ruang gambar.",
        "en": "Left: the channel mean of the SE block's input; right: the same mean after each channel is multiplied "
        "by its excitation weight. The difference is the SE block's effect in image space.",
    },
    "explain_profiles_title": {
        "id": "Profil eksitasi rata-rata per kelas (PrivateTest)",
        "en": "Mean excitation profile per class (PrivateTest)",
    },
    "explain_profiles_centered": {
        "id": "Tampilkan selisih dari rata-rata semua kelas",
        "en": "Show the difference from the all-class mean",
    },
    "explain_profiles_value": {"id": "eksitasi", "en": "excitation"},
    "explain_profiles_caption": {
        "id": "Kanal diurutkan dengan pengelompokan hierarkis (average linkage) atas profil per kelasnya.",
        "en": "Channels ordered by hierarchical clustering (average linkage) of their per-class profiles.",
    },
    "explain_no_profiles": {
        "id": "Laporan rata-rata kelas {scenario} tidak memuat profil eksitasi (model tanpa blok SE).",
        "en": "The class-average report of {scenario} has no excitation profiles (model without an SE block).",
    },
    "explain_classes_intro": {
        "id": "Peta Grad-CAM rata-rata per kelas sebenarnya di atas wajah rata-rata kelas itu, dihitung sekali atas "
        "PrivateTest (tanpa menjalankan model di sini).",
        "en": "Mean Grad-CAM map per true class over that class' mean face, computed once over PrivateTest "
        "(no model runs here).",
    },
    "explain_classes_meta": {
        "id": "{scenario}: {images} gambar, peta untuk kelas {target}, dibuat {created}.",
        "en": "{scenario}: {images} images, maps of the {target} class, created {created}.",
    },
    "explain_target_true": {"id": "sebenarnya", "en": "true"},
    "explain_target_predicted_short": {"id": "prediksi", "en": "predicted"},
    "explain_limited": {
        "id": "{scenario}: laporan uji cepat (--limit {limit} per kelas), bukan seluruh PrivateTest.",
        "en": "{scenario}: a quick-run report (--limit {limit} per class), not the whole PrivateTest.",
    },
    "explain_no_common_layer": {
        "id": "Laporan skenario tidak memiliki lapisan yang sama; ditampilkan per skenario.",
        "en": "The scenarios' reports share no layer; shown per scenario.",
    },
    "explain_shares_title": {
        "id": "Porsi massa peta di pita mata dan mulut",
        "en": "Share of heatmap mass in the eye and mouth bands",
    },
    "explain_share": {"id": "porsi massa", "en": "mass share"},
    "explain_uniform": {"id": "sebaran merata", "en": "even spread"},
    "explain_shares_caption": {
        "id": "Proksi tanpa landmark: pita baris tetap pada potongan 48x48 (mata 12-23, mulut 32-43). "
        "Garis putus-putus = porsi bila peta tersebar merata (25%). Batang galat = galat baku rata-rata.",
        "en": "A landmark-free proxy: fixed row bands of the 48x48 crop (eyes 12-23, mouth 32-43). Dashed line = the "
        "share of an evenly spread map (25%). Error bars = standard error of the mean.",
    },
    "explain_classes_missing": {
        "id": "Peta rata-rata kelas belum dihitung. Setelah model dan laporan evaluasi tersedia, jalankan:",
        "en": "Class-average maps have not been computed yet. Once the models and evaluation reports exist, run:",
    },
    "explain_patch": {"id": "Ukuran tambalan (piksel)", "en": "Patch size (pixels)"},
    "explain_stride": {"id": "Langkah (piksel)", "en": "Stride (pixels)"},
    "explain_drop": {"id": "penurunan p", "en": "drop in p"},
    "explain_occlusion_title": {"id": "Penurunan p({label}) saat ditutup", "en": "Drop of p({label}) when covered"},
    "explain_occlusion_caption": {
        "id": "Tambalan abu-abu (rata-rata kecerahan gambar) digeser di atas wajah; {patches} posisi dinilai dalam "
        "satu batch per model. Merah: menutup area itu menurunkan probabilitas kelas prediksi; "
        "biru: menaikkannya.",
        "en": "A grey patch (the image's mean brightness) slides over the face; {patches} positions scored in one "
        "batch per model. Red: covering that area lowers the predicted class' probability; blue: raises it.",
    },
    "explain_probe_mask_eyes": {"id": "Tutup pita mata", "en": "Mask the eye band"},
    "explain_probe_mask_mouth": {"id": "Tutup pita mulut", "en": "Mask the mouth band"},
    "explain_probe_brightness": {"id": "Kecerahan (faktor)", "en": "Brightness (factor)"},
    "explain_probe_blur": {"id": "Buram (sigma, piksel 48x48)", "en": "Blur (sigma, 48x48 pixels)"},
    "explain_probe_rotation": {"id": "Rotasi (derajat)", "en": "Rotation (degrees)"},
    "explain_probe_shift_x": {
        "id": "Geser potongan horizontal (bagian lebar)",
        "en": "Crop shift, horizontal (fraction of width)",
    },
    "explain_probe_shift_y": {
        "id": "Geser potongan vertikal (bagian tinggi)",
        "en": "Crop shift, vertical (fraction of height)",
    },
    "explain_probe_reset": {"id": "Atur ulang", "en": "Reset"},
    "explain_probe_original": {"id": "Asli", "en": "Original"},
    "explain_probe_probed": {"id": "Setelah diuji", "en": "Probed"},
    "explain_probe_title": {
        "id": "Probabilitas kedua model pada gambar yang diuji",
        "en": "Both models' probabilities on the probed image",
    },
    "explain_probability": {"id": "probabilitas", "en": "probability"},
    "explain_probe_original_marker": {"id": "tanpa uji", "en": "unprobed"},
    "explain_probe_change": {
        "id": "{scenario}: {before} ({p0:.1%}) → **{after}** ({p1:.1%})",
        "en": "{scenario}: {before} ({p0:.1%}) → **{after}** ({p1:.1%})",
    },
    "explain_probe_timing": {
        "id": "Kedua gambar dinilai oleh {n} model dalam {ms:.0f} ms.",
        "en": "Both images scored by {n} model(s) in {ms:.0f} ms.",
    },
    "explain_probe_caption": {
        "id": "Perubahan diterapkan pada gambar sebelum jalur prapemrosesan yang sama dengan pelatihan. "
        "Pita mata/mulut diisi abu-abu rata-rata gambar.",
        "en": "Changes are applied to the image before the same preprocessing path as training. The eye/mouth band "
        "is filled with the image's mean grey.",
    },
}
