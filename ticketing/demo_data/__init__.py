"""Demo data sets: each module here exposes ``DATA_SET: ticketing.demo.DemoDataSet``."""
