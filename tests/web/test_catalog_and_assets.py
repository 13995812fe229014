"""The pages' translations and vendored script: complete, in step with the code, as documented."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from raviv.web import assets, i18n

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "raviv" / "web"
EN_PO = WEB / "translations" / "en" / "LC_MESSAGES" / "messages.po"
HTMX = ROOT / "raviv" / "static" / "htmx"


def _extracted() -> set[str]:
    """What `make translations-extract` finds in the pages' code and templates."""
    method_map = [("raviv/web/**.py", "python"), ("raviv/web/templates/**.html", "jinja2")]
    options = {"raviv/web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    keywords = {"_": None, "N_": None, "gettext": (2,), "ngettext": (1, 2)}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_text_of_the_pages_has_its_english_translation() -> None:
    with EN_PO.open("rb") as source:
        catalog = read_po(source, locale="en")
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and all(m.string if isinstance(m.string, tuple) else [m.string])
    }

    missing = _extracted() - translated

    assert not missing, f"run `make translations-update` and translate: {sorted(missing)}"


def test_the_english_catalog_is_compiled_when_used_and_french_is_the_source() -> None:
    assert i18n.gettext("en", "Où nous en sommes") == "Where we stand"
    assert i18n.gettext("fr", "Où nous en sommes") == "Où nous en sommes"
    assert i18n.choose(None, None) == "fr"
    assert i18n.choose("en", "fr") == "en"
    assert i18n.choose(None, "en") == "en"
    assert i18n.choose("de", None) == "fr"


def test_the_vendored_htmx_is_the_file_its_readme_names() -> None:
    readme = (HTMX / "README.md").read_text()
    digest = hashlib.sha256((HTMX / "htmx.min.js").read_bytes()).hexdigest()
    version = re.search(r"- version: (\S+)", readme)

    assert f"- sha256: {digest}" in readme
    assert version is not None
    assert version.group(1) == assets.HTMX_VERSION
    assert assets.HTMX_VERSION.startswith("2.0.")
    assert f'version:"{assets.HTMX_VERSION}"' in (HTMX / "htmx.min.js").read_text()
