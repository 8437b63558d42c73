"""Strings of the live prediction page."""

TEXTS = {
    "prediction_intro": {
        "id": "Unggah foto atau ambil gambar dengan kamera. Wajah dideteksi dengan Haar cascade OpenCV, lalu setiap "
        "wajah diklasifikasikan oleh kedua skenario secara berdampingan. Model dilatih pada wajah FER-2013 "
        "48x48 skala abu-abu yang sebagian besar menghadap depan.",
        "en": "Upload photos or take one with the camera. Faces are detected with OpenCV's Haar cascade, then each "
        "face is classified by both scenarios side by side. The models were trained on 48x48 grayscale "
        "FER-2013 faces, mostly frontal.",
    },
    "prediction_upload": {"id": "Unggah satu atau beberapa gambar", "en": "Upload one or several images"},
    "prediction_upload_help": {
        "id": "JPEG, PNG, BMP, GIF, WebP atau TIFF. Gambar 48x48 (mis. dari FER-2013) langsung diklasifikasikan "
        "sebagai potongan wajah.",
        "en": "JPEG, PNG, BMP, GIF, WebP or TIFF. A 48x48 image (e.g. from FER-2013) is classified directly as a "
        "face crop.",
    },
    "prediction_camera_toggle": {"id": "Gunakan kamera", "en": "Use the camera"},
    "prediction_camera": {"id": "Ambil foto", "en": "Take a photo"},
    "prediction_camera_name": {"id": "Foto kamera", "en": "Camera photo"},
    "prediction_examples": {"id": "Contoh dari PrivateTest", "en": "PrivateTest examples"},
    "prediction_examples_help": {
        "id": "Satu gambar per kelas dari data uji PrivateTest; label aslinya diketahui.",
        "en": "One image per class from the PrivateTest split; its true label is known.",
    },
    "prediction_try": {"id": "Coba", "en": "Try"},
    "prediction_clear_example": {"id": "Hapus contoh", "en": "Remove example"},
    "prediction_no_examples": {
        "id": "Contoh belum tersedia. Jalankan `python -m core.evaluate` (menulis reports/test_images_private.npz) "
        "atau letakkan dataset FER-2013 di {folder} (atau atur FER_DATA_DIR).",
        "en": "No examples yet. Run `python -m core.evaluate` (it writes reports/test_images_private.npz) or put "
        "the FER-2013 dataset in {folder} (or set FER_DATA_DIR).",
    },
    "prediction_example_name": {"id": "{file} (label asli: {label})", "en": "{file} (true label: {label})"},
    "prediction_empty": {
        "id": "Unggah gambar, ambil foto, atau pilih contoh untuk memulai.",
        "en": "Upload an image, take a photo or pick an example to start.",
    },
    "prediction_model_missing": {
        "id": "{scenario}: berkas model {file} tidak ada. Latih dengan `python -m core.train --scenario {name}`, "
        "lalu jalankan `python -m core.evaluate`.",
        "en": "{scenario}: model file {file} is missing. Train it with `python -m core.train --scenario {name}`, "
        "then run `python -m core.evaluate`.",
    },
    "prediction_model_broken": {
        "id": "{scenario}: berkas model {file} tidak dapat dipakai ({detail}). Latih ulang dengan "
        "`python -m core.train --scenario {name}`, lalu jalankan `python -m core.evaluate`.",
        "en": "{scenario}: model file {file} cannot be used ({detail}). Retrain it with "
        "`python -m core.train --scenario {name}`, then run `python -m core.evaluate`.",
    },
    "prediction_model_unavailable": {"id": "Model tidak tersedia.", "en": "Model not available."},
    "prediction_loading": {"id": "Memuat model {scenario}...", "en": "Loading the {scenario} model..."},
    "prediction_bad_image": {
        "id": "{name} tidak dapat dibaca sebagai gambar: {detail}. Unggah berkas JPEG atau PNG yang utuh.",
        "en": "{name} cannot be read as an image: {detail}. Upload an intact JPEG or PNG file.",
    },
    "prediction_no_face": {
        "id": "Tidak ada wajah yang terdeteksi pada {name}.",
        "en": "No face was detected in {name}.",
    },
    "prediction_whole_image": {
        "id": "Klasifikasikan seluruh gambar sebagai potongan wajah",
        "en": "Classify the whole image as a face crop",
    },
    "prediction_faces_found": {"id": "{n} wajah terdeteksi.", "en": "{n} face(s) detected."},
    "prediction_too_many": {
        "id": "{found} wajah terdeteksi; hanya {shown} wajah terbesar yang diklasifikasikan.",
        "en": "{found} faces detected; only the {shown} largest are classified.",
    },
    "prediction_whole_note": {
        "id": "Seluruh gambar ({width}x{height}) diklasifikasikan sebagai satu potongan wajah.",
        "en": "The whole image ({width}x{height}) is classified as one face crop.",
    },
    "prediction_face": {"id": "Wajah {n}", "en": "Face {n}"},
    "prediction_predicted": {"id": "Prediksi", "en": "Predicted"},
    "prediction_confidence": {"id": "Keyakinan {value:.1%}", "en": "Confidence {value:.1%}"},
    "prediction_time": {"id": "Waktu inferensi {ms:.1f} ms per wajah", "en": "Inference time {ms:.1f} ms per face"},
    "prediction_flip": {"id": "rata-rata dengan citra cermin", "en": "averaged with the mirror image"},
    "prediction_flip_help": {
        "id": "Model ini memprediksi wajah dan citra cerminnya (flip horizontal) lalu merata-ratakan probabilitasnya; "
        "pilihan ini diambil pada PublicTest dan tercatat di kartu model (test_time_flip).",
        "en": "This model predicts the face and its mirror image (horizontal flip) and averages the probabilities; "
        "the choice was made on PublicTest and is recorded in the model card (test_time_flip).",
    },
    "prediction_probability": {"id": "Probabilitas", "en": "Probability"},
    "prediction_explain": {"id": "Jelaskan", "en": "Explain"},
    "prediction_explain_help": {
        "id": "Buka halaman Penjelasan Model (Grad-CAM, atensi SE) untuk wajah ini.",
        "en": "Open the Explainability page (Grad-CAM, SE attention) for this face.",
    },
    "prediction_agree": {"id": "Kedua skenario sepakat.", "en": "Both scenarios agree."},
    "prediction_disagree": {"id": "Kedua skenario berbeda pendapat.", "en": "The scenarios disagree."},
}
