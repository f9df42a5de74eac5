"""The rules of "Language with care": wording that blames or labels a child, and what to write instead.

Each rule is data: an id, a pattern (a case-insensitive regular expression with word boundaries that
tolerates inflections), a category, the better wording, and one sentence saying why. The wording and
the reasons are ours; the rules follow the principles of The Children's Society's guidance for
professionals, "Appropriate language: child sexual and/or criminal exploitation" (2018, revised 2022,
and the 2024 multi-agency edition written with NAPAC for the CSE Taskforce), and PRODUCT.md §6.

Guards keep careful notes quiet ("a trusted adult", "working towards GCSEs", "we discussed consent in
PSHE"): ``unless_before`` is searched in the same sentence before the match, ``unless_after`` must
match right after it, ``unless_sentence`` anywhere in the sentence. Words inside double quotation
marks are never flagged: they are someone's own words, recorded as said.

To add a rule: append a ``Rule`` below with at least one example sentence it must flag, add flagged
and careful sentences to ``tests/language/data/labelled_sentences.jsonl``, and run
``pytest tests/language`` (see docs/LANGUAGE.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Category(StrEnum):
    CHOICE = "choice"
    RELATIONSHIP = "relationship"
    LABEL = "label"
    MINIMISING = "minimising"
    MISSING = "missing"
    ADULTIFYING = "adultifying"
    DISBELIEF = "disbelief"
    FAMILY_BLAMING = "family_blaming"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: dict[Category, str] = {
    Category.CHOICE: "Implies the child chose or consented",
    Category.RELATIONSHIP: "Frames abuse as a relationship or a transaction",
    Category.LABEL: "Labels the child by what they were made to do",
    Category.MINIMISING: "Minimises or sexualises abuse",
    Category.MISSING: "Treats going missing as wrongdoing",
    Category.ADULTIFYING: "Treats the child as older or more able to protect themselves",
    Category.DISBELIEF: "Doubts what the child says",
    Category.FAMILY_BLAMING: "Professional jargon that blames the child or family",
}

SOURCES: dict[str, str] = {
    "tcs": "The Children's Society “Appropriate language” guidance (2018/2022)",
    "product": "relsafe PRODUCT.md §6",
    "luxembourg": "the Luxembourg Terminology Guidelines (2016)",
    "sexual_offences_act": "the Sexual Offences Act 2003",
}
DEFAULT_SOURCES = ("tcs", "product")


class Advice(str):
    """A suggestion that is advice to the writer, not words that can replace the phrase as they are."""

    __slots__ = ()


class Wording(Protocol):
    def __call__(self, match: re.Match[str], child_age: int | None) -> str: ...

    def wordings(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class ByWord:
    """Picks the wording by the text of a named group, so tense and number still fit the sentence.

    ``group`` may name several groups, tried in order until one matched; ``""`` means the whole
    match and ``"^"`` its first word.
    """

    group: str | tuple[str, ...]
    choices: Mapping[str, str]
    default: str

    def __call__(self, match: re.Match[str], child_age: int | None) -> str:
        for name in (self.group,) if isinstance(self.group, str) else self.group:
            if name == "^":
                word = match.group(0).split()[0]
            else:
                word = match.group(name) if name else match.group(0)
            if word:
                key = " ".join(word.lower().split())
                if key in self.choices:
                    return self.choices[key]
        return self.default

    def wordings(self) -> tuple[str, ...]:
        return (self.default, *self.choices.values())


@dataclass(frozen=True)
class ByAge:
    """Picks the wording by the child's age when it is known (the law treats under-13s and under-16s
    differently: Sexual Offences Act 2003, ss. 5 and 9)."""

    under_13: str
    under_16: str
    sixteen_or_over: str
    unknown: str

    def __call__(self, match: re.Match[str], child_age: int | None) -> str:
        if child_age is None:
            return self.unknown
        if child_age < 13:
            return self.under_13
        if child_age < 16:
            return self.under_16
        return self.sixteen_or_over

    def wordings(self) -> tuple[str, ...]:
        return (self.under_13, self.under_16, self.sixteen_or_over, self.unknown)


@dataclass(frozen=True)
class Rule:
    id: str
    category: Category
    pattern: str
    suggestion: str | ByWord | ByAge
    reason: str
    examples: tuple[str, ...]
    alternatives: tuple[str, ...] = ()
    unless_before: str | None = None
    unless_after: str | None = None
    unless_sentence: str | None = None
    # The rule stops applying once the child's known age reaches this (e.g. 18: no longer a child).
    until_age: int | None = None
    # The rule applies only when the child's age is known and below this.
    only_under_age: int | None = None
    sources: tuple[str, ...] = DEFAULT_SOURCES
    # Lower-case fragments, one of which every match contains: the checker only runs the pattern
    # near them, which keeps a long note fast. Empty means "scan everywhere".
    keywords: tuple[str, ...] = ()
    compiled: re.Pattern[str] = field(init=False, repr=False, compare=False)
    compiled_before: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    compiled_after: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    compiled_sentence: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        def compile_(pattern: str | None) -> re.Pattern[str] | None:
            return re.compile(pattern, re.IGNORECASE) if pattern else None

        object.__setattr__(self, "compiled", re.compile(self.pattern, re.IGNORECASE))
        object.__setattr__(self, "compiled_before", compile_(self.unless_before))
        object.__setattr__(self, "compiled_after", compile_(self.unless_after))
        object.__setattr__(self, "compiled_sentence", compile_(self.unless_sentence))

    def applies_to(self, child_age: int | None) -> bool:
        """Whether the rule applies to a child of this age (``None``: age not known)."""
        if self.only_under_age is not None and (
            child_age is None or child_age >= self.only_under_age
        ):
            return False
        return not (
            self.until_age is not None and child_age is not None and child_age >= self.until_age
        )

    def wordings(self) -> tuple[str, ...]:
        """Every wording this rule can suggest (used to prove suggestions are themselves careful)."""
        if isinstance(self.suggestion, str):
            return (self.suggestion, *self.alternatives)
        return (*self.suggestion.wordings(), *self.alternatives)

    def cite(self) -> str:
        return "; ".join(SOURCES[s] for s in self.sources)


# Building blocks -----------------------------------------------------------------------------------
SELF = r"(?:himself|herself|themselves|themself|hisself)"
ADULT_AGE = r"(?:1[89]|[2-9]\d)[- ]?(?:year[- ]old|yr[- ]old|yo\b|y/o)"
# An adult or a person already named as causing harm, mentioned earlier in the same sentence: labels
# such as "dealer" or "gang member" then describe that person, not the child.
ADULT_EARLIER = (
    r"\b(?:adults?|man|men|woman|women|older|uncle|landlord|perpetrators?|exploiters?|abusers?|"
    r"suspects?|nominals?|males?|females?|"
    + ADULT_AGE
    + r"|aged\s+(?:1[89]|[2-9]\d)|boss|olders|elders|stepdad|stepfather|partner|defendants?|"
    r"offenders?|OCG|landlady)\b"
)
# "made to sell drugs", "forced to carry": the careful wording names the coercion, so it is not a label.
COERCED_EARLIER = r"\b(?:made|forced|pressured|pressurised|told|ordered|coerced|used|groomed|exploited|threatened|compelled|expected|asked|manipulated|tricked)\s+(?:\w+\s+)?(?:into\s+|to\s+)$"
# Professionals and services described earlier in the sentence: the words are about them, not the family.
PROFESSIONAL_EARLIER = r"\b(?:officers?|police|professionals?|workers?|staff|school|agency|agencies|services?|council|teachers?|manager|GP|doctor|nurse|hospital|solicitor|defence|barrister)\b"
NOT_EARLIER = r"\b(?:not|never|no|isn['\u2019]?t|wasn['\u2019]?t|aren['\u2019]?t|don['\u2019]?t|doesn['\u2019]?t|didn['\u2019]?t)\b(?:\s+\w+){0,3}\s*$"
ADULT_OBJECT = (
    r"(?:an?\s+|the\s+|this\s+|that\s+|some\s+)?(?:much\s+)?(?:older|adult\b|grown[- ]?ups?|"
    + ADULT_AGE
    + r"|man\b|men\b|woman\b|women\b|males?\b|females?\b|guy\b|guys\b)"
)
SEX_TERMS = r"(?:CSE|CSA|child\s+sexual\s+(?:exploitation|abuse)|sexual\s+(?:exploitation|abuse)|prostitution|sex\s+work)"
CRIME_TERMS = (
    r"(?:CCE|child\s+criminal\s+exploitation|criminal\s+exploitation|county\s+lines|drug\s+(?:dealing|supply|running)"
    r"|drugs?\s+(?:running|supply)|gangs?|gang\s+(?:activity|culture|violence)|criminality|criminal\s+activity"
    r"|organised\s+crime|the\s+drugs?\s+trade|dealing)"
)
PLACE_OR_PEOPLE_OF_CONCERN = (
    r"(?:him|them|(?:the|his|her|that|this)\s+(?:man|men|flat|house|address|boys|group|gang|older\s+\w+|"
    r"boyfriend|girlfriend)|older\s+\w+|adults?|men\b|trap\b|the\s+trap)"
)


def _s(*parts: str) -> str:
    return "".join(parts)


RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- implies choice or consent
    Rule(
        id="putting-self-at-risk",
        category=Category.CHOICE,
        keywords=("self", "selves"),
        pattern=_s(
            r"\b(?:(?P<pre>is|was|are|were|has\s+been|had\s+been|keeps|kept|continues\s+to|continued\s+to|to)\s+)?",
            r"(?P<verb>putting|puts|put|placing|places|placed|exposing|exposes|exposed)\s+",
            SELF,
            r"\s+(?:at\s+(?:(?:serious|significant|high|great|real|further|more)\s+)?risk|in\s+(?:danger|harm['\u2019]?s\s+way|",
            r"(?:risky|dangerous|unsafe)\s+situations?)|to\s+(?:risk|danger|harm|exploitation|abuse))\b",
        ),
        suggestion=ByWord(
            ("pre", "verb"),
            {
                "puts": "is at risk of being exploited",
                "places": "is at risk of being exploited",
                "exposes": "is at risk of being exploited",
                "put": "was at risk of being exploited",
                "placed": "was at risk of being exploited",
                "exposed": "was at risk of being exploited",
                "is": "is at risk of being exploited",
                "was": "was at risk of being exploited",
                "are": "are at risk of being exploited",
                "were": "were at risk of being exploited",
                "has been": "has been at risk of being exploited",
                "had been": "had been at risk of being exploited",
                "keeps": "is still at risk of being exploited",
                "continues to": "is still at risk of being exploited",
                "kept": "was still at risk of being exploited",
                "continued to": "was still at risk of being exploited",
                "to": "to be at risk of being exploited",
            },
            "at risk of being exploited",
        ),
        alternatives=("at risk of being groomed", "being exploited by [name who]"),
        reason="Saying a child puts themselves at risk blames them for harm that adults are causing: say who is putting them at risk and how.",
        examples=(
            "Jayden is putting himself at risk by going out late.",
            "She puts herself in danger.",
        ),
    ),
    Rule(
        id="risk-taking-behaviour",
        category=Category.CHOICE,
        keywords=("behavio", "risky"),
        pattern=r"\b(?:risk[- ]taking|risky|reckless|self[- ]destructive)\s+(?:sexual\s+)?behaviou?rs?\b|\bengag(?:es|ed|ing|e)\s+in\s+risky\s+(?:activities|activity|situations|behaviou?rs?)\b",
        suggestion="behaviour that may be a sign of exploitation",
        alternatives=("signs that [name] is being exploited",),
        reason="“Risky behaviour” makes the child the source of the danger; these are often signs that someone is grooming or exploiting them.",
        examples=("Her risk-taking behaviour has increased.", "He engages in risky activities."),
        unless_before=r"(?:man|men|adult|driver|perpetrator|suspect)['\u2019]?s?\s+$",
    ),
    Rule(
        id="lifestyle-choice",
        category=Category.CHOICE,
        keywords=("lifestyle",),
        pattern=_s(
            r"\b(?:(?:an?\s+)?(?:risky|chaotic|criminal|gang|street|party|partying|sexual|promiscuous|drug|drugs|unsafe|high[- ]risk|sexualised)",
            r"\s+lifestyles?(?:\s+choices?)?|(?:an?\s+)?lifestyle\s+choices?|(?:(?<=\bhis )|(?<=\bher )|(?<=\btheir )|(?<=\w's )|(?<=\w\u2019s ))(?:current\s+)?lifestyle)\b",
        ),
        suggestion=ByWord(
            "^",
            {"a": "a sign of exploitation", "an": "a sign of exploitation"},
            "experience of being exploited",
        ),
        alternatives=("being exploited by [name the person or group]",),
        reason="Calling exploitation a lifestyle or a choice hides the adults who are controlling the child: describe who is exploiting them.",
        examples=(
            "This is a lifestyle choice.",
            "Her chaotic lifestyle is a worry.",
            "He enjoys his lifestyle.",
        ),
    ),
    Rule(
        id="poor-choices",
        category=Category.CHOICE,
        keywords=("choice", "decision"),
        pattern=_s(
            r"\b(?P<verb>making|makes|made|make)\s+(?:some\s+|a\s+lot\s+of\s+|lots\s+of\s+)?(?:poor|bad|risky|unwise|wrong|unsafe|negative|silly|stupid|unhealthy)\s+(?:life\s+)?(?:choices|decisions)\b",
            r"|\b(?:poor|bad|risky|unwise|wrong)\s+(?:life\s+)?choices\b|\bpoor\s+decision[- ]making\b",
        ),
        suggestion=ByWord(
            "verb",
            {
                "making": "being groomed and controlled",
                "makes": "is being groomed and controlled",
                "made": "was being groomed and controlled",
                "make": "be groomed and controlled",
            },
            "decisions made under pressure from people exploiting them",
        ),
        reason="A groomed child's “choices” are shaped by the people exploiting them, so calling them poor choices puts the blame on the child.",
        examples=("Jayden is making poor choices.", "She has made bad decisions."),
        unless_before=r"\b(?:we|I|services|agencies|professionals)\s+(?:have\s+|had\s+)?$",
    ),
    Rule(
        id="chose-to-go-missing",
        category=Category.CHOICE,
        keywords=("chose", "choos", "decid", "opt"),
        pattern=_s(
            r"\b(?P<verb>chose|chooses|choosing|choose|decided|decides|deciding|opted|opts|opting)\s+to\s+",
            r"(?:go\s+missing|run\s+away|abscond|stay\s+out(?:\s+overnight|\s+all\s+night|\s+late)?|not\s+(?:come|return|go)\s+(?:back\s+)?home)\b",
        ),
        suggestion=ByWord(
            "verb",
            {
                "chose": "went missing",
                "decided": "went missing",
                "opted": "went missing",
                "chooses": "goes missing",
                "decides": "goes missing",
                "opts": "goes missing",
                "choosing": "going missing",
                "deciding": "going missing",
                "opting": "going missing",
            },
            "go missing",
        ),
        alternatives=("was pulled away from home by [name who]",),
        reason="Children who go missing are often pulled away by people exploiting them, so it is not a free choice: say who or what drew them away.",
        examples=("She chose to go missing again.", "He decides to stay out overnight."),
    ),
    Rule(
        id="chose-to-see-exploiter",
        category=Category.CHOICE,
        keywords=("chose", "choos", "decid"),
        pattern=_s(
            r"\b(?:chose|chooses|choosing|choose|decided|decides|deciding)\s+to\s+",
            r"(?:stay\s+(?:at|with|over\s+at)|go\s+back\s+to|return\s+to|meet(?:\s+up\s+with)?|see|spend\s+time\s+with|be\s+with|get\s+(?:into|in)|visit)",
            r"(?=\s+(?:\w+\s+){0,2}?",
            PLACE_OR_PEOPLE_OF_CONCERN,
            r")",
        ),
        suggestion=Advice(
            "describe what drew them there: who, and how (gifts, affection, threats, debt)"
        ),
        reason="Saying a child chose to return to the people harming them hides the grooming and control that pull them back.",
        examples=("She chose to go back to the flat.", "He decided to meet the older boys again."),
    ),
    Rule(
        id="by-choice",
        category=Category.CHOICE,
        keywords=("accord", "volition", "will", "choice", "decision", "freely", "voluntarily"),
        pattern=_s(
            r"\b(?:of\s+(?:his|her|their)\s+own\s+(?:free\s+)?(?:will|accord|volition)|by\s+(?:his|her|their)\s+own\s+choice|by\s+choice",
            r"|(?:his|her|their|the\s+child['\u2019]s|the\s+young\s+person['\u2019]s)\s+(?:own\s+)?(?:choice|decision)\s+to\s+(?:go|stay|see|meet|return|leave|be)",
            r"|free\s+will|freely\s+chose|willingly|voluntarily(?=\s+(?:went|goes|go|returned|returns|stayed|stays|left|got|gets|entered|met|meets|travelled|travels|spent|spends|sent|sends)\b))\b",
        ),
        suggestion=Advice(
            "leave this out and describe the grooming, pressure or control behind what happened"
        ),
        reason="A child who is being groomed or controlled is not acting freely, so words of free choice shift responsibility onto them.",
        examples=(
            "She went with them willingly.",
            "He returned of his own accord.",
            "It was her choice to stay.",
        ),
        unless_after=r"\s+(?:agreed|attended|accepted|engaged\s+with|came\s+to|spoke|talked|shared|told|took\s+part\s+in\s+(?:the|our|a)\s+(?:session|meeting|group|activity|interview))",
    ),
    Rule(
        id="willing-participant",
        category=Category.CHOICE,
        keywords=("willing",),
        pattern=r"\bwilling\s+(?:participants?|participation|partners?|victims?|party|parties)\b|\b(?:was|is|were|seemed|seems|appeared|appears)\s+(?:a\s+)?(?:completely\s+|fully\s+|very\s+|quite\s+)?willing(?=\s*(?:[.,;!]|$|\s+(?:to\s+(?:go|have\s+sex|meet\s+(?:him|them|the\s+m[ae]n)|do\s+it|get\s+in))))",
        suggestion="being coerced and controlled",
        reason="A child cannot be a willing participant in their own exploitation; describe how they were groomed, pressured or controlled.",
        examples=("She was a willing participant.", "He seemed willing to go with them."),
    ),
    Rule(
        id="consented",
        category=Category.CHOICE,
        keywords=("consen", "agree"),
        pattern=_s(
            r"\b(?:consensual(?:ly)?|consenting(?!\s+adults)|consented|consents|(?:gave|gives|giving|give)\s+(?:her|his|their)?\s*consent)",
            r"|\b(?:agreed|agrees|agreeing)\s+to\s+(?:have\s+|having\s+)?(?:sex|sexual|intercourse|oral\s+sex|send(?:ing)?\s+(?:nudes?|naked|intimate|explicit|sexual))\b",
        ),
        suggestion=Advice("a child cannot consent to their own abuse: describe what the adult did"),
        reason="Writing that a child consented or that sex was consensual implies they are responsible, but a child cannot consent to their own abuse.",
        examples=("She said she consented.", "The sex was consensual.", "He agreed to send nudes."),
        unless_before=r"\bnon[- ]$|\b(?:age\s+of|informed|parental|written|verbal)\s+$",
        unless_after=_s(
            r"\s+(?:to|for)\s+(?:the\s+|a\s+|an\s+|us\s+|our\s+|his\s+|her\s+|their\s+|me\s+)?",
            r"(?:information|shar|referral|refer|assessment|plan|visit|meeting|medical|treatment|examination|photo|contact|service|support|police|interview|statement|record|being\s+(?:seen|referred|interviewed)|us\b|me\b|him\s+being|her\s+being|health|GP|school|data)",
            r"|\s+forms?\b",
        ),
        unless_sentence=r"\b(?:PSHE|RSE|lesson|lessons|workshop|discussed\s+consent|talked\s+about\s+consent|about\s+consent|healthy\s+relationships|consent\s+form)\b",
    ),
    Rule(
        id="involved-in-exploitation",
        category=Category.CHOICE,
        keywords=("involv", "engag", "particip", "partak", "active"),
        pattern=_s(
            r"\b(?P<verb>involved|involvement|engaged|engaging|engagement|participating|participation|partaking|active)\s+(?:in|with)\s+",
            r"(?P<term>",
            SEX_TERMS,
            r"|",
            CRIME_TERMS,
            r"|exploitation|CSE/CCE|CCE/CSE)\b(?![- ](?:services?|team|workers?|support|projects?|programmes?|prevention|training|panel))",
        ),
        suggestion=ByWord(
            "verb",
            {
                "involvement": "experience of exploitation",
                "engagement": "experience of exploitation",
                "participation": "experience of exploitation",
            },
            "being exploited",
        ),
        alternatives=(
            "a victim of child sexual exploitation",
            "being criminally exploited",
            "being sexually exploited",
        ),
        reason="“Involved in” suggests the child chose to take part; they are a victim of exploitation.",
        examples=(
            "Jayden is involved in county lines.",
            "She is involved in CSE.",
            "His involvement in gangs.",
        ),
    ),
    Rule(
        id="grooming-themselves",
        category=Category.CHOICE,
        keywords=("groom",),
        pattern=r"\bgroom(?:s|ed|ing)?\s+" + SELF + r"\b|\bself[- ]groom(?:ing|ed|s)?\b",
        suggestion="being groomed",
        alternatives=("being groomed by [name who]",),
        reason="Grooming is done to a child by someone else; a child cannot groom themselves.",
        examples=("She is grooming herself online.",),
    ),
    Rule(
        id="knows-what-doing",
        category=Category.CHOICE,
        keywords=("knew", "know"),
        pattern=r"\bknows?\s+(?:exactly\s+)?what\s+(?:he|she|they)\s+(?:is|are|was|were|['\u2019]s|['\u2019]re)\s+(?:doing|getting\s+into)\b|\bknew\s+(?:exactly\s+)?what\s+(?:he|she|they)\s+(?:was|were)\s+(?:doing|getting\s+into)\b|\bknew\s+the\s+risks\b",
        suggestion=Advice("describe what the child understands, and the grooming that shapes it"),
        reason="Saying a child knows what they are doing suggests they are responsible, when grooming works by stopping a child seeing the harm.",
        examples=("He knows what he is doing.", "She knew the risks."),
    ),
    Rule(
        id="victim-blaming",
        category=Category.CHOICE,
        keywords=("brought", "asking", "fault", "blame", "responsible", "deserved"),
        pattern=_s(
            r"\b(?:brought\s+it\s+on\s+",
            SELF,
            r"|(?:was|is|were|are)\s+asking\s+for\s+it|(?:his|her|their)\s+own\s+fault|only\s+",
            SELF,
            r"\s+to\s+blame|(?:partly|partially|equally)\s+(?:to\s+blame|responsible)\s+for|deserved\s+(?:it|what\s+happened))\b",
        ),
        suggestion=Advice("the responsibility lies with the person who abused or exploited them"),
        reason="Any words that place the blame on the child are wrong: responsibility always lies with the abuser.",
        examples=("She brought it on herself.", "He was asking for it."),
        unless_before=NOT_EARLIER,
    ),
    # --------------------------------------------------- relationship or transactional framing
    Rule(
        id="older-boyfriend",
        category=Category.RELATIONSHIP,
        keywords=("friend", "partner", "lover", "bf", "gf", "fella"),
        pattern=_s(
            r"\b(?P<art>an?\s+)?(?:(?:much\s+|significantly\s+)?older|adult|grown[- ]up|",
            ADULT_AGE,
            r")\s+(?:boy\s?friends?|girl\s?friends?|partners?|lovers?|bfs?|gfs?|man\s?friends?|fellas?)\b",
        ),
        suggestion=ByWord(
            "art",
            {
                "a": "an adult who is grooming or exploiting them",
                "an": "an adult who is grooming or exploiting them",
            },
            "adult who is grooming or exploiting them",
        ),
        alternatives=("the [age]-year-old man who is sexually exploiting her",),
        reason="Calling an adult who abuses a child their boyfriend or girlfriend frames abuse as a relationship; name the adult and what they are doing.",
        examples=("She has an older boyfriend.", "Mia was picked up by her 24-year-old boyfriend."),
    ),
    Rule(
        id="boyfriend-adult-age",
        category=Category.RELATIONSHIP,
        keywords=("friend", "bf", "gf"),
        pattern=r"\b(?:boy\s?friend|girl\s?friend|bf|gf)(?=\s*,?\s*(?:\(|who\s+is\s+|who['\u2019]s\s+|is\s+|aged\s+|age\s+)(?:1[89]|[2-9]\d)\b)",
        suggestion="the adult who is grooming or exploiting them",
        reason="An adult in a sexual relationship with a child is abusing them, so calling them a boyfriend or girlfriend hides the abuse.",
        examples=(
            "Her boyfriend, who is 24, collects her from school.",
            "Her boyfriend (19) bought her a phone.",
        ),
        unless_before=r"\b(?:mum|mother|dad|father|carer|aunt|uncle|nan|gran|grandma|grandad|sister|brother)['\u2019]?s\s+(?:new\s+)?$",
    ),
    Rule(
        id="relationship-with-adult",
        category=Category.RELATIONSHIP,
        keywords=("relationship",),
        pattern=_s(
            r"\b(?P<pre>in|having|has|had|have|her|his|their)\s+(?:an?\s+)?(?:sexual\s+|romantic\s+|intimate\s+|secret\s+)?relationship\s+with",
            r"(?=\s+(?:",
            ADULT_OBJECT,
            r"|(?:the\s+|her\s+|his\s+|this\s+|an?\s+)?(?:alleged\s+)?(?:perpetrators?|abusers?|exploiters?|offenders?|suspects?|groomers?))",
            r"(?!\s+(?:at|from|in|she|he|they|who\s+(?:she|he|they)\s+trusts?|they\s+trust|worker|professional|mentor|coach|teacher|counsellor|relative|family\s+member)))",
        ),
        suggestion=ByWord(
            "pre",
            {
                "in": "being groomed and exploited by",
                "having": "being groomed and exploited by",
                "has": "is being groomed and exploited by",
                "had": "was groomed and exploited by",
                "have": "are being groomed and exploited by",
                "her": "her abuse by",
                "his": "his abuse by",
                "their": "their abuse by",
            },
            "being groomed and exploited by",
        ),
        reason="A child cannot be in a relationship with an adult who is abusing them; say they are being groomed or exploited, and by whom.",
        examples=(
            "She is in a relationship with an older man.",
            "He has a relationship with a 25-year-old woman.",
        ),
        unless_before=r"\b(?:trusting|trusted|positive|good|warm|safe|strong|supportive|close|professional|working|loving|healthy|caring)\s+$",
    ),
    Rule(
        id="dating-adult",
        category=Category.RELATIONSHIP,
        keywords=("dat", "see", "going", "goes", "went", "sleep", "slept", "hook"),
        pattern=_s(
            r"\b(?P<verb>dating|dates|dated|seeing|sees|going\s+out\s+with|goes\s+out\s+with|went\s+out\s+with|sleeping\s+with|sleeps\s+with|slept\s+with|",
            r"hooking\s+up\s+with|hooks\s+up\s+with|hooked\s+up\s+with|going\s+with|goes\s+with)(?=\s+",
            ADULT_OBJECT,
            r"(?!\s*(?:counsellor|worker|social|mental|service|team|mentor|teacher|from\s+(?:the\s+)?(?:council|housing|school|charity))))",
        ),
        suggestion=ByWord(
            "verb",
            {
                "dates": "is being groomed and exploited by",
                "sees": "is being groomed and exploited by",
                "goes out with": "is being groomed and exploited by",
                "sleeps with": "is being sexually abused by",
                "hooks up with": "is being sexually abused by",
                "goes with": "is being sexually abused by",
                "dated": "was groomed and exploited by",
                "went out with": "was groomed and exploited by",
                "slept with": "was sexually abused by",
                "hooked up with": "was sexually abused by",
                "sleeping with": "being sexually abused by",
                "hooking up with": "being sexually abused by",
                "going with": "being sexually abused by",
            },
            "being groomed and exploited by",
        ),
        reason="Words for dating between equals hide the abuse when the other person is an adult and the young person a child.",
        examples=("She is dating an older man.", "He slept with a 30-year-old woman."),
    ),
    Rule(
        id="inappropriate-relationship",
        category=Category.RELATIONSHIP,
        keywords=("relationship",),
        pattern=r"\b(?:an?\s+)?(?:inappropriate|exploitative|unsuitable|sexualised)\s+relationships?(?P<with>\s+with)?\b",
        suggestion=ByWord("with", {"with": "being exploited by"}, "exploitation"),
        reason="“Inappropriate relationship” softens abuse into something mutual; call it exploitation or abuse and name who is doing it.",
        examples=("There is an inappropriate relationship with a neighbour.",),
    ),
    Rule(
        id="relationship-with-abuser",
        category=Category.RELATIONSHIP,
        keywords=("partner",),
        pattern=r"\b(?:sexual\s+)?partners?(?=\s*,?\s*(?:who\s+is\s+|aged\s+)?(?:1[89]|[2-9]\d)\b)|\bsexual\s+partners?\b",
        suggestion="people who are sexually abusing them",
        reason="Calling an abuser a child's partner describes abuse as a relationship between equals.",
        examples=("She has had multiple sexual partners.",),
        unless_before=r"\b(?:mum|mother|dad|father|carer|aunt|uncle|nan|gran|grandma|grandad|sister|brother|grandmother|grandfather)['\u2019]?s\s+(?:new\s+)?$|\b(?:mum|mother|dad|father|carer)\b",
    ),
    Rule(
        id="sugar-daddy",
        category=Category.RELATIONSHIP,
        keywords=("sugar",),
        pattern=r"\b(?P<art>an?\s+)?sugar\s+(?:daddy|daddies|dad|mummy|mummies|mommy|mommies|mama|babies|baby)\b",
        suggestion=ByWord(
            "art",
            {
                "a": "an adult who is sexually exploiting them",
                "an": "an adult who is sexually exploiting them",
            },
            "adult who is sexually exploiting them",
        ),
        reason="“Sugar daddy” makes sexual exploitation sound like a deal between equals; it is an adult exploiting a child.",
        examples=("She has a sugar daddy who buys her clothes.",),
    ),
    Rule(
        id="exchanging-sex",
        category=Category.RELATIONSHIP,
        keywords=("sex",),
        pattern=_s(
            r"\b(?P<verb>exchang(?:ed|es|ing|e)|trad(?:ed|es|ing|e)|swap(?:ped|s|ping)?|offer(?:ed|s|ing)?|sell(?:s|ing)?|sold|giv(?:es|ing|e)|gave)\s+",
            r"sex(?:ual\s+(?:acts|favou?rs))?\s+(?:for|in\s+(?:exchange|return)\s+for)\b",
            r"|\bsex\s+(?:in\s+(?:exchange|return)\s+)?for\s+(?:drugs|money|cash|alcohol|accommodation|a\s+place\s+to\s+stay|somewhere\s+to\s+(?:stay|sleep)|cigarettes|fags|vapes?|gifts|food|lifts|rides|a\s+lift|protection|phone\s+credit|credit|clothes|weed|cannabis|a\s+bed|a\s+phone)\b",
        ),
        suggestion=ByWord(
            "verb",
            {
                "exchanged": "was sexually exploited by someone who gave them",
                "traded": "was sexually exploited by someone who gave them",
                "swapped": "was sexually exploited by someone who gave them",
                "offered": "was sexually exploited by someone who gave them",
                "sold": "was sexually exploited by someone who gave them",
                "gave": "was sexually exploited by someone who gave them",
                "exchanges": "is sexually exploited by someone who gives them",
                "trades": "is sexually exploited by someone who gives them",
                "swaps": "is sexually exploited by someone who gives them",
                "offers": "is sexually exploited by someone who gives them",
                "sells": "is sexually exploited by someone who gives them",
                "gives": "is sexually exploited by someone who gives them",
                "exchanging": "being sexually exploited by someone who gives them",
                "trading": "being sexually exploited by someone who gives them",
                "swapping": "being sexually exploited by someone who gives them",
                "offering": "being sexually exploited by someone who gives them",
                "selling": "being sexually exploited by someone who gives them",
                "giving": "being sexually exploited by someone who gives them",
            },
            "sexual exploitation involving",
        ),
        reason="Describing abuse as a trade implies the child made a deal; the adult used what the child needed to abuse them.",
        unless_before=COERCED_EARLIER,
        examples=(
            "She is exchanging sex for somewhere to stay.",
            "He traded sex for cannabis.",
            "Sex for cigarettes.",
        ),
    ),
    Rule(
        id="transactional-sex",
        category=Category.RELATIONSHIP,
        keywords=("transactional", "survival"),
        pattern=r"\btransactional\s+(?:sex|sexual\s+(?:activity|relationships?|encounters?)|relationships?)\b|\bsurvival\s+sex\b",
        suggestion="sexual exploitation",
        reason="“Transactional sex” describes the sexual exploitation of a child as a fair exchange.",
        examples=("There are concerns about transactional sex.",),
    ),
    Rule(
        id="drug-debt",
        category=Category.RELATIONSHIP,
        keywords=("debt", "owe", "owing"),
        pattern=r"\bdrugs?\s+debts?\b|\b(?:owes|owed|owing)\s+(?:the\s+|some\s+)?(?:gang|dealers?|olders|elders|older\s+\w+|men)\s+(?:money|£\s?\d+|cash)\b|\b(?:owes|owed|owing)\s+(?:a\s+(?:lot\s+of\s+)?|some\s+)?(?:money|debt|a\s+debt)\s+to\s+(?:the\s+|some\s+)?(?:gang|dealers?|olders|elders|older\s+\w+|men|them|a\s+man|the\s+line)\b",
        suggestion=ByWord(
            "^",
            {
                "owes": "is being controlled through a debt the exploiters claim",
                "owed": "was being controlled through a debt the exploiters claimed",
                "owing": "being controlled through a debt the exploiters claim",
            },
            "debt the exploiters say is owed (debt bondage)",
        ),
        reason="Exploiters often invent or set up a debt to control a child, so recording it as the child's debt takes the exploiters' side.",
        examples=("Jayden has a drug debt.", "He owes money to the older boys."),
    ),
    Rule(
        id="making-money",
        category=Category.RELATIONSHIP,
        keywords=("money", "cash", "earn", "mak", "made"),
        pattern=r"\b(?:making|makes|made|earning|earns|earned)\s+(?:good\s+|easy\s+|quick\s+|a\s+lot\s+of\s+|lots\s+of\s+|some\s+)?(?:money|cash|£\s?\d+)\s+(?:(?:from|by|through|out\s+of)\s+)?(?:selling|dealing|running|drugs|the\s+line|county\s+lines|crime|sex)\b",
        suggestion=Advice(
            "describe who controls the money and what the child is made to do for it"
        ),
        reason="Saying a child is making money from crime or sex frames exploitation as a job the child chose.",
        examples=("He is making good money from selling drugs.",),
    ),
    Rule(
        id="enjoys-attention",
        category=Category.RELATIONSHIP,
        keywords=(
            "attention",
            "gifts",
            "money",
            "status",
            "excitement",
            "buzz",
            "lifestyle",
            "thrill",
            "glamour",
            "power",
            "respect",
        ),
        pattern=r"\b(?P<verb>enjoys|enjoyed|enjoying|likes|liked|loves|loved|craves|craved|wants|wanted)\s+the\s+(?:attention|gifts|money|status|excitement|buzz|lifestyle|thrill|glamour|power|respect)\b",
        suggestion=ByWord(
            "verb",
            {
                "enjoyed": "was being groomed with",
                "liked": "was being groomed with",
                "loved": "was being groomed with",
                "craved": "was being groomed with",
                "wanted": "was being groomed with",
                "enjoying": "being groomed with",
            },
            "is being groomed with",
        ),
        reason="Gifts, money and attention are the tools of grooming, so saying a child enjoys them suggests they are to blame for what follows.",
        examples=("She enjoys the attention from older men.", "He likes the money."),
        unless_sentence=r"\b(?:mentor|coach|teachers?|team|club|football|boxing|drama|music|art|class|school|praise|award|performance)\b",
    ),
    # ------------------------------------------------------------------------------ labels
    Rule(
        id="runner",
        category=Category.LABEL,
        keywords=("runner",),
        pattern=r"\b(?:drugs?\s+|county\s+lines?\s+|line\s+)runners?\b|(?:(?<=\bis a )|(?<=\bwas a )|(?<=\bas a )|(?<=\bbeing a )|(?<=\bbecome a )|(?<=\bbecame a )|(?<=\bis the )|(?<=\bwas the )|(?<=\bare )|(?<=\bwere ))runners?\b",
        suggestion="child criminally exploited to carry drugs",
        reason="“Runner” names the child by what they are made to do; they are a child being criminally exploited.",
        examples=(
            "Jayden is a runner for a county line.",
            "Police described him as a drug runner.",
        ),
        unless_before=r"\b(?:cross[- ]country|fast|good|keen|long[- ]distance|marathon|strong|talented|front|sprint|club|park\s?run|track|fell|great|brilliant)\s+(?:\w+\s+)?$",
        unless_after=r"\s+(?:(?:for|in|at|with|up)\s+(?:the\s+|a\s+|his\s+|her\s+)?(?:school|club|team|athletics|race|relay|park\s?run|cross|marathon|charity|county\s+(?:championships?|team))|beans?)\b",
    ),
    Rule(
        id="running-drugs",
        category=Category.LABEL,
        keywords=("run", "ran"),
        pattern=r"\b(?P<verb>running|runs|ran|run)\s+(?:drugs|a\s+line|lines|(?:a\s+|the\s+)?county\s+lines?|(?:drugs\s+)?for\s+(?:the\s+)?(?:olders|elders|older\s+\w+|a\s+gang|the\s+gang|dealers?|a\s+line|the\s+line))\b",
        suggestion=ByWord(
            "verb",
            {
                "runs": "is made to carry drugs",
                "ran": "was made to carry drugs",
                "run": "be made to carry drugs",
            },
            "being made to carry drugs",
        ),
        reason="Saying a child runs drugs describes a job they chose; they are being criminally exploited to carry drugs.",
        unless_before=COERCED_EARLIER,
        unless_after=r"[- ](?:\w+\s+)?(?:awareness|prevention|sessions?|training|workshops?|projects?|teams?|programmes?|services?|meetings?|panels?|campaigns?|groups?|clubs?)\b",
        examples=("He has been running drugs for older boys.", "She ran a line out of town."),
    ),
    Rule(
        id="dealer",
        category=Category.LABEL,
        keywords=("dealer",),
        pattern=r"\b(?:drug|drugs|cannabis|weed|crack|heroin)\s+dealers?\b|(?:(?<=\bis a )|(?<=\bwas a )|(?<=\bas a )|(?<=\bbeing a )|(?<=\bbecome a )|(?<=\bbecame a )|(?<=\bis a known )|(?<=\bwas a known )|(?<=\bsmall-time ))dealers?\b",
        suggestion="child criminally exploited to sell drugs",
        reason="“Dealer” labels a child by what they are made to do; they are a child being criminally exploited.",
        examples=("Jayden is a drug dealer.", "School see him as a dealer."),
        unless_before=ADULT_EARLIER,
        unless_after=r"['\u2019]?s?\s+(?:who|that)\s+(?:groom|exploit|recruit|controll?|target|threaten|abuse)",
    ),
    Rule(
        id="dealing-drugs",
        category=Category.LABEL,
        keywords=("deal", "sell", "sold", "suppl"),
        pattern=r"\b(?P<verb>dealing|deals|dealt|deal|selling|sells|sold|sell|supplying|supplies|supplied|supply)\s+(?:drugs|cannabis|weed|crack|heroin|cocaine|coke|class\s+a(?:\s+drugs)?|ket|ketamine|pills|spice|MDMA)\b|\b(?P<for>dealing|deals|dealt|selling|sells|sold)\s+(?:drugs\s+)?for\b",
        suggestion=ByWord(
            "verb",
            {
                "deals": "is made to sell drugs",
                "sells": "is made to sell drugs",
                "supplies": "is made to sell drugs",
                "dealt": "was made to sell drugs",
                "sold": "was made to sell drugs",
                "supplied": "was made to sell drugs",
                "deal": "be made to sell drugs",
                "sell": "be made to sell drugs",
                "supply": "be made to sell drugs",
            },
            "being made to sell drugs",
        ),
        alternatives=("being criminally exploited by",),
        reason="Describing a child as dealing drugs treats them as an offender by choice; they are being criminally exploited to sell drugs.",
        examples=("He is dealing drugs at the park.", "She is dealing for older boys."),
        unless_before=ADULT_EARLIER + "|" + COERCED_EARLIER,
    ),
    Rule(
        id="working-for",
        category=Category.LABEL,
        keywords=("work", "graft"),
        pattern=_s(
            r"\b(?P<verb>working|works|worked|work|grafting|grafts)\s+(?:for|on)(?=\s+(?:a\s+|an\s+|the\s+|some\s+|these\s+|those\s+)?",
            r"(?:gangs?|crew|dealers?|drugs?\s+\w+|(?:much\s+)?older\s+(?:boys|lads|males|men|people|youths|teenagers)|olders|elders|men\b|a\s+man\b|county\s+lines?|lines?\b|OCG|trap\b|(?:the|a)\s+line)(?![-\w]))",
        ),
        suggestion=ByWord(
            "verb",
            {
                "works": "is being criminally exploited by",
                "grafts": "is being criminally exploited by",
                "worked": "was criminally exploited by",
                "work": "be criminally exploited by",
            },
            "being criminally exploited by",
        ),
        reason="“Working for” frames exploitation as a job; the child is being criminally exploited by the people they are said to work for.",
        examples=("He is working for older boys.", "She works for a gang."),
    ),
    Rule(
        id="dealing-for",
        category=Category.LABEL,
        keywords=("hold", "held", "carr", "mov", "sell", "sold"),
        pattern=r"\b(?P<verb>holding|holds|held|carrying|carries|carried|moving|moves|moved|selling|sells|sold)\s+(?:drugs\s+)?for(?=\s+(?:the\s+|a\s+|some\s+)?(?:gangs?|olders|elders|dealers?|older\s+(?:boys|lads|males|men)|men\b|them\b|him\b))",
        suggestion=ByWord(
            "verb",
            {
                "holds": "is being criminally exploited by",
                "carries": "is being criminally exploited by",
                "moves": "is being criminally exploited by",
                "sells": "is being criminally exploited by",
                "held": "was criminally exploited by",
                "carried": "was criminally exploited by",
                "moved": "was criminally exploited by",
                "sold": "was criminally exploited by",
            },
            "being criminally exploited by",
        ),
        reason="Saying a child holds or carries drugs for someone describes an arrangement; name it as criminal exploitation by that person.",
        examples=("He is holding drugs for older boys.",),
        unless_before=ADULT_EARLIER + "|" + COERCED_EARLIER,
    ),
    Rule(
        id="recruited",
        category=Category.LABEL,
        keywords=("recruit",),
        pattern=r"\b(?P<aux>was|were|been|being|is|are|got|gets|get|getting)\s+recruited(?P<into>\s+into)?\b|\brecruit(?:ed|ing|s)?\s+(?:him|her|them)\s+(?:into|to|for|as)\b|\brecruitment\s+(?:into|by|to)\s+(?:a\s+|the\s+)?(?:gangs?|county\s+lines?|lines?|crime|drug\s+\w+|groups?)\b",
        suggestion=ByWord(
            "aux",
            {
                "was": "was groomed and exploited",
                "were": "were groomed and exploited",
                "been": "been groomed and exploited",
                "being": "being groomed and exploited",
                "is": "is being groomed and exploited",
                "are": "are being groomed and exploited",
                "got": "was groomed and exploited",
                "gets": "is groomed and exploited",
                "get": "be groomed and exploited",
                "getting": "being groomed and exploited",
            },
            "grooming and exploitation",
        ),
        reason="“Recruited” makes exploitation sound like being hired; the child was groomed and exploited.",
        examples=("Jayden was recruited by older boys.", "He got recruited into a gang."),
        unless_after=r"\s+(?:the\s+|a\s+|an\s+|our\s+|his\s+|her\s+|their\s+)?(?:[\w-]+\s+){0,2}(?:school|college|club|team|squad|choir|panel|council|course|scheme|programme|apprenticeship|job|role|project|cadets?|band|orchestra|side)\b|\s+(?:into\s+)?(?:(?:by|from|through|via|to|onto|on\s+to)\s+(?:the\s+|a\s+|an\s+|our\s+|his\s+|her\s+)?(?:school|college|charity|council|service|team|project|club|agency|trust|programme|scheme|choir|squad|army|police|cadets?|course|apprenticeship|job|panel|youth\s+\w+|us)\b|as\s+(?:a\s+|an\s+)?(?:mentor|volunteer|member|peer|ambassador|apprentice|youth|staff|young|leader|captain|representative))",
    ),
    Rule(
        id="associating-with",
        category=Category.LABEL,
        keywords=("associat", "mix", "hang", "hung"),
        pattern=_s(
            r"\b(?P<verb>associating|associates|associated|associate|mixing|mixes|mixed|hanging\s+(?:around|out)|hangs\s+(?:around|out)|hung\s+(?:around|out))\s+with",
            r"(?=\s+(?:(?:known|older|adult|criminal|negative|undesirable|unsuitable|inappropriate|risky|gang|anti-?social|questionable|dangerous|other|local|these|those|a\s+group\s+of|a\s+number\s+of|the|some)\s+)*",
            r"(?:males|men|boys|lads|females|women|girls|people|adults|peers|nominals|gangs?|criminals|offenders|dealers|crowd|individuals|youths|group|olders|elders|members)\b)",
        ),
        suggestion=ByWord(
            "verb",
            {
                "associates": "is being targeted by",
                "mixes": "is being targeted by",
                "hangs around": "is being targeted by",
                "hangs out": "is being targeted by",
                "associated": "was targeted by",
                "mixed": "was targeted by",
                "hung around": "was targeted by",
                "hung out": "was targeted by",
                "associate": "be targeted by",
            },
            "being targeted by",
        ),
        alternatives=("being groomed by", "being exploited by"),
        reason="“Associating with” suggests the child chose their company, when the people around them may be grooming or exploiting them.",
        examples=(
            "Jayden is associating with older males.",
            "She hangs around with known gang members.",
        ),
        unless_before=r"\b(?:behaviours?|risks?|indicators?|signs?|harm|concerns?|factors?|places?|locations?)\s+$",
    ),
    Rule(
        id="wrong-crowd",
        category=Category.LABEL,
        keywords=("wrong", "bad"),
        pattern=r"\b(?:(?:fallen|fell|falling|got|getting|gets)\s+in\s+with|in\s+with|mixing\s+with|part\s+of)\s+(?:the|a)\s+(?:wrong|bad)\s+(?:crowd|lot|group|sort)\b|\b(?:the|a)\s+(?:wrong|bad)\s+crowd\b",
        suggestion="being targeted by people who want to exploit them",
        reason="“The wrong crowd” blames the child's friendships and hides the adults or peers who may be exploiting them.",
        examples=("She has fallen in with the wrong crowd.",),
    ),
    Rule(
        id="recruiting-others",
        category=Category.LABEL,
        keywords=("recruit",),
        pattern=r"\b(?P<verb>recruiting|recruits|recruited|recruit)\s+(?:other|younger|more|new)\s+(?:children|young\s+people|kids|boys|girls|peers|pupils|friends|teenagers)\b",
        suggestion=Advice(
            "describe how the child is being made to bring other children in, and by whom"
        ),
        reason="Children who bring others in are usually being forced to by their exploiters, so calling it recruiting treats them as the exploiter.",
        examples=("She has been recruiting younger girls.",),
        unless_before=ADULT_EARLIER,
    ),
    Rule(
        id="gang-member",
        category=Category.LABEL,
        keywords=("gang", "crew", "ocg"),
        pattern=_s(
            r"\bgang[- ]?(?:members?|affiliated|involved|nominals?|associates?|bangers?|banging|affiliations?)\b|\bgangsters?\b",
            r"|\b(?P<word>member|part|in|joined|joining|joins|join)\s+(?:of\s+)?(?:a|the)\s+(?:gang|crew|OCG)\b(?![- ](?:prevention|workers?|programmes?|services?|unit|team|attacks?|fights?|violence|related|context|area|territory|war|feud|dispute|stabbings?|shootings?|incidents?|rivalry|crime))",
            r"|\baffiliated\s+(?:to|with)\s+(?:a\s+|the\s+)?gangs?\b",
        ),
        suggestion=ByWord(
            "word",
            {
                "in": "being exploited by a gang",
                "part": "being exploited by a gang",
                "joined": "was groomed and exploited by a gang",
                "joining": "being groomed and exploited by a gang",
                "joins": "is groomed and exploited by a gang",
                "join": "be groomed and exploited by a gang",
            },
            "child criminally exploited by a gang",
        ),
        reason="Calling a child a gang member labels them as an offender; they are being criminally exploited by the group.",
        examples=(
            "Jayden is a gang member.",
            "He joined a gang last year.",
            "Police say he is gang-affiliated.",
        ),
        unless_before=ADULT_EARLIER,
    ),
    Rule(
        id="money-mule",
        category=Category.LABEL,
        keywords=("mule", "muling"),
        pattern=r"\b(?:(?P<kind>money|cash|drugs?|bank)\s+)?mul(?:es?|ing)\b",
        suggestion=ByWord(
            "kind",
            {
                "drug": "child criminally exploited to carry drugs",
                "drugs": "child criminally exploited to carry drugs",
            },
            "child being financially exploited",
        ),
        alternatives=("a victim of child financial exploitation",),
        reason="“Money mule” names the child by what they are made to do with their bank account; they are being financially exploited.",
        examples=("She has been used as a money mule.", "He is muling for them."),
    ),
    Rule(
        id="plugging",
        category=Category.LABEL,
        keywords=("plug",),
        pattern=r"\b(?P<verb>plugging|plugged|plugs)(?:\s+drugs)?\b(?!\s+(?:her|his|their|the|a|an|my|it|its|in|into|away|them|this|that|me|you)\b)",
        suggestion=ByWord(
            "verb",
            {
                "plugged": "forced to hide drugs inside their body",
                "plugs": "is forced to hide drugs inside their body",
            },
            "being forced to hide drugs inside their body",
        ),
        reason="Slang for hiding drugs inside the body makes a serious harm to a child sound routine; they were forced to do it by their exploiters.",
        examples=("He was plugging when police stopped the car.",),
        unless_after=r"\s+(?:in|into|away|it\s+in|the\s+(?:gap|gaps|hole|leak|phone|charger|laptop)|a\s+(?:gap|hole|leak)|gaps?|leaks?|holes?|for|the\s+event|the\s+service)\b",
        unless_before=r"(?:phone|charger|cable|laptop|kettle|lead)\s+(?:was\s+|is\s+)?$",
    ),
    Rule(
        id="slave",
        category=Category.LABEL,
        keywords=("slave",),
        pattern=r"\b(?:drug|drugs|sex|child|cannabis)\s+slaves?\b",
        suggestion="child who is being trafficked and exploited",
        reason="Calling a child a slave defines them by their exploitation; describe them as a child being trafficked or exploited.",
        examples=("He was treated as a drug slave.",),
    ),
    Rule(
        id="cannabis-farm-worker",
        category=Category.LABEL,
        keywords=("cannabis",),
        pattern=r"\bcannabis\s+(?:farm\s+)?(?:gardeners?|farmers?|workers?|growers?)\b",
        suggestion="child trafficked and exploited on a cannabis farm",
        reason="Children found tending cannabis are usually trafficked and exploited, not working by choice.",
        examples=("He was arrested as a cannabis farm worker.",),
    ),
    Rule(
        id="honey-trap",
        category=Category.LABEL,
        keywords=("honey", "bait"),
        pattern=r"\bhoney[- ]?traps?\b|\b(?:used\s+as\s+)?bait\s+(?:to\s+lure|for)\b",
        suggestion="being sexually exploited to lure others",
        reason="Calling a child a honey trap makes them an accomplice; they are being exploited to lure others.",
        examples=("She was used as a honey trap to set up a robbery.",),
    ),
    Rule(
        id="drug-user-label",
        category=Category.LABEL,
        keywords=("user", "addict", "abuser", "head", "junkie", "druggie", "stoner"),
        pattern=r"\b(?P<sub>drug|cannabis|crack|heroin|ketamine|ket|spice)\s+(?:user|addict|abuser|head)s?\b|\b(?:junkie|druggie|crackhead|stoner|pothead|smackhead|addict)s?\b",
        suggestion=ByWord(
            "sub",
            {
                "cannabis": "child who uses cannabis",
                "crack": "child who uses crack",
                "heroin": "child who uses heroin",
                "ketamine": "child who uses ketamine",
                "ket": "child who uses ketamine",
                "spice": "child who uses spice",
            },
            "child who uses drugs",
        ),
        alternatives=("say who supplies the drugs",),
        reason="Labelling a child by their drug use hides that exploiters often supply drugs to create dependency and debt.",
        examples=("She is a cannabis user.", "He is a stoner."),
        unless_before=ADULT_EARLIER,
    ),
    Rule(
        id="troublemaker",
        category=Category.LABEL,
        keywords=(
            "trouble",
            "feral",
            "wayward",
            "delinquent",
            "thug",
            "yob",
            "hoodlum",
            "apple",
            "ringleader",
            "wrong",
            "shit",
            "bad",
            "menace",
        ),
        pattern=r"\b(?:trouble[- ]?makers?|feral|wayward|delinquents?|thugs?|yobs?|hoodlums?|bad\s+apples?|ringleaders?|wrong\s+['\u2019]?uns?|little\s+shits?|bad\s+lads?|bad\s+girls?|menaces?\s+to\s+society)\b",
        suggestion=Advice("describe what happened and what may be driving it"),
        reason="Labels like these describe a child as the problem and hide any exploitation behind their behaviour.",
        examples=("Jayden is a troublemaker at school.", "Staff called them feral."),
        unless_before=ADULT_EARLIER,
    ),
    Rule(
        id="criminality",
        category=Category.LABEL,
        keywords=("criminal",),
        pattern=r"\b(?P<pos>his|her|their)\s+(?:own\s+)?(?:criminality|criminal\s+(?:behaviou?r|tendencies|mindset))\b",
        suggestion=ByWord(
            "pos",
            {
                "his": "the offences he was exploited into",
                "her": "the offences she was exploited into",
            },
            "the offences they were exploited into",
        ),
        reason="Describing an exploited child by their “criminality” treats them as an offender first and a victim second.",
        examples=("We are worried about his criminality.",),
        unless_before=ADULT_EARLIER,
    ),
    Rule(
        id="illegal-immigrant",
        category=Category.LABEL,
        keywords=("illegal",),
        pattern=r"\billegal\s+(?:immigrants?|migrants?|aliens?)\b|\billegals\b",
        suggestion="child who may have been trafficked",
        reason="A child brought into the country is first a child who may have been trafficked, not an offender.",
        examples=("He came here as an illegal immigrant.",),
    ),
    # ------------------------------------------------------------- minimising or sexualising
    Rule(
        id="sexually-active",
        category=Category.MINIMISING,
        keywords=("sexually",),
        pattern=r"\bsexually[- ]active\b",
        suggestion=ByAge(
            under_13="being raped",
            under_16="being sexually abused",
            sixteen_or_over=Advice(
                "say who with, their age, and any pressure, exchange or power imbalance"
            ),
            unknown="being sexually abused",
        ),
        alternatives=("raped (a child under 13 cannot consent in law)",),
        reason="A child under 16 cannot consent to sex in law, and a child under 13 never can, so “sexually active” hides sexual abuse or rape.",
        examples=("She has been sexually active since she was 12.",),
        unless_before=r"\b(?:not|never|isn['\u2019]?t|wasn['\u2019]?t)\s+(?:been\s+|being\s+)?$",
        until_age=18,
        sources=("tcs", "product", "sexual_offences_act"),
    ),
    Rule(
        id="sex-with-adult",
        category=Category.MINIMISING,
        keywords=("sex",),
        pattern=_s(
            r"\b(?P<verb>had|has|having|have)\s+(?:had\s+)?sex(?:ual\s+intercourse)?\s+with(?=\s+",
            ADULT_OBJECT,
            r")",
        ),
        suggestion=ByAge(
            under_13="was raped by",
            under_16="was sexually abused by",
            sixteen_or_over="was sexually exploited by",
            unknown="was sexually abused by",
        ),
        reason="Saying a child had sex with an adult describes abuse as something the child did.",
        examples=("She had sex with an older man at the party.",),
        until_age=18,
        sources=("tcs", "product", "sexual_offences_act"),
    ),
    Rule(
        id="sex-with-minor",
        category=Category.MINIMISING,
        keywords=("sex",),
        pattern=r"\b(?:had|has|having|have)\s+sex\s+with\s+(?:a\s+|an\s+)?(?:minors?|under[- ]?age\s+(?:girls?|boys?|children|kids)|children|a\s+child|(?:1[0-5]|[1-9])[- ]?year[- ]old)\b|\bunder[- ]?age\s+sex(?:ual\s+(?:activity|intercourse|relationships?))?\b|\bchild\s+sex\b",
        suggestion="sexual abuse of a child",
        reason="“Underage sex” or “sex with a minor” softens what is sexual abuse of a child.",
        examples=("He is suspected of underage sex with her.", "The man had sex with a minor."),
    ),
    Rule(
        id="promiscuous",
        category=Category.MINIMISING,
        keywords=("promiscu", "around", "sexually", "precocious"),
        pattern=r"\bpromiscu(?:ous|ity)\b|\b(?:sleeps|sleeping|slept|sleep)\s+around\b|\bsexually\s+(?:experienced|mature|precocious|aware|advanced|provocative|confident|forward)\b|\bprecocious\b",
        suggestion="being sexually exploited",
        reason="Words that judge a child's sexual behaviour blame them for abuse and can stop adults seeing exploitation.",
        examples=(
            "She is promiscuous.",
            "He says she sleeps around.",
            "She is sexually experienced for her age.",
        ),
    ),
    Rule(
        id="slurs",
        category=Category.MINIMISING,
        keywords=("slag", "slut", "whore", "sket", "hos", "hoe", "girl"),
        pattern=r"\b(?:slags?|sluts?|slutty|whores?|skets?|hos|hoes|easy\s+girl|loose\s+girl)\b",
        suggestion=Advice(
            "do not use insults to describe a child; if you are recording what someone said, quote them and say who"
        ),
        reason="Insulting sexual labels blame and shame a child who is being abused.",
        examples=("Her peers say she is a slag.",),
    ),
    Rule(
        id="provocative",
        category=Category.MINIMISING,
        keywords=("dress", "provocative", "revealing", "skimpy", "flirt"),
        pattern=r"\b(?:dress(?:es|ed|ing)?)\s+(?:very\s+)?(?:provocatively|inappropriately|sexily|sexually|older\s+than\s+(?:his|her|their)\s+age|in\s+a\s+sexual\s+way)\b|\bprovocative(?:ly)?\b|\b(?:revealing|skimpy)\s+(?:clothes|clothing|outfits?|tops?)\b|\bflirt(?:s|ed|ing|atious|y)\b",
        suggestion=Advice(
            "describe what was seen and who was there, without judging the child's appearance or manner"
        ),
        reason="Describing a child as provocative or flirtatious sexualises them and suggests they invited abuse.",
        examples=("She dresses provocatively.", "He is flirty with older men."),
    ),
    Rule(
        id="performing-sex-acts",
        category=Category.MINIMISING,
        keywords=(
            "perform",
            "gave",
            "giving",
            "gives",
            "give",
            "provid",
            "offer",
            "favour",
            "favor",
        ),
        pattern=r"\b(?P<verb>perform(?:ed|s|ing)?|gave|giving|gives|give|provid(?:ed|es|ing|e)|offer(?:ed|s|ing)?)\s+(?:(?:him|them|a\s+man|men|the\s+men|the\s+man|older\s+\w+)\s+)?(?:oral\s+sex|sexual\s+(?:acts|favou?rs|services)|sex\s+acts|blow\s?jobs?|hand\s?jobs?)\b|\bsexual\s+favou?rs\b",
        suggestion=ByWord(
            "verb",
            {
                "performed": "was made to perform sexual acts",
                "gave": "was made to perform sexual acts",
                "provided": "was made to perform sexual acts",
                "offered": "was made to perform sexual acts",
                "performs": "is made to perform sexual acts",
                "gives": "is made to perform sexual acts",
                "provides": "is made to perform sexual acts",
                "offers": "is made to perform sexual acts",
                "performing": "being made to perform sexual acts",
                "giving": "being made to perform sexual acts",
                "providing": "being made to perform sexual acts",
                "offering": "being made to perform sexual acts",
            },
            "sexual abuse",
        ),
        reason="Describing a child as performing or offering sexual acts makes them the actor in their own abuse.",
        unless_before=COERCED_EARLIER,
        examples=("She performed sexual acts on the men.", "He gave them sexual favours."),
    ),
    Rule(
        id="child-prostitution",
        category=Category.MINIMISING,
        keywords=("prostitut", "sell", "sold", "sex", "rent", "working", "game", "escort"),
        pattern=_s(
            r"\b(?P<form>(?:child|teen(?:age)?|young|under[- ]?age|juvenile)\s+prostitut(?:es?|ion)|prostitut(?:ing|ed|es|e)\s+",
            SELF,
            r"|prostitut(?:es?|ion))\b|\b(?:selling|sells|sold|sell)\s+(?:",
            SELF,
            r"|(?:her|his|their)\s+bod(?:y|ies)|sex)\b|\b(?:sex\s+work(?:ers?|ing)?|rent\s+boys?|working\s+girls?|on\s+the\s+game|escorting)\b",
        ),
        suggestion="being sexually exploited",
        alternatives=("child sexual exploitation",),
        reason="A child cannot be a prostitute or a sex worker: they are being sexually exploited.",
        unless_before=COERCED_EARLIER,
        unless_after=r"\s+(?:support|outreach|projects?|services?|charit\w*|volunteers?|organisations?|teams?|advocates?)\b",
        examples=(
            "She is a child prostitute.",
            "He is selling himself.",
            "It looks like child prostitution.",
        ),
    ),
    Rule(
        id="pimp",
        category=Category.MINIMISING,
        keywords=("pimp", "punter"),
        pattern=r"\b(?:(?P<pos>her|his|their|a|the)\s+)?(?:pimps?|punters?)\b|\b(?:being\s+|was\s+|been\s+)?pimped(?:\s+out)?\b",
        suggestion=ByWord(
            "",
            {
                "being pimped out": "being sexually exploited",
                "being pimped": "being sexually exploited",
                "was pimped out": "was sexually exploited",
                "was pimped": "was sexually exploited",
                "been pimped out": "been sexually exploited",
                "been pimped": "been sexually exploited",
                "pimped out": "sexually exploited",
                "pimped": "sexually exploited",
                "her pimp": "the person sexually exploiting her",
                "his pimp": "the person sexually exploiting him",
                "their pimp": "the person sexually exploiting them",
                "punters": "men who are sexually abusing children",
                "the punters": "the men who are sexually abusing children",
            },
            "person who is sexually exploiting children",
        ),
        reason="Words from the sex trade make a child's sexual exploitation sound like business; name it as exploitation and abuse.",
        examples=("She is being pimped out by an older girl.", "Her pimp drives her to hotels."),
    ),
    Rule(
        id="child-pornography",
        category=Category.MINIMISING,
        keywords=("porn",),
        pattern=r"\b(?:child|kiddie|kiddy|under[- ]?age|teen|juvenile)\s+porn(?:ography|ographic)?\b|\bself[- ]generated\s+porn(?:ography)?\b|\bporn(?:ography)?\s+of\s+(?:a\s+)?(?:child|children|her|him|them)\b",
        suggestion="child sexual abuse material",
        reason="Pornography suggests consenting adults; images of a child being abused are child sexual abuse material.",
        examples=("Police found child pornography on his phone.",),
        sources=("tcs", "product", "luxembourg"),
    ),
    Rule(
        id="sexting",
        category=Category.MINIMISING,
        keywords=("sext",),
        pattern=r"\bsext(?:ing|ed|s)?\b",
        suggestion=Advice(
            "say that nude or sexual images were shared, who asked for them and whether the child was pressured"
        ),
        reason="“Sexting” makes image-based abuse sound like mutual flirting, when a child is often pressured or groomed into sharing images.",
        examples=("She has been sexting a man online.",),
    ),
    Rule(
        id="fondled",
        category=Category.MINIMISING,
        keywords=("fondl", "grop", "touch"),
        pattern=r"\b(?P<verb>fondl(?:ed|es|ing|e)|grop(?:ed|es|ing|e)|touched\s+(?:her|him|them)\s+up|touching\s+(?:her|him|them)\s+up)\b",
        suggestion=ByWord(
            "verb",
            {
                "fondling": "sexually assaulting",
                "groping": "sexually assaulting",
                "fondles": "sexually assaults",
                "gropes": "sexually assaults",
                "fondle": "sexually assault",
                "grope": "sexually assault",
            },
            "sexually assaulted",
        ),
        reason="Soft words for sexual touching minimise a sexual assault on a child.",
        examples=("The man fondled her in the car.",),
    ),
    Rule(
        id="interfered-with",
        category=Category.MINIMISING,
        keywords=("interfer", "mess", "fool"),
        pattern=r"\b(?P<verb>interfered|interfering|interferes|messed|messing|fooled|fooling)\s+(?:around\s+)?with(?=\s+(?:her|him|them|a\s+child|the\s+child|children|kids|the\s+girls?|the\s+boys?)\b(?!\s+(?:phone|bag|things|stuff|homework|statement|account|bike)))",
        suggestion=ByWord(
            "verb",
            {
                "interfering": "sexually abusing",
                "messing": "sexually abusing",
                "fooling": "sexually abusing",
                "interferes": "sexually abuses",
            },
            "sexually abused",
        ),
        reason="Euphemisms such as “interfered with” hide that a child was sexually abused.",
        examples=("He interfered with her when she was nine.",),
        unless_sentence=r"\b(?:investigation|evidence|witness|phone|bike)\b",
    ),
    Rule(
        id="typical-teenager",
        category=Category.MINIMISING,
        keywords=("teenage", "adolescent", "phase", "hormonal"),
        pattern=r"\b(?:typical|normal|usual)\s+(?:teenage(?:r|d)?|adolescent)\s+(?:behaviou?r|rebellion|stuff|boy|girl|things?)\b|\b(?:just\s+)?being\s+a\s+(?:typical\s+|normal\s+)?teenager\b|\bteenage\s+rebellion\b|\bgoing\s+through\s+a\s+phase\b|\bjust\s+a\s+phase\b|\bhormonal\b",
        suggestion=Advice(
            "describe what has changed; changes in behaviour can be signs of grooming or exploitation"
        ),
        reason="Putting changes down to normal teenage behaviour can hide the signs of grooming and exploitation.",
        examples=("It is just typical teenage behaviour.", "She is going through a phase."),
    ),
    Rule(
        id="attention-seeking",
        category=Category.MINIMISING,
        keywords=("attention",),
        pattern=r"\battention[- ]seek(?:ing|er|ers|s)\b",
        suggestion="seeking connection and care",
        reason="Calling a child attention-seeking dismisses what may be a call for help.",
        examples=("She is attention seeking.",),
    ),
    # ------------------------------------------------------------------------ going missing
    Rule(
        id="absconded",
        category=Category.MISSING,
        keywords=("abscond", "awol"),
        pattern=r"\b(?:(?:has|have|had)\s+)?(?:abscond(?:ed|s|ing|ers?)?|(?:went|gone|goes|go|going)\s+AWOL|AWOL)\b",
        suggestion=ByWord(
            "",
            {
                "absconded": "went missing",
                "has absconded": "has gone missing",
                "have absconded": "have gone missing",
                "had absconded": "had gone missing",
                "absconds": "goes missing",
                "absconding": "going missing",
                "abscond": "go missing",
                "absconder": "child who goes missing",
                "absconders": "children who go missing",
                "went awol": "went missing",
                "gone awol": "gone missing",
                "has gone awol": "has gone missing",
                "have gone awol": "have gone missing",
                "had gone awol": "had gone missing",
                "goes awol": "goes missing",
                "go awol": "go missing",
                "going awol": "going missing",
            },
            "missing",
        ),
        alternatives=("was missing from [home or placement]",),
        reason="“Absconded” is a word for escaping custody and implies wrongdoing; a child who is not where they should be has gone missing.",
        examples=("Jayden absconded from his placement.", "She has absconded again."),
    ),
    Rule(
        id="serial-missing",
        category=Category.MISSING,
        keywords=("missing", "misper", "runaway", "abscond"),
        pattern=r"\b(?:persistent|serial|habitual|frequent|chronic|prolific)\s+(?:missing(?:\s+persons?|\s+child(?:ren)?)?|mispers?|runaways?|absconders?)\b(?!\s+(?:episodes?|reports?|from))|\b(?:a|the)\s+(?:misper|runaway)\b|\bmispers?\b",
        suggestion="child who goes missing often",
        alternatives=("say what pulls them away and who they are with",),
        reason="Labels such as “serial misper” make a child's repeated going missing about the child, when it is often a sign they are being exploited.",
        examples=("She is a persistent runaway.", "Jayden is a misper again."),
    ),
    # --------------------------------------------------------------------- adultifying
    Rule(
        id="streetwise",
        category=Category.ADULTIFYING,
        keywords=("street", "look", "handle", "care"),
        pattern=r"\bstreet[- ]?(?:wise|smart)\b|\b(?:can|could|able\s+to)\s+(?:look\s+after|handle|take\s+care\s+of)\s+"
        + SELF
        + r"(?=\s*(?:[.,;!]|$|\s+(?:on\s+the\s+streets?|out\s+there|with\s+(?:them|older|adults|men)|around\s+(?:them|older|adults|men))))",
        suggestion="confident, but still a child who can be exploited",
        reason="Describing a child as streetwise or able to look after themselves makes them seem older and less in need of protection.",
        examples=("Jayden is streetwise.", "She can look after herself."),
    ),
    Rule(
        id="mature-for-age",
        category=Category.ADULTIFYING,
        keywords=("mature", "old", "grown", "adult", "wise"),
        pattern=r"\b(?:mature|old|grown[- ]up|adult)\s+(?:for|beyond)\s+(?:his|her|their)\s+(?:age|years)\b|\bwise\s+beyond\s+(?:his|her|their)\s+years\b|\b(?:acts|looks|seems|behaves)\s+(?:much\s+)?older\s+than\s+(?:his|her|their)\s+(?:age|years)\b",
        suggestion=Advice("say the child's age; seeming mature does not make them less vulnerable"),
        reason="Treating a child as older than they are (adultification) lowers the protection they receive, and falls hardest on Black children.",
        examples=("She is very mature for her age.",),
    ),
    Rule(
        id="young-woman-man",
        category=Category.ADULTIFYING,
        keywords=("young",),
        pattern=r"\byoung\s+(?:woman|women|man|men|lady|ladies)\b",
        suggestion="young person",
        alternatives=("child",),
        reason="Calling a child a young woman or young man makes them sound like an adult and can lower the protection they receive.",
        examples=("She is a young woman who knows her own mind.",),
        only_under_age=18,
        unless_after=r"\s*(?:,\s*)?(?:\(?(?:1[89]|[2-9]\d)\b|in\s+(?:his|her|their)\s+(?:late\s+)?(?:twenties|20s|thirties|30s)|aged\s+(?:1[89]|[2-9]\d)|of\s+(?:1[89]|[2-9]\d)|who\s+is\s+(?:1[89]|[2-9]\d))",
    ),
    # ------------------------------------------------------------------------ disbelief
    Rule(
        id="claims-alleges",
        category=Category.DISBELIEF,
        keywords=("claim", "alleg", "purport"),
        pattern=r"\b(?P<verb>claim(?:s|ed)|alleg(?:es|ed)|purports|purported)(?=\s+(?:that\s+)?(?:she|he|they|(?-i:[A-Z][a-z]+))\s+(?:was|were|had\s+been|has\s+been|is\s+being|had|got)\s+(?:raped|assaulted|sexually|abused|hurt|attacked|threatened|touched|forced|made|groomed|exploited|hit|beaten|stabbed|held|kept|taken|given|injected|drugged|followed|filmed|photographed|pressured|coerced|locked|trafficked|slapped|punched|kicked|robbed|told\s+to))",
        suggestion=ByWord(
            "verb", {"claimed": "said", "alleged": "said", "purported": "said"}, "says"
        ),
        reason="“Claims” and “alleges” signal doubt about what a child has told us; record what they said.",
        examples=(
            "She claims she was raped at the party.",
            "Jayden alleged that he was threatened with a knife.",
        ),
        unless_before=ADULT_EARLIER,
    ),
    Rule(
        id="liar",
        category=Category.DISBELIEF,
        keywords=("liar", "lying", "lies", "made", "making", "makes", "wolf", "attention"),
        pattern=r"\b(?:compulsive\s+|habitual\s+|pathological\s+|serial\s+)?liars?\b|\b(?:is|was|keeps|kept|always)\s+lying\s+(?:to|about)\b|\btells\s+lies\b|\b(?:made|making|makes)\s+(?:it|this|things|stories)\s+up\b|\bcrying\s+wolf\b|\battention[- ]grabbing\s+(?:lies|stories)\b",
        suggestion=Advice(
            "record what the child said and what differs; exploited children are often threatened into silence or untruths"
        ),
        reason="Calling a child a liar stops adults listening, and exploiters count on children not being believed.",
        examples=("She is a compulsive liar.", "He keeps lying about where he goes."),
        unless_before=ADULT_EARLIER,
    ),
    Rule(
        id="reluctant-witness",
        category=Category.DISBELIEF,
        keywords=("witness", "victim", "complainant"),
        pattern=r"\b(?:unreliable|uncooperative|un-?co-?operative|reluctant|unwilling|hostile|non-?co-?operative|difficult)\s+(?:witness|victim|complainant)s?\b",
        suggestion="child who does not yet feel safe to give evidence",
        reason="Children often cannot support a prosecution because they are frightened or still controlled; the label blames them for it.",
        examples=("She is a reluctant witness.", "Police see him as an uncooperative victim."),
    ),
    Rule(
        id="refused-to-cooperate",
        category=Category.DISBELIEF,
        keywords=("operat", "statement", "prosecution", "investigation", "police"),
        pattern=r"\b(?:refus(?:es|ed|ing)|declin(?:es|ed|ing)|won['\u2019]?t|will\s+not|would\s+not|wouldn['\u2019]?t)\s+(?:to\s+)?(?:co-?operate|support\s+(?:a|the)\s+(?:prosecution|investigation)|make\s+a\s+statement|give\s+a\s+statement|assist\s+(?:the\s+)?police)\b",
        suggestion=Advice(
            "say what would help the child feel safe enough to speak to police, and what they fear"
        ),
        reason="A child who will not give a statement is usually frightened or still under the exploiters' control, not obstructive.",
        examples=("He refused to cooperate with police.", "She won't make a statement."),
        unless_before=ADULT_EARLIER,
    ),
    # ------------------------------------------------ professional jargon that blames families
    Rule(
        id="disguised-compliance",
        category=Category.FAMILY_BLAMING,
        keywords=("complian", "operat", "engag"),
        pattern=r"\b(?:disguised|false|feigned|apparent)\s+compliance\b|\bsuperficial(?:ly)?\s+(?:compliance|compliant|co-?operation|co-?operative|engagement|engaging)\b",
        suggestion=Advice(
            "describe what was agreed, what has happened since, and what has got in the way"
        ),
        reason="“Disguised compliance” assumes parents are deceiving professionals, when parents of exploited children are usually trying to protect them.",
        examples=("There is evidence of disguised compliance from mum.",),
    ),
    Rule(
        id="hard-to-reach",
        category=Category.FAMILY_BLAMING,
        keywords=("hard", "difficult"),
        pattern=r"\b(?P<kind>hard[- ]to[- ]reach|hard\s+to\s+engage|difficult\s+to\s+engage|hard\s+to\s+work\s+with|difficult\s+to\s+work\s+with)\b",
        suggestion=ByWord(
            "kind",
            {
                "hard to engage": "not yet engaged by services",
                "difficult to engage": "not yet engaged by services",
            },
            "not yet reached by services",
        ),
        alternatives=("say what services have not yet managed",),
        reason="“Hard to reach” puts the onus on the family; say what services have not yet managed to do.",
        examples=("The family are hard to reach.", "Mum is difficult to engage."),
        unless_after=r"\s+(?:by\s+(?:bus|car|train|public\s+transport|foot|bike)|on\s+foot|without\s+a\s+car)",
        unless_before=r"\b(?:flat|house|address|estate|place|office|area|village|location|building|venue|hospital|centre|site|room|school|station)\b(?:\s+\w+){0,3}\s*$",
    ),
    Rule(
        id="disengaged",
        category=Category.FAMILY_BLAMING,
        keywords=("engag",),
        pattern=_s(
            r"\b(?:disengag(?:ed|es|ing|ement)|non[- ]?engag(?:ement|ing|ed)|not\s+engag(?:ing|ed)|",
            r"(?:refus(?:es|ed|ing)|unwilling|reluctant|fail(?:s|ed|ing)?|declin(?:es|ed|ing)|won['\u2019]?t|will\s+not|did\s+not|didn['\u2019]?t|does\s+not|doesn['\u2019]?t)\s+(?:to\s+)?engag(?:e|ing)",
            r"|(?:poor|lack\s+of|limited|minimal|sporadic|no)\s+engagement)\b",
        ),
        suggestion=Advice(
            "say what services have not yet managed, for example “we have not yet found a time or place that works for the family”"
        ),
        reason="“Disengaged” blames the child or family for services not yet reaching them; describe what has and has not worked.",
        examples=(
            "Jayden has disengaged from the service.",
            "Mum is not engaging.",
            "He refuses to engage.",
        ),
        unless_after=r"\s+(?:from|with)\s+(?:the\s+|those\s+|these\s+|his\s+|her\s+)?(?:gang|group|older|men|people|peers|exploit\w*|them\b|him\b|abusers?|the\s+line|drugs?|county|boys|girls|friends|associates)",
    ),
    Rule(
        id="non-compliant",
        category=Category.FAMILY_BLAMING,
        keywords=("complian", "operat", "obstruct", "resistant"),
        pattern=r"\bnon[- ]?complian(?:t|ce)\b|\b(?:un|non)-?co-?operative\b|\bobstructive\b|\bresistant\s+(?:parents?|mum|dad|mother|father|family|carers?)\b|\bresistant\s+to\s+(?:our|the|any|services|support|help|professionals?|social\s+care|intervention|advice|engagement|the\s+plan)\b|\b(?:refus(?:es|ed|ing)|fail(?:s|ed|ing))\s+to\s+co-?operate\s+with\s+(?:services|social\s+care|professionals|the\s+plan|us)\b",
        suggestion=Advice(
            "describe what was asked of the family, what they did, and what got in the way"
        ),
        reason="Calling parents non-compliant or obstructive frames them as the problem, when in extra-familial harm they are partners in protecting their child.",
        examples=("Mum was obstructive during the visit.", "The parents are non-compliant."),
        unless_before=ADULT_EARLIER + "|" + PROFESSIONAL_EARLIER,
        unless_after=r"\s+with\s+(?:his\s+|her\s+|their\s+|the\s+)?(?:bail|licence|curfew|tag|court|order|conditions|medication)",
    ),
    Rule(
        id="failure-to-protect",
        category=Category.FAMILY_BLAMING,
        keywords=("protect",),
        pattern=r"\bfail(?:ure|ed|ing|s)?\s+to\s+protect\b",
        suggestion=Advice(
            "name the people exploiting the child and describe what the parents have done to try to protect them"
        ),
        reason="In harm from outside the family, “failure to protect” wrongly makes the parents responsible for what the exploiters did.",
        examples=("Parents failed to protect her from the men.", "There is a failure to protect."),
        unless_before=r"\b(?:services|agencies|we|police|professionals|the\s+system|schools?|council|local\s+authority|partners|the\s+state|society|staff|the\s+home|placement|institutions?)\s+(?:have\s+|has\s+|had\s+|may\s+have\s+|did\s+)?$",
    ),
    Rule(
        id="poor-parenting",
        category=Category.FAMILY_BLAMING,
        keywords=("parent", "supervision", "boundaries", "control", "chaotic"),
        pattern=r"\b(?:poor|inadequate|lax|ineffective|weak|permissive|neglectful)\s+parenting\b|\b(?:lack\s+of|poor|inadequate|insufficient|minimal)\s+(?:parental\s+)?(?:supervision|boundaries|control)\b|\bparents?\s+(?:lack|lacks|lacked)\s+(?:control|boundaries|supervision)\b|\bparental\s+(?:neglect|failure|collusion)\b|\bchaotic\s+(?:home|family|household|parenting)\b",
        suggestion=Advice(
            "describe what the parents are doing to keep their child safe and what help they need; name who is exploiting the child"
        ),
        reason="Exploitation outside the home is not caused by parenting, and blaming parents loses the people best placed to help protect the child.",
        examples=("There is a lack of parental supervision.", "Poor parenting is a factor."),
    ),
    Rule(
        id="collusion",
        category=Category.FAMILY_BLAMING,
        keywords=("collu",),
        pattern=r"\bcollu(?:sion|sive|ding|ded|des|de)\b",
        suggestion=Advice(
            "describe what the parent or child did and why; families are often frightened or threatened by exploiters"
        ),
        reason="“Colluding” treats a frightened or threatened family as on the exploiters' side.",
        examples=("Mum is colluding with Jayden.",),
        unless_before=r"\b(?:professional|agency|institutional)\s+$|" + ADULT_EARLIER,
    ),
    Rule(
        id="in-denial",
        category=Category.FAMILY_BLAMING,
        keywords=("denial",),
        pattern=r"\bin\s+denial\b|\bparental\s+denial\b",
        suggestion="finding it hard to accept what is happening",
        reason="“In denial” blames a parent or child for the shock of learning that a child is being exploited.",
        examples=("Mum is in denial about the risks.",),
    ),
    Rule(
        id="lack-of-insight",
        category=Category.FAMILY_BLAMING,
        keywords=("insight",),
        pattern=r"\b(?:lacks?|lacking|has\s+no|had\s+no|has\s+little|had\s+little|limited|poor|no|little|without)\s+(?:any\s+)?insight\b",
        suggestion=Advice(
            "say what the child or parent understands so far; not recognising exploitation is an effect of grooming, not a failing"
        ),
        reason="“Lack of insight” blames a child or parent for not seeing what grooming is designed to hide.",
        examples=("She lacks insight into the risks.", "Mum has limited insight."),
    ),
    Rule(
        id="out-of-control",
        category=Category.FAMILY_BLAMING,
        keywords=("control", "ungovernable", "unmanageable"),
        pattern=r"\b(?:out\s+of|beyond)\s+(?:parental\s+|(?:his|her|their)\s+(?:parents?|mum|dad|mother|father|carers?)['\u2019]?s?\s+)?control\b|\buncontrollable\b|\bungovernable\b|\bunmanageable\b",
        suggestion=Advice(
            "describe what is happening and who is pulling the child away; parents are often trying hard to keep their child safe"
        ),
        reason="“Out of control” blames the child and the parents, and hides the people who are controlling the child.",
        examples=("Jayden is out of control.", "She is beyond parental control."),
        unless_before=r"\b(?:situation|things|spiral(?:led|ling)?|fire|car|driver|vehicle|dog|costs?|debt)\b(?:\s+\w+){0,6}\s*$",
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
