"""Adapters for data-processing engines; each is installed by its own extra."""
