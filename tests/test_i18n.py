"""Every user-visible string is in the Hebrew and English catalogs, and the .qm files are fresh."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import i18n  # noqa: E402


def test_catalogs_match_the_code_and_are_complete(monkeypatch) -> None:
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    assert i18n.problems() == []


def test_the_check_catches_a_new_untranslated_string(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    extra = tmp_path / "new_widget.py"
    extra.write_text(
        "from PySide6.QtWidgets import QWidget\n"
        "class NewWidget(QWidget):\n"
        "    def title(self):\n"
        "        return self.tr('A string nobody translated')\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "SOURCES", [*i18n.SOURCES, extra])
    found = i18n.problems()
    assert any("A string nobody translated" in line for line in found)
    assert any(line.startswith("agent_desk_he.ts") for line in found)


def test_a_plural_message_needs_every_form_and_gets_them_from_an_import(tmp_path, monkeypatch) -> None:
    """ "%n offers fit" must read "1 offer fits" in English: English has no form to copy."""
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    widget = tmp_path / "plural_widget.py"
    widget.write_text(
        "from PySide6.QtWidgets import QWidget\n"
        "class PluralWidget(QWidget):\n"
        "    def title(self, n):\n"
        "        return self.tr('%n offers fit', '', n)\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "SOURCES", [widget])
    monkeypatch.setattr(i18n, "CATALOG_DIR", tmp_path)
    for language in i18n.LANGUAGES:
        i18n.lupdate(i18n.catalog(language), language)
    i18n.fill_english(i18n.catalog("en"))
    assert i18n.unfinished(i18n.catalog("en")) == ["PluralWidget: %n offers fit"]

    forms = tmp_path / "en.json"
    forms.write_text('{"PluralWidget": {"%n offers fit": ["%n offer fits", "%n offers fit"]}}', encoding="utf-8")
    i18n.import_translations("en", forms)
    assert i18n.unfinished(i18n.catalog("en")) == []

    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(i18n.catalog("en").with_suffix(".qm")))
    assert translator.translate("PluralWidget", "%n offers fit", "", 1) == "%n offer fits"
    assert translator.translate("PluralWidget", "%n offers fit", "", 3) == "%n offers fit"
