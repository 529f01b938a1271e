"""Mutation tests: change one value in each processed table; the snapshot of a papermill run must
change, and the changed figure must appear in the diff. A regression net that a data change cannot
slip through unnoticed."""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from mmdp.data.loaders import TABLES, clear_caches
from mmdp.data.places import resolve_place
from mmdp.inputs.parameters import validate_parameters
from mmdp.paths import data_dir
from mmdp.render import format as fmt
from mmdp.run import runner

from .notebook_text import SNAPSHOT_DIR, diff, snapshot_text


def _read(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", keep_default_na=False, na_values=[""], dtype={"m49": "Int64"})


def _write(frame: pd.DataFrame, folder: Path, table: str) -> None:
    frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")


DIGITS = {"avg_total_cost_pct": 4, "usd_million": 6}
"""Decimals kept when a changed value is written back (counts: none)."""


def _scale(folder: Path, table: str, where: dict, columns: list[str], factor: float, latest: bool = True) -> None:
    """Multiply ``columns`` of the (latest-year or latest-quarter) row matching ``where``."""
    frame = _read(folder, table)
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    time = next((c for c in ("year", "period") if c in frame), None)
    if latest and time:
        mask &= frame[time] == frame.loc[mask].dropna(subset=columns[:1])[time].max()
    assert mask.sum() == 1, (table, where, int(mask.sum()))  # one value changed
    for column in columns:
        frame.loc[mask, column] = (frame.loc[mask, column] * factor).round(DIGITS.get(column, 0))
    _write(frame, folder, table)


def _rename_tokelau(folder: Path) -> None:
    frame = _read(folder, "countries")
    frame.loc[frame.iso3 == "TKL", "short_name"] = "Tokelau Atolls"
    _write(frame, folder, "countries")


def _fact(place: str, finding: str, key: str) -> Callable[[], str]:
    """The text of a finding's fact under the mutated data (computed in-process)."""

    def text() -> str:
        module, function = finding.split(".")
        make = getattr(importlib.import_module(f"mmdp.findings.{module}"), function)
        return make(validate_parameters(place))[key].text

    return text


def _corridor(place: str, sending: str, column: str, unit: str) -> Callable[[], str]:
    """A corridor's flow or cost into ``place`` as the scenario tables print it, under the mutated data."""

    def text() -> str:
        from mmdp.findings.scenario import corridors_to

        frame = corridors_to(resolve_place(place))
        return fmt.value(frame.loc[frame.sending_iso3 == sending, column].item(), unit)

    return text


def _idp_female(place: str) -> Callable[[], str]:
    def text() -> str:
        from mmdp.findings.gender import idp_sex_table

        return fmt.count(idp_sex_table(resolve_place(place)).frame.loc["conflict", "Female"])

    return text


@dataclass(frozen=True)
class Mutation:
    table: str
    place: str
    change: Callable[[Path], None]
    expected: Callable[[], str]
    """Text that must appear in the changed snapshot."""


MUTATIONS = (
    Mutation("countries", "TKL", _rename_tokelau, lambda: "Tokelau Atolls"),
    Mutation("migrant_stock", "DEU", lambda d: _scale(d, "migrant_stock", {"iso3": "DEU"}, ["immigrants_female", "immigrants_total"], 1.01),
             _fact("DEU", "profile.migrant_stock", "immigrants")),
    Mutation("migrant_stock_bilateral", "IND", lambda d: _scale(d, "migrant_stock_bilateral", {"orig_iso3": "IND", "dest_iso3": "ARE"}, ["female"], 1.5),
             _fact("IND", "profile.corridors", "destination_1")),
    Mutation("displacement", "UKR", lambda d: _scale(d, "displacement", {"iso3": "UKR", "perspective": "origin"}, ["refugees"], 1.1),
             _fact("UKR", "profile.displacement", "abroad_refugees")),
    Mutation("displacement_demographics", "DEU", lambda d: _scale(d, "displacement_demographics", {"iso3": "DEU", "perspective": "hosted", "pop_type": "REF"}, ["female_18_59"], 0.5),
             _fact("DEU", "gender.displaced_sex_age", "hosted_women")),
    Mutation("idps_idmc", "UKR", lambda d: _scale(d, "idps_idmc", {"iso3": "UKR"}, ["idps_conflict"], 1.1),
             _fact("UKR", "profile.displacement", "idps_conflict")),
    Mutation("idp_sex_age", "UKR", lambda d: _scale(d, "idp_sex_age", {"iso3": "UKR", "cause": "conflict", "sex": "female", "age": "18-59"}, ["idps"], 1.1),
             _idp_female("UKR")),
    Mutation("remittances", "TON", lambda d: _scale(d, "remittances", {"iso3": "TON"}, ["received_usd"], 1.2),
             _fact("TON", "profile.remittances", "received_usd")),
    Mutation("remittance_corridor_costs", "TON",
             lambda d: _scale(d, "remittance_corridor_costs", {"sending_iso3": "NZL", "receiving_iso3": "TON"}, ["avg_total_cost_pct"], 1.2),
             _corridor("TON", "NZL", "cost_pct", "%")),
    Mutation("remittance_matrix", "TON",
             lambda d: _scale(d, "remittance_matrix", {"sending_iso3": "NZL", "receiving_iso3": "TON"}, ["usd_million"], 1.5),
             _corridor("TON", "NZL", "flow_usd", "US$")),
    Mutation("context", "IND", lambda d: _scale(d, "context", {"iso3": "IND"}, ["hdi"], 0.9),
             _fact("IND", "profile.development_context", "hdi")),
)


def test_every_table_has_a_mutation():
    assert sorted(m.table for m in MUTATIONS) == sorted(TABLES)


@pytest.fixture(scope="module")
def mutated(tmp_path_factory):
    """One data folder with every mutation (each on its own place and figure), the snapshot places
    re-run on it, and the expected texts computed in-process on the same data."""
    folder = tmp_path_factory.mktemp("mutated") / "data"
    shutil.copytree(data_dir(), folder)
    for mutation in MUTATIONS:
        mutation.change(folder)
    previous = os.environ.get("MMDP_DATA_DIR")
    os.environ["MMDP_DATA_DIR"] = str(folder)  # inherited by the kernels
    clear_caches()
    try:
        expected = {m.table: m.expected() for m in MUTATIONS}
        out = tmp_path_factory.mktemp("mutated-runs")
        results = runner.run_all(sorted({m.place for m in MUTATIONS}), out=out, jobs=2, progress=False, force=True)
    finally:
        if previous is None:
            os.environ.pop("MMDP_DATA_DIR")
        else:
            os.environ["MMDP_DATA_DIR"] = previous
        clear_caches()
    assert not [r.error for r in results if r.error]
    return out, expected


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.table)
def test_a_changed_value_changes_the_snapshot_and_is_named(mutated, mutation):
    out, expected = mutated
    added = []
    for stored_path in sorted((SNAPSHOT_DIR / mutation.place).glob("*.txt")):
        now = snapshot_text(out / mutation.place / f"{stored_path.stem}.ipynb")
        lines = diff(stored_path.read_text(encoding="utf-8"), now, stored_path.stem).splitlines()
        added += [line for line in lines if line.startswith("+") and not line.startswith("+++")]
    assert added, f"changing {mutation.table} for {mutation.place} left every snapshot unchanged"
    assert any(expected[mutation.table] in line for line in added), (expected[mutation.table], added[:5])
