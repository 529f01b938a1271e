"""Constants named once: policy targets, method thresholds and the reference year of each edition.

Notebooks, chapters and modules read these names; none types the number again.
"""

from __future__ import annotations

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

GII_SCALE = "0 = equality, 1 = maximum inequality"
GDI_SCALE = "1 = parity (women's HDI over men's)"
