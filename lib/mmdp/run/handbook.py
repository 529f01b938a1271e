"""The handbook's edition, version, licence, citation and online address, read from ``_config.yml``.

One place for what the PDF cover, the country packs and the site footer say about the handbook itself.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cache

from ..paths import book_config


@dataclass(frozen=True)
class Edition:
    title: str
    edition: str
    version: str
    licence: str
    licence_url: str
    citation: str
    baseurl: str
    """The online handbook's address ('' until it is published)."""

    def url(self, page: str = "") -> str:
        """The address of a page of the online handbook (``chapters/stage1-situation-assessment/index``), or ''."""
        if not self.baseurl:
            return ""
        return self.baseurl.rstrip("/") + "/" + (page.strip("/") + ".html" if page else "")


@cache
def edition() -> Edition:
    import yaml

    import mmdp

    config = yaml.safe_load(book_config().read_text(encoding="utf-8"))
    keys = config.get("handbook", {})
    fill = {"version": mmdp.__version__, "year": config.get("copyright", "")}
    return Edition(
        title=config.get("title", ""),
        edition=keys.get("edition", ""),
        version=mmdp.__version__,
        licence=keys.get("licence", "").format(**fill),
        licence_url=keys.get("licence_url", ""),
        citation=keys.get("citation", "").format(**fill),
        baseurl=(config.get("html", {}) or {}).get("baseurl", "") or "",
    )


def today() -> dt.date:
    """The date printed on a pack or a PDF (``SOURCE_DATE_EPOCH`` fixes it for reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()
