"""Findings: one module per notebook topic. Each finding's facts are computed once, and its
sentence, charts (with alt text) and tables are rendered from them (see ``base``)."""
