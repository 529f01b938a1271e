"""The planning chain's templates (Stages 0 and 2-6) and the checks that link them by ids.

A country team fills one template per step; each later template cites ids of an earlier one:

    stakeholders (Stage 0) -> priorities citing Stage 1 finding ids (Stage 2)
    -> results: goal, outcomes citing priorities, outputs under outcomes; indicators (Stage 3)
    -> costs per output with the OECD DAC gender equality marker; funding (Stage 4)
    -> activities per output with dates and RACI; risks per output; meetings (Stage 5)
    -> monitoring rounds per indicator (Stage 6)

Each template has a pandera schema (cell rules); ``link_problems`` checks the ids across
templates. Both report the file or sheet, the row and the column, what is wrong and the fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ..constants import DECISIONS, FINDING_IDS, GCM_OBJECTIVE_COUNT, PRIORITY_CRITERIA, SEXES
from ..i18n import N_, n_, t
from ..paths import frameworks_dir
from .templates import CAPACITY_SCHEMA, ID, STAKEHOLDER_SCHEMA, VALUE_MEANINGS, YES_NO, cell_place

ACTOR_TYPES = {
    "planning": N_("Ministry of planning"),
    "finance": N_("Ministry of finance"),
    "labour": N_("Ministry of labour"),
    "foreign_affairs_diaspora": N_("Ministry of foreign affairs and diaspora"),
    "interior": N_("Ministry of the interior"),
    "health": N_("Ministry of health"),
    "education": N_("Ministry of education"),
    "social_protection": N_("Ministry of social protection"),
    "statistics": N_("National statistics office"),
    "local_government": N_("Local government"),
    "womens_machinery": N_("National women's machinery"),
    "migrant_diaspora_org": N_("Migrants' and diaspora organisations"),
    "workers_org": N_("Workers' organisations"),
    "employers_org": N_("Employers' organisations"),
    "civil_society": N_("Civil society"),
    "un_country_team": N_("UN country team"),
    "other": N_("Other (private sector, media, academia...)"),
}
"""Codes of ``actor_type`` in ``stakeholders``: every code but 'other' is an actor a mainstreaming
process needs (Stage 0 checks that each is present)."""

REQUIRED_ACTORS = tuple(code for code in ACTOR_TYPES if code != "other")

READINESS_ITEMS = {
    "mandate": N_("A mandate for the mainstreaming process"),
    "focal_point": N_("A focal point (institution and person)"),
    "coordination_mechanism": N_("A coordination mechanism that meets"),
    "process_budget": N_("A budget for the process itself"),
}
READINESS_STATUS = ("yes", "partly", "no")
LEVELS = ("goal", "outcome", "output")
UNITS = ("%", "count", "people", "index", "US$", "number", "decimal", "score")
GENDER_MARKERS = (0, 1, 2)
"""OECD DAC gender equality policy marker: 0 not targeted, 1 significant, 2 principal."""
GENDER_MARKER_MAPPING = N_(
    "gender_marker is the OECD DAC marker (0 not targeted, 1 significant, 2 principal); from the UN system's gender "
    "equality marker (GEM 0-3) or UNDP's GEN0-GEN3, write GEM 3 / GEN3 (principal objective) as 2, GEM 2 / GEN2 "
    "(significant contribution) as 1, GEM 1 / GEN1 (limited contribution) and GEM 0 / GEN0 as 0"
)
"""The message that maps the UN and UNDP four-point scales onto the DAC marker, shown with any bad value."""
FUNDING_STATUS = ("committed", "pledged")
FREQUENCIES = ("monthly", "quarterly", "annual", "biennial", "every 3 years", "every 5 years", "once")
"""How often an indicator is measured (``indicators.frequency``)."""
TARGET_TYPES = ("cumulative", "annual", "level")
"""How a target reads: a running total since the baseline, a value for one year, or a level (a rate or share) to reach."""
PERCENT_UNITS = ("%",)
COUNT_UNITS = ("count", "people")
"""Units whose values cannot be below 0; ``PERCENT_UNITS`` values also not above 100."""
RECURRENCE = {"one-off": N_("paid once (capital or a one-time cost)"), "recurrent": N_("paid again each year (running cost)")}
ADDITIONALITY = {"incremental": N_("new money the plan needs"), "existing": N_("already in a budget, redirected to the plan")}
ACTIVITY_STATUS = {
    "not started": N_("not started yet"), "on track": N_("under way as planned"), "delayed": N_("under way, behind its dates"),
    "done": N_("finished (give the actual end)"), "cancelled": N_("will not be done"),
}
RISK_CATEGORIES = ("political", "institutional", "financial", "data", "operational", "protection", "reputational")
RISK_RESPONSES = {
    "avoid": N_("change the plan so the risk cannot happen"), "reduce": N_("lower its likelihood or impact"),
    "transfer": N_("pass it to a party better placed to bear it"), "accept": N_("watch it and keep a contingency"),
}
RISK_STATUS = {"open": N_("being watched"), "reduced": N_("lower after mitigation"), "closed": N_("no longer a risk"), "materialised": N_("it happened")}
DATA_CODES = ("10.c.1", "17.3.2", "10.7.4", "immigrants_pct", "emigrants_female_share", "hdi", "gii")
NATIONAL_PREFIX = "national:"
NATIONAL_CODES = ("emigrants_female_share",)
"""Data-backed indicators a team may baseline on its own national figures instead (``national:<code>``)."""
"""Indicators whose baseline the embedded data give (``findings.baselines.DATA_INDICATORS``, same order)."""

LIST_SEPARATOR = ";"
"""Cells that hold several ids or codes separate them with ';' (e.g. ``10.c.1; 17.3.2``)."""

SCORE_1_5 = Check.in_range(1, 5)
DATE = "datetime64[ns]"


def _optional_text(*names: str) -> dict[str, Column]:
    """Free-text columns a team may leave empty, in this order."""
    return {name: Column(str, nullable=True) for name in names}


def _schema(name: str, columns: dict[str, Column], unique: list[str] | None = None) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, strict=True, coerce=True, unique=unique, name=f"{name}.csv")


READINESS_SCHEMA = _schema("readiness", {
    "item": Column(str, Check.isin(list(READINESS_ITEMS)), unique=True),
    "status": Column(str, Check.isin(list(READINESS_STATUS))),
    "evidence": Column(str, nullable=True),
})

PRIORITY_SCHEMA = _schema("priorities", {
    "priority_id": Column(str, ID, unique=True),
    "objective": Column(str, Check.str_length(min_value=5)),
    "finding_ids": Column(str),
    "sdg_indicators": Column(str, nullable=True),
    "gcm_objectives": Column(str, nullable=True),
    "lead": Column(str),
    **{f"score_{c}": Column(int, SCORE_1_5) for c in PRIORITY_CRITERIA},
    "gender_gap": Column(str, nullable=True),
    "women_consulted": Column(str, YES_NO),
    "decision": Column(str, Check.isin(list(DECISIONS)), nullable=True),
    "plan_pillar": Column(str, nullable=True),
})

RESULTS_SCHEMA = _schema("results", {
    "result_id": Column(str, ID, unique=True),
    "level": Column(str, Check.isin(list(LEVELS))),
    "parent_id": Column(str, nullable=True),
    "priority_id": Column(str, nullable=True),
    "statement": Column(str, Check.str_length(min_value=5)),
    **_optional_text("plan_pillar", "assumptions_risks", "theory_of_change"),
})

INDICATOR_SCHEMA = _schema("indicators", {
    "indicator_id": Column(str, ID, unique=True),
    "result_id": Column(str),
    "indicator": Column(str, Check.str_length(min_value=5)),
    "sdg_indicator": Column(str, nullable=True),
    "gcm_objective": Column(str, nullable=True),
    "baseline_from_data": Column(str, Check.isin([*DATA_CODES, *(NATIONAL_PREFIX + c for c in NATIONAL_CODES)]), nullable=True),
    "unit": Column(str, Check.isin(list(UNITS))),
    "about_people": Column(str, YES_NO),
    "by_sex": Column(str, YES_NO),
    "by_migratory_status": Column(str, YES_NO),
    "baseline_value": Column(float, nullable=True),
    "baseline_year": Column("Int64", Check.in_range(1950, 2100), nullable=True),
    "baseline_source": Column(str, nullable=True),
    "target_value": Column(float, nullable=True),
    "target_year": Column("Int64", Check.in_range(1950, 2100), nullable=True),
    "means_of_verification": Column(str, nullable=True),
    "baseline_women": Column(float, nullable=True),
    "baseline_men": Column(float, nullable=True),
    "target_women": Column(float, nullable=True),
    "target_men": Column(float, nullable=True),
    "frequency": Column(str, Check.isin(list(FREQUENCIES)), nullable=True),
    "responsible": Column(str, nullable=True),
    "target_type": Column(str, Check.isin(list(TARGET_TYPES)), nullable=True),
})

ANNUAL_TARGET_SCHEMA = _schema("annual_targets", {
    "indicator_id": Column(str),
    "year": Column(int, Check.in_range(1950, 2100)),
    "target_value": Column(float, nullable=True),
    "target_women": Column(float, nullable=True),
    "target_men": Column(float, nullable=True),
}, unique=["indicator_id", "year"])
"""Intermediate targets: the value an indicator should reach by the end of a year between its baseline
year and its target year, read as the indicator's ``target_type`` says (a running total, that year's
value, or a level)."""

CURRENCY = Check.str_matches(r"^[A-Z]{3}$")
"""An ISO 4217 currency code: USD, KGS, EUR."""

PLAN_SCHEMA = _schema("plan", {
    "title": Column(str, Check.str_length(min_value=5)),
    "country": Column(str, Check.str_matches(r"^[A-Z]{3}$")),
    "start": Column(DATE),
    "end": Column(DATE),
    "currency": Column(str, CURRENCY),
    "price_year": Column(int, Check.in_range(2000, 2100)),
    "usd_rate": Column(float, Check.gt(0)),
    "rate_date": Column(DATE),
    "risk_scale": Column(int, Check.isin([3, 5])),
    "contingency_pct": Column(float, Check.in_range(0, 50)),
    "status_date": Column(DATE),
    "vnr_years": Column(str, nullable=True),
})

COST_SCHEMA = _schema("costs", {
    "cost_id": Column(str, ID, unique=True),
    "activity_id": Column(str),
    "item": Column(str, Check.str_length(min_value=3)),
    "institution": Column(str),
    "year": Column(int, Check.in_range(2000, 2100)),
    "unit": Column(str, Check.str_length(min_value=2)),
    "quantity": Column(float, Check.ge(0)),
    "quantity_assumption": Column(str, Check.str_length(min_value=3)),
    "unit_cost": Column(float, Check.ge(0)),
    "currency": Column(str, CURRENCY),
    "unit_cost_source": Column(str, Check.str_length(min_value=3)),
    "price_year": Column(int, Check.in_range(2000, 2100)),
    "recurrence": Column(str, Check.isin(list(RECURRENCE))),
    "additionality": Column(str, Check.isin(list(ADDITIONALITY))),
    "budget_code": Column(str, nullable=True),
    "gender_marker": Column(int, Check.isin(list(GENDER_MARKERS)), description=GENDER_MARKER_MAPPING),
})

FUNDING_SCHEMA = _schema("funding", {
    "funding_id": Column(str, ID, unique=True),
    "source": Column(str, Check.str_length(min_value=2)),
    "output_id": Column(str, nullable=True),
    "year": Column(int, Check.in_range(2000, 2100)),
    "amount": Column(float, Check.ge(0)),
    "currency": Column(str, CURRENCY),
    "status": Column(str, Check.isin(list(FUNDING_STATUS))),
})

CEILING_SCHEMA = _schema("ceilings", {
    "institution": Column(str),
    "year": Column(int, Check.in_range(2000, 2100)),
    "ceiling": Column(float, Check.ge(0)),
    "currency": Column(str, CURRENCY),
    "source": Column(str, Check.str_length(min_value=3)),
}, unique=["institution", "year"])

CAPACITY_ACTION_SCHEMA = _schema("capacity_actions", {
    "action_id": Column(str, ID, unique=True),
    "domain_code": Column(str, Check.isin([f"MGI-{i}" for i in range(1, 7)])),
    "gap": Column(str, Check.str_length(min_value=5)),
    "action": Column(str, Check.str_length(min_value=5)),
    "owner": Column(str),
    "start": Column(DATE),
    "end": Column(DATE),
    "cost": Column(float, Check.ge(0)),
    "currency": Column(str, CURRENCY),
    "measure": Column(str, Check.str_length(min_value=5)),
})

ACTIVITY_SCHEMA = _schema("activities", {
    "activity_id": Column(str, ID, unique=True),
    "output_id": Column(str),
    "activity": Column(str, Check.str_length(min_value=3)),
    "start": Column(DATE),
    "end": Column(DATE),
    "milestone": Column(str, YES_NO),
    "depends_on": Column(str, nullable=True),
    "status": Column(str, Check.isin(list(ACTIVITY_STATUS))),
    "actual_start": Column(DATE, nullable=True),
    "actual_end": Column(DATE, nullable=True),
    "budget_released": Column(str, YES_NO),
    **_optional_text("responsible", "accountable", "consulted", "informed"),
})

RISK_SCHEMA = _schema("risks", {
    "risk_id": Column(str, ID, unique=True),
    "output_id": Column(str),
    "risk": Column(str, Check.str_length(min_value=5)),
    "category": Column(str, Check.isin(list(RISK_CATEGORIES))),
    "likelihood": Column(int, SCORE_1_5),
    "impact": Column(int, SCORE_1_5),
    "early_warning": Column(str, Check.str_length(min_value=5)),
    "response": Column(str, Check.isin(list(RISK_RESPONSES))),
    "mitigation": Column(str, Check.str_length(min_value=5)),
    "residual_likelihood": Column(int, SCORE_1_5),
    "residual_impact": Column(int, SCORE_1_5),
    "review_date": Column(DATE),
    "status": Column(str, Check.isin(list(RISK_STATUS))),
    "owner": Column(str),
})

MEETING_SCHEMA = _schema("meetings", {
    "meeting_id": Column(str, ID, unique=True),
    "date": Column(DATE),
    "meeting": Column(str, Check.str_length(min_value=3)),
    "chair": Column(str),
    "participants": Column(str, nullable=True),
    "purpose": Column(str, nullable=True),
})

MONITORING_SCHEMA = _schema("monitoring", {
    "indicator_id": Column(str),
    "round": Column(str),
    "date": Column(DATE),
    "sex": Column(str, Check.isin(list(SEXES))),
    "value": Column(float, nullable=True),
}, unique=["indicator_id", "round", "sex"])


@dataclass(frozen=True)
class Template:
    """One planning template: its sheet name (file ``<name>.csv``), schema, stage and what it is."""

    name: str
    schema: pa.DataFrameSchema
    stage: int
    about: str

    @property
    def file(self) -> str:
        return f"{self.name}.csv"


TEMPLATES = (
    Template("plan", PLAN_SCHEMA, 0, N_("the plan declared once: title, country, period, currency, price year, rate to US$, risk scale, contingency, "
             "status date, the years of the country's Voluntary National Reviews")),
    Template("stakeholders", STAKEHOLDER_SCHEMA, 0, N_("who takes part: influence, interest, actor type, women and men taking part")),
    Template("readiness", READINESS_SCHEMA, 0, N_("mandate, focal point, coordination mechanism, budget for the process")),
    Template("capacity_self_assessment", CAPACITY_SCHEMA, 1, N_("capacity scores (0-4) by MGI domain")),
    Template("priorities", PRIORITY_SCHEMA, 2, N_("candidate objectives, the findings behind them (Stages 0-1, remittance scenario), SDG/GCM codes, criteria scores")),
    Template("results", RESULTS_SCHEMA, 3, N_("goal, outcomes (citing priorities) and outputs (under outcomes)")),
    Template("indicators", INDICATOR_SCHEMA, 3, N_("indicators per result: baseline, target, unit, disaggregation, means of verification")),
    Template("annual_targets", ANNUAL_TARGET_SCHEMA, 3, N_("optional intermediate targets per indicator and year (total, women, men), between the baseline and the final target")),
    Template("costs", COST_SCHEMA, 4, N_("cost lines per activity: unit, quantity and its assumption, unit cost and its source, year, institution, gender marker")),
    Template("funding", FUNDING_SCHEMA, 4, N_("funding by source, output and year, committed or pledged")),
    Template("ceilings", CEILING_SCHEMA, 4, N_("optional medium-term expenditure ceilings per institution and year")),
    Template("capacity_actions", CAPACITY_ACTION_SCHEMA, 4, N_("capacity actions for the Stage 1 gaps: owner, cost, dates, measure")),
    Template("activities", ACTIVITY_SCHEMA, 5, N_("activities per output: dates, dependencies, status, budget release, milestones, RACI")),
    Template("risks", RISK_SCHEMA, 5, N_("risk register per output: category, rating on the plan's scale, warning sign, response, residual rating, review, owner")),
    Template("meetings", MEETING_SCHEMA, 5, N_("coordination calendar: meetings, chair, participants")),
    Template("monitoring", MONITORING_SCHEMA, 6, N_("monitoring rounds: a value per indicator and round")),
)
BY_NAME = {t.name: t for t in TEMPLATES}


def split_list(cell: object) -> list[str]:
    """The items of a ';'-separated cell (empty cell: no items)."""
    if not isinstance(cell, str):
        return []
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


@lru_cache(maxsize=1)
def sdg_codes() -> frozenset[str]:
    """SDG indicator and target codes in ``data/frameworks/sdg_indicators.csv``."""
    table = pd.read_csv(frameworks_dir() / "sdg_indicators.csv", dtype=str)
    return frozenset(table.indicator_code) | frozenset(table.target)


@lru_cache(maxsize=1)
def gcm_numbers() -> frozenset[str]:
    """GCM objective numbers in ``data/frameworks/gcm_objectives.csv`` (1-23)."""
    numbers = frozenset(pd.read_csv(frameworks_dir() / "gcm_objectives.csv", dtype=str).number)
    assert len(numbers) == GCM_OBJECTIVE_COUNT, "gcm_objectives.csv must list the 23 objectives"
    return numbers


# --- links between templates --------------------------------------------------------------------


class Located:
    """Formats 'file or sheet, row N, column 'c'' for a template's frame (index = row - first row)."""

    def __init__(self, where: dict[str, str], first_line: int = 2):
        self.where = where
        self.first_line = first_line

    def __call__(self, name: str, index: object, column: str) -> str:
        where = self.where.get(name, f"{name}.csv")
        word = "row" if "sheet" in where else "line"
        return f"{where}, {cell_place(word, int(index) + self.first_line, column)}"


