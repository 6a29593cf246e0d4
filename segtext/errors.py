"""The one exception type segtext raises for bad input or configuration."""

from __future__ import annotations


class SegtextError(Exception):
    """Raised for invalid configuration, unreadable dictionaries or input.

    The message names the offending value or file (and line, for dictionaries)
    and says what would be accepted, so the command line can print it as is.
    """


class ConfigError(SegtextError, ValueError):
    """An invalid configuration value; the message names it and its range."""
