"""Running notebooks: the runner (``runner``) and the book's country gallery (``gallery``)."""