def _ids(plan: dict[str, pd.DataFrame], name: str, column: str) -> set[str]:
    return set(plan[name][column].dropna()) if name in plan else set()


def _cited(frame: pd.DataFrame, column: str, many: bool) -> Iterable[tuple[object, str]]:
    for index, cell in frame[column].items():
        for item in split_list(cell) if many else ([cell.strip()] if isinstance(cell, str) else []):
            yield index, item


NOT_CITED = {
    # TRANSLATORS: {at} is "file or sheet, row 3, column 'x'" and must stay first; {item} the id typed (quoted); {known} " (known: A, B)" or nothing
    "finding": N_("{at}: {item} is not a finding id in the Stage 0 and 1 notebooks or the remittance cost scenario (constants.FINDING_IDS lists them){known}"),
    # TRANSLATORS: {at} is "file or sheet, row 3, column 'x'" and must stay first; {item} the id typed (quoted); {known} " (known: A, B)" or nothing;
    # stakeholder_id and stakeholders are a column's and a sheet's names (codes)
    "stakeholder": N_("{at}: {item} is not a stakeholder_id in stakeholders{known}"),
    # TRANSLATORS: {at} must stay first; priority_id and priorities are a column's and a sheet's names (codes)
    "priority": N_("{at}: {item} is not a priority_id in priorities{known}"),
    # TRANSLATORS: {at} must stay first; result_id and results are a column's and a sheet's names (codes)
    "result": N_("{at}: {item} is not a result_id in results{known}"),
    # TRANSLATORS: {at} must stay first; indicator_id and indicators are a column's and a sheet's names (codes)
    "indicator": N_("{at}: {item} is not an indicator_id in indicators{known}"),
    # TRANSLATORS: {at} must stay first; result_id, 'output' and results are codes (a column, a level, a sheet)
    "output": N_("{at}: {item} is not an output (a result_id with level 'output') in results{known}"),
    # TRANSLATORS: {at} must stay first; activity_id and activities are a column's and a sheet's names (codes)
    "activity": N_("{at}: {item} is not an activity_id in activities{known}"),
}
"""What a cited id that is not in the template it cites reads, in English (``link_problems``)."""


