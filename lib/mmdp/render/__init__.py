"""Presentation: number formatting (``format``), the plotting style (``style``), display objects
(``display``) and widgets (``widgets``). Nothing here reads the data layer."""
