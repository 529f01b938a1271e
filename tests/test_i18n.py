"""The package writes in English, French or Spanish (mmdp.i18n): same facts, same digits, the language's
words and separators."""

from __future__ import annotations

import importlib
import re
from collections import Counter

import pandas as pd
import pytest

from mmdp.cli import main
from mmdp.data.places import resolve_place
from mmdp.errors import MmdpError
from mmdp.findings.base import numbers_in
from mmdp.findings.factsheet import key_figures
from mmdp.constants import GII_SCALE
from mmdp.i18n import _, check_language, language, set_language, t, using
from mmdp.inputs.parameters import validate_parameters
from mmdp.paths import data_dir
from mmdp.render import format as fmt

from .test_findings import FINDING_CALLS, quick_charts  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@pytest.mark.parametrize(("lang", "count", "share", "money"), [
    ("en", "1,960,836", "12.3 %", "US$ 2.79 bn"),
    ("fr", "1\u202f960\u202f836", "12,3 %", "2,79 Md US$"),
    ("es", "1.960.836", "12,3 %", "2,79 mil millones de US$"),
])
def test_numbers_follow_the_languages_separators(lang, count, share, money):
    with using(lang):
        assert fmt.count(1960836.4) == count
        assert fmt.share(12.34) == share
        assert fmt.money(2.79e9) == money
        assert fmt.count(None) == {"en": "not available", "fr": "non disponible", "es": "no disponible"}[lang]
        assert numbers_in(f"{count} people") == {count}
    assert language() == "en"


def test_spanish_groups_from_five_digits_and_years_are_never_grouped():
    with using("es"):
        assert fmt.count(2338) == "2338" and fmt.count(12345) == "12.345"
        assert fmt.year(2024) == "2024"
    with using("fr"):
        assert fmt.count(2338) == "2\u202f338" and fmt.year(2024) == "2024"


def test_an_unknown_language_is_refused_with_the_languages_named():
    with pytest.raises(MmdpError, match="unknown language 'de'; give one of en, fr, es"):
        check_language("de")
    with pytest.raises(MmdpError):
        set_language("de")
    assert language() == "en"


def test_a_translation_keeps_its_fields_filled():
    with using("fr"):
        assert t("Key figures, {place}", place="Sénégal") == "Chiffres clés, Sénégal"
    assert t("Key figures, {place}", place="Senegal") == "Key figures, Senegal"


@pytest.mark.parametrize("place", ["SEN", "DEU", "TKL", "World"])
def test_the_fact_sheet_carries_the_same_digits_in_every_language(place):
    """The same facts rendered three times: the values differ only by their separators."""
    place = resolve_place(place)
    sheets = {}
    for lang in ("en", "fr", "es"):
        with using(lang):
            finding = key_figures(place)
            sheets[lang] = finding
            assert finding.stated_numbers() <= finding.numbers()  # the sentence states facts only
    english = sheets["en"].tables[0].shown()
    for lang in ("fr", "es"):
        table = sheets[lang].tables[0].shown()
        assert list(map(digits, table.iloc[:, 1])) == list(map(digits, english.iloc[:, 1]))
        assert table.columns[0] != english.columns[0]  # Indicator, translated
        assert set(table.iloc[:, 0]).isdisjoint(english.iloc[:, 0]) or place.kind == "world"