def link_problems(plan: dict[str, pd.DataFrame], where: dict[str, str]) -> list[str]:
    """Dangling ids, wrong levels, unknown codes, dates out of order, across the templates present."""
    at = Located(where)
    problems: list[str] = []
    stakeholders = _ids(plan, "stakeholders", "stakeholder_id")
    priorities = _ids(plan, "priorities", "priority_id")
    results = plan.get("results")
    indicators = _ids(plan, "indicators", "indicator_id")
    outputs = set(results[results.level == "output"].result_id) if results is not None else set()
    result_ids = set(results.result_id) if results is not None else set()
    parked = set(plan["priorities"].query("decision == 'parked'").priority_id) if "priorities" in plan else set()

    def refer(name: str, column: str, known: set[str], message: str, source: str, many: bool = False) -> None:
        """Every id cited in ``name.column`` must be in ``known`` (ids of the template ``source``); ``message``
        (marked with ``N_``) says so, with ``{at}``, ``{item}`` and ``{known}``."""
        if name not in plan or column not in plan[name]:
            return
        if source in BY_NAME and source not in plan:
            return  # the cited template is not filled in yet: nothing to check against
        for index, item in _cited(plan[name], column, many):
            if item not in known:
                ids = ", ".join(sorted(known)[:8])
                if len(known) > 8:
                    # TRANSLATORS: {ids} are the first 8 ids of a sheet, as typed; {n} how many more there are
                    ids = n_("{ids} and {n} more", "{ids} and {n} more", len(known) - 8, ids=ids)
                # TRANSLATORS: {ids} are ids of a sheet, as typed (the ids a cell may cite)
                hint = t(" (known: {ids})", ids=ids) if known else ""
                problems.append(t(message, at=at(name, index, column), item=repr(item), known=hint))

    if "stakeholders" in plan:
        for index, code in _cited(plan["stakeholders"], "actor_type", True):
            if code not in ACTOR_TYPES:
                # TRANSLATORS: {at} is "file or sheet, row 3, column 'x'" and must stay first (so for every message starting with {at} or {where});
                # {code} the code typed (quoted); {codes} the allowed codes, kept as they are
                problems.append(t("{at}: {code} is not an actor type; use one or more of {codes}",
                                  at=at("stakeholders", index, "actor_type"), code=repr(code), codes=", ".join(ACTOR_TYPES)))
    refer("priorities", "finding_ids", set(FINDING_IDS), NOT_CITED["finding"], "the Stage 0 and 1 notebooks or the remittance cost scenario (constants.FINDING_IDS lists them)", many=True)
    refer("priorities", "lead", stakeholders, NOT_CITED["stakeholder"], "stakeholders")
    for name, column in (("priorities", "sdg_indicators"), ("indicators", "sdg_indicator")):
        if name in plan:
            for index, code in _cited(plan[name], column, True):
                if code.removeprefix("SDG").strip() not in sdg_codes():
                    problems.append(t("{at}: {code} is not an SDG target or indicator code in data/frameworks/sdg_indicators.csv (write e.g. 10.c.1)",
                                      at=at(name, index, column), code=repr(code)))
    for name, column in (("priorities", "gcm_objectives"), ("indicators", "gcm_objective")):
        if name in plan:
            for index, code in _cited(plan[name], column, True):
                if code.removeprefix("GCM").strip() not in gcm_numbers():
                    problems.append(t("{at}: {code} is not a GCM objective; write a number from 1 to {count}",
                                      at=at(name, index, column), code=repr(code), count=GCM_OBJECTIVE_COUNT))
    if results is not None:
        levels = dict(zip(results.result_id, results.level))
        goals = results[results.level == "goal"]
        if len(goals) != 1:
            # TRANSLATORS: {where} is the file or sheet and must stay first; 'goal' is a code of the column level
            problems.append(n_("{where}: has {n} rows with level 'goal'; give exactly one goal", "{where}: has {n} rows with level 'goal'; give exactly one goal",
                               len(goals), where=where.get("results", "results.csv")))
        expected_parent = {"goal": None, "outcome": "goal", "output": "outcome"}
        for index, row in results.iterrows():
            want = expected_parent[row.level]
            parent = row.parent_id if isinstance(row.parent_id, str) else None
            cell = at("results", index, "parent_id")
            if want is None and parent:
                problems.append(t("{at}: the goal has no parent; leave the cell empty", at=cell))
            elif want and parent not in levels and row.level == "outcome":
                # TRANSLATORS: {parent} is the id typed (quoted); result_id and results are a column's and a sheet's names
                problems.append(t("{at}: {parent} is not a result_id in results; an outcome needs the id of its goal", at=cell, parent=repr(parent)))
            elif want and parent not in levels:
                problems.append(t("{at}: {parent} is not a result_id in results; an output needs the id of its outcome", at=cell, parent=repr(parent)))
            elif want and levels[parent] != want and row.level == "outcome":
                # TRANSLATORS: {parent} is the id typed (quoted); {level} its level, a code of the column level (goal, outcome, output)
                problems.append(t("{at}: {parent} is at the {level} level; an outcome sits under a goal", at=cell, parent=repr(parent), level=levels[parent]))
            elif want and levels[parent] != want:
                # TRANSLATORS: {parent} is the id typed (quoted); {level} its level, a code of the column level (goal, outcome, output)
                problems.append(t("{at}: {parent} is at the {level} level; an output sits under an outcome", at=cell, parent=repr(parent), level=levels[parent]))
            priority = row.priority_id if isinstance(row.priority_id, str) else None
            cell = at("results", index, "priority_id")
            if row.level == "outcome" and not priority and "priorities" in plan:
                problems.append(t("{at}: is empty; every outcome cites the Stage 2 priority it serves", at=cell))
            if row.level == "goal" and priority:
                problems.append(t("{at}: only outcomes cite a priority, and this row is the goal's; "
                                  "empty the cell (an output serves the priority of the outcome above it)", at=cell))
            elif row.level != "outcome" and priority:
                problems.append(t("{at}: only outcomes cite a priority, and this row is the output's; "
                                  "empty the cell (an output serves the priority of the outcome above it)", at=cell))
            if row.level == "outcome" and priority in parked:
                # TRANSLATORS: {priority} is the priority's id (quoted); priorities and decision are a sheet's and a column's names
                problems.append(t("{at}: {priority} is parked in priorities (decision); "
                                  "outcomes come from adopted priorities only: adopt it in Stage 2 or remove the outcome", at=cell, priority=repr(priority)))
        refer("results", "priority_id", priorities, NOT_CITED["priority"], "priorities")
    refer("indicators", "result_id", result_ids, NOT_CITED["result"], "results")
    refer("indicators", "responsible", stakeholders, NOT_CITED["stakeholder"], "stakeholders")
    if "indicators" in plan:
        problems += _indicator_value_problems(plan["indicators"], at)
    refer("annual_targets", "indicator_id", indicators, NOT_CITED["indicator"], "indicators")
    if "annual_targets" in plan and "indicators" in plan:
        problems += _annual_target_problems(plan["annual_targets"], plan["indicators"], at)
    for name in ("activities", "risks", "funding"):
        refer(name, "output_id", outputs, NOT_CITED["output"], "results")
    refer("costs", "activity_id", _ids(plan, "activities", "activity_id"), NOT_CITED["activity"], "activities")
    refer("activities", "depends_on", _ids(plan, "activities", "activity_id"), NOT_CITED["activity"], "activities", many=True)
    refer("costs", "institution", stakeholders, NOT_CITED["stakeholder"], "stakeholders")
    refer("ceilings", "institution", stakeholders, NOT_CITED["stakeholder"], "stakeholders")
    refer("capacity_actions", "owner", stakeholders, NOT_CITED["stakeholder"], "stakeholders")
    for column in ("responsible", "accountable", "consulted", "informed"):
        refer("activities", column, stakeholders, NOT_CITED["stakeholder"], "stakeholders", many=True)
    refer("risks", "owner", stakeholders, NOT_CITED["stakeholder"], "stakeholders")
    refer("meetings", "chair", stakeholders, NOT_CITED["stakeholder"], "stakeholders")
    refer("meetings", "participants", stakeholders, NOT_CITED["stakeholder"], "stakeholders", many=True)
    refer("monitoring", "indicator_id", indicators, NOT_CITED["indicator"], "indicators")
    if "activities" in plan:
        acts = plan["activities"]
        for index, row in acts[acts.end < acts.start].iterrows():
            problems.append(t("{at}: ends {end}, before its start {start}; correct one of the two dates",
                              at=at("activities", index, "end"), end=format(row.end, "%Y-%m-%d"), start=format(row.start, "%Y-%m-%d")))
    return problems


