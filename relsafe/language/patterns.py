"""A small, readable pattern language for the rules, compiled to regular expressions over the token
stream of ``tokens.py``.

A pattern is a sequence of items separated by spaces; each item matches one token (one word, or one
punctuation mark) unless it is a group:

``choose``          a word with this lemma: chose, chosen, choosing, chooses (and "choses", repaired)
``=chose``          exactly this word, not its other forms
``sext~``           a word starting with these letters (sexting, sexted, sexts)
``risk|danger``     any one of these words (outside brackets, with no spaces around ``|``)
``@SELF``           a word class or phrase defined in ``CLASSES`` (``@SELF`` = himself, herself ...)
``#name``           a token with this tag (see ``tokens.py``: ``#name``, ``#adultage``, ``#cap`` ...)
``_``               any one word; ``_{0,3}`` up to three words (never punctuation, so never across a
                    sentence or a comma)
``!word``           any one word except this one (``!@ADULT`` any word that is not an adult)
``,`` ``£`` ``%(``  that punctuation mark (``%`` before a bracket or a full stop)
``(a lot of|many)``  a group; inside brackets ``|`` separates alternatives as in a regular expression
                    (``a lot of`` or ``many``); ``(?P<verb> … )`` names the group for the suggestion
``x?`` ``x*`` ``x+`` ``x{1,3}``  optional or repeated, after any item or group
``< … >``           the words a finding points at (the rest is context that must be there); without
                    them the finding is the whole match
``$``               the end of the searched text (guards use it for "right before the match")
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_LEX = re.compile(
    r"%.(?:[?*+]|\{\d+(?:,\d*)?\})?|\(\?P<\w+>|\(|\)(?:[?*+]|\{\d+(?:,\d*)?\})?|[^\s()]+"
)
_QUANT = re.compile(r"^(.+?)([?*+]|\{\d+(?:,\d*)?\})$")
# A token's group in the stream is "{w key key }" for a word and "{p key }" for punctuation.
ANY_WORD = r"\{w[^}]*\}"


class PatternError(ValueError):
    """A rule's pattern does not parse."""


# While rules compile, the keys and prefixes their patterns ask about (``collect_keys``).
_COLLECTING: list[tuple[set[str], set[str]]] = []


def collect_keys() -> tuple[set[str], set[str]]:
    """Start recording the keys (and key prefixes) patterns compiled from now on ask about."""
    found: tuple[set[str], set[str]] = (set(), set())
    _COLLECTING.append(found)
    return found


def stop_collecting() -> None:
    _COLLECTING.pop()


def _key(part: str) -> str:
    if part.endswith("~") and len(part) > 1:
        for _, prefixes in _COLLECTING:
            prefixes.add(part[:-1].lower())
        return re.escape(part[:-1].lower()) + r"[^ }]*"
    key = part if part.startswith("#") else part.lower()
    for words, _ in _COLLECTING:
        words.add(key)
    return re.escape(key)


def _token(parts: list[str], kind: str = "w") -> str:
    alternatives = "|".join(_key(p) for p in parts)
    # Step over whole keys (never back into one) until one of these is next.
    return r"\{" + kind + r"(?: [^ }]+)*? (?:" + alternatives + r")(?= )[^}]*\}"


def compile_pattern(pattern: str, classes: Mapping[str, str], _depth: int = 0) -> str:
    """The regular expression (over the token stream) for a pattern."""
    if _depth > 8:
        raise PatternError("word classes refer to each other in a loop")
    out: list[str] = []
    depth = 0
    hits = 0
    pattern = _SPACE_BARS.sub(" | ", pattern)
    items = _LEX.findall(pattern)
    # "(is|are|was)" (a bracket holding one item) is a choice of one word: one token test.
    single = {
        i + 1
        for i in range(len(items) - 2)
        if (items[i] == "(" or items[i].startswith("(?P<"))
        and items[i + 2].startswith(")")
        and "|" in items[i + 1]
        and items[i + 1] != "|"
    }
    for position, item in enumerate(items):
        if position in single:
            out.append("(?:" + _with_quant(item, classes, _depth) + ")")
            continue
        if item.startswith("(?P<") or item == "(":
            out.append(item if item != "(" else "(?:")
            depth += 1
            continue
        if item.startswith(")"):
            out.append(item)
            depth -= 1
            if depth < 0:
                raise PatternError(f"unbalanced ) in {pattern!r}")
            continue
        if item == "|":
            out.append("|")
            continue
        if depth > 0 and "|" in item:
            # Inside brackets "a lot of|many" is a choice of phrases, as in a regular expression.
            parts = item.split("|")
            if not all(parts):
                raise PatternError(f"empty alternative in {item!r}")
            alone_left = (
                position == 0
                or items[position - 1] in {"(", "|"}
                or items[position - 1].startswith("(?P<")
            )
            alone_right = (
                position + 1 >= len(items)
                or items[position + 1] == "|"
                or items[position + 1].startswith(")")
            )
            # Words standing alone as alternatives are one token test ("cce|cse|crime" -> one).
            first = 0 if alone_left else 1
            last = len(parts) if alone_right else len(parts) - 1
            plain = [
                p
                for p in parts[first:last]
                if _QUANT.match(p) is None and _is_word(p) and not p.startswith(("@", "#"))
            ]
            pieces: list[str] = []
            merged = False
            for k, part in enumerate(parts):
                if first <= k < last and part in plain:
                    if not merged:
                        pieces.append(_token(plain))
                        merged = True
                    continue
                pieces.append("(?:" + _with_quant(part, classes, _depth) + ")")
            out.append("|".join(pieces))
            continue
        if item == "<":
            # Each alternative may mark its own finding: hit, hit1, hit2 ...
            out.append(f"(?P<hit{hits or ''}>")
            hits += 1
            continue
        if item == ">":
            out.append(")")
            continue
        if item == "$":
            out.append("$")
            continue
        out.append("(?:" + _with_quant(item, classes, _depth) + ")")
    if depth != 0:
        raise PatternError(f"unbalanced ( in {pattern!r}")
    return "".join(out)


