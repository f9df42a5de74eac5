"""Normalisers for what parents write down: phones, UK plates, social handles, places, names.

Each normaliser takes the raw text exactly as written and returns a small value object that keeps
that raw text beside the normalised key the linker compares. Nothing here ever raises on odd
input: a value that cannot be understood comes back as ``None`` (nothing to compare), so one
strange cell never stops a run. Every normaliser is idempotent: normalising the normalised text
(``.text``) gives the same key again, so stored values can be re-normalised safely.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
import phonenumbers

# Longest text any normaliser looks at: a cell longer than this is not a phone, plate or name,
# and capping keeps a pasted essay from costing time in the regular expressions.
MAX_FIELD = 500

_DIGITS = re.compile(r"\d")
_FIRST_PLUS_OR_DIGIT = re.compile(r"[+\d]")


# A UK mobile in any of its usual spellings (07…, 7…, +44 7…, 0044 7…, 44 7…, +44 (0) 7…), as a
# skeleton of digits and an optional +: the E.164 form phonenumbers gives, without the parse.
_UK_MOBILE = re.compile(r"^(?:(?:\+|00)?44(?:0)?|0)?(7\d{9})$")


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number: ``key`` is E.164 when phonenumbers can read it, else its digits."""

    raw: str
    key: str

    @property
    def text(self) -> str:
        return self.key

    @property
    def valid(self) -> bool:
        """Whether phonenumbers knows the number as allocated (not needed to match it)."""
        try:
            return phonenumbers.is_valid_number(phonenumbers.parse(self.key, "GB"))
        except phonenumbers.NumberParseException:
            return False


@lru_cache(maxsize=200_000)
def _phone_key(skeleton: str) -> str | None:
    mobile = _UK_MOBILE.match(skeleton)
    if mobile:
        return "+44" + mobile.group(1)
    digits = "".join(_DIGITS.findall(skeleton))
    if len(digits) < 4:
        return None
    try:
        number = phonenumbers.parse(skeleton, "GB")
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # Not a number phonenumbers can place: keep it, matched on its digits. A leading + stays so
    # an international-looking fragment does not collide with a national one.
    return ("+" if skeleton.startswith("+") else "") + digits


def normalise_phone(raw: str | None) -> Phone | None:
    """E.164 with the UK as the default region; an impossible number is matched on its digits."""
    if not raw:
        return None
    text = raw[:MAX_FIELD].strip()
    # The number's skeleton: its digits, with a "+" when one comes before the first digit. The
    # same number typed with different spacing, brackets or words around it shares one cache
    # entry (which is what makes a million mentions quick to normalise), and the key built from
    # a skeleton is its own skeleton, so normalising a key again gives the same key.
    first = _FIRST_PLUS_OR_DIGIT.search(text)
    plus = "+" if first is not None and first.group() == "+" else ""
    skeleton = plus + "".join(_DIGITS.findall(text))
    key = _phone_key(skeleton)
    return None if key is None else Phone(raw=raw, key=key)


# --- UK vehicle registrations -------------------------------------------------------------------

# Letters a witness (or a number-plate font) easily confuses with digits. Matching folds each
# letter onto its digit, so "S0 B1G" and "5O 8IG" compare equal; the plate shown stays as written.
_PLATE_FOLD = str.maketrans({"O": "0", "I": "1", "S": "5", "B": "8"})
_PARTIAL_MARKERS = re.compile(r"[?*_#]|\.\.|…|\b(?:PARTIAL|STARTS?|ENDS?|BEGINS?|SOMETHING)\b")
_NOT_PLATE = re.compile(r"[^A-Z0-9]")


@dataclass(frozen=True, slots=True)
class Plate:
    """A registration as written (``raw``), upper-cased A-Z0-9 (``text``) and folded (``key``).

    ``partial`` means the witness saw only part of it ("KX61 ...", "ends ABC", or fewer than five
    characters); a partial plate matches a full one that starts or ends with it.
    """

    raw: str
    text: str
    key: str
    partial: bool


