"""The conversation hub's use cases: sessions, the relay to Rasa, handoff and agents' work."""