# A bar touching a bracket or "$" ("x $|(y) $") separates alternatives, like a spaced one.
_SPACE_BARS = re.compile(r"(?<=[)$])\|(?=\S)|(?<=\S)\|(?=\()|(?<=[)$])\||(?<=\)[?*+])\|")


def _with_quant(item: str, classes: Mapping[str, str], depth: int) -> str:
    quant = ""
    match = _QUANT.match(item)
    if match:
        item, quant = match.group(1), match.group(2)
    return "(?:" + _atom(item, classes, depth) + ")" + quant


def _is_word(part: str) -> bool:
    if not part:
        raise PatternError("empty alternative")
    return part[0].isalnum() or part[0] in "#='" or part.endswith("~")


def _atom(item: str, classes: Mapping[str, str], depth: int) -> str:
    if item == "_":
        return ANY_WORD
    if item.startswith("%") and len(item) == 2:
        return _token([item[1]], "p")
    if item.startswith("!") and len(item) > 1:
        return "(?!" + _atom(item[1:], classes, depth) + ")" + ANY_WORD
    if item.startswith("@") and "|" not in item:
        name = item[1:]
        if name not in classes:
            raise PatternError(f"unknown word class @{name}")
        return compile_pattern(classes[name], classes, depth + 1)
    if "|" in item:
        words: list[str] = []
        others: list[str] = []
        for part in item.split("|"):
            if not part:
                raise PatternError(f"empty alternative in {item!r}")
            expansion = classes.get(part[1:]) if part.startswith("@") else None
            if part.startswith("@") and expansion is None:
                raise PatternError(f"unknown word class {part}")
            if expansion is not None and " " not in expansion.strip() and "(" not in expansion:
                words.extend(expansion.split("|"))
            elif expansion is not None or not _is_word(part):
                others.append(_atom(part, classes, depth))
            else:
                words.append(part)
        return "|".join(([_token(words)] if words else []) + others)
    if not item[0].isalnum() and item[0] not in "#=" and not item.endswith("~"):
        # punctuation
        return _token([{"{": "#ob", "}": "#cb"}.get(item, item)], "p")
    return _token([item])


# Anchors ---------------------------------------------------------------------------------------------
# Every match of a pattern contains at least one word with one of its anchor keys, so the checker
# need only try a rule near those words. Worked out from the pattern itself, so it cannot go stale.
_UNBOUNDED = 8  # how many tokens "*" and "+" are taken to cover when working out the reach


class _Shape:
    """What the checker needs to know about a piece of pattern: the keys one of which every match
    contains (None: no such set), the most tokens a match can span, and the most tokens that can come
    before the anchor word."""

    __slots__ = ("anchors", "length", "reach")

    def __init__(self, anchors: frozenset[str] | None, length: int, reach: int) -> None:
        self.anchors = anchors
        self.length = length
        self.reach = reach


# Words too common to be good anchors: a rule anchored on "is" would be tried at every "is".
_COMMON = frozenset(
    [
        "a",
        "an",
        "the",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "done",
        "her",
        "his",
        "their",
        "him",
        "them",
        "it",
        "its",
        "to",
        "of",
        "in",
        "on",
        "for",
        "with",
        "and",
        "or",
        "not",
        "n't",
        "'s",
        "'d",
        "'re",
        "'ve",
        "go",
        "goes",
        "going",
        "went",
        "gone",
        "get",
        "got",
        "gets",
        "make",
        "made",
        "makes",
        "making",
        "take",
        "took",
        "takes",
        "taking",
        "that",
        "this",
        "these",
        "those",
        "at",
        "by",
        "as",
        "can",
        "could",
        "will",
        "would",
        "very",
        "so",
        "more",
        "most",
        "also",
        "just",
        "she",
        "he",
        "they",
        "we",
        "i",
        "you",
        "me",
        "my",
        "your",
        "our",
        "out",
        "up",
        "off",
        "from",
        "into",
        "over",
        "about",
        "than",
        "then",
        "there",
        "what",
        "who",
        "which",
    ]
)