def fold_plate(text: str) -> str:
    """The confusable-folded form used for matching (O→0, I→1, S→5, B→8)."""
    return text.translate(_PLATE_FOLD)


def normalise_plate(raw: str | None) -> Plate | None:
    if not raw:
        return None
    upper = unicodedata.normalize("NFKC", raw[:MAX_FIELD]).upper()
    marked = bool(_PARTIAL_MARKERS.search(upper))
    if marked:
        upper = re.sub(r"\b(?:PARTIAL|STARTS?|ENDS?|BEGINS?|SOMETHING|WITH|LIKE)\b", " ", upper)
    text = _NOT_PLATE.sub("", upper)
    if len(text) < 2 or len(text) > 8:
        return None
    # A normalised partial plate is written with a trailing "?" so it stays partial (idempotent).
    partial = marked or len(text) < 5
    return Plate(
        raw=raw, text=text + ("?" if partial else ""), key=fold_plate(text), partial=partial
    )


def plate_matches(partial_key: str, full_key: str) -> bool:
    """A partial plate agrees with a full one when the full plate starts or ends with it."""
    return full_key.startswith(partial_key) or full_key.endswith(partial_key)


# --- social media handles -----------------------------------------------------------------------

_PLATFORMS = {
    "snapchat": "snapchat",
    "snap": "snapchat",
    "sc": "snapchat",
    "instagram": "instagram",
    "insta": "instagram",
    "ig": "instagram",
    "tiktok": "tiktok",
    "tt": "tiktok",
    "telegram": "telegram",
    "tg": "telegram",
    "facebook": "facebook",
    "fb": "facebook",
    "twitter": "x",
    "x": "x",
    "youtube": "youtube",
    "discord": "discord",
    "whatsapp": "whatsapp",
}
_DOMAINS = {
    "snapchat.com": "snapchat",
    "instagram.com": "instagram",
    "tiktok.com": "tiktok",
    "t.me": "telegram",
    "facebook.com": "facebook",
    "twitter.com": "x",
    "x.com": "x",
}
_HANDLE_CHARS = re.compile(r"[^a-z0-9._]")
_FILLER = {"on", "at", "the", "called", "name", "is", "username", "user", "handle", "add", "me"}


@dataclass(frozen=True, slots=True)
class Handle:
    """A social media account: ``platform`` when the writer said which one, ``name`` lower-cased."""

    raw: str
    platform: str | None
    name: str

    @property
    def text(self) -> str:
        return f"{self.platform}:{self.name}" if self.platform else self.name


def normalise_handle(raw: str | None) -> Handle | None:
    if not raw:
        return None
    text = unicodedata.normalize("NFKC", raw[:MAX_FIELD]).lower().strip()
    platform: str | None = None
    for domain, name in _DOMAINS.items():
        match = re.search(re.escape(domain) + r"/(?:add/|@)?([^/?\s]+)", text)
        if match:
            return _handle(raw, name, match.group(1))
    words = re.split(r"[\s:,;()\[\]]+", text)
    rest: list[str] = []
    for word in words:
        bare = word.strip("-")
        if bare in _PLATFORMS and platform is None and (rest or len(words) > 1):
            platform = _PLATFORMS[bare]
        elif bare and bare not in _FILLER:
            rest.append(bare)
    if not rest:
        return None
    # "ghost_23 on snap": the handle is the word with an @ if there is one, else the first word.
    chosen = next((w for w in rest if w.startswith("@")), rest[0])
    return _handle(raw, platform, chosen)


def _handle(raw: str, platform: str | None, name: str) -> Handle | None:
    clean = _HANDLE_CHARS.sub("", name.lstrip("@"))
    if not clean:
        return None
    return Handle(raw=raw, platform=platform, name=clean)


# --- places -------------------------------------------------------------------------------------

