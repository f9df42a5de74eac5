"""Production's static files build: the manifest storage checks every url() in the CSS, so an
image our styles name but the build does not ship stops a deployment. Run it here first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage


def test_production_storage_finds_every_file_the_css_names(tmp_path: Path) -> None:
    # Django's manifest storage: production's (WhiteNoise's) adds compression, not the checks.
    storage = ManifestStaticFilesStorage(location=str(tmp_path))
    found: dict[str, tuple[Any, str]] = {}
    for finder in get_finders():
        for path, source in finder.list(ignore_patterns=["CVS", ".*", "*~"]):
            found.setdefault(path, (source, path))
    for path, (source, _) in found.items():
        with source.open(path) as handle:
            storage.save(path, handle)
    # What collectstatic does next: hash every file and rewrite each url() in the CSS; a url()
    # naming a file that is not there raises here, as it would on the server.
    stylesheets = {path: found[path] for path in found if path.endswith(".css")}
    for _original, _processed, error in storage.post_process(stylesheets):
        assert not isinstance(error, Exception), error
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "css/relsafe.css" in manifest
