"""Your own keys: ``keymap.yaml`` in the config folder maps a binding's id to the keys you want.

    # ~/.config/ofsted-reader/keymap.yaml
    reader.search: ctrl+f,slash
    reader.toggle-sidebar: f9

Every key the reader, the library and their dialogs answer to has an id (``?`` lists
the keys; the README lists the ids).  The grade hotkeys are not rebound: they are the
keys ``ofsted-reader grades`` prints.  A file that cannot be used, or an id that is no
binding's, is reported once in the app, and the other entries still apply.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from textual.binding import Binding, InvalidBinding

from ofsted_reader.paths import config_dir

if TYPE_CHECKING:
    from ofsted_reader.tui.themes import ParsedYaml


def keymap_path() -> Path:
    return config_dir() / "keymap.yaml"


def load_keymap(memo: ParsedYaml) -> tuple[dict[str, str], list[str]]:
    """The keymap (binding id → keys, in Textual's key names) and what could not be used of it."""
    path = keymap_path()
    try:
        data = memo.load(path)
    except FileNotFoundError:
        return {}, []
    except OSError as exc:
        return {}, [f"{path} cannot be read ({exc.strerror or exc})"]
    except ValueError as exc:  # not YAML (ParsedYaml.load raises ValueError for any parse error)
        return {}, [f"{path} is not valid YAML ({exc})"]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f"{path} is not a mapping of binding ids to keys"]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in data.items():
        if not isinstance(binding_id, str):
            problems.append(f"{binding_id!r} is not a binding id")
            continue
        if binding_id.startswith("hotkey."):
            problems.append(f"{binding_id!r} is a grade hotkey (they are the keys `grades` prints)")
            continue
        if not isinstance(keys, str) or not keys.strip():
            problems.append(f"{binding_id}: the keys must be text such as 'ctrl+f,slash'")
            continue
        try:
            # Textual's own spelling of each key ("?" is "question_mark").
            keymap[binding_id] = ",".join(b.key for b in Binding.make_bindings([Binding(keys, "noop")]))
        except InvalidBinding as exc:
            problems.append(f"{binding_id}: {exc}")
    return keymap, [f"keymap.yaml: {p}" for p in problems]


def unknown_ids(keymap: dict[str, str], known: Iterable[str]) -> list[str]:
    """The keymap's ids that are no binding's (a typo, or a key that was renamed), in words."""
    wanted = set(known)
    return [f"keymap.yaml: no key has the id {binding_id!r}" for binding_id in keymap if binding_id not in wanted]