# The 121 UK postcode areas: an outward code alone ("SO14") counts only in a real area, so a road
# such as "A34" or a plate fragment is not mistaken for a postcode.
POSTCODE_AREAS = frozenset(
    [
        "AB",
        "AL",
        "B",
        "BA",
        "BB",
        "BD",
        "BH",
        "BL",
        "BN",
        "BR",
        "BS",
        "BT",
        "CA",
        "CB",
        "CF",
        "CH",
        "CM",
        "CO",
        "CR",
        "CT",
        "CV",
        "CW",
        "DA",
        "DD",
        "DE",
        "DG",
        "DH",
        "DL",
        "DN",
        "DT",
        "DY",
        "E",
        "EC",
        "EH",
        "EN",
        "EX",
        "FK",
        "FY",
        "G",
        "GL",
        "GU",
        "GY",
        "HA",
        "HD",
        "HG",
        "HP",
        "HR",
        "HS",
        "HU",
        "HX",
        "IG",
        "IM",
        "IP",
        "IV",
        "JE",
        "KA",
        "KT",
        "KW",
        "KY",
        "L",
        "LA",
        "LD",
        "LE",
        "LL",
        "LN",
        "LS",
        "LU",
        "M",
        "ME",
        "MK",
        "ML",
        "N",
        "NE",
        "NG",
        "NN",
        "NP",
        "NR",
        "NW",
        "OL",
        "OX",
        "PA",
        "PE",
        "PH",
        "PL",
        "PO",
        "PR",
        "RG",
        "RH",
        "RM",
        "S",
        "SA",
        "SE",
        "SG",
        "SK",
        "SL",
        "SM",
        "SN",
        "SO",
        "SP",
        "SR",
        "SS",
        "ST",
        "SW",
        "SY",
        "TA",
        "TD",
        "TF",
        "TN",
        "TQ",
        "TR",
        "TS",
        "TW",
        "UB",
        "W",
        "WA",
        "WC",
        "WD",
        "WF",
        "WN",
        "WR",
        "WS",
        "WV",
        "YO",
        "ZE",
    ]
)
# Bounded by anything that is not a letter or digit (not ``\b``, for which "_" is a word
# character): a code is found wherever the word splitter below would find it, which keeps
# normalising a place's own text idempotent ("_B0" and "B0" read the same).
_POSTCODE = re.compile(r"(?<![A-Z0-9])([A-Z]{1,2})(\d[A-Z\d]?)\s*(\d[A-Z]{2})(?![A-Z0-9])")
_OUTWARD = re.compile(r"(?<![A-Z0-9])([A-Z]{1,2})(\d[A-Z\d]?)(?![A-Z0-9])")
_WORD = re.compile(r"[a-z0-9]+")
_PLACE_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "at",
        "by",
        "near",
        "outside",
        "opposite",
        "behind",
        "next",
        "to",
        "round",
        "around",
        "off",
        "and",
        "or",
        "back",
        "front",
        "top",
        "bottom",
        "end",
        "side",
        "corner",
        "area",
        "estate",
    ]
)
_PLACE_ABBREVIATIONS = {
    "rd": "road",
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "cl": "close",
    "ct": "court",
    "dr": "drive",
    "pk": "park",
    "sq": "square",
    "stn": "station",
    "gdns": "gardens",
    "cres": "crescent",
    "pl": "place",
}


@dataclass(frozen=True, slots=True)
class Place:
    """A place as written, its UK postcode (``postcode``, "SO14 3AB") or outward code (``outward``,
    "SO14") if it holds one, and its other words as tokens for free-text matching."""

    raw: str
    postcode: str | None
    outward: str | None
    tokens: frozenset[str]

    @property
    def text(self) -> str:
        # Commas keep an outward code and a token from reading as one postcode ("E0, 0aa").
        parts = [self.postcode or self.outward or "", *sorted(self.tokens)]
        return ", ".join(p for p in parts if p)


def normalise_postcode(raw: str | None) -> str | None:
    """A full UK postcode in its standard form ("so143ab" → "SO14 3AB"), else None."""
    if not raw:
        return None
    match = _POSTCODE.search(raw[:MAX_FIELD].upper())
    if match and match.group(1) in POSTCODE_AREAS:
        return f"{match.group(1)}{match.group(2)} {match.group(3)}"
    return None