def _indicator_value_problems(indicators: pd.DataFrame, at: Located) -> list[str]:
    """Baselines and targets that cannot be right: a typed baseline beside a data baseline, a target
    year before the baseline year, a percentage outside 0-100, a count below 0."""
    problems = []
    for index, row in indicators.iterrows():
        typed = [c for c in ("baseline_value", "baseline_year", "baseline_source") if pd.notna(row[c])]
        if isinstance(row.baseline_from_data, str) and typed:
            # TRANSLATORS: {code} is the code typed in the column baseline_from_data (quoted)
            problems.append(t("{at}: is filled, and baseline_from_data {code} also gives the baseline; keep one: empty the typed baseline "
                              "(value, year, source) or empty baseline_from_data", at=at("indicators", index, typed[0]), code=repr(row.baseline_from_data)))
        if pd.notna(row.baseline_year) and pd.notna(row.target_year) and row.target_year < row.baseline_year:
            problems.append(t("{at}: {target_year} is before the baseline year {baseline_year}; a target comes after its baseline",
                              at=at("indicators", index, "target_year"), target_year=int(row.target_year), baseline_year=int(row.baseline_year)))
        for column in ("baseline_value", "target_value", "baseline_women", "baseline_men", "target_women", "target_men"):
            problems += _unit_problems(row[column], row.unit, at("indicators", index, column))
    return problems


