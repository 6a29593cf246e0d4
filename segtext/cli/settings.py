"""Project configuration: ``[tool.segtext]`` in ``pyproject.toml``, or a ``segtext.toml``.

Found as ruff finds its own: from the current directory upwards, the first
directory with a ``segtext.toml`` (whose top level is the table) or a
``pyproject.toml`` that has a ``[tool.segtext]`` table; ``--config FILE``
names the file instead, ``--isolated`` reads none. Options given on the
command line take precedence over the file. Keys::

    [tool.segtext]
    threshold = 1.5                  # --threshold
    lexicons = ["spam/extra.tsv"]    # --lexicon, each
    exclusions = "spam/innocent.txt" # --exclusions
    model = "spam/my-model.tsv"      # --model (python -m segtext.spam.fit)
    user-dicts = ["dicts/words.txt"] # --user-dict, each (segment)

Paths are relative to the directory of the file that names them. A key that
is unknown, of the wrong type, or a file that does not exist is an error
naming the key and the configuration file (exit 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segtext.errors import SegtextError

#: The keys of the table, and the option each stands for.
KEYS = {
    "threshold": "--threshold",
    "lexicons": "--lexicon",
    "exclusions": "--exclusions",
    "model": "--model",
    "user-dicts": "--user-dict",
}


@dataclass(frozen=True, slots=True)
class Settings:
    """The values of a project configuration file (None or empty: not set there)."""

    path: Path | None = None
    threshold: float | None = None
    lexicons: tuple[str, ...] = ()
    exclusions: str | None = None
    model: str | None = None
    user_dicts: tuple[str, ...] = ()


def find(start: Path) -> Path | None:
    """The configuration file that applies in ``start``: the nearest one upwards."""
    start = start.resolve()
    for folder in (start, *start.parents):
        own = folder / "segtext.toml"
        if own.is_file():
            return own
        project = folder / "pyproject.toml"
        # Most pyproject.toml files have no such table: a look at the bytes
        # spares parsing them on every start of the command.
        mentioned = project.is_file() and b"segtext" in _bytes(project)
        if mentioned and "segtext" in _read(project).get("tool", {}):
            return project
    return None


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # noqa: PLC0415 - only when there is a file to read

    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except OSError as exc:
        raise SegtextError(f"{path}: cannot read the configuration ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SegtextError(f"{path}: not valid TOML ({exc})") from None


def _table(path: Path) -> dict[str, Any]:
    data = _read(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("segtext", {})
        if not isinstance(table, dict):
            raise SegtextError(f"{path}: [tool.segtext] must be a table")
        return table
    return data


def _file(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise SegtextError(f"{path}: {key} must be a file name (a string), not {value!r}")
    target = (path.parent / value).resolve()
    if not target.is_file():
        raise SegtextError(f"{path}: {key}: {target}: no such file; check the path")
    return str(target)


def _files(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise SegtextError(f"{path}: {key} must be a list of file names, not {value!r}")
    return tuple(_file(path, key, v) for v in value)


def load(path: Path) -> Settings:
    """Read and check one configuration file."""
    table = _table(path)
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        known = ", ".join(KEYS)
        raise SegtextError(f"{path}: unknown key {unknown[0]!r} (known: {known})")
    threshold = table.get("threshold")
    if threshold is not None and (
        isinstance(threshold, bool) or not isinstance(threshold, (int, float))
    ):
        raise SegtextError(f"{path}: threshold must be a number, not {threshold!r}")
    exclusions = table.get("exclusions")
    model = table.get("model")
    return Settings(
        path=path,
        threshold=None if threshold is None else float(threshold),
        lexicons=_files(path, "lexicons", table.get("lexicons", [])),
        exclusions=None if exclusions is None else _file(path, "exclusions", exclusions),
        model=None if model is None else _file(path, "model", model),
        user_dicts=_files(path, "user-dicts", table.get("user-dicts", [])),
    )


def settings_for(config: str | None, isolated: bool, cwd: Path) -> Settings:
    """The settings a run uses: ``--config``'s file, none with ``--isolated``, else found."""
    if isolated:
        return Settings()
    path = Path(config) if config else find(cwd)
    return load(path) if path is not None else Settings()