@lru_cache(maxsize=200_000)
def _place(text: str) -> tuple[str | None, str | None, frozenset[str]]:
    upper = _ascii(text).upper()
    postcode = outward = None
    match = _POSTCODE.search(upper)
    if match and match.group(1) in POSTCODE_AREAS:
        postcode = f"{match.group(1)}{match.group(2)} {match.group(3)}"
        outward = match.group(1) + match.group(2)
        upper = upper[: match.start()] + " " + upper[match.end() :]
    else:
        for candidate in _OUTWARD.finditer(upper):
            if candidate.group(1) in POSTCODE_AREAS:
                outward = candidate.group(1) + candidate.group(2)
                upper = upper[: candidate.start()] + " " + upper[candidate.end() :]
                break
    tokens = frozenset(
        _PLACE_ABBREVIATIONS.get(word, word)
        for word in _WORD.findall(_ascii(upper.lower()))
        if word not in _PLACE_STOP and len(word) > 1
    )
    return postcode, outward, tokens


def normalise_place(raw: str | None) -> Place | None:
    if not raw or not raw.strip():
        return None
    postcode, outward, tokens = _place(raw[:MAX_FIELD])
    if postcode is None and outward is None and not tokens:
        return None
    return Place(raw=raw, postcode=postcode, outward=outward, tokens=tokens)


# --- names and nicknames ------------------------------------------------------------------------