def _cost(keys: frozenset[str]) -> int:
    return 100 * sum(1 for k in keys if k in _COMMON) + len(keys)


def _seq(shapes: list[_Shape]) -> _Shape:
    length = sum(s.length for s in shapes)
    best: _Shape | None = None
    before = 0
    for shape in shapes:
        if shape.anchors is not None and (
            best is None or _cost(shape.anchors) < _cost(best.anchors or frozenset())
        ):
            best = _Shape(shape.anchors, length, before + shape.reach)
        before += shape.length
    return best or _Shape(None, length, 0)


def _alt(options: list[_Shape]) -> _Shape:
    if any(o.anchors is None for o in options):
        return _Shape(None, max(o.length for o in options), 0)
    keys: frozenset[str] = frozenset().union(*(o.anchors or frozenset() for o in options))
    return _Shape(keys, max(o.length for o in options), max(o.reach for o in options))


def _repeat(shape: _Shape, quant: str) -> _Shape:
    if quant == "?":
        return _Shape(None, shape.length, 0)
    if quant in {"*", "+"}:
        low, high = (0 if quant == "*" else 1), _UNBOUNDED
    else:
        numbers = quant.strip("{}").split(",")
        low = int(numbers[0])
        high = int(numbers[-1]) if numbers[-1] else _UNBOUNDED
    return _Shape(shape.anchors if low > 0 else None, shape.length * high, shape.reach)


def _atom_shape(item: str, classes: Mapping[str, str], depth: int) -> _Shape:
    if item == "_" or item.startswith(("!", "#", "%")) or item == "$":
        return _Shape(None, 0 if item == "$" else 1, 0)
    if item.startswith("@") and "|" not in item:
        return shape_of(classes[item[1:]], classes, depth + 1)
    keys: set[str] = set()
    shapes: list[_Shape] = []
    for part in item.split("|"):
        if part.startswith("@"):
            shapes.append(shape_of(classes[part[1:]], classes, depth + 1))
        elif part.endswith("~") or part.startswith("#") or not _is_word(part):
            return _Shape(None, 1, 0)
        else:
            keys.add(part.lstrip("=").lower())
    if shapes:
        return _alt([*shapes, _Shape(frozenset(keys), 1, 0)] if keys else shapes)
    return _Shape(frozenset(keys), 1, 0)


def shape_of(pattern: str, classes: Mapping[str, str], depth: int = 0) -> _Shape:
    """The anchors, longest span and reach of a pattern (see ``_Shape``)."""
    if depth > 8:
        raise PatternError("word classes refer to each other in a loop")
    items = _LEX.findall(_SPACE_BARS.sub(" | ", pattern))
    position = 0

    def group(inside: bool) -> _Shape:
        nonlocal position
        options: list[list[_Shape]] = [[]]
        while position < len(items):
            item = items[position]
            position += 1
            if item.startswith("(?P<") or item == "(":
                inner = group(True)
                closing = items[position - 1]
                quant = closing[1:]
                options[-1].append(_repeat(inner, quant) if quant else inner)
                continue
            if item.startswith(")"):
                if not inside:
                    raise PatternError(f"unbalanced ) in {pattern!r}")
                return _alt([_seq(o) for o in options])
            if item == "|":
                options.append([])
                continue
            if item in {"<", ">"}:
                continue
            if inside and "|" in item:
                parts = item.split("|")
                options[-1].append(_quantified(parts[0], classes, depth))
                options.extend([_quantified(part, classes, depth)] for part in parts[1:])
                continue
            options[-1].append(_quantified(item, classes, depth))
        if inside:
            raise PatternError(f"unbalanced ( in {pattern!r}")
        return _alt([_seq(o) for o in options])

    return group(False)


def _quantified(item: str, classes: Mapping[str, str], depth: int) -> _Shape:
    match = _QUANT.match(item)
    if match and not item.startswith("%"):
        return _repeat(_atom_shape(match.group(1), classes, depth), match.group(2))
    if item.startswith("%") and len(item) > 2:
        return _repeat(_atom_shape(item[:2], classes, depth), item[2:])
    return _atom_shape(item, classes, depth)


def top_level_alternatives(pattern: str) -> list[str]:
    """A pattern's alternatives at the top level ("a b | c d" -> ["a b", "c d"]); each is matched on
    its own, near its own anchor words."""
    items = _LEX.findall(_SPACE_BARS.sub(" | ", pattern))
    out: list[list[str]] = [[]]
    depth = 0
    for item in items:
        if item.startswith("(?P<") or item == "(":
            depth += 1
        elif item.startswith(")"):
            depth -= 1
        if item == "|" and depth == 0:
            out.append([])
        else:
            out[-1].append(item)
    return [" ".join(parts) for parts in out if parts]
