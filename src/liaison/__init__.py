"""liaison: the data pipeline behind the report on the CPC International Department's exchanges."""

__version__ = "0.1.0"
