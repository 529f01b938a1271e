"""Root pytest configuration: notebooks run headless; nbval compares plain-text outputs only."""

import os

os.environ["MMDP_HEADLESS"] = "1"  # kernels started by nbval and papermill inherit it


def pytest_collectstart(collector):
    """Skip HTML, images and widget views in nbval comparisons; figures are compared by their alt text."""
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("text/html", "image/png", "application/vnd.jupyter.widget-view+json", "stderr")
