"""Constants named once: policy targets, method thresholds and the reference year of each edition.

Notebooks, chapters and modules read these names; none types the number again.
"""

from __future__ import annotations

from .i18n import LANGUAGES, N_  # noqa: F401  (LANGUAGES: named here too, with the other constants)

SDG_10C_TARGET_PCT = 3.0
"""SDG target 10.c: reduce the transaction costs of migrant remittances to less than 3 per cent."""

SDG_10C_CORRIDOR_CEILING_PCT = 5.0
"""SDG target 10.c: eliminate remittance corridors with costs higher than 5 per cent."""

REMITTANCE_DEPENDENCE_PCT = 25.0
"""Remittances above this share of GDP mark an economy as highly dependent on them (foundations chapter)."""

RECENT_YEARS = 2
"""A 'latest value' older than this many years before the table's last year is not shown as current."""

CORRIDOR_MIN_MIGRANTS = 1000
"""Corridors with fewer migrants are left out of over- and under-representation lists: shares of a
few dozen people swing widely and could identify individuals."""

SEND_AMOUNT_USD = 200
"""The amount whose cost SDG indicator 10.c.1 and Remittance Prices Worldwide report (US$)."""

DEMOGRAPHICS_YEAR = 2025
"""UNHCR publishes the sex and age breakdown of displaced people for end-2025 only."""

IDP_SEX_AGE_YEAR = 2024
"""IDMC's IDP stocks by sex and age in the data are end-2024 stocks."""

REMITTANCE_MATRIX_YEAR = 2021
"""The World Bank/KNOMAD Bilateral Remittance Matrix in the data estimates 2021 flows."""

GII_SCALE = N_("0 = equality, 1 = maximum inequality")
GDI_SCALE = N_("1 = parity (women's HDI over men's)")

GCM_OBJECTIVE_COUNT = 23
"""The Global Compact for Migration has 23 objectives (``data/frameworks/gcm_objectives.csv``)."""

FINDING_IDS = (
    "profile.key_figures",
    "profile.national_figures",
    "profile.migrant_stock",
    "profile.corridors",
    "profile.displacement",
    "profile.remittances",
    "profile.context",
    "gender.female_share",
    "gender.corridor_gaps",
    "gender.context_gaps",
    "gender.displaced_sex_age",
    "gender.checklist",
    "capacity.data_register",
    "capacity.self_assessment",
    "stakeholders.map",
    "readiness.actor_coverage",
    "readiness.gender_balance",
    "readiness.checklist",
    "scenario.corridor_costs",
    "scenario.cost_averages",
    "scenario.savings",
    "scenario.sensitivity",
)
"""Ids of the findings that Stage 2 priorities may cite: those of Stages 0 and 1, and the remittance
cost scenario's, which rest on public data (each is called in its notebook cell and carried in its
outputs' metadata). Kept here, below every layer, because the inputs layer checks the citations in the
first code cell; this tuple is the one list of citable ids, and a test keeps it complete."""

PRIORITY_CRITERIA = ("impact", "rights", "gender", "feasibility", "cost", "ownership", "data")
"""Criteria scored 1-5 per candidate objective in Stage 2 (column ``score_<criterion>``)."""

PRIORITY_WEIGHTS = {"impact": 25, "rights": 15, "gender": 20, "feasibility": 15, "cost": 10, "ownership": 10, "data": 5}
"""Illustrative default weights (%), as in the Stage 2 chapter's scoring table; a workshop changes them."""

IMPACT_CRITERIA = ("impact", "rights", "gender")
FEASIBILITY_CRITERIA = ("feasibility", "cost", "ownership", "data")
"""The priority matrix's two axes (Stage 2 chapter): each the weighted mean of its criteria's scores."""

MATRIX_CUTOFF = 3.0
"""On each axis of the priority matrix, a score of this or more counts as 'higher'."""

QUADRANTS = {
    (True, True): N_("Priorities"),
    (True, False): N_("Strategic investments"),
    (False, True): N_("Quick wins"),
    (False, False): N_("Park"),
}
"""The priority matrix's quadrants by (higher impact, higher feasibility), as the Stage 2 chapter names them."""

QUADRANT_ADVICE = {
    "Priorities": N_("adopt; the core of the plan"),
    "Strategic investments": N_("keep, paired with the capacity, data or financing action that makes it feasible"),
    "Quick wins": N_("adopt only if cheap and if it builds trust or momentum"),
    "Park": N_("record in the parked list with the reason"),
}
"""What the chapter advises for each quadrant (marked for translation); the team's decision (adopted or parked) is its own."""

DECISIONS = ("adopted", "parked")
"""A Stage 2 objective's decision (``priorities.decision``): only adopted priorities get outcomes in Stage 3."""

SENSITIVITY_POINTS = 10
"""Rank sensitivity: each criterion's weight moved by this many points up and down."""

TRACKER_GREEN = 0.9
TRACKER_AMBER = 0.5
"""Stage 6 tracker status (the Stage 6 chapter's convention): progress ratio = (latest - baseline) /
(expected - baseline), the expected value on a straight line from baseline to target at the round's
date; green at ``TRACKER_GREEN`` or more, amber from ``TRACKER_AMBER`` to under it, red under it
(including movement the wrong way), grey with no value since the baseline or no ratio to compute."""

GCM_FORUM_FIRST, GCM_REGIONAL_FIRST, GCM_REVIEW_INTERVAL = 2022, 2020, 4
"""GCM follow-up and review (A/RES/73/195, paras 49-50): the International Migration Review Forum every
four years from 2022; regional reviews from 2020, alternating with it at four-year intervals."""

ANNUAL_REPORT_DUE = (3, 31)
"""The plan's annual progress report on year Y is due on this (month, day) of year Y + 1: a convention
of this handbook's example; a government sets its own."""

SEXES = ("total", "women", "men")
"""The values of ``monitoring.sex``: one row per indicator, round and sex."""

RISK_SCALES = {
    3: {"low": (1, 2), "medium": (3, 4), "high": (6, 9)},
    5: {"low": (1, 4), "medium": (5, 11), "high": (12, 25)},
}
"""The risk scales a plan may declare (its ``plan`` sheet, ``risk_scale``): likelihood and impact each
from 1 to the scale's top, the rating their product, in bands (lowest and highest rating of each).
The Stage 5 chapter's scale is 3 (ratings 1-9, 6 or more high); a government with its own 1-5
convention declares 5 (12 or more high). The chapter prints these numbers through MyST substitutions."""

RISK_SCALE_DEFAULT = 3
"""The chapter's scale, used when a plan declares none."""

GENDER_MARKER_LABELS = {0: "0 not targeted", 1: "1 significant (mainstreamed)", 2: "2 principal (targeted)"}
"""OECD DAC gender equality policy marker."""


