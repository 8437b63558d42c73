"""Load what Keras can load: ``.keras`` archives and legacy HDF5 full models, under any file name.

A model trained elsewhere may need its own classes (an SE layer, a custom loss or metric): they
come the Keras way, from a Python file the user names (``--custom-objects thesis_layers.py``),
imported by path. Safe mode stays on. Every failure is a :class:`ModelFileError` whose ``kind``
names the real cause and whose text, in both UI languages, says how to fix it.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from core import texts

ZIP_MAGIC = b"PK\x03\x04"
HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")
KINDS = {
    "missing": ("model_error_missing", "model_fix_missing"),
    "corrupt": ("model_error_corrupt", "model_fix_corrupt"),
    "format": ("model_error_format", "model_fix_format"),
    "custom_class": ("model_error_custom_class", "model_fix_custom_class"),
    "lambda": ("model_error_lambda", "model_fix_lambda"),
    "custom_file": ("model_error_custom_file", "model_fix_custom_file"),
    "incompatible": ("model_error_incompatible", "model_fix_incompatible"),
    "card_invalid": ("model_error_card_invalid", "model_fix_card_invalid"),
    "card_shared": ("model_error_card_shared", "model_fix_card_shared"),
}
"""Every cause a model file can fail with -> the text keys of the cause and of the fix."""


class ModelFileError(ValueError):
    """A model file (or its card) cannot be used, with the cause, the file and the fix.

    ``name`` is the missing class, the refused layer or the bad field, when there is one;
    ``detail`` is Keras' own wording, for the technical expander only.
    """

    def __init__(self, kind: str, path: Path | str, name: str = "", *, detail: str = "") -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown model error kind {kind!r}")
        self.kind, self.path, self.name, self.detail = kind, Path(path), name, detail
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """Cause and fix in ``lang`` ('id' or 'en'); no Keras wording, so it reads in one language."""
        values = {"file": self.path.name, "name": self.name or "?"}
        cause, fix = KINDS[self.kind]
        return f"{texts.text(cause, lang, **values)} {texts.text(fix, lang, **values)}"


def file_format(path: Path) -> str:
    """'keras' (zip archive) or 'h5' (HDF5), read from the file's first bytes, not its name."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError("missing", path)
    with path.open("rb") as file:
        head = file.read(8)
    if head.startswith(ZIP_MAGIC):
        return "keras"
    if head.startswith(HDF5_MAGIC):
        return "h5"
    if path.suffix.lower() in MODEL_SUFFIXES:
        raise ModelFileError("corrupt", path, detail=f"first bytes {head!r} are neither a zip nor an HDF5 header")
    raise ModelFileError("format", path, detail=f"first bytes {head!r}")


def load_custom_objects(source: Path | str | None) -> dict[str, Any]:
    """Classes and functions defined in a Python file, by class name and by registered Keras name.

    Importing the file also runs its ``@keras.saving.register_keras_serializable`` decorators,
    so registered names resolve too.
    """
    if source is None or str(source) == "":
        return {}
    import keras

    path = Path(source)
    if not path.is_file() or path.suffix != ".py":
        raise ModelFileError("custom_file", path, detail="not an existing .py file")
    module_name = f"fer_custom_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as err:  # the user's code may fail in any way, exit included; say which file
        sys.modules.pop(module_name, None)
        raise ModelFileError("custom_file", path, detail=f"{type(err).__name__}: {err}") from err
    found: dict[str, Any] = {}
    for name, obj in vars(module).items():
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and getattr(obj, "__module__", "") == module_name:
            found[name] = obj
            found[keras.saving.get_registered_name(obj)] = obj
    return found


def _classify(err: Exception, path: Path) -> ModelFileError:
    """The cause behind one of the many exception types Keras raises while loading."""
    text = f"{type(err).__name__}: {err}"
    missing = re.search(r"Could not locate (?:class|function) '([^']+)'", text) or re.search(
        r"Unknown (?:layer|object|loss|metric|activation)[^:]*: '?([A-Za-z_][\w>.]*)", text
    )
    if missing:
        return ModelFileError("custom_class", path, name=missing.group(1).split(">")[-1], detail=text)
    if "Lambda" in text and ("safe_mode" in text or "arbitrary code" in text):
        return ModelFileError("lambda", path, name="Lambda", detail=text)
    return ModelFileError("corrupt", path, detail=text)


def load_model(path: Path | str, custom_objects: Path | str | dict | None = None, compile: bool = False):
    """A Keras model from ``path`` (a .keras archive or an HDF5 full model, any name), safe mode on.

    ``custom_objects`` is a Python file (see :func:`load_custom_objects`) or a ready dict.
    """
    import keras

    from core.model import layers  # noqa: F401  (registers the project's own layers: SqueezeExcite)

    path = Path(path)
    kind = file_format(path)
    objects = custom_objects if isinstance(custom_objects, dict) else load_custom_objects(custom_objects)
    suffix = ".keras" if kind == "keras" else ".h5"
    with tempfile.TemporaryDirectory() as tmp:
        target = path
        if path.suffix.lower() != suffix and not (kind == "h5" and path.suffix.lower() == ".hdf5"):
            target = Path(tmp) / f"model{suffix}"
            target.symlink_to(path.resolve())
        try:
            with keras.saving.custom_object_scope(objects):
                return keras.saving.load_model(target, custom_objects=objects, compile=compile, safe_mode=True)
        except Exception as err:  # Keras raises many types for damaged or foreign files
            raise _classify(err, path) from err


def model_files(folder: Path) -> list[Path]:
    """Model files in a folder (any name, .keras/.h5/.hdf5), sorted by name; no TensorFlow needed."""
    if not Path(folder).is_dir():
        return []
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in MODEL_SUFFIXES)
