"""A report as a document: the YAML and JSON (schema 2) that ``export`` prints and the cache keeps.

Writing: :func:`dump_yaml` / :func:`dump_json` keep every character of the report exact,
but a character a terminal would act on (escapes, bidi overrides) is written as an
escape, never as a raw byte.  Reading: :func:`load_yaml` is PyYAML's safe loader (libyaml's
when present), so no tag in a file can make an object; :func:`report_from_data` takes
anything and gives a Report only for a valid document (schema 1 or 2).

PyYAML is imported on first use (a warm start that reads the index's compact copy of a
document never needs it), and the model when a report is made (``grades --format json``
prints rows, not reports).
"""

from __future__ import annotations

import functools
import json
import os
import re
from typing import TYPE_CHECKING, Any

from ofsted_reader.errors import InputError
from ofsted_reader.source import NOT_A_DOCUMENT

if TYPE_CHECKING:
    from ofsted_reader.model import Report

# Characters a terminal would act on (or that reorder text) if printed raw.  JSON and YAML
# output keeps them exact but as escapes, never as raw bytes.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")


@functools.cache
def yaml_codec() -> tuple[Any, Any, Any]:
    """PyYAML, its safe loader and our dumper.  libyaml's classes when present: several times faster."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class ExportDumper(dumper):  # type: ignore[misc, valid-type]
        """The safe dumper, with strings that hold unsafe characters forced into double quotes,
        and never an anchor or alias (what we write is what :func:`load_yaml` accepts)."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    def represent_str(self: Any, data: str) -> Any:
        if _UNSAFE.search(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return self.represent_str(data)

    ExportDumper.add_representer(str, represent_str)
    return yaml, loader, ExportDumper


def _escape_unsafe(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dump_yaml(data: Any) -> str:
    # Inside double quotes PyYAML escapes controls itself; bidi marks it leaves raw, so escape them.
    yaml, _, dumper = yaml_codec()
    return _escape_unsafe(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=4096))


def dump_json(data: Any) -> str:
    return _escape_unsafe(json.dumps(data, ensure_ascii=False, indent=2))


def load_yaml(data: bytes | str) -> Any:
    """YAML (or JSON, which YAML reads too) with the safe loader; ValueError when it is not YAML
    (PyYAML's many error types, bytes that are not UTF-8, nesting too deep) or uses aliases.

    An alias makes one node stand for another, so a few kilobytes of nested aliases ("billion
    laughs") stand for gigabytes once walked; a document (ours are written without any) is
    refused before it is constructed when it holds one."""
    yaml, loader, _ = yaml_codec()
    try:
        if not (_may_alias(data) and any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(data, Loader=loader))):
            return yaml.load(data, Loader=loader)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise ValueError(f"not valid YAML ({type(exc).__name__})") from None
    raise AliasesError("a YAML file with aliases (`*name`), which no ofsted-reader document has")


class AliasesError(ValueError):
    """YAML that uses aliases: refused unread (see :func:`load_yaml`)."""


def _may_alias(data: bytes | str) -> bool:
    """False when ``data`` cannot hold an alias: that needs an anchor (``&``) and a ``*``."""
    if isinstance(data, str):
        return "&" in data and "*" in data
    return b"&" in data and b"*" in data


def report_from_data(raw: Any) -> Report | None:
    """The Report a document of a readable schema holds, or None for anything else (any damage at all)."""
    from ofsted_reader.model import READABLE_SCHEMAS, Report

    if not isinstance(raw, dict) or raw.get("schema") not in READABLE_SCHEMAS:
        return None
    try:
        return Report.from_dict(raw)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        return None


def report_from_bytes(data: bytes) -> Report | None:
    """The Report in YAML/JSON bytes, or None if they are not a valid document."""
    try:
        raw = load_yaml(data)
    except ValueError:
        return None
    return report_from_data(raw)


def saved_report(data: bytes, path: str | os.PathLike[str]) -> Report:
    """The report a saved document (an export, a cache entry) holds; InputError when it holds none."""
    try:
        report = report_from_data(load_yaml(data))
    except AliasesError as exc:
        raise InputError(path, str(exc)) from None
    except ValueError:
        report = None
    if report is None:
        raise InputError(path, NOT_A_DOCUMENT)
    return report
