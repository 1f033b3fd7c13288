"""The repository's own files: the licence the metadata names, the package metadata, nothing built
committed, and an ignore file that ignores no source (``.ci/run`` is the CI entry point)."""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
import tomllib

import pytest

from conftest import REPO


def test_the_mit_licence_is_there_and_the_metadata_names_it():
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n")
    assert "Copyright (c) 2026 ofsted-reader contributors" in licence
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "MIT"}
    assert "License :: OSI Approved :: MIT License" in project["classifiers"]


def test_the_package_metadata_is_filled_in():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    project = config["project"]
    classifiers = project["classifiers"]
    assert any(c.startswith("Environment :: Console") for c in classifiers)
    assert any(c.startswith("Development Status ::") for c in classifiers)
    oldest = project["requires-python"].removeprefix(">=")
    assert f"Programming Language :: Python :: {oldest}" in classifiers
    assert project["keywords"] and project["urls"]
    assert all(url.startswith("https://") for url in project["urls"].values())
    assert "LICENSE" in config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]


def _ignores(pattern: str, path: str) -> bool:
    """Whether one .gitignore line ignores ``path`` (enough of git's rules for the lines we write)."""
    pattern = pattern.strip()
    if not pattern or pattern.startswith(("#", "!")):
        return False
    bare = pattern.rstrip("/")
    if "/" in bare:
        return fnmatch.fnmatch(path, bare.lstrip("/")) or path.startswith(bare.lstrip("/") + "/")
    return any(fnmatch.fnmatch(part, bare) for part in path.split("/"))


def test_the_ignore_file_ignores_no_source():
    lines = (REPO / ".gitignore").read_text().splitlines()
    for path in (".ci/run", "src/ofsted_reader/cli.py", "tools/make_sample_pdf.py", "benchmarks/run_all.py", "LICENSE"):
        assert not [line for line in lines if _ignores(line, path)], path
    assert _ignores("run", ".ci/run") and _ignores("*.whl", "pyflakes-4.1.0-py2.py3-none-any.whl")  # the check itself


def _tracked() -> list[str]:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"git ls-files failed: {result.stderr.strip()}")
    return result.stdout.splitlines()


def test_nothing_built_is_committed():
    built = [path for path in _tracked() if path.endswith((".whl", ".tar.gz", ".egg", ".pyc")) or "/__pycache__/" in path]
    assert built == []
    assert ".ci/run" in _tracked()
