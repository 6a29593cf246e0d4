"""The one check of a text argument, so that every public function refuses a non-``str`` alike.

A text that is not a ``str`` (``bytes`` not yet decoded, None, a number) is a
caller's mistake, not bad input: it raises ``TypeError`` with the message
``"<function>() takes a str, not <type>"`` (decode bytes first with
:func:`segtext.decode_bytes`), never a ``SegtextError`` and never an error
from deep inside a stage.
"""

from __future__ import annotations


def require_str(value: object, function: str) -> None:
    """Raise the documented ``TypeError`` unless ``value`` is a ``str``."""
    if not isinstance(value, str):
        raise TypeError(f"{function}() takes a str, not {type(value).__name__}")
