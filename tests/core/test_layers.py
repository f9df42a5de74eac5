"""Dependencies point down (docs/ARCHITECTURE.md, "Layers"): an import, or a template's
``{% load %}``/``{% include %}``/``{% extends %}``, that reaches an app in a higher layer (or a
sibling domain app) fails here, so ``make test`` catches it as well as ``make lint``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "relsafe"
PYPROJECT = ROOT / "pyproject.toml"

# Template references allowed for now, each with the change that removes it. A stale entry fails
# (see the last test), so the list only shrinks.
KNOWN_TEMPLATE_EXCEPTIONS: dict[tuple[str, str], str] = {}


def _contract() -> dict[str, object]:
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]
    contract: dict[str, object] = next(c for c in config["contracts"] if c.get("id") == "layers")
    return contract


def _layers() -> list[tuple[list[str], bool]]:
    """Top to bottom: the apps in each layer, and whether they are independent of each other."""
    layers = []
    for raw in _contract()["layers"]:  # type: ignore[attr-defined]
        independent = ":" not in raw
        apps = [a.strip() for a in re.split(r"[|:]", raw)]
        layers.append((apps, independent))
    return layers


def test_python_imports_point_down(capsys: pytest.CaptureFixture[str]) -> None:
    """import-linter's layers contract over every import, function-level ones included."""
    status = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert status == 0, report


def test_the_contract_breaks_on_an_import_that_points_up(tmp_path: Path) -> None:
    """The contract is not vacuous: a copy of the package with one upward import, inside a
    function, is refused (checked in a separate process, on the copy)."""
    shutil.copytree(PACKAGE, tmp_path / "relsafe", ignore=shutil.ignore_patterns("__pycache__"))
    services = tmp_path / "relsafe" / "audit" / "services.py"
    services.write_text(
        services.read_text() + "\n\ndef _probe() -> None:\n    from relsafe.plans import models\n"
    )
    (tmp_path / "pyproject.toml").write_text(PYPROJECT.read_text())
    lint = "from importlinter.cli import lint_imports_command as c; c()"
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", lint, "--no-cache"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "relsafe.audit.services -> relsafe.plans.models" in result.stdout


_TAG = re.compile(r"\{%\s*(load|include|extends)\s+(.*?)\s*%\}")
_TEMPLATE_NAME = re.compile(r"""^["']([a-z_]+)/""")


def _template_references() -> list[tuple[str, str, str, Path]]:
    """(app, referenced app, what, template) for each template tag naming another app's library
    or template."""
    libraries = {
        lib.stem: lib.parent.parent.name
        for lib in PACKAGE.glob("*/templatetags/*.py")
        if lib.stem != "__init__"
    }
    apps = {p.parent.name for p in PACKAGE.glob("*/apps.py")}
    found = []
    for template in sorted(PACKAGE.glob("*/templates/**/*.html")):
        app = template.relative_to(PACKAGE).parts[0]
        for kind, argument in _TAG.findall(template.read_text()):
            if kind == "load":
                for library in argument.split():
                    owner = libraries.get(library)
                    if owner and owner != app:
                        found.append((app, owner, library, template))
            elif match := _TEMPLATE_NAME.match(argument):
                owner = match.group(1)
                if owner in apps and owner != app:
                    found.append((app, owner, argument.split()[0].strip("\"'"), template))
    return found


def _allowed(app: str, target: str) -> bool:
    """May ``app`` depend on ``target``: a lower layer, or a non-independent sibling."""
    position = {}
    for index, (apps, independent) in enumerate(_layers()):
        for name in apps:
            position[name] = (index, independent)
    (mine, _), (theirs, independent) = position[app], position[target]
    return theirs > mine or (theirs == mine and not independent)


def test_every_app_is_in_a_layer() -> None:
    placed = {app for apps, _ in _layers() for app in apps}
    apps = {p.parent.name for p in PACKAGE.glob("*/apps.py")}
    assert apps == placed


def test_templates_point_down_too() -> None:
    """A template may show another app's part only if that app is below it; panels from apps
    above come through the page's registry (core/start_page.py, cases/family_page.py)."""
    wrong = [
        f"{template.relative_to(ROOT)}: {app} -> {target} ({what})"
        for app, target, what, template in _template_references()
        if not _allowed(app, target) and (app, what) not in KNOWN_TEMPLATE_EXCEPTIONS
    ]
    assert wrong == []


def test_known_template_exceptions_are_still_needed() -> None:
    used = {(app, what) for app, _, what, _ in _template_references()}
    stale = [key for key in KNOWN_TEMPLATE_EXCEPTIONS if key not in used]
    assert stale == [], "Remove these from KNOWN_TEMPLATE_EXCEPTIONS: they are gone"