def test_mmdp_country_in_french_reads_the_source_value(capsys):
    """Senegal's immigrant stock in 2024, read from the processed table, printed with French separators."""
    stock = pd.read_csv(data_dir() / "migrant_stock.csv")
    value = stock[(stock.iso3 == "SEN") & (stock.year == 2024)].immigrants_total.iloc[0]
    assert main(["country", "SEN", "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Sénégal (SEN)")
    assert "Indicateur" in out and "Envois de fonds reçus" in out
    assert f"{round(value):,}".replace(",", "\u202f") in out
    assert language() == "en" or main(["country", "SEN"]) == 0


def test_mmdp_country_refuses_an_unknown_language(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["country", "SEN", "--lang", "de"])
    assert stop.value.code == 2
    assert "invalid choice: 'de'" in capsys.readouterr().err


def test_a_run_in_french_passes_its_language_and_is_fingerprinted_apart(tmp_path):
    from mmdp.run.notebooks import select_notebooks
    from mmdp.run.runner import plan

    paths = select_notebooks(["migration_profile"], None)
    english = plan(["SEN"], paths, tmp_path, None, None, False, False)[0]
    with using("fr"):
        french = plan(["SEN"], paths, tmp_path, None, None, False, False)[0]
    assert "language" not in english.parameters and french.parameters["language"] == "fr"
    assert french.fingerprint["fingerprint"] != english.fingerprint["fingerprint"]


def test_a_compiled_catalog_leaves_the_runs_up_to_date_and_an_edited_one_does_not(tmp_path):
    """Sphinx compiles every .po of locales/, the package's too, into a .mo beside it: a French run must not run
    again at the next build for that (bench/language_edit.py found 18 of 26 runs repeated), but must when a
    translation changes."""
    from mmdp.run.fingerprint import tree_digest

    (tmp_path / "findings.profile.po").write_text('msgid "Immigrants"\nmsgstr "Immigrés"\n', encoding="utf-8")
    before = tree_digest(tmp_path)
    (tmp_path / "findings.profile.mo").write_bytes(b"\xde\x12\x04\x95")
    assert tree_digest(tmp_path) == before
    (tmp_path / "findings.profile.po").write_text('msgid "Immigrants"\nmsgstr "Immigrantes"\n', encoding="utf-8")
    assert tree_digest(tmp_path) != before


DIGIT_GROUP = {"en": re.compile(r"(?<=\d),(?=\d{3}\b)"), "fr": re.compile(r"(?<=\d)\u202f(?=\d{3}\b)"),
               "es": re.compile(r"(?<=\d)\.(?=\d{3}\b)")}


def digit_runs(text: str, lang: str) -> Counter:
    """The digits a text states, thousands separators of ``lang`` removed: ``1,960,836`` and ``1 960 836``
    are one run ``1960836``; ``12.3`` and ``12,3`` are two runs, 12 and 3."""
    return Counter(re.findall(r"\d+", DIGIT_GROUP[lang].sub("", text)))


@pytest.mark.parametrize("place", ["KGZ", "TKL", "World"])
def test_every_finding_states_the_same_numbers_in_each_language(place, quick_charts):
    """Every finding of every stage, rendered in English and in French and Spanish from the same facts: the
    sentence and the alt texts state exactly the same numbers (digits, thousands separators aside), and every
    number stated is one of the finding's facts as the language writes them."""
    namespace = {call.split(".")[0]: importlib.import_module(f"mmdp.findings.{call.split('.')[0]}") for call in FINDING_CALLS}
    english = {}
    namespace["params"] = validate_parameters(place)
    for call in FINDING_CALLS:
        finding = eval(call, namespace)
        english[call] = [finding.sentence, *(chart.alt for chart in finding.charts)]
    for lang in ("fr", "es"):
        namespace["params"] = validate_parameters(place, language=lang)
        for call in FINDING_CALLS:
            finding = eval(call, namespace)
            texts = [finding.sentence, *(chart.alt for chart in finding.charts)]
            assert finding.stated_numbers() <= finding.numbers(), (lang, call, finding.stated_numbers() - finding.numbers())
            assert len(texts) == len(english[call]), (lang, call)
            for text, source in zip(texts, english[call]):
                assert digit_runs(text, lang) == digit_runs(source, "en"), (lang, call, source, text)


def test_a_word_reads_as_the_module_that_writes_it_translates_it():
    """One English word, two meanings: "Status" is a work plan's status and a tracker's rating; each module's
    catalog gives its own, and a label marked in one module and shown by another finds its translation."""
    from mmdp.findings import costing, monitoring

    with using("fr"):
        in_costing = eval('_("Status")', vars(costing))
        in_monitoring = eval('_("Status")', vars(monitoring))
        assert in_costing != in_monitoring and "Status" not in (in_costing, in_monitoring)
        assert _(GII_SCALE) == "0 = égalité, 1 = inégalité maximale"  # marked in constants, shown elsewhere


def test_cached_baselines_follow_the_language():
    """Baselines are cached per place and year for speed: a French run after an English one gets French labels."""
    from mmdp.findings.baselines import data_baselines

    place = resolve_place("KGZ")
    english = data_baselines(place, 2024)["hdi"].label
    with using("fr"):
        french = data_baselines(place, 2024)["hdi"].label
    assert english == "Human Development Index" and french == "Indice de développement humain"
