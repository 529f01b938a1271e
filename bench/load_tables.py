"""Benchmark: load every processed table in a fresh process (pandas import, reading, schema checks).

Prints the median of several fresh-process runs, for reading alone and reading plus schema
validation, side by side in one run. Run: `python bench/load_tables.py` (or `make bench`).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

PROBE = r"""
import json, time
t0 = time.perf_counter()
import pandas as pd
from mmdp import data
from mmdp.data import _dtypes
from mmdp.paths import data_dir
t1 = time.perf_counter()
for name in data.TABLES:
    pd.read_csv(data_dir() / f"{name}.csv", dtype=_dtypes(name), keep_default_na=False, na_values=[""])
t2 = time.perf_counter()
rows = sum(len(data.load(name)) for name in data.TABLES)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "read": t2 - t1, "load_validated": t3 - t2, "rows": rows}))
"""

RUNS = 5


def main() -> None:
    results = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout))
    med = {k: statistics.median(r[k] for r in results) for k in ("import", "read", "load_validated")}
    print(f"all {results[0]['rows']:,} rows of every table, fresh process, median of {RUNS} runs:")
    print(f"  import pandas + mmdp          {med['import']:.3f} s")
    print(f"  read all CSVs (no checks)     {med['read']:.3f} s")
    print(f"  load all, schema-validated    {med['load_validated']:.3f} s")
    print(f"  validation / plain read ratio {med['load_validated'] / med['read']:.2f}x")


if __name__ == "__main__":
    main()
