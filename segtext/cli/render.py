"""The human-readable reports the commands print (JSON records are built in segtext.output)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from segtext.blocks import clean_text
from segtext.decode import Decoded
from segtext.inputs import Document, Source
from segtext.output import html_end, line_col
from segtext.report import Block, Report, SpamFinding

if TYPE_CHECKING:
    from segtext.html import HtmlReport


def excerpt(s: str, limit: int = 70) -> str:
    """``s`` on one line; a longer one keeps its start and its end, joined by `` … ``."""
    s = " ".join(s.split())
    if len(s) <= limit:
        return s
    tail = limit // 3
    return f"{s[: limit - tail - 3]} … {s[-tail:]}"


def span_lines(start: tuple[int, int], end: tuple[int, int], what: str, line0: int = 0) -> str:
    """``line 3, col 1 to line 5, col 20: what`` (``end`` is just after the last character)."""
    return (
        f"  line {line0 + start[0]}, col {start[1]} to line {line0 + end[0]}, col {end[1]}: {what}"
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def encoding_lines(meta: Decoded) -> list[str]:
    """A line on the encoding when it is worth a look: guessed, legacy or repaired."""
    if not (meta.replaced or meta.detected or meta.encoding not in ("utf-8", "utf-8-sig")):
        return []
    return [
        f"  encoding: {meta.encoding}"
        + (" (detected)" if meta.detected else "")
        + (f", {meta.replaced} undecodable byte sequence(s) replaced" if meta.replaced else "")
    ]


def finding_lines(text: str, f: SpamFinding, line0: int = 0) -> list[str]:
    """Where a finding starts and ends (after ``line0`` earlier lines), what, an excerpt."""
    cats = ", ".join(f.categories) or "no category"
    what = f"{f.rule} score {f.score:.2f}: {f.items} item(s); {cats}"
    return [
        span_lines(line_col(text, f.start), line_col(text, f.end), what, line0),
        f"    {excerpt(text[f.start : f.end])}",
    ]


def role_counts(blocks: tuple[Block, ...], counts: dict[str, int] | None = None) -> dict[str, int]:
    """Blocks per role, blank lines left out (added to ``counts`` when given)."""
    counts = {} if counts is None else counts
    for b in blocks:
        if b.role != "blank":
            counts[b.role] = counts.get(b.role, 0) + 1
    return counts


def blocks_line(counts: dict[str, int]) -> list[str]:
    if not counts:
        return []
    return ["  blocks: " + ", ".join(f"{n} {role}" for role, n in sorted(counts.items()))]


def render_check(src: Source, report: Report, *, explain: bool, color: bool) -> str:
    text = src.decoded.text
    verdict = "SPAM" if report.is_spam else "clean"
    lines = [
        f"{src.name}: {verdict} (score {report.score:.2f}, threshold {report.threshold:g},"
        f" {_plural(len(report.spam), 'finding')})"
    ]
    for f in report.spam:
        lines.extend(finding_lines(text, f))
        if explain:
            lines.extend(_evidence_lines(text, f, color))
    if explain and report.near_misses:
        lines.append("  near misses (the strongest candidates below the threshold):")
        for f in report.near_misses:
            lines.extend(finding_lines(text, f))
            lines.extend(_evidence_lines(text, f, color))
    lines.extend(blocks_line(role_counts(report.blocks)))
    lines.extend(encoding_lines(src.decoded))
    return "\n".join(lines) + "\n"


def _evidence_lines(text: str, f: SpamFinding, color: bool) -> list[str]:
    """A finding in context, each piece of evidence with its contribution to
    the score (they add up to it), and its keywords."""
    out = explain_lines(text, f.start, f.end, color)
    out.extend(f"    [{e.rule}] {e.message} ({e.weight:+.2f})" for e in f.evidence)
    if f.keywords:
        out.append(
            f"    keywords: {', '.join(f.keywords[:20])}" + (" …" if len(f.keywords) > 20 else "")
        )
    return out


def explain_lines(text: str, start: int, end: int, color: bool) -> list[str]:
    """The lines a finding touches, with the finding marked."""
    out: list[str] = []
    line_start = text.rfind("\n", 0, start) + 1
    pos = line_start
    lineno = text.count("\n", 0, line_start) + 1
    open_m, close_m = ("\x1b[1;31m", "\x1b[0m") if color else ("[[", "]]")
    while pos <= end and pos < len(text):
        nl = text.find("\n", pos)
        stop = len(text) if nl < 0 else nl
        a, b = max(start, pos), min(end, stop)
        line = text[pos:stop]
        if a < b:
            line = line[: a - pos] + open_m + line[a - pos : b - pos] + close_m + line[b - pos :]
        if len(line) > 400:
            line = line[:399] + "…"
        out.append(f"    {lineno:>5} | {line}")
        pos = stop + 1
        lineno += 1
        if len(out) >= 30:
            out.append("          | …")
            break
    return out


def block_line(b: Block, text: str, offset: int = 0) -> str:
    """One block of ``split``; ``text`` is what ``b`` indexes, ``offset`` moves it."""
    return (
        f"  block {b.start + offset}-{b.end + offset} {b.role:<11} {b.script:<6} {b.rule:<22}"
        f" {excerpt(text[b.start : b.end], 60)}"
    )


def render_split(src: Source, report: Report) -> str:
    text = src.decoded.text
    out = [f"{src.name}:"]
    out.extend(block_line(b, text) for b in report.blocks if b.role != "blank")
    for r in report.runs:
        out.append(f"  run   {r.start}-{r.end} {r.script:<6} {excerpt(text[r.start : r.end], 60)}")
    return "\n".join(out) + "\n"


def render_segment(report: Report, text: str) -> str:
    """Tokens of each input line on one output line, separated by single spaces."""
    out: list[str] = []
    tokens = report.tokens
    ti = 0
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        words: list[str] = []
        while ti < len(tokens) and tokens[ti].start < end:
            words.append(tokens[ti].text)
            ti += 1
        out.append(" ".join(words))
        pos = end + 1
    if text.endswith("\n"):
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def render_html_check(src: Source, rep: HtmlReport, *, explain: bool, color: bool) -> str:
    """A check of an HTML page: each finding with its part, element and HTML line."""
    doc = rep.document
    lines = [
        f"{src.name}: {'SPAM' if rep.is_spam else 'clean'} (HTML; score {rep.score:.2f},"
        f" threshold {rep.threshold:g}, {_plural(len(rep.findings), 'finding')})"
    ]
    for f in rep.findings:
        hidden = f", hidden: {f.reason}" if f.reason else ""
        what = f"{f.rule} score {f.score:.2f} [{f.part} {f.element}{hidden}]"
        lines.append(span_lines((f.line, f.col), html_end(f, doc), what))
        lines.append(f"    {excerpt(doc.text[f.start : f.end])}")
        if explain:
            lines.append(f"    {f.message}")
            lines.extend(f"    [{e.rule}] {e.message} (weight {e.weight:.2f})" for e in f.evidence)
    kinds: dict[str, int] = {}
    for part in doc.parts:
        kinds[part.kind] = kinds.get(part.kind, 0) + 1
    if kinds:
        lines.append("  parts: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    lines.extend(encoding_lines(src.decoded))
    return "\n".join(lines) + "\n"


def batch_text(doc: Document, result: Report | HtmlReport, command: str, *, explain: bool) -> str:
    """The text report (or article) of one document of a batch run, as its worker writes it."""
    meta = doc.meta
    decoded = Decoded(
        doc.text,
        str(meta.get("encoding", "utf-8")),
        int(meta.get("replaced", 0)),
        bool(meta.get("bom", False)),
        bool(meta.get("encoding_detected", False)),
    )
    name = f"{doc.source}:{doc.line}" if doc.line else doc.source
    if isinstance(result, Report):
        if command == "clean":
            return clean_text(doc.text, result.blocks)
        return render_check(Source(name, decoded), result, explain=explain, color=False)
    if command == "clean":
        from segtext.html import article_text  # noqa: PLC0415 - HTML pages only

        return article_text(result)
    return render_html_check(Source(name, decoded, True), result, explain=explain, color=False)
