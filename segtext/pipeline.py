"""``analyze``: every stage on one text, composed; nothing else lives here."""

from __future__ import annotations

from segtext.blocks import assign_blocks, clean_text
from segtext.config import DEFAULT_CONFIG, Config
from segtext.report import HanRun, Report, Token
from segtext.scripts import script_runs
from segtext.spam import detect_spam


def analyze(text: str, config: Config | None = None) -> Report:
    """Split, classify and check one page; spans index into ``text``.

    Chinese tokens are included only with ``Config(tokens=True)``, so that a
    spam check never loads jieba. Raises :class:`segtext.SegtextError` only
    for an invalid config or unreadable user dictionary, never for the text.
    """
    if not isinstance(text, str):
        raise TypeError(f"analyze() takes a str, not {type(text).__name__}")
    cfg = config or DEFAULT_CONFIG
    runs = script_runs(text)
    findings = detect_spam(text, cfg.spam)
    blocks = assign_blocks(text, runs, findings)
    score = max((f.score for f in findings), default=0.0)
    tokens: tuple[Token, ...] = ()
    han: tuple[HanRun, ...] = ()
    if cfg.tokens:
        from segtext.segment import han_runs, segment  # noqa: PLC0415 - loads jieba

        tokens = segment(text, cfg.segment)
        han = han_runs(text)
    return Report(
        length=len(text),
        verdict="spam" if findings else "clean",
        score=score,
        threshold=cfg.spam.threshold,
        runs=runs,
        blocks=blocks,
        spam=findings,
        tokens=tokens,
        han_runs=han,
    )


def clean(text: str, config: Config | None = None) -> str:
    """The article text of a page: boilerplate, footer and spam removed."""
    report = analyze(text, config)
    return clean_text(text, report.blocks)
