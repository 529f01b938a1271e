"""The notebooks' parameters, validated once, in the first code cell of every notebook.

Every notebook of the handbook takes the same parameters: ``country`` (a country or area by code
or name, or a group: World, a region, an income group), ``year`` (reference year, default the
latest in the data), ``comparators`` (default: the country's UN subregion and World Bank income
group; or a list of places) and ``inputs`` (a country team's planning templates: a folder of
CSV files or one .xlsx workbook; default: the illustrative examples) and ``national`` (folder of the country team's own national
figures, shown beside the global estimates; default: none).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..data.loaders import load
from ..data.places import Place, default_comparators, group_places, resolve_place
from ..errors import MmdpError
from ..i18n import set_language
from ..paths import examples_dir
from .workbook import inputs_source, read_plan


@dataclass(frozen=True)
class Parameters:
    """Validated parameters of a notebook run."""

    place: Place
    year: int
    comparators: tuple[Place, ...]
    inputs: Path
    """A folder of CSV templates or an .xlsx workbook (one sheet per template)."""
    illustrative_inputs: bool
    national: Path | None = None

    @property
    def iso3(self) -> str:
        """The place's code (ISO3 for a country)."""
        return self.place.code

    @property
    def name(self) -> str:
        return self.place.name

    @property
    def world(self) -> Place:
        """Every country and area in the data."""
        return group_places()["world"]

    @property
    def peers(self) -> tuple[Place, ...]:
        """The comparators and the world (once), in the order charts show them."""
        return tuple(dict.fromkeys([*self.comparators, self.world]))


def data_years() -> tuple[int, int]:
    """First and last year that any embedded table covers."""
    years = [load(n).year for n in ("migrant_stock", "displacement", "remittances", "context")]
    return int(min(y.min() for y in years)), int(max(y.max() for y in years))


def check_year(year: object) -> int:
    """The year if the embedded data cover it; else MmdpError naming the range."""
    if isinstance(year, str) and year.strip().isdigit():
        raise MmdpError(
            f"year must be a number, not the text {year!r}; with papermill pass it with -p year {year.strip()} (not -r)"
        )
    if isinstance(year, bool) or not isinstance(year, int):
        raise MmdpError(f"year must be a whole number such as 2024, not {year!r}")
    first, last = data_years()
    if not first <= year <= last:
        raise MmdpError(f"year {year} is outside the embedded data ({first}-{last}); choose a year in that range")
    return year


def _comparator_list(comparators: object) -> list[str]:
    if isinstance(comparators, str):
        text = comparators.strip()
        if text.startswith("["):
            raise MmdpError(
                f"comparators arrived as the text {comparators!r}; with papermill pass a list with "
                "-y 'comparators: [KAZ, UZB]' (YAML), not -p or -r"
            )
        return [text]
    if isinstance(comparators, (list, tuple)) and all(isinstance(c, (str, int)) for c in comparators):
        return [str(c) for c in comparators]
    raise MmdpError(f"comparators must be None or a list of countries or groups such as ['KAZ', 'UZB'], not {comparators!r}")


def validate_parameters(
    country: str | int,
    year: int | None = None,
    comparators: list[str] | str | None = None,
    inputs: str | Path | None = None,
    national: str | Path | None = None,
    language: str | None = None,
) -> Parameters:
    """Check the notebook parameters; raise MmdpError naming the problem and the fix. The package
    writes in ``language`` from then on (``mmdp.i18n``); None keeps the current language (a command's ``--lang``)."""
    if language is not None:
        set_language(language)
    place = resolve_place(country)
    year = data_years()[1] if year is None else check_year(year)

    if comparators is None or comparators == "default":
        peers = default_comparators(place)
    else:
        names = _comparator_list(comparators)
        if not names:
            raise MmdpError("comparators is empty; give a list of countries or groups, or None for the defaults")
        peers = tuple(dict.fromkeys(resolve_place(c) for c in names))

    folder = inputs_source(inputs) if inputs is not None else examples_dir()
    read_plan(folder)  # every template checked, and the ids that link them
    illustrative = folder.resolve() == examples_dir().resolve()
    national_folder = Path(national) if national else None
    if national_folder is not None and not national_folder.is_dir():
        raise MmdpError(f"national figures folder not found: {national_folder.name!r}; give a folder of national-figure templates, or None")
    return Parameters(place, year, peers, folder, illustrative, national_folder)
