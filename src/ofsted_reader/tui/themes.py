"""Themes are data: YAML files turned into Textual ``Theme`` objects.

The shipped themes live in ``themes/`` (packaged into the wheel as
``ofsted_reader/themes``, found with ``paths.bundled("themes")``); a user's own
go in ``paths.user_themes_dir()`` and may replace a shipped one by using its
name.  Grade colours are theme *variables* (``$grade-outstanding`` ...), with
defaults from :data:`GRADE_VARIABLE_DEFAULTS` for themes that leave them out
(Textual's own themes included).

A file that is not a valid theme is skipped and reported once, in words; the
reader then falls back to :data:`DEFAULT_THEME`.  (Approach after posting's
``themes.py``: YAML → Theme, app colours as variables.)

The files stay YAML; :class:`ParsedYaml` remembers what each one parsed to (in the
library index), so a start with unchanged theme and config files does not import
PyYAML at all.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from ofsted_reader.document import load_yaml
from ofsted_reader.index import Index
from ofsted_reader.paths import bundled, config_dir, user_themes_dir

DEFAULT_THEME = "ofsted-dark"
SHIPPED_ORDER = ("ofsted-dark", "ofsted-light", "ofsted-high-contrast", "ofsted-16")
"""How the picker lists the shipped themes (others follow by name)."""

GRADE_VARIABLE_DEFAULTS: dict[str, str] = {
    "grade-outstanding": "#3fcf8e",
    "grade-good": "#8fd46a",
    "grade-ri": "#f0b43c",
    "grade-inadequate": "#ff6b6b",
    "grade-none": "#9a9a9a",
    "rule": "#777777",
}
"""Fallbacks for the grade colours (``$grade-ri`` also colours *Adequate*) and for ``$rule``, the
lines that part things (pane borders, the heading's rule, the outline's guides, a bookmark's
mark): a grey that reads on a dark and a light background, in 16 colours too."""

_COLOUR_FIELDS = (
    "primary", "secondary", "warning", "error", "success", "accent",
    "foreground", "background", "surface", "panel", "boost",
)
_OTHER_FIELDS = {"name", "dark", "ansi", "variables", "luminosity_spread", "text_alpha", "description", "author"}


class ThemeFileError(Exception):
    """A theme file that cannot be used; ``str()`` says which and why."""


@dataclass(frozen=True)
class ThemeSource:
    """A usable theme and the file it came from (``user``: from the user's themes folder)."""

    theme: Theme
    path: Path
    user: bool
    description: str = ""


class ParsedYaml:
    """What each theme or config file parsed to, remembered in the library index.

    An entry is used while its file has the same size and modification time; any other
    file is parsed (PyYAML, imported then) and remembered.  The YAML files stay the
    source: no index, or data JSON cannot hold exactly, just means parsing them.
    """

    def __init__(self, index: Index | None) -> None:
        self.index = index

    @classmethod
    def open(cls) -> ParsedYaml:
        try:
            return cls(Index())
        except (sqlite3.Error, OSError):
            return cls(None)  # a read-only or damaged cache folder: the files are parsed

    def load(self, path: Path) -> Any:
        """The file's data; OSError if it cannot be read, another exception if it is not YAML."""
        st = path.stat()
        if self.index is not None:
            known, data = self.index.parsed(path, st)
            if known:
                return data
        data = load_yaml(path.read_bytes())
        if self.index is not None:
            self.index.remember_parsed(path, st, data)
        return data

    def close(self) -> None:
        if self.index is not None:
            self.index.forget_parsed_files_that_went()
            self.index.close()


def _load_yaml_file(path: Path, memo: ParsedYaml | None) -> Any:
    if memo is not None:
        return memo.load(path)
    return load_yaml(path.read_bytes())


def load_theme_file(path: Path, memo: ParsedYaml | None = None) -> tuple[Theme, str]:
    """The Theme a YAML file describes, and its description; ThemeFileError if it is not one."""
    try:
        data: Any = _load_yaml_file(path, memo)
    except OSError as exc:
        raise ThemeFileError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:  # not YAML
        raise ThemeFileError(f"{path.name}: {exc}") from None
    if not isinstance(data, dict):
        raise ThemeFileError(f"{path.name}: not a mapping of theme settings")
    unknown = sorted(set(map(str, data)) - set(_COLOUR_FIELDS) - _OTHER_FIELDS)
    if unknown:
        raise ThemeFileError(f"{path.name}: unknown setting(s) {', '.join(unknown)}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ThemeFileError(f"{path.name}: needs a 'name'")
    if not isinstance(data.get("primary"), str):
        raise ThemeFileError(f"{path.name}: needs a 'primary' colour")
    variables = data.get("variables") or {}
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ThemeFileError(f"{path.name}: 'variables' must map names to colour strings")
    kwargs: dict[str, Any] = {k: data[k] for k in _COLOUR_FIELDS if data.get(k) is not None}
    for key, value in kwargs.items():
        if not isinstance(value, str):
            raise ThemeFileError(f"{path.name}: '{key}' must be a colour string")
    theme = Theme(
        name=name.strip(),
        dark=bool(data.get("dark", True)),
        ansi=bool(data.get("ansi", False)),
        variables={str(k): v for k, v in variables.items()},
        **kwargs,
    )
    for key in ("luminosity_spread", "text_alpha"):
        if key in data:
            if not isinstance(data[key], (int, float)) or isinstance(data[key], bool):
                raise ThemeFileError(f"{path.name}: '{key}' must be a number")
            setattr(theme, key, float(data[key]))
    _check_colours(theme, path)
    return theme, str(data.get("description") or "")


def _check_colours(theme: Theme, path: Path) -> None:
    for key in _COLOUR_FIELDS:
        value = getattr(theme, key)
        if value is not None:
            try:
                Color.parse(value)
            except ColorParseError:
                raise ThemeFileError(f"{path.name}: '{key}' is not a colour: {value!r}") from None
    for key, value in theme.variables.items():
        if key.startswith("grade-") or key == "rule":
            try:
                Color.parse(value)
            except ColorParseError:
                raise ThemeFileError(f"{path.name}: variable '{key}' is not a colour: {value!r}") from None


def _theme_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
    except OSError:
        return []


def discover_themes(memo: ParsedYaml | None = None) -> tuple[dict[str, ThemeSource], list[str]]:
    """Shipped themes then the user's (a user theme may replace a shipped one by name).

    Returns the usable themes by name and one line per file that could not be used.
    """
    found: dict[str, ThemeSource] = {}
    problems: list[str] = []
    for folder, user in ((bundled("themes"), False), (user_themes_dir(), True)):
        for path in _theme_files(folder):
            try:
                theme, description = load_theme_file(path, memo)
            except ThemeFileError as exc:
                problems.append(str(exc))
                continue
            found[theme.name] = ThemeSource(theme, path, user, description)
    return found, problems


def configured_theme(memo: ParsedYaml | None = None) -> tuple[str | None, str | None]:
    """The ``theme:`` set in ``<config dir>/config.yaml``, and a problem to report (or None)."""
    path = config_dir() / "config.yaml"
    try:
        data = _load_yaml_file(path, memo)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"{path} cannot be read ({exc.strerror or exc})"
    except ValueError as exc:  # not YAML
        return None, f"{path} is {exc}"
    if data is None:
        return None, None
    if not isinstance(data, dict):
        return None, f"{path} is not a mapping of settings"
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        return None, f"'theme' in {path} is not a name"
    return theme, None