def _unit_problems(value: float, unit: str, where: str) -> list[str]:
    """A percentage outside 0-100 or a count below 0 (nothing for an empty cell)."""
    if pd.isna(value):
        return []
    if unit in PERCENT_UNITS and not 0 <= value <= 100:
        # TRANSLATORS: {at} is "file or sheet, row 3, column 'x'" and must stay first; {value} the number typed
        return [t("{at}: {value} is not a percentage (0 to 100); write the share in per cent, or change the unit", at=where, value=format(value, "g"))]
    if unit in COUNT_UNITS and value < 0:
        # TRANSLATORS: {value} is the number typed; {unit} the indicator's unit, a code of the column unit ("count" or "people")
        return [t("{at}: {value} is below 0, and a {unit} cannot be; write 0 or more", at=where, value=format(value, "g"), unit=unit)]
    return []


ANNUAL_VALUES = {"target_value": "baseline_value", "target_women": "baseline_women", "target_men": "baseline_men"}
"""An annual target's columns and the indicator's baseline each is read against."""


def _annual_target_problems(targets: pd.DataFrame, indicators: pd.DataFrame, at: Located) -> list[str]:
    """Intermediate targets that cannot be right: a year not after the indicator's baseline year or not
    before its target year, a row with no value, values for women and men on an indicator not by sex,
    a value outside its unit's range, and a running total (target_type 'cumulative') that goes down."""
    problems = []
    by_id = indicators.set_index("indicator_id")
    for index, row in targets.iterrows():
        if row.indicator_id not in by_id.index:
            continue  # named by the id check
        ind = by_id.loc[row.indicator_id]
        if pd.notna(ind.baseline_year) and row.year <= ind.baseline_year:
            # TRANSLATORS: {indicator} is the indicator's id
            problems.append(t("{at}: {year} is not after the baseline year {baseline_year} of {indicator}; give the targets of the years "
                              "between its baseline and its target year", at=at("annual_targets", index, "year"), year=row.year,
                              baseline_year=int(ind.baseline_year), indicator=row.indicator_id))
        if pd.notna(ind.target_year) and row.year >= ind.target_year:
            # TRANSLATORS: {indicator} is the indicator's id; indicators and target_value are a sheet's and a column's names
            problems.append(t("{at}: {year} is not before the target year {target_year} of {indicator}; the final target is the indicator's own "
                              "(indicators, target_value): give only the years before it", at=at("annual_targets", index, "year"), year=row.year,
                              target_year=int(ind.target_year), indicator=row.indicator_id))
        if all(pd.isna(row[c]) for c in ANNUAL_VALUES):
            problems.append(t("{at}: the row has no value; give the target for all, for women and men, or both, or remove the row",
                              at=at("annual_targets", index, "target_value")))
        if ind.by_sex != "yes":
            # TRANSLATORS: {indicator} is the indicator's id; indicators and by_sex are a sheet's and a column's names
            problems += [t("{at}: {indicator} is not by sex (indicators, by_sex); empty the cell, or plan the indicator by sex",
                           at=at("annual_targets", index, c), indicator=row.indicator_id) for c in ("target_women", "target_men") if pd.notna(row[c])]
        for column in ANNUAL_VALUES:
            problems += _unit_problems(row[column], ind.unit, at("annual_targets", index, column))
    for indicator_id, rows in targets[targets.indicator_id.isin(by_id.index)].groupby("indicator_id", sort=False):
        ind = by_id.loc[indicator_id]
        if ind.target_type != "cumulative":
            continue
        inside = (rows.year > ind.baseline_year if pd.notna(ind.baseline_year) else True) & (rows.year < ind.target_year if pd.notna(ind.target_year) else True)
        rows = rows[inside]  # a year outside is named above; its value is not compared
        # TRANSLATORS: {indicator} is the indicator's id; target_type and indicators are a column's and a sheet's names
        cumulative = t("{indicator} is cumulative (a running total since the baseline), so it cannot go down: "
                       "correct the value, or change target_type in indicators", indicator=indicator_id)
        for column, baseline in ANNUAL_VALUES.items():
            path = [(ind.baseline_year, ind[baseline], None), *((r.year, r[column], i) for i, r in rows.iterrows()), (ind.target_year, ind[column], None)]
            path = sorted(((y, v, i) for y, v, i in path if pd.notna(y) and pd.notna(v)), key=lambda point: point[0])
            for (year_before, before, index_before), (year, value, index) in zip(path, path[1:]):
                if value >= before:
                    continue
                if index is not None:
                    # TRANSLATORS: {value} and {before} are targets as typed, {year} and {year_before} their years; {cumulative} the sentence
                    # "X is cumulative (...), so it cannot go down: ..."
                    problems.append(t("{at}: {value} in {year} is below the {before} of {year_before}; {cumulative}", at=at("annual_targets", index, column),
                                      value=format(value, "g"), year=year, before=format(before, "g"), year_before=int(year_before), cumulative=cumulative))
                elif index_before is not None:
                    # TRANSLATORS: {before} and {value} are targets as typed, {year_before} and {year} their years; {cumulative} the sentence
                    # "X is cumulative (...), so it cannot go down: ..."
                    problems.append(t("{at}: {before} in {year_before} is above the final target {value} of {year}; {cumulative}",
                                      at=at("annual_targets", index_before, column), before=format(before, "g"), year_before=year_before,
                                      value=format(value, "g"), year=int(year), cumulative=cumulative))
    return problems


VALUE_MEANINGS.update({
    "gender_marker": dict(zip(map(str, GENDER_MARKERS), (N_("not targeted"), N_("significant (mainstreamed)"), N_("principal (targeted)")))),
    "recurrence": RECURRENCE,
    "additionality": ADDITIONALITY,
    "status": {**ACTIVITY_STATUS, **RISK_STATUS, "committed": N_("agreed in a signed budget or agreement"), "pledged": N_("promised, not yet agreed")},
    "response": RISK_RESPONSES,
    "risk_scale": {"3": N_("likelihood and impact from 1 to 3, the chapter's scale"), "5": N_("likelihood and impact from 1 to 5")},
    "level": {"goal": N_("the one goal"), "outcome": N_("a change the plan seeks, under the goal"), "output": N_("what the plan delivers, under an outcome")},
    "milestone": {"yes": N_("a point in time: start equals end"), "no": N_("an activity with a duration")},
})
