"""Root pytest configuration: nbval compares the notebooks' plain-text outputs only."""


def pytest_collectstart(collector):
    """Skip HTML, images and widget views in nbval comparisons; figures are compared by their alt text."""
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("text/html", "image/png", "application/vnd.jupyter.widget-view+json", "stderr")
