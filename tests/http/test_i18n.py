"""Translations: the template is current, English is complete, Russian plurals have three forms."""

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

from navigator.config import PROJECT_ROOT
from navigator.http.typography import nbsp
from navigator.i18n_catalogs import extract_template

TRANSLATIONS = PROJECT_ROOT / "navigator" / "translations"


def _catalog(path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_extracted_template_is_not_stale(tmp_path):
    fresh = tmp_path / "messages.pot"
    extract_template(fresh)
    committed = {m.id for m in _catalog(TRANSLATIONS / "messages.pot") if m.id}
    extracted = {m.id for m in _catalog(fresh) if m.id}
    assert extracted == committed, "run: flask --app wsgi translations update"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_catalog_is_complete(language):
    catalog = _catalog(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po")
    template = {m.id for m in _catalog(TRANSLATIONS / "messages.pot") if m.id}
    messages = [m for m in catalog if m.id]
    assert {m.id for m in messages} >= template
    untranslated = [m.id for m in messages if not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not untranslated and not fuzzy, (untranslated, fuzzy)
    if language == "ru":
        assert all(len(m.string) == 3 for m in messages if m.pluralizable)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 мер"),
        (1, "1 мера"),
        (2, "2 меры"),
        (4, "4 меры"),
        (5, "5 мер"),
        (11, "11 мер"),
        (12, "12 мер"),
        (14, "14 мер"),
        (21, "21 мера"),
        (22, "22 меры"),
        (25, "25 мер"),
        (101, "101 мера"),
        (111, "111 мер"),
    ],
)
def test_russian_plural_forms(app, count, expected):
    with app.test_request_context(), force_locale("ru"):
        assert ngettext("%(num)d мера", "%(num)d мер", count) == expected


def test_english_plural_forms(app):
    with app.test_request_context(), force_locale("en"):
        assert ngettext("%(num)d мера", "%(num)d мер", 1) == "1 measure"
        assert ngettext("%(num)d мера", "%(num)d мер", 21) == "21 measures"


def test_dates_in_russian_use_the_genitive(client):
    html = client.get("/measures/home-care-services").get_data(as_text=True)
    assert "25 ноября 2026" in html


def test_typography_keeps_short_words_with_the_next_one():
    assert nbsp("Услуга в МФЦ и на дому — бесплатно, ст. 15") == (
        "Услуга в\u00a0МФЦ и\u00a0на\u00a0дому\u00a0— бесплатно, ст.\u00a015"
    )
