"""``cluster.contact``: advert contact lines (QQ, WeChat, Telegram,
account-opening, a domain) right after a cluster join it.

Evidence only: the contacts widen the cluster's span and add nothing to
its score.
"""

from __future__ import annotations

import dataclasses

from segtext.spam import markers
from segtext.spam.items import Clue, RuleCandidate
from segtext.spam.rules.base import Rule

RULE = Rule("cluster.contact", "evidence", "advert contact lines next to a cluster join it")

MAX_CONTACT_LINE = 300  # an advert's contact line is short; longer text is not one


def has_contacts(text: str) -> bool:
    """Two or more contact signals: contact markers and ids, domains and
    URLs, as segtext.spam.markers counts them (one list for every rule)."""
    found = markers.scan(text, [0])
    return found.contacts[0] + found.domains[0] >= 2


def extend(view: str, cand: RuleCandidate) -> RuleCandidate:
    """The candidate taking in advert contacts: the rest of its last line and
    the lines right after it, while each is short and carries two or more
    contact signals (QQ or WeChat ids, Telegram handles, account-opening
    offers, domains). Contacts widen the span; they add nothing to the score."""
    # Every search here is bounded by MAX_CONTACT_LINE, so that many clusters
    # on one huge line cost linear time.
    n = len(view)
    end = cand.b
    clues: list[Clue] = []
    line_end = view.find("\n", end, end + MAX_CONTACT_LINE + 1)
    if line_end < 0:
        if end + MAX_CONTACT_LINE + 1 < n:
            return cand  # the line goes on: its rest is no contact line
        line_end = n
    back = max(0, end - MAX_CONTACT_LINE)
    line_start = view.rfind("\n", back, end) + 1 or back
    tail = view[end:line_end]
    line = view[line_start:line_end]
    if tail.strip() and has_contacts(line):
        tail_end = end + len(tail.rstrip())
        clues.append(Clue(RULE.id, end, tail_end, 0.0, "advert contacts follow the cluster"))
        end = tail_end
    pos = line_end
    while pos < n and view[pos] == "\n":
        a = pos + 1
        b = view.find("\n", a, a + MAX_CONTACT_LINE + 1)
        if b < 0:
            b = min(n, a + MAX_CONTACT_LINE + 1)
            if b < n:
                break  # a longer line: not a contact line
        line = view[a:b]
        if not line.strip() or not has_contacts(line):
            break
        end = a + len(line.rstrip())
        clues.append(Clue(RULE.id, a, end, 0.0, "advert contacts next to the cluster"))
        pos = b
    if not clues:
        return cand
    return dataclasses.replace(cand, b=end, evidence=(*cand.evidence, *clues))
