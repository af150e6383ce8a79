"""Translation catalogs: keep the Hebrew and English .ts files complete and the .qm fresh.

    python tools/i18n.py update   # lupdate: add new strings, drop vanished ones; fill English
    python tools/i18n.py release  # lrelease: .ts -> .qm (the app loads the .qm)
    python tools/i18n.py check    # exit 1 if a catalog is stale or has untranslated strings
    python tools/i18n.py import he FILE.json  # set translations: {"Context": {"source": "text"}}
                                              # (a plural source takes a list of its forms)

English source strings are their own English translation; Hebrew ones are written by
people (Qt Linguist: ``pyside6-linguist resources/translations/agent_desk_he.ts``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "agent_desk" / "ui").glob("*.py"))
CATALOG_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("he", "en")


def _tool(name: str) -> str:
    path = shutil.which(name) or str(Path(sys.executable).parent / name)
    return path


def catalog(language: str) -> Path:
    return CATALOG_DIR / f"agent_desk_{language}.ts"


def lupdate(target: Path, language: str) -> None:
    subprocess.run(
        [_tool("pyside6-lupdate"), *map(str, SOURCES), "-no-obsolete", "-locations", "none",
         "-target-language", language, "-ts", str(target)],
        check=True, capture_output=True, text=True,
    )


def fill_english(path: Path) -> None:
    """English sources are their own translation; plural ones need their forms imported."""
    tree = ET.parse(path)
    for message in tree.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if message.get("numerus") == "yes":
            continue  # "%n offers fit" has no singular to copy: `import en` gives both forms
        if translation is not None and (translation.get("type") == "unfinished" or not translation.text):
            translation.text = source
            translation.attrib.pop("type", None)
    _write(tree, path)


def _is_translated(message: ET.Element) -> bool:
    translation = message.find("translation")
    if translation is None or translation.get("type") == "unfinished":
        return False
    if message.get("numerus") == "yes":
        forms = translation.findall("numerusform")
        return bool(forms) and all((form.text or "").strip() for form in forms)
    return bool(translation.text or "")


def _set_translation(message: ET.Element, text: str | list[str]) -> None:
    """A plain text, or for a plural message its forms (a single text with %n fills them all)."""
    translation = message.find("translation")
    if translation is None:
        translation = ET.SubElement(message, "translation")
    if message.get("numerus") == "yes":
        forms = translation.findall("numerusform") or [ET.SubElement(translation, "numerusform")]
        values = text if isinstance(text, list) else [text] * len(forms)
        if len(values) != len(forms):
            raise SystemExit(f"{message.findtext('source')!r} needs {len(forms)} plural forms, got {len(values)}")
        for form, value in zip(forms, values, strict=True):
            form.text = value
    else:
        translation.text = text if isinstance(text, str) else text[-1]
    translation.attrib.pop("type", None)


def _write(tree: ET.ElementTree, path: Path) -> None:
    ET.indent(tree)
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                    encoding="utf-8")


def unfinished(path: Path) -> list[str]:
    tree = ET.parse(path)
    missing = []
    for context in tree.iter("context"):
        for message in context.iter("message"):
            if not _is_translated(message):
                missing.append(f"{context.findtext('name')}: {message.findtext('source')}")
    return missing


def sources_of(path: Path) -> set[tuple[str, str]]:
    tree = ET.parse(path)
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in tree.iter("context") for message in context.iter("message")
    }


def update() -> int:
    for language in LANGUAGES:
        lupdate(catalog(language), language)
        if language == "en":
            fill_english(catalog(language))
        else:
            _write(ET.parse(catalog(language)), catalog(language))
    return release()


def release() -> int:
    for language in LANGUAGES:
        subprocess.run(
            [_tool("pyside6-lrelease"), str(catalog(language)), "-qm",
             str(catalog(language).with_suffix(".qm"))],
            check=True, capture_output=True, text=True,
        )
    return 0


def problems() -> list[str]:
    """Everything that keeps the catalogs from matching the code (empty when all is well)."""
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in LANGUAGES:
            current = catalog(language)
            if not current.exists():
                found.append(f"{current.name} is missing")
                continue
            fresh = Path(tmp) / current.name
            lupdate(fresh, language)
            in_code, in_catalog = sources_of(fresh), sources_of(current)
            for context, source in sorted(in_code - in_catalog):
                found.append(f"{current.name}: not in the catalog: {context}: {source!r}")
            for context, source in sorted(in_catalog - in_code):
                found.append(f"{current.name}: no longer in the code: {context}: {source!r}")
            found += [f"{current.name}: untranslated: {item}" for item in unfinished(current)]
            qm = current.with_suffix(".qm")
            if not qm.exists() or qm.stat().st_mtime < current.stat().st_mtime - 1:
                built = Path(tmp) / qm.name
                subprocess.run([_tool("pyside6-lrelease"), str(current), "-qm", str(built)],
                               check=True, capture_output=True)
                if not qm.exists() or qm.read_bytes() != built.read_bytes():
                    found.append(f"{qm.name} is older than {current.name}: run tools/i18n.py release")
    return found


def import_translations(language: str, mapping_file: Path) -> int:
    """Write translations from a JSON file into a catalog (for work without Qt Linguist).

    ``{"Context": {"source": "text"}}``; a plural source takes a list of its forms
    (``["%n offer fits", "%n offers fit"]``) or one text with ``%n`` for every form.
    """
    mapping = json.loads(mapping_file.read_text(encoding="utf-8"))
    path = catalog(language)
    tree = ET.parse(path)
    for context in tree.iter("context"):
        texts = mapping.get(context.findtext("name") or "", {})
        for message in context.iter("message"):
            text = texts.get(message.findtext("source") or "")
            if text:
                _set_translation(message, text)
    _write(tree, path)
    return release()


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "import" and len(argv) == 4:
        return import_translations(argv[2], Path(argv[3]))
    if command == "update":
        return update()
    if command == "release":
        return release()
    if command == "check":
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
