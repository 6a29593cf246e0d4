"""SEO-spam detection: the folded view, the lexicon rules, the learned line
model and the fitted combination of their evidence.

:func:`detect_spam` is the stage's entry point; the submodules are its parts:
``lexical`` (the view and the lexicon rules), ``features`` (line features),
``model`` (the fitted weights and their file), ``combine`` (the combination),
``corpus`` and ``fit`` (labelled pages and fitting, used offline).
"""

from segtext.spam.combine import Detection, detect, detect_spam
from segtext.spam.lexical import STRONG_ITEM, WEAK_ITEM

__all__ = ["STRONG_ITEM", "WEAK_ITEM", "Detection", "detect", "detect_spam"]
