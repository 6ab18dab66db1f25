"""Small questions about a parsed sentence that several components ask.

Kept apart so the measure, attribution, time and modality components read the
dependency tree the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

AMOUNT_NOUNS = frozenset(
    [
        "hundreds",
        "thousands",
        "millions",
        "dozens",
        "scores",
        "tens",
        "dozen",
        "hundred",
        "thousand",
        "million",
    ]
)


def number_token(figure: Span) -> Token:
    """The token that carries the amount ("1,300" in "past 1,300", "thousands" in "many more
    thousands"): the span's root when that is an amount, else the amount the rest of the
    sentence attaches to."""
    amounts = [t for t in figure if t.like_num or t.lower_ in AMOUNT_NOUNS]
    if not amounts or figure.root in amounts:
        return figure.root
    outward = [t for t in amounts if not figure.start <= t.head.i < figure.end]
    return outward[0] if outward else amounts[-1]


def counted_token(figure: Span) -> Token:
    """The noun the amount counts: "1,500 protesters" → protesters,
    "thousands of people" → people; the number itself when it stands alone."""
    number = number_token(figure)
    token = phrase_top(figure)
    for _ in range(3):  # "hundreds of thousands of people"
        nxt = _of_object(token) or _of_object_of_conjuncts(token, figure)
        if nxt is None or (token != number and token.lower_ not in AMOUNT_NOUNS):
            break
        token = nxt
    return token


def phrase_top(figure: Span) -> Token:
    """The head of the noun phrase the amount sits in: "protesters" in "1,500 protesters",
    "thousands" in "thousands of people"; its own head says what happened to them."""
    number = number_token(figure)
    if number.dep_ in ("nummod", "quantmod", "amod", "compound") and number.head.i >= figure.end:
        return number.head
    return number


def _of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _of_object_of_conjuncts(token: Token, figure: Span) -> Token | None:
    for conj in token.conjuncts:
        if figure.start <= conj.i < figure.end:
            found = _of_object(conj)
            if found is not None:
                return found
    return None


def ancestors_within(token: Token, limit: int = 8) -> Iterator[Token]:
    for n, ancestor in enumerate(token.ancestors):
        if n >= limit:
            return
        yield ancestor


def name_span(token: Token) -> Span:
    """The words naming an entity headed by `token`: its left modifiers and "of/for" tails,
    without determiners, relative clauses or bracketed asides."""
    doc = token.doc
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod", "case", "punct"):
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ == "case" or (child.dep_ == "prep" and child.lower_ in ("of", "for")):
            right = max(right, child.right_edge.i)
        elif child.dep_ in ("compound", "flat"):
            right = max(right, child.i)
        else:
            break
    while left < token.i and doc[left].dep_ in ("det", "punct", "cc", "predet"):
        left += 1
    if token.pos_ == "PROPN":  # "rights group Amnesty International": the name, not the label
        while left < token.i and (doc[left].pos_ != "PROPN" or _labels_name(doc[left], token)):
            left += 1
    span = doc[left : right + 1]
    cut = next((t.i for t in span if t.text in "(,;—–" and t.i > token.i), None)
    return doc[left:cut] if cut is not None else span


def _labels_name(word: Token, head: Token) -> bool:
    """A common-noun label before a proper name ("Rights group" Amnesty): capitalised only
    because it starts the sentence."""
    return word.i < head.i and word.is_sent_start and word.head != head and word.head.pos_ == "NOUN"
