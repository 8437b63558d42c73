"""Custom-layer code: only Python files the presenter placed in models/custom_objects/, chosen by name.

Such a file is code: importing it runs it inside the server, with the server's rights. So the app never
takes a path from a browser. It lists this one folder, refuses anything that resolves outside it (a link
to the project's own modules, a ``__main__.py``), and remembers which file each model needs in
``models/custom_objects/choices.json``, per model file, for every page, session and reload. The command
line (``--custom-objects FILE``) adopts its file into the folder the same way.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from core import paths
from core.artifacts.files import ReportError, atomic_write_json, sha256
from core.model.loading import ModelFileError

CHOICES = "choices.json"
FIX = "choose the file again on the models page, or delete it to choose none"


def choices_file() -> Path:
    return paths.custom_objects_dir() / CHOICES


def _usable(path: Path) -> bool:
    """A plain .py file directly in the folder, not a link out of it and not a module entry point."""
    folder = paths.custom_objects_dir().resolve()
    resolved = path.resolve()
    return (
        path.is_file()
        and path.suffix == ".py"
        and not path.name.startswith(("_", "."))
        and resolved.parent == folder
        and not _project_code(resolved)
    )


def _project_code(resolved: Path) -> bool:
    """Inside the project but outside its models/ folder: the project's own modules, never custom code."""
    return resolved.is_relative_to(paths.ROOT) and not resolved.is_relative_to(paths.ROOT / "models")


def available() -> list[str]:
    """The code files a presenter may choose from, by name."""
    folder = paths.custom_objects_dir()
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if _usable(p))


def path_of(name: str) -> Path:
    """The file ``name`` in the folder; ModelFileError("custom_file") for any name not listed there."""
    path = paths.custom_objects_dir() / Path(name).name
    if Path(name).name != name or name not in available():
        raise ModelFileError("custom_file", path, detail=f"not a file of {paths.custom_objects_dir()}")
    return path


def choices() -> dict[str, str]:
    """Model file name -> code file name; ReportError naming the file and the fix when it is damaged."""
    file = choices_file()
    if not file.exists():
        return {}
    try:
        data = json.loads(file.read_text())
        return {str(k): str(v) for k, v in dict(data["models"]).items()}
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ReportError(f"{file} is DAMAGED ({err}): {FIX}.", damaged=True) from err


def choice(model_file: Path) -> Path | None:
    """The code file remembered for ``model_file`` (None: none chosen, or the file left the folder)."""
    name = choices().get(Path(model_file).name)
    if name is None:
        return None
    try:
        return path_of(name)
    except ModelFileError:
        return None


def remember(model_file: Path, name: str | None) -> None:
    """Record (or with None forget) the code file of a model; only a listed name is accepted."""
    if name is not None:
        path_of(name)
    try:
        current = choices()
    except ReportError:
        current = {}
    current.pop(Path(model_file).name, None)
    if name is not None:
        current[Path(model_file).name] = name
    atomic_write_json(choices_file(), {"schema_version": 1, "models": current})


def adopt(model_file: Path, source: Path) -> str | None:
    """After a command-line run with ``--custom-objects source``: keep that file in the folder and remember it.

    Only for models in models/; a file of another content under the same name gets a new name, never a
    replacement. Returns the name remembered (None when the model lives elsewhere)."""
    model_file, source = Path(model_file), Path(source)
    if model_file.resolve().parent != paths.models_dir().resolve():
        return None
    folder = paths.custom_objects_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem, n = source.stem.lstrip("_.") or "custom", 2
    target = folder / f"{stem}.py"
    while target.exists() and target.resolve() != source.resolve() and sha256(target) != sha256(source):
        target, n = folder / f"{stem}_{n}.py", n + 1
    if not target.exists():
        shutil.copyfile(source, target)
    remember(model_file, target.name)
    return target.name
