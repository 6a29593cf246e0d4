"""The shortcuts of hot paths, each beside the name of its readable reference.

- Record constructors that skip the frozen dataclass ``__init__``
  (:func:`slot_constructor`; reference: the class's own constructor).
- The block role rules for an ASCII line (:func:`ascii_line_classifier`;
  reference: ``segtext.blocks._classify_by_rules``).

Record constructors:

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
import re
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


def ascii_line_classifier(
    *,
    default: Any,
    is_copyright_lower: Callable[[str], bool],
    sentence_end: re.Pattern[str],
    stop_words: Callable[[str], int],
    byline: re.Pattern[str],
    prose_min_stop: int,
    nav_separators_in_prose: int,
) -> Callable[..., tuple[str, str]]:
    """``segtext.blocks._classify_by_rules`` for a stripped ASCII line, with
    what cannot apply left out: no Han, so no licence line, no Chinese prose
    or navigation, no full-width separators.

    The rules are written twice because the reference costs 13% more in
    ``assign_blocks`` on the bench pages. Every helper and number is the
    reference's own, passed in by ``segtext.blocks`` (which this module may
    not import); a Hypothesis property in tests/test_blocks.py holds the two
    to the same answers under the default and other configs.
    """

    def nav_separators(line: str) -> int:  # the ASCII ones of the reference's
        return line.count("|") + line.count(" / ") + line.count(" > ")

    def classify_ascii(line: str, cfg: Any = default) -> tuple[str, str]:
        low = line.lower()
        if is_copyright_lower(low):
            return "boilerplate", "boilerplate.copyright"
        min_words = cfg.min_en_words
        if len(line.split(None, min_words)) >= min_words:
            # Prose, with no CJK. A sentence end makes it prose whatever its
            # separators, which are counted only when they can decide (three
            # scans of a paragraph: 1.7% of analyze() on the bench pages).
            if sentence_end.search(line) is not None:
                return "article", "article.prose"
            if stop_words(low) >= prose_min_stop:
                if (
                    "!" not in line
                    and "?" not in line
                    and nav_separators(line) >= nav_separators_in_prose
                ):
                    return "boilerplate", "boilerplate.nav"
                return "article", "article.prose"
        if nav_separators(line) >= cfg.min_nav_separators:
            return "boilerplate", "boilerplate.nav"
        if byline.search(line):
            return "boilerplate", "boilerplate.byline"
        return "boilerplate", "boilerplate.short"

    return classify_ascii
