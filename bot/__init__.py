"""Rasa-side Python of kefu: custom NLU components and their commands."""