_TITLES = frozenset(["mr", "mrs", "ms", "miss", "dr", "mister", "sir"])
# Shortened forms a parent may use for a full first name. Phonetic keys catch spelling variants
# (Jayden/Jaiden, Reid/Reed) but not these, which sound different.
_DIMINUTIVES = {
    "mo": "mohammed",
    "moe": "mohammed",
    "mohd": "mohammed",
    "mohamed": "mohammed",
    "muhammad": "mohammed",
    "muhammed": "mohammed",
    "mohammad": "mohammed",
    "danny": "daniel",
    "dan": "daniel",
    "tom": "thomas",
    "tommy": "thomas",
    "mike": "michael",
    "mikey": "michael",
    "jim": "james",
    "jimmy": "james",
    "jamie": "james",
    "joe": "joseph",
    "joey": "joseph",
    "chris": "christopher",
    "rob": "robert",
    "robbie": "robert",
    "bob": "robert",
    "bobby": "robert",
    "alex": "alexander",
    "ben": "benjamin",
    "benny": "benjamin",
    "sam": "samuel",
    "sammy": "samuel",
    "matt": "matthew",
    "josh": "joshua",
    "will": "william",
    "billy": "william",
    "nick": "nicholas",
    "dave": "david",
    "davey": "david",
    "tony": "anthony",
    "ant": "anthony",
    "lew": "lewis",
    "zak": "zachary",
    "zach": "zachary",
    "zac": "zachary",
    "kenny": "kenneth",
    "ken": "kenneth",
    "jon": "jonathan",
    "jonny": "jonathan",
    "johnny": "john",
    "steve": "stephen",
    "stevie": "stephen",
    "steven": "stephen",
    "andy": "andrew",
    "drew": "andrew",
    "ed": "edward",
    "eddie": "edward",
    "charlie": "charles",
    "freddie": "frederick",
    "fred": "frederick",
    "harry": "henry",
    "abdi": "abdullahi",
    "abdul": "abdullah",
    "kaz": "karim",
}
_NICK_PREFIX = {"little": "lil", "lil'": "lil", "lill": "lil", "big": "big", "young": "yung"}
_NAME_WORD = re.compile(r"[a-z]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name split for comparison: ``first`` and ``last`` (either may be an initial);
    ``first_key`` folds diminutives ("Mo" → "mohammed") and spelling by sound (metaphone)."""

    raw: str
    text: str
    first: str | None
    last: str | None
    first_key: str | None
    last_key: str | None


@lru_cache(maxsize=500_000)
def sound_key(word: str) -> str:
    """Metaphone key (spelling variants that sound alike share it); the word itself if empty."""
    if len(word) <= 1:
        return word
    return jellyfish.metaphone(word) or word


def canonical_first_name(word: str) -> str:
    return _DIMINUTIVES.get(word, word)


@lru_cache(maxsize=500_000)
def _name(text: str) -> tuple[str, str | None, str | None]:
    words = [w for w in _NAME_WORD.findall(_ascii(text.lower())) if w not in _TITLES]
    if not words:
        return "", None, None
    first = words[0]
    last = words[-1] if len(words) > 1 else None
    return " ".join(words), first, last


def normalise_name(raw: str | None) -> Name | None:
    """Lower case, accents and punctuation dropped, titles removed, spacing collapsed."""
    if not raw:
        return None
    text, first, last = _name(raw[:MAX_FIELD].replace("'", "").replace("-", " "))
    if not text or first is None:
        return None
    first_key = sound_key(canonical_first_name(first)) if len(first) > 1 else None
    last_key = sound_key(last) if last and len(last) > 1 else None
    return Name(raw=raw, text=text, first=first, last=last, first_key=first_key, last_key=last_key)


@dataclass(frozen=True, slots=True)
class Nickname:
    """A street name as written and its comparison key ("Lil' G" → "lil g", key "lilg")."""

    raw: str
    text: str
    key: str


@lru_cache(maxsize=200_000)
def _nickname(text: str) -> str:
    words = _NAME_WORD.findall(_ascii(text.lower().replace("'", "")))
    return " ".join(_NICK_PREFIX.get(w, w) for w in words)


def normalise_nickname(raw: str | None) -> Nickname | None:
    if not raw:
        return None
    text = _nickname(raw[:MAX_FIELD])
    if not text:
        return None
    return Nickname(raw=raw, text=text, key=text.replace(" ", ""))


# --- age and gender -----------------------------------------------------------------------------

_AGE_NUMBER = re.compile(r"\d{1,2}")
_AGE_WORDS = {
    "teen": (14, 19),
    "teens": (14, 19),
    "teenager": (14, 19),
    "twenties": (20, 29),
    "thirties": (30, 39),
    "forties": (40, 49),
}


def parse_age(raw: str | None) -> tuple[int, int] | None:
    """An estimated age as a range: "19" → (17, 21), "19-22", "early 20s" → (20, 23), "late teens"."""
    if not raw:
        return None
    text = raw[:MAX_FIELD].lower()
    numbers = [int(n) for n in _AGE_NUMBER.findall(text)]
    numbers = [n for n in numbers if 8 <= n <= 90]
    if len(numbers) >= 2:
        lo, hi = min(numbers[:2]), max(numbers[:2])
        return (lo, hi) if hi - lo <= 15 else None
    if len(numbers) == 1:
        n = numbers[0]
        if "s" in text[text.find(str(n)) + len(str(n)) :][:2] and n % 10 == 0:
            if "early" in text:
                return n, n + 3
            if "mid" in text:
                return n + 3, n + 6
            if "late" in text:
                return n + 6, n + 9
            return n, n + 9
        return n - 2, n + 2
    for word, (lo, hi) in _AGE_WORDS.items():
        if re.search(rf"\b{word}\b", text):
            if "early" in text:
                return lo, lo + 3
            if "late" in text:
                return hi - 3, hi
            return lo, hi
    return None


_MALE = frozenset(["m", "male", "man", "boy", "he", "him", "lad", "guy", "bloke"])
_FEMALE = frozenset(["f", "female", "woman", "girl", "she", "her", "lady"])


def parse_gender(raw: str | None) -> str | None:
    """ "m", "f" or None: only what the writer clearly said."""
    if not raw:
        return None
    words = set(_NAME_WORD.findall(raw[:MAX_FIELD].lower()))
    male, female = bool(words & _MALE), bool(words & _FEMALE)
    if male == female:
        return None
    return "m" if male else "f"
