"""SEO-spam detection: the folded view, the lexicon rules, the learned line
model and the fitted combination of their evidence.

:func:`detect_spam` is the stage's entry point; the submodules are its parts.
"""

from segtext.spam.lexical import STRONG_ITEM, WEAK_ITEM, detect_spam

__all__ = ["STRONG_ITEM", "WEAK_ITEM", "detect_spam"]
