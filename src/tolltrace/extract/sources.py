"""The sources of one document: who is named, who speaks for whom, and who reports where.

A figure's own sentence often names no source: "he said", "the agency added", or nothing
at all because the passage goes on with the account of a source named a sentence or a
paragraph earlier. The sentence parse cannot see that far, so this module reads the whole
stored text once, with patterns and no model, into a table:

- names: every organisation, person and generic source mentioned, with the fullest form the
  document gives ("International Organization for Migration (IOM)" makes "IOM" mean it;
  "Raouf Mazou ... Mr Mazou" makes the surname mean the person);
- affiliations: a person who speaks for an organisation ("Joel Millman, a spokesman for
  IOM", "IOM spokesman Joel Millman", "the ministry's spokesman");
- accounts: where a source starts reporting ("according to X", "X said", "said X", "it
  added"), each resolved to a name;
- credits: a wire dateline or credit ("(AP) —", "(dpa/NAN)", "reports CNN").

`SourceTable.account_before(at)` then answers "whose account does the figure at `at`
continue", which the attribution component asks only for figures with no source of their own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from ..claimants import ClaimantRegistry, clean_name, lower_case_organisations

_TITLES = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Gen|Col|Lt|Maj|Capt|Sgt|Gov|Sen|Rep|Rev|Sheikh|Ayatollah)\.?"
_TITLE = re.compile(rf"^(?:{_TITLES})\s+")
_WORD = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][\w'’&-]*|al-\w+|bin|van|von|el-\w+)"
_CONNECT = r"(?:of|for|the|and|on|in|de|du|al|for the|of the|on the)"
_SP = r"[^\S\n]+"
_BR = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"  # a space, or one line break of hard-wrapped text
# A capitalised name: "Human Rights Watch", "Office of the High Commissioner for Refugees".
_NAME = rf"{_WORD}(?:{_SP}(?:{_CONNECT}{_SP})?{_WORD}){{0,7}}"
_NAME_PATTERN = re.compile(_NAME)
_ACRONYM_DEF = re.compile(rf"({_NAME}){_SP}?\(([A-Z][A-Za-z.&-]{{1,9}})\)")

_REPORT_VERBS = (
    r"said|says|say|told|tells|added|adds|reported|reports|estimated|estimates|stated|states|"
    r"confirmed|confirms|announced|announces|noted|notes|wrote|writes|tweeted|explained|"
    r"claimed|claims|warned|indicated|indicates|recorded|documented|counted|put|puts|"
    r"compiled|revealed|believes|believed|cited|quoted|posted|published|tallied|registered|"
    r"acknowledged|insisted|alleged"
)
_AUX = r"has|have|had|also|later|earlier|previously|further|separately"
_VERB = rf"(?:(?:{_AUX}){_SP})*(?:{_REPORT_VERBS})"
# Common nouns that stand for a source without naming it.
_DESCRIPTORS = (
    "agency|ministry|group|organisation|organization|watchdog|monitor|observatory|office|"
    "charity|council|committee|commission|department|government|authority|authorities|"
    "army|military|police|spokesman|spokeswoman|spokesperson|official|officials|minister|"
    "statement|report|network|body|coalition|service|union|NGO|ngo|mission|coastguard|"
    "coast guard|institute|centre|center|hospital|directorate|administration|regime|"
    "association|federation|UN agency|U.N. agency"
)
_POINTER = re.compile(
    rf"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Aa]n?)(?:{_SP}[\w.-]+){{0,3}}?{_SP}({_DESCRIPTORS})\b"
)
_GENERIC_SOURCE = (
    r"(?i:(?:local|state|official|independent|social|pro-government|opposition|foreign|"
    r"international|medical|hospital|security|military|police|government|health|"
    r"humanitarian|rescue|aid|rights|unconfirmed|initial|early|preliminary|other|several|"
    r"some|many|unnamed|anonymous)(?:[^\S\n]+[a-z-]+)?[^\S\n]+"
    r"(?:media|sources?|reports|officials?|activists?|witness(?:es)?|residents?|rescuers|"
    r"workers|groups|agencies|organi[sz]ations|authorities|television|tv|outlets|estimates|"
    r"accounts|doctors|medics)|activists|witnesses|residents|rescuers|officials|"
    r"authorities|medics|doctors)"
)
_GENERIC = re.compile(rf"\b({_GENERIC_SOURCE})\b")
_ROLE = (
    rf"(?:a|an|the)?(?:{_SP}(?:senior|chief|top|deputy|regional|local|official))?{_SP}?"
    r"(?:spokes(?:man|woman|person)|official|head|chief|director|representative|minister|"
    r"secretary|commissioner|coordinator|chairman|chairwoman|president|governor|mayor|"
    r"researcher|expert|envoy|adviser|advisor|officer|leader|member|founder|commander|chief "
    r"executive|executive director|country director|administrator|deputy)"
)
# "Joel Millman, a spokesman for IOM" / "Joe Stork, deputy director of HRW"
_PERSON_FOR = re.compile(
    rf"({_NAME}),{_BR}{_ROLE}(?:{_SP}[\w-]+){{0,3}}?{_BR}(?:for|of|at|with|from|in){_BR}"
    rf"(?:the{_SP})?({_NAME}(?:['’]s{_SP}(?:{_DESCRIPTORS}))?|[a-z][\w-]*(?:{_SP}[a-z][\w-]*){{0,2}}?{_SP}(?:{_DESCRIPTORS}))"
)
# "IOM spokesman Joel Millman", "UNHCR's Karolina Lindholm Billing"
_ORG_PERSON = re.compile(
    rf"({_NAME})(?:['’]s)?{_SP}(?:(?:senior|chief|deputy|top){_SP})?"
    rf"(?:spokes(?:man|woman|person)|official|director|chief|head|representative|minister|"
    r"commissioner|secretary|researcher)(?:[^\S\n]+[a-z]+)?"
    rf"{_SP}({_NAME})"
)
_WIRES = re.compile(
    r"\((AP|AFP|Reuters|dpa|DPA|ANSA|EFE|Xinhua|UPI|PTI|IANS|ANI|AA|Anadolu|Bernama|"
    r"KUNA|WAM|SPA|IRNA|ISNA|IANS|NAN|UNI|APP|CNA|TASS|Yonhap|Kyodo)(?:/[A-Za-z]+)*\)"
)
# "BEIJING (AP) -", "(CNN)Dozens of ...": a credit in brackets opening a paragraph
_DATELINE_CREDIT = re.compile(
    r"(?:^|\n)[^\S\n]*(?:[A-Z][\w .,'’-]{0,40}?[^\S\n]*)?"
    r"\(([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})(?:/[A-Za-z]+)*\)[^\S\n]*(?:[—–-]+|(?=[A-Z]))"
)
# "... the end of the story. (dpa/NAN)"
_CLOSING_CREDIT = re.compile(r"\(([A-Za-z]{2,12})(?:/[A-Za-z]{2,12})*\)[\s.]*$")
_CREDIT_LINE = re.compile(
    rf"(?:^|\n)[^\S\n]*(?:Source|Credit|With)s?:{_SP}({_NAME})\b|"
    rf"\b(?:reports?|reported){_SP}({_NAME})[.\n]|"
    rf"(?:^|\n)[^\S\n]*[—–-]{{1,2}}[^\S\n]*({_NAME})[^\S\n]*$",
    re.M,
)
_TITLED = re.compile(rf"\b{_TITLES}{_SP}({_NAME})")
_ROLE_NAMED = re.compile(
    rf"\b(?:officer|spokes(?:man|woman|person)|official|minister|director|commander|governor|"
    rf"mayor|doctor|nurse|witness|resident|activist|lawyer|researcher|chief){_SP}({_NAME})"
)
_SAID_NAME = re.compile(rf"\bsaid{_SP}({_NAME}),")
_NOT_NAMES = frozenset(
    """The A An In On At But And Or As If When While After Before This That These Those It
    He She They We I His Her Its Their Our According Meanwhile However Also Since Monday
    Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December More Most Many Some At Least About""".split()
)
_MAX_ACCOUNT_GAP = 1600  # characters an account carries on without its source named again


@dataclass(frozen=True)
class Source:
    """A claimant as the table resolves it: an organisation (or generic source), and the
    person who spoke for it, when the text names one."""

    name: str
    speaker: str | None = None
    kind: str = "organisation"  # organisation | person | generic | wire

    def names(self) -> tuple[str, ...]:
        return (self.name, self.speaker) if self.speaker else (self.name,)


@dataclass(frozen=True)
class Account:
    start: int  # where the reporting statement starts
    end: int
    source: Source


class SourceTable:
    """Every source one document names, and where each starts reporting."""

    def __init__(self, text: str, registry: ClaimantRegistry, outlet: str | None = None) -> None:
        self.text = text
        self.registry = registry
        self.outlet = outlet
        self.expansions = _acronym_definitions(text)
        self.affiliations = _affiliations(text)
        self.people = self._people()
        self._credits = list(_CREDIT_LINE.finditer(text))
        self.author = self._author()
        self.wire = self._wire()
        self._fullest: dict[str, str] = {}
        self._built: list[Account] = []  # accounts so far, while `accounts` reads the text

    @cached_property
    def accounts(self) -> list[Account]:
        """In text order, so a pronoun resolves through the accounts before it; read only
        when a figure with no source of its own asks (most never do)."""
        for start, end, name in _reporting_statements(self.text):
            source = self._resolve(name, start)
            if source is not None:
                self._built.append(Account(start, end, source))
        return self._built

    @cached_property
    def _starts(self) -> list[int]:
        return [a.start for a in self.accounts]

    # --- names -----------------------------------------------------------------------

    def fullest(self, name: str) -> str:
        """The fullest form the document gives a name: acronyms expanded, titles dropped,
        a surname made the full name said earlier."""
        if name not in self._fullest:
            self._fullest[name] = self._fuller(name)
        return self._fullest[name]

    def _fuller(self, name: str) -> str:
        name = clean_name(_TITLE.sub("", name.strip()))
        if name in self.expansions:
            return self.expansions[name]
        if " " not in name and name[:1].isupper() and not name.isupper():
            for full in self.people:
                if " " in full and full.split()[-1] == name:
                    return full
            first = re.search(rf"\b((?:[A-Z][\w'’-]+{_SP}){{1,2}}){re.escape(name)}\b", self.text)
            if first and _looks_like_person(first.group(0)):
                return _TITLE.sub("", first.group(0))
        return name

    def source(self, name: str) -> Source:
        """A name as a claimant: the fullest form; a person who speaks for an organisation
        comes back as that organisation with the person as speaker."""
        full = self.fullest(name)
        organisation = self.affiliations.get(full)
        if organisation is not None:
            return Source(self.fullest(organisation), speaker=full)
        person = full in self.people or _looks_like_person(full)
        return Source(full, kind="person" if person else "organisation")

    def _people(self) -> list[str]:
        people = {person for person in self.affiliations}
        for match in _TITLED.finditer(self.text):
            people.add(match.group(1))
        for match in _ROLE_NAMED.finditer(self.text):  # "police officer Iftikar-Ul-Hassan"
            people.add(match.group(1))
        for match in _SAID_NAME.finditer(self.text):
            if _looks_like_person(match.group(1)):
                people.add(match.group(1))
        return sorted(people, key=len, reverse=True)

    @cached_property
    def organisations(self) -> list[tuple[int, str]]:
        """Where the document names an organisation, capitalised or not ("the Baruna
        disaster agency"), so a later "the agency" finds it."""
        found = [(start, self.fullest(name)) for start, name in lower_case_organisations(self.text)]
        for match in _NAME_PATTERN.finditer(self.text):
            name = clean_name(match.group())
            if self.registry.find(name) or _ORG_WORD.search(name) or name in self.expansions:
                found.append((match.start(), self.fullest(name)))
        return sorted(found)

    def _author(self) -> str | None:
        """The agency whose copy this is, by a dateline credit ("BEIJING (AP) -",
        "(CNN)Dozens ...") or a relay credit ("..., reports CNN."): it claims the figures the
        text attributes to no one."""
        found = _DATELINE_CREDIT.search(self.text[:600]) or _WIRES.search(self.text[:400])
        if found:
            return self.registry.canonical(found.group(1))
        relayed = [m.group(2) for m in self._credits if m.group(2)]
        if relayed and _is_outlet_like(relayed[0]):
            return self.registry.canonical(relayed[0])
        return None

    def _wire(self) -> str | None:
        """The agency the story is credited to, at its start or its end ("(dpa/NAN)",
        "Source: ..."): it relays the figures the text attributes to a source."""
        if self.author:
            return self.author
        found = _CLOSING_CREDIT.search(self.text[-300:]) or _WIRES.search(self.text[-300:])
        if found:
            return self.registry.canonical(found.group(1))
        credited = [m.group(1) or m.group(3) for m in self._credits if m.group(1) or m.group(3)]
        return self.registry.canonical(credited[0]) if credited else None

    # --- accounts ----------------------------------------------------------------------

    def resolve(self, written: str, at: int) -> Source | None:
        """What a pronoun or description at `at` points back to ("he", "the agency")."""
        self.accounts  # noqa: B018  (built once, so earlier speakers are known)
        return self._resolve(written, at)

    def _resolve(self, written: str, at: int) -> Source | None:
        """A reporting subject as a source: a name, a pronoun or a pointer ("the agency")."""
        word = written.strip()
        lower = word.lower()
        if lower.startswith("the ") and not _POINTER.fullmatch(word):
            word = word[4:]
        if lower in ("he", "she"):
            person = self._last_person(at)
            return self.source(person) if person else None
        if lower in ("it", "they"):
            return self._last_organisation(at)
        pointer = _POINTER.fullmatch(word)
        if pointer and re.match(r"[Aa]n?\s", word):  # "a monitor said": described, unnamed
            return Source(word, kind="generic")
        if pointer:
            return self._pointed_to(pointer.group(1).lower(), at)
        if _GENERIC.fullmatch(lower) or lower in _GENERIC_WORDS:
            return Source(word, kind="generic")
        if not _plausible_name(word):
            return None
        source = self.source(word)
        if source.speaker or self._known(source.name) or _looks_like_person(source.name):
            return source
        return None

    def _known(self, name: str) -> bool:
        """An organisation by its form, the registry or the document's own acronyms; a
        person the document names in full."""
        return bool(
            self.registry.find(name)
            or _ORG_WORD.search(name)
            or name in self.expansions.values()
            or name in self.people
        )

    def _last_person(self, at: int) -> str | None:
        spoken = [a.source for a in self._built if a.start < at]
        spoken = [s.speaker or s.name for s in spoken if s.speaker or s.kind == "person"]
        if spoken:
            return spoken[-1]
        best: tuple[int, str] | None = None
        for person in self.people:
            for match in re.finditer(re.escape(person), self.text[:at]):
                if best is None or match.start() > best[0]:
                    best = (match.start(), person)
        return best[1] if best else None

    def _last_organisation(self, at: int) -> Source | None:
        before = [a.source for a in self._built if a.start < at and a.source.kind != "person"]
        if before:
            return before[-1]
        named = [name for start, name in self.organisations if start < at]
        return self.source(named[-1]) if named else None

    def _pointed_to(self, noun: str, at: int) -> Source | None:
        """ "the agency", "the group", "the spokesman": the latest source of that kind."""
        if noun.startswith("spokes") or noun in ("official", "minister"):
            for account in reversed([a for a in self._built if a.start < at]):
                if account.source.speaker or account.source.kind == "person":
                    return account.source
            return None
        named = [(s, n) for s, n in self.organisations if s < at]
        matching = [n for _, n in named if noun in n.lower().split()]
        if matching:
            return self.source(matching[-1])
        accounts = [a.source for a in self._built if a.start < at]
        organisations = [source for source in accounts if source.kind == "organisation"]
        if organisations:
            return organisations[-1]
        if named:
            return self.source(named[-1][1])
        # "The watchdog reports ... The Lake Rights Association (LRA) said": named just after
        following = [n for s, n in self.organisations if at < s <= at + _NAMED_LATER]
        return self.source(following[0]) if following else None

    def account_before(self, at: int, paragraph_start: int) -> Source | None:
        """The source whose account a figure at `at` continues: the last reporting statement
        before it, if it is recent (the same paragraph, or close before it)."""
        i = bisect_right(self._starts, at) - 1
        if i < 0:
            return None
        account = self.accounts[i]
        if account.start >= paragraph_start or at - account.end <= _MAX_ACCOUNT_GAP:
            return account.source
        return None

    def account_closing(self, at: int) -> Source | None:
        """The speaker of a quotation holding the figure: '"... 42 people ...," X said'. A
        quotation may run over the single line breaks of hard-wrapped text, never a blank line."""
        start = max(self.text.rfind("\n\n", 0, at), at - _QUOTE_REACH)
        end = self.text.find("\n\n", at)
        end = min(len(self.text) if end < 0 else end, at + _QUOTE_REACH)
        opening = [m.start() for m in _QUOTE.finditer(self.text, max(start, 0), at)]
        closing = _QUOTE_END.search(self.text, at, end)
        if not opening or closing is None or _QUOTE.search(self.text, at, closing.start()):
            return None
        i = bisect_right(self._starts, closing.start())
        if i < len(self.accounts) and self.accounts[i].start - closing.end() <= 8:
            return self.accounts[i].source
        return None

    def account_in_sentence(self, at: int) -> Source | None:
        """A reporting clause in the figure's own sentence that the parse did not link. The
        sentence is found in the text, so it runs over the line breaks of hard-wrapped text."""
        start, end = self._sentence_around(at)
        i = bisect_right(self._starts, start - 1)
        if i < len(self.accounts) and self.accounts[i].start < end:
            return self.accounts[i].source
        return None

    def cited_in_sentence(self, at: int) -> Source | None:
        """Y in "X put the toll at 40, citing Y": Y claims the figure, X relays it."""
        start, end = self._sentence_around(at)
        found = _CITING.search(self.text, start, end)
        return self.source(found.group(1)) if found and self._known(found.group(1)) else None

    def _sentence_around(self, at: int) -> tuple[int, int]:
        before = [m.end() for m in _SENTENCE_STOP.finditer(self.text, max(0, at - 600), at)]
        start = before[-1] if before else max(0, at - 600)
        after = _SENTENCE_STOP.search(self.text, at)
        return start, after.end() if after else len(self.text)

    def headline_source(self, mention: str = "") -> Source | None:
        """The source a headline names ("AAPP: Death toll rises", "... arrested: HRW"), else
        the source the body gives the same figure, else the first source the body reports: a
        headline figure is the body's figure."""
        named = self.headline_named()
        if named is not None:
            return named
        body = len(self.text.split("\n", 1)[0])
        digits = re.sub(r"\D", "", mention)
        again = re.search(rf"(?<![\d.,]){re.escape(digits)}(?![\d]|[.,]\d)", self.text[body:])
        if digits and again is not None:
            at = body + again.start()
            found = self.account_closing(at) or self.account_in_sentence(at)
            found = found or self.account_before(at, self.text.rfind("\n", 0, at) + 1)
            if found is not None:
                return found
        later = [a for a in self.accounts if a.start > body]
        return later[0].source if later else None

    def in_lead(self, at: int) -> bool:
        """The figure is in the headline or the paragraph right after it."""
        first_break = self.text.find("\n")
        if first_break < 0 or at < first_break:
            return True
        second = re.compile(r"\S").search(self.text, first_break)
        lead_end = self.text.find("\n", second.start() if second else first_break + 1)
        return at < (len(self.text) if lead_end < 0 else lead_end)

    def headline_named(self) -> Source | None:
        """Only a source the headline itself names."""
        return self.line_named(0)

    def line_named(self, at: int) -> Source | None:
        """A source a headline-like line names at its start or end ("WHO: 4,555 dead",
        "... toll soars to 4,555: WHO"), for the figures on that line."""
        start = self.text.rfind("\n", 0, at) + 1
        end = self.text.find("\n", at)
        line = self.text[start : len(self.text) if end < 0 else end]
        if len(line) > _HEADLINE_CHARS:
            return None
        for pattern in (_HEADLINE_SUFFIX, _HEADLINE_PREFIX):
            found = pattern.search(line)
            if found and self._known(clean_name(found.group(1))):
                return self.source(found.group(1))
        return None


_QUOTE_REACH = 600
_NAMED_LATER = 400  # characters after a description within which its name may follow
_SENTENCE_STOP = re.compile(r"[.!?][\"'”’)]*(?=\s)|\n\s*\n")
_QUOTE = re.compile(r"[“\"«]")
_QUOTE_END = re.compile(r"[”\"»]|’’")
_HEADLINE_CHARS = 200
_CITING = re.compile(rf"\b(?:citing|quoting|as quoted from){_BR}(?:the{_BR})?({_NAME})")
_HEADLINE_PREFIX = re.compile(rf"^({_NAME}):{_SP}")
_HEADLINE_SUFFIX = re.compile(rf"(?::|,){_SP}({_NAME})(?:{_SP}(?:says|said|reports))?[^\w]*$")

_GENERIC_WORDS = frozenset(
    "activists witnesses residents rescuers officials authorities medics doctors".split()
)
_ORG_WORD = re.compile(
    r"\b(?:Ministry|Organi[sz]ation|Council|Watch|International|Agency|Committee|Office|"
    r"Department|Authority|Service|Network|Commission|Association|Union|Front|Party|Army|"
    r"Police|Forces|Hospital|Cent(?:er|re)|Institute|Foundation|Society|Observatory|Monitor|"
    r"Coalition|Federation|Bureau|Directorate|Government|Guard|Mission|Cross|Crescent|"
    r"Board|Programme|Program|Fund|Court|News|Times|Post|Press|Media|Television|Radio|"
    r"Project|Group|Centre|University|School|Council)\b|^[A-Z]{2,8}$"
)


def _acronym_definitions(text: str) -> dict[str, str]:
    """ "International Organization for Migration (IOM)": IOM means the full name."""
    found: dict[str, str] = {}
    for match in _ACRONYM_DEF.finditer(text):
        full, short = clean_name(match.group(1)), match.group(2)
        full = _trim_to_acronym(full, short)
        if full and short not in found:
            found[short] = full
    return found


def _trim_to_acronym(full: str, short: str) -> str:
    """Drop words before the name the acronym stands for ("Syria's Observatory (SOHR)")."""
    words = full.split()
    letters = [c.lower() for c in short if c.isalpha()]
    for i in range(len(words)):
        capitals = [w[0].lower() for w in words[i:] if w[:1].isupper()]
        if capitals[:1] == letters[:1] and len(capitals) >= min(len(letters), 2):
            return " ".join(words[i:])
    return ""  # "BEIRUT (AFP)": a dateline, not a name and its acronym


_ROLE_PERSON = re.compile(
    rf"({_NAME}){_SP}(?:[Cc]hief|[Hh]ead|[Ss]pokes(?:man|woman|person)|[Dd]irector),{_BR}"
    rf"({_NAME}),"
)


def _affiliations(text: str) -> dict[str, str]:
    """Person -> organisation they speak for. The patterns run only around role words
    ("spokesman", "director"), where they can match: a tenth of the work of reading the
    whole text with them."""
    found: dict[str, str] = {}
    for start, end in _around_roles(text):
        for match in _ROLE_PERSON.finditer(text, start, end):
            organisation, person = match.group(1), _TITLE.sub("", match.group(2))
            if _looks_like_person(person):
                found.setdefault(person, clean_name(organisation))
        for match in _PERSON_FOR.finditer(text, start, end):
            person, organisation = _TITLE.sub("", match.group(1)), match.group(2)
            if _looks_like_person(person):
                found.setdefault(person, clean_name(organisation))
        for match in _ORG_PERSON.finditer(text, start, end):
            organisation, person = match.group(1), _TITLE.sub("", match.group(2))
            if _looks_like_person(person) and not _looks_like_person(organisation):
                found.setdefault(person, clean_name(organisation))
    return found


_ROLE_WORD = re.compile(
    r"\b(?i:spokes|official|director|chief|head|representative|minister|commissioner|"
    r"secretary|researcher|coordinator|chair|president|governor|mayor|envoy|advis|officer|"
    r"leader|member|founder|commander|executive|administrator|deputy|expert)"
)
_ROLE_REACH = 160  # characters a name and its organisation can stand from the role word


def _around_roles(text: str) -> list[tuple[int, int]]:
    """Stretches of text around role words, overlapping ones merged."""
    spans: list[tuple[int, int]] = []
    for match in _ROLE_WORD.finditer(text):
        start, end = max(0, match.start() - _ROLE_REACH), match.end() + _ROLE_REACH
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _looks_like_person(name: str) -> bool:
    words = name.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() or w.lower() in ("al", "bin", "de", "van", "von") for w in words)
        and not _ORG_WORD.search(name)
        and not any(w in _NOT_NAMES for w in words)
    )


