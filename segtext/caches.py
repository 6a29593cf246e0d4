"""One call that clears every per-process cache segtext keeps.

segtext builds its tables on first use and keeps them for the life of the
process: the lexicons (:mod:`segtext.lexicon`), the spam line model and the
markers' automaton (:mod:`segtext.spam`), the OpenCC converters
(:mod:`segtext.normalize`), the roles of short lines (:mod:`segtext.blocks`)
and, once segmentation has been used, jieba's dictionaries and the
segmenters built on them (:mod:`segtext.segment`). :func:`reset_caches`
drops them all, so that the next call reads edited dictionary files again
and a long-lived process can give the memory back. The HTML stage keeps no
cache of its own. Tables computed from Python's codecs (in
:mod:`segtext.decode`) are left alone: they cannot go stale.
"""

from __future__ import annotations

import sys

from segtext import blocks, lexicon, normalize
from segtext.spam import markers, model

__all__ = ["reset_caches"]


def reset_caches() -> None:
    """Clear every per-process cache; the next call rebuilds what it needs.

    Segmentation's caches are cleared only when :mod:`segtext.segment` has
    been imported, so that a reset never loads jieba.
    """
    blocks.reset_caches()
    lexicon.reset_caches()
    model.reset_caches()
    markers.reset_caches()
    normalize.reset_caches()
    segment = sys.modules.get("segtext.segment")
    if segment is not None:
        segment.reset_caches()
