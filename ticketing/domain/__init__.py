"""The service desk's domain: pure business rules (no I/O, no clock reads, no frameworks)."""