def _plausible_name(name: str) -> bool:
    words = name.split()
    return bool(words) and words[0] not in _NOT_NAMES and len(name) > 1


def _is_outlet_like(name: str) -> bool:
    return bool(re.search(r"\b(?:News|Times|Post|Press|Media|TV|Radio)\b|^[A-Z]{2,6}$", name))


_SUBJECT = (
    rf"(?:{_NAME}|(?:[Tt]he|[Tt]his|[Aa]n?){_SP}(?:[\w.-]+{_SP}){{0,3}}?(?:{_DESCRIPTORS})"
    rf"|{_GENERIC_SOURCE})"
)
_SUBJECT_SAID = re.compile(
    rf"(?<![\w-])({_SUBJECT})(?:,{_BR}([^,\n]{{2,90}}(?:\n[^,\n]{{0,90}})?),)?{_BR}{_VERB}\b"
)
_SAID_SUBJECT = re.compile(
    rf"\b(?:said|says|added|adds|according{_BR}to|reported|estimated|"
    rf"(?:confirmed|reported|released|compiled|documented|verified|recorded|given){_BR}by)"
    rf"{_BR}(?:the{_BR}|an?{_BR})?({_SUBJECT})"
)
_PRONOUN = re.compile(rf"\b(he|she|it|they)(?:{_SP}{_VERB})\b", re.I)


_VERB_WORD = re.compile(rf"\b(?:{_REPORT_VERBS})\b")
_SUBJECT_REACH = 320  # characters a subject and its aside can stand before the verb


def _before_verbs(text: str) -> list[tuple[int, int]]:
    """Stretches of text that end at a reporting verb, overlapping ones merged: "X said"
    can only match there."""
    spans: list[tuple[int, int]] = []
    for match in _VERB_WORD.finditer(text):
        start, end = max(0, match.start() - _SUBJECT_REACH), match.end()
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _reporting_statements(text: str) -> list[tuple[int, int, str]]:
    """(start, end, subject as written) of every "X said", "said X", "according to X",
    "it added" in the text."""
    found = []
    for start, end in _before_verbs(text):
        for match in _SUBJECT_SAID.finditer(text, start, end):
            subject, aside = match.group(1), match.group(2)
            if aside and _looks_like_person(aside.strip()):  # "The agency's chief, Ann Lee, said"
                subject = aside
            found.append((match.start(), match.end(), subject))
    for match in _SAID_SUBJECT.finditer(text):
        found.append((match.start(), match.end(), match.group(1)))
    for match in _PRONOUN.finditer(text):
        found.append((match.start(), match.end(), match.group(1)))
    return sorted(set(found))
