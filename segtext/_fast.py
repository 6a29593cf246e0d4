"""Record constructors that skip the frozen dataclass ``__init__``, for hot paths.

A frozen dataclass's ``__init__`` sets each field through
``object.__setattr__``; a page makes a record per line, so that is a measured
share of :func:`segtext.analyze` (about 1 us for a Block). Setting the slots
through their descriptors gives the same record, equal and with the same
hash, in half the time. The readable version is the class's own
constructor: tests/test_blocks.py checks a constructor made here against it
and against the class's field list.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

_T = TypeVar("_T")


def slot_constructor(cls: type[_T]) -> Callable[..., _T]:
    """A function ``make(*fields)`` that builds ``cls`` from its fields, in order.

    ``cls`` must be a slotted dataclass without ``__post_init__`` (a
    constructor that validates cannot be skipped) and without defaults that
    a caller would leave out: every field is a positional argument. The
    function is written out per class, one descriptor call per field, since
    a loop over the fields would cost what it saves.
    """
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a slotted dataclass")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} validates in __post_init__; build it with its class")
    names = [f.name for f in dataclasses.fields(cls)]
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    lines = [f"def make({', '.join(names)}):", "    obj = _new(_cls)"]
    for name in names:  # field names are identifiers: safe to write into the source
        scope[f"_set_{name}"] = cls.__dict__[name].__set__
        lines.append(f"    _set_{name}(obj, {name})")
    lines.append("    return obj")
    exec("\n".join(lines), scope)
    make: Callable[..., _T] = scope["make"]
    return make
