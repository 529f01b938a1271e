"""A country team's inputs: planning templates (``templates``) and the notebooks' parameters (``parameters``)."""
