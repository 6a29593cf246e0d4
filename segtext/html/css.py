"""What a page's CSS hides: inline ``style`` declarations and simple ``<style>`` rules.

See :mod:`segtext.html` (its module docstring) for what counts as hidden and
what is not detected.
"""

from __future__ import annotations

import re

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
# A rule starts only at the start of the CSS or after a brace: the leftmost
# match is the same (any later start in a brace-free stretch has the same
# end), and a long stretch without braces is scanned once, not from every
# position (100 KB in one <style> took 80 s).
_CSS_RULE = re.compile(r"(?:^|(?<=[{}]))([^{}]*+)\{([^{}]*+)\}")
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?([.#])([A-Za-z0-9_-]+)$")
_LENGTH = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*([a-z%]*)")
_STYLE_OPEN = re.compile(r"<style\b[^>]*+>", re.IGNORECASE)
_STYLE_CLOSE = re.compile(r"</style[\t\n\f\r />]", re.IGNORECASE)

#: How far left or up an offset puts text off the screen: beyond any window
#: (-500px, -30em), or -100 of another unit (%, vw, pt: off by a whole width
#: or about as far as the pixels).
_OFF_SCREEN_PX = -500
_OFF_SCREEN_EM = -30
_OFF_SCREEN_OTHER = -100
#: The largest pixel size that leaves text unreadable (font size, height).
_TINY_PX = 1
#: The highest opacity that leaves text invisible to a reader.
_INVISIBLE_OPACITY = 0.05


def _length(value: str) -> tuple[float, str] | None:
    m = _LENGTH.match(value)
    if m is None:
        return None
    try:
        return float(m.group(1)), m.group(2) or "px"
    except ValueError:  # pragma: no cover - the pattern only takes numbers
        return None


def _far_negative(value: str) -> bool:
    n = _length(value)
    if n is None:
        return False
    num, unit = n
    if unit in ("em", "rem"):
        return num <= _OFF_SCREEN_EM
    return num <= (_OFF_SCREEN_PX if unit == "px" else _OFF_SCREEN_OTHER)


def _tiny(value: str) -> bool:
    n = _length(value)
    return n is not None and (n[0] <= 0 or (n[1] == "px" and n[0] <= _TINY_PX))


def declarations(style: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for decl in style.split(";"):
        key, sep, value = decl.partition(":")
        if sep:
            v = value.lower().replace("!important", "").strip()
            out[key.strip().lower()] = v
    return out


def hiding(decls: dict[str, str]) -> str | None:
    """Why a set of CSS declarations hides an element's text, or None."""
    if decls.get("display", "").startswith("none"):
        return "display:none"
    if decls.get("visibility", "") in ("hidden", "collapse"):
        return "visibility:hidden"
    fs = decls.get("font-size")
    if fs is not None and _tiny(fs):
        return "font-size:0"
    op = decls.get("opacity")
    if op is not None:
        n = _length(op)
        if n is not None and n[0] <= _INVISIBLE_OPACITY:
            return "opacity:0"
    if decls.get("position", "") in ("absolute", "fixed") and any(
        _far_negative(decls.get(k, "")) for k in ("left", "top", "right")
    ):
        return "off-screen"
    if _far_negative(decls.get("text-indent", "")) or _far_negative(decls.get("margin-left", "")):
        return "off-screen"
    if decls.get("overflow", "").startswith("hidden") and any(
        _tiny(decls.get(k, "x")) for k in ("height", "max-height", "width")
    ):
        return "zero-size"
    return None


def _strip_at_rules(css: str) -> str:
    """The CSS outside ``@media``/``@supports``/... blocks (linear scan)."""
    out: list[str] = []
    i, n = 0, len(css)
    while i < n:
        at = css.find("@", i)
        if at < 0:
            out.append(css[i:])
            break
        out.append(css[i:at])
        brace = css.find("{", at)
        semi = css.find(";", at)
        if brace < 0 or (0 <= semi < brace):
            i = n if semi < 0 else semi + 1  # @import ...; / @charset ...;
            continue
        depth, j = 0, brace
        while j < n:
            c = css[j]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        i = j + 1
    return "".join(out)


def style_rules(html: str) -> dict[str, str]:
    """Hiding rules of a page's ``<style>`` elements: selector -> reason.

    Keys are ``".cls"``, ``"#id"``, ``"tag.cls"`` or ``"tag#id"``; see the
    module docstring for what counts.
    """
    rules: dict[str, str] = {}
    pos = 0
    while True:
        m = _STYLE_OPEN.search(html, pos)
        if m is None:
            break
        end = _STYLE_CLOSE.search(html, m.end())
        css = html[m.end() : end.start() if end else len(html)]
        pos = end.end() if end else len(html)
        if "none" not in css and "hidden" not in css and "-" not in css and "0" not in css:
            continue
        css = _strip_at_rules(_CSS_COMMENT.sub(" ", css))
        for rule in _CSS_RULE.finditer(css):
            reason = hiding(declarations(rule.group(2)))
            for sel in rule.group(1).split(","):
                s = sel.strip()
                sm = _SIMPLE_SELECTOR.match(s.lower() if s[:1].isalpha() else s)
                if sm is None:
                    continue
                key = f"{sm.group(1) or ''}{sm.group(2)}{sm.group(3)}"
                if reason is not None:
                    rules[key] = reason
                else:
                    rules.pop(key, None)  # a later rule shows it again
    return rules
