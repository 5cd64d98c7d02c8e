"""Complementary suppression of small counts, on figures and the sums that tie them: the one rule
of the project, used by the app (`surveyapp.services.suppression`, which explains the rule and adds
how pages show its figures) and by this package's own tables (`analysis.summarize`).

A count from 1 to `min_count - 1` is hidden; a sum with exactly one hidden member gets a second one
hidden (its smallest non-zero part, else all of its zero parts, else its total), until no hidden
figure can be worked out by subtraction. Pure Python: no Flask, no database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence

Key = Hashable


def suppress(
    values: dict[Key, int],
    lines: Sequence[tuple[Sequence[Key], Key]],
    min_count: int,
    public: Iterable[Key] = (),
    unshown: Iterable[Key] = (),
) -> set[Key]:
    """The keys to hide: primary suppression of 1..min_count-1, then complementary suppression
    until no line (parts that add up to a total) lets a hidden figure be worked out.

    `public` figures are never hidden (not a subgroup). `unshown` ones are part of a sum but never
    displayed: the viewer does not know them, so a line holding one and a hidden figure reveals
    neither, unless the unshown one can itself be worked out from another line. One that is small is
    protected like a shown one (subtraction would reveal it); hiding one protects nothing, so it is
    never the complementary choice.

    The complementary choice of a line: its smallest non-zero part, else its zero parts (a hidden
    zero is as good a complement as any: the viewer cannot tell it from a hidden small count), else
    its total. Every zero part at once: one chosen by position would tell, to a reader who knows
    the rule, which of the hidden figures is the small count. A line where none is left stays as it
    is (`exposed` finds it)."""
    fixed = set(public)
    unseen = set(unshown)
    hidden = {k for k, n in values.items() if 0 < n < min_count and k not in fixed}
    order = {k: i for i, k in enumerate(values)}
    lines_of: dict[Key, list[int]] = defaultdict(list)
    for i, (parts, total) in enumerate(lines):
        for k in {*parts, total}:
            lines_of[k].append(i)
    changed = True
    while changed:
        changed = False
        # Which unshown figures the shown ones give away, afresh after every figure hidden: one
        # that only a figure hidden since gave away is unknown again.
        unknown = _unknown(lines, lines_of, hidden, unseen)
        for parts, total in lines:
            members = [*parts, total]
            lone = [k for k in members if k in unknown]
            if len(lone) != 1 or lone[0] not in hidden:
                continue
            candidates = [
                (_preference(k, total, values), values.get(k, 0), order.get(k, 0), k)
                for k in members
                if k not in unknown and k not in fixed and k not in unseen
            ]
            if candidates:
                first = min(candidates, key=lambda c: c[:3])
                if first[0] == 1:  # every zero at once: which one is the small count stays open
                    hidden.update(c[3] for c in candidates if c[0] == 1)
                else:
                    hidden.add(first[3])
                unknown = _unknown(lines, lines_of, hidden, unseen)
                changed = True
    return hidden - unseen


def _preference(key: Key, total: Key, values: dict[Key, int]) -> int:
    """Which complement to hide first: a non-zero part (0), a zero part (1), the total (2)."""
    if key == total:
        return 2
    return 0 if values.get(key, 0) > 0 else 1


def exposed(
    lines: Sequence[tuple[Sequence[Key], Key]], hidden: Iterable[Key], unshown: Iterable[Key] = ()
) -> set[Key]:
    """The hidden figures that the others still give away: a line with one unknown member tells
    it, and what it tells is known in the next line (unshown figures count as unknown until a
    line tells them). Empty after `suppress` unless a line had nothing left to hide."""
    hidden = set(hidden)
    unknown = hidden | set(unshown)
    found = True
    while found:
        found = False
        for parts, total in lines:
            lone = [k for k in {*parts, total} if k in unknown]
            if len(lone) == 1:
                unknown.discard(lone[0])
                found = True
    return hidden - unknown


def _unknown(
    lines: Sequence[tuple[Sequence[Key], Key]],
    lines_of: dict[Key, list[int]],
    hidden: set[Key],
    unseen: set[Key],
) -> set[Key]:
    """The figures a viewer does not know: the hidden ones, and the unshown ones that no line
    gives away (a line whose other members are all known), found line by line as they resolve."""
    unknown = hidden | unseen
    if not unseen:
        return unknown
    open_members = [sum(1 for k in {*parts, total} if k in unknown) for parts, total in lines]
    queue = [i for i, n in enumerate(open_members) if n == 1]
    while queue:
        i = queue.pop()
        parts, total = lines[i]
        lone = [k for k in {*parts, total} if k in unknown]
        if len(lone) != 1 or lone[0] in hidden:
            continue
        unknown.discard(lone[0])
        for j in lines_of[lone[0]]:
            open_members[j] -= 1
            if open_members[j] == 1:
                queue.append(j)
    return unknown
