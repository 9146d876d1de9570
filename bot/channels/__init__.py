"""Rasa input channels of kefu (listed in credentials.yml)."""
