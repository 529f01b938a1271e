"""The data layer: raw sources -> processed tables (``build``), their schemas and provenance,
the loaders, country and group look-up, and yearly-series helpers.

Nothing here imports from the layers above (inputs, findings, render, run, cli).
"""

from .loaders import (
    TABLES,
    load,
    load_context,
    load_countries,
    load_displacement,
    load_displacement_demographics,
    load_idp_sex_age,
    load_idps_idmc,
    load_migrant_stock,
    load_migrant_stock_bilateral,
    load_remittance_corridor_costs,
    load_remittance_matrix,
    load_remittances,
    provenance,
)

__all__ = [
    "TABLES",
    "load",
    "load_context",
    "load_countries",
    "load_displacement",
    "load_displacement_demographics",
    "load_idp_sex_age",
    "load_idps_idmc",
    "load_migrant_stock",
    "load_migrant_stock_bilateral",
    "load_remittance_corridor_costs",
    "load_remittance_matrix",
    "load_remittances",
    "provenance",
]
