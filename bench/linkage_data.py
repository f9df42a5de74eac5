"""A labelled generator of parents' reports about people of concern, for the linkage benchmark.

Built to be hard in the ways real reports are, not to flatter the linker:

* people share first names and surnames drawn from skewed (Zipf-like) lists, so "Mohammed",
  "Tyler" and "Khan" repeat across many unrelated people; street nicknames are skewed too, so
  hundreds of unrelated people are called "Ghost", "Tiny" or "Snow" at a million mentions;
* one in eight people belongs to a county line whose "deal line" phone (and sometimes car) is
  used by two to six of them, and line members are often named together in one report;
* names arrive as full names, first names only, an initial and a surname, in spelling variants
  (Jayden/Jaiden/Jaydon, Mohammed/Muhammad/Mo) and with typos; nicknames as "Lil' G", "little g",
  "Ghosty"; a few nicknames are simply misheard (someone else's);
* phones in every format (07…, +44…, 0044…, 44…, with brackets, dashes and dots), with a wrong
  digit now and then; people change phones;
* plates written with O/0, I/1, S/5, B/8 confused, lower case, without spaces, or only in part
  ("KX61 …", "ends ABC"); people change or share cars;
* ages guessed ("about 19", "late teens", "early 20s") and now and then wrong; gender sometimes
  missing or wrong; places as postcodes, outward codes or free text ("chicken shop on X Road").

Every mention carries at least one of name, nickname, phone, plate or handle (a parent does not
report "someone" with nothing else), and the true person behind each mention is returned.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import string
from dataclasses import dataclass, field

from relsafe.intelligence.linkage.mention import Mention

# (spellings of one first name, how common it is relative to the others)
FIRST_NAMES_MALE: list[tuple[tuple[str, ...], float]] = [
    (("Mohammed", "Muhammad", "Mohamed", "Mo", "Mohammad"), 30),
    (("Tyler", "Tyla"), 18),
    (("Jayden", "Jaiden", "Jaydon", "Jaden"), 18),
    (("Kai", "Ky"), 15),
    (("Jordan", "Jordon"), 14),
    (("Connor", "Conor", "Conner"), 13),
    (("Callum", "Calum"), 12),
    (("Jamal", "Jamaal"), 12),
    (("Liam",), 12),
    (("Reece", "Rhys", "Reese"), 12),
    (("Daniel", "Danny", "Dan"), 11),
    (("Joshua", "Josh"), 11),
    (("Kyle", "Kile"), 10),
    (("Marcus", "Markus"), 10),
    (("Tyrone", "Tyron"), 9),
    (("Ahmed", "Ahmad"), 9),
    (("Ryan", "Rian"), 9),
    (("Jermaine", "Germaine"), 8),
    (("Dwayne", "Duane"), 7),
    (("Kieran", "Kieron", "Ciaran"), 7),
    (("Bradley", "Brad"), 7),
    (("Lewis", "Louis"), 7),
    (("Aaron", "Aron"), 7),
    (("Michael", "Mike", "Mikey"), 7),
    (("Nathan", "Nate"), 6),
    (("Leon", "Leyon"), 6),
    (("Andre", "Andrei"), 6),
    (("Omar", "Omer"), 6),
    (("Bilal",), 5),
    (("Hassan", "Hasan"), 5),
    (("Dylan", "Dillon"), 5),
    (("Jake",), 5),
    (("Junior",), 5),
    (("Shane", "Shayne"), 4),
    (("Malik", "Malick"), 4),
    (("Tariq", "Tarik"), 4),
    (("Zane", "Zain", "Zayn"), 4),
    (("Ricardo",), 3),
    (("Dominic", "Dom"), 3),
    (("Stefan", "Stephan"), 3),
    (("Ashley", "Ash"), 3),
    (("Curtis", "Kurtis"), 3),
    (("Dean",), 3),
    (("Darnell", "Darnel"), 2),
    (("Ibrahim", "Ibraheem"), 2),
    (("Kwame",), 2),
    (("Emre",), 2),
    (("Lukasz", "Lucas"), 2),
    (("Vinnie", "Vinny"), 2),
    (("Abdi", "Abdullahi"), 2),
]
FIRST_NAMES_FEMALE: list[tuple[tuple[str, ...], float]] = [
    (("Chantelle", "Shantelle"), 6),
    (("Jade",), 6),
    (("Leah", "Lea"), 5),
    (("Chloe",), 5),
    (("Aisha", "Ayesha"), 5),
    (("Demi",), 4),
    (("Kayleigh", "Kayley", "Kaylee"), 4),
    (("Shannon",), 3),
    (("Tanisha", "Tenisha"), 3),
    (("Amber",), 3),
]
SURNAMES: list[tuple[tuple[str, ...], float]] = [
    (("Smith", "Smyth"), 30),
    (("Khan",), 25),
    (("Jones",), 20),
    (("Williams",), 18),
    (("Brown",), 16),
    (("Taylor", "Tayler"), 14),
    (("Ahmed",), 12),
    (("Ali",), 12),
    (("Campbell", "Cambell"), 10),
    (("Reid", "Reed", "Read"), 10),
    (("Thompson", "Thomson"), 9),
    (("Clarke", "Clark"), 9),
    (("Hussain", "Hussein"), 8),
    (("Walker",), 8),
    (("Wright",), 8),
    (("Johnson", "Johnston"), 8),
    (("Grant",), 6),
    (("Stewart", "Stuart"), 6),
    (("Murphy",), 6),
    (("Phillips", "Philips"), 5),
    (("Francis",), 5),
    (("Mensah",), 5),
    (("Okafor", "Okafur"), 4),
    (("Nowak",), 4),
    (("Kowalski", "Kowalsky"), 3),
    (("O'Brien", "OBrien", "O Brien"), 3),
    (("McDonald", "MacDonald"), 3),
    (("Richards",), 3),
    (("Douglas",), 3),
    (("Bailey", "Baily"), 3),
    (("Osei",), 3),
    (("Mahmood", "Mahmud"), 3),
    (("Begum",), 2),
    (("Lynch",), 2),
    (("Henry",), 2),
    (("Farah",), 2),
    (("Demir",), 2),
    (("Santos",), 2),
    (("Pearce", "Pierce"), 2),
    (("Fletcher",), 2),
]
# Street names: the first few are very common (many unrelated people use them).
NICKNAMES = [
    "Ghost",
    "Tiny",
    "Snow",
    "Bigs",
    "Smokey",
    "Skinny",
    "Blade",
    "Dee",
    "Ice",
    "Shadow",
    "Trigger",
    "Spider",
    "Chunks",
    "Scrappy",
    "Dodger",
    "Flash",
    "Rico",
    "Ninja",
    "Tank",
    "Shorty",
    "Stacks",
    "Chase",
    "Bullet",
    "Reaper",
    "Frosty",
    "Kilo",
    "Pepper",
    "Viper",
    "Moody",
    "Zero",
    "Lucky",
    "Benz",
    "Dollar",
    "Mad Max",
    "Rocket",
    "Skatty",
    "Jokes",
    "Twin",
    "Bruv",
    "Nitro",
    "Cash",
    "Ace",
    "Drizzy",
    "Pablo",
    "Biggie",
    "Fats",
    "Monk",
    "Scar",
    "Rambo",
    "Storm",
]
AREAS = [
    ("SO14", ["Portswood Road", "St Mary Street", "Northam Road", "Chapel Road"]),
    ("SO15", ["Shirley High Street", "Regents Park Road", "Millbrook Road"]),
    ("SO16", ["Lordshill", "Millbrook", "Redbridge Road"]),
    ("SO17", ["Highfield Lane", "Portswood Precinct", "Brookvale Road"]),
    ("SO19", ["Sholing Road", "Woolston Station", "Peartree Avenue"]),
    ("PO1", ["Commercial Road", "Guildhall Walk", "Arundel Street"]),
    ("PO2", ["London Road", "Kingston Crescent", "Stamshaw"]),
    ("PO4", ["Albert Road", "Fawcett Road", "Eastney"]),
    ("BH1", ["Old Christchurch Road", "Lansdowne", "Holdenhurst Road"]),
    ("BH8", ["Charminster Road", "Richmond Park", "Castle Lane"]),
    ("B6", ["Lozells Road", "Witton Road", "Aston Park"]),
    ("B10", ["Coventry Road", "Small Heath Park", "Green Lane"]),
    ("M14", ["Wilmslow Road", "Moss Lane East", "Platt Fields"]),
    ("LS9", ["Harehills Road", "Roundhay Road", "Compton Road"]),
    ("E9", ["Mare Street", "Morning Lane", "Well Street"]),
    ("N15", ["West Green Road", "Broad Lane", "Philip Lane"]),
]
PLACE_KINDS = [
    "chicken shop on {}",
    "the park off {}",
    "bus stop on {}",
    "car park behind {}",
    "{}",
    "outside the bookies on {}",
    "flats near {}",
    "takeaway on {}",
]
MAKES = ["Audi", "BMW", "Mercedes", "Ford", "Vauxhall", "VW", "Toyota", "Range Rover", "Kia"]
MODELS = {"Audi": "A3", "BMW": "3 series", "Mercedes": "C class", "Ford": "Fiesta", "VW": "Golf"}
COLOURS = ["grey", "black", "white", "silver", "blue", "red"]
PLATFORMS = [("snapchat", ["snap", "Snapchat", "sc"]), ("instagram", ["insta", "IG", "Instagram"])]
DESCRIPTIONS = [
    "tall, slim",
    "tattoo on his neck",
    "gold chain",
    "always in a black North Face",
    "scar on his face",
    "short, stocky",
    "beard",
    "wears a balaclava",
    "drives fast",
    "",
]
_CONFUSE = {"O": "0", "0": "O", "I": "1", "1": "I", "S": "5", "5": "S", "B": "8", "8": "B"}


def _weighted(rng: random.Random, items: list[tuple[tuple[str, ...], float]]) -> tuple[str, ...]:
    return rng.choices([i[0] for i in items], weights=[i[1] for i in items])[0]


def _zipf(rng: random.Random, items: list[str], s: float = 1.1) -> str:
    weights = [1 / (i + 1) ** s for i in range(len(items))]
    return rng.choices(items, weights=weights)[0]


def _mobile(rng: random.Random) -> str:
    return "07" + rng.choice("4579") + "".join(rng.choices(string.digits, k=8))


def _plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNOPRSTUVWXYZ"
    return (
        "".join(rng.choices(letters, k=2))
        + f"{rng.choice([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73]):02d}"
        + "".join(rng.choices(letters, k=3))
    )


@dataclass
class Person:
    index: int
    gender: str
    first: tuple[str, ...]
    surname: tuple[str, ...]
    nickname: str | None
    age: int
    area: int
    phones: list[str]
    line: str | None
    plate: str | None
    car: tuple[str, str] | None
    handle: tuple[str, str] | None
    families: list[int] = field(default_factory=list)
    activity: float = 1.0


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.4:
        return word[:i] + word[i + 1 :]
    if kind < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i] + word[i:]


def _format_phone(rng: random.Random, number: str) -> str:
    national = number[1:]
    formats = [
        lambda: number,
        lambda: f"{number[:5]} {number[5:]}",
        lambda: f"+44 {national[:4]} {national[4:]}",
        lambda: f"+44{national}",
        lambda: f"0044 {national}",
        lambda: f"44{national}",
        lambda: f"({number[:5]}) {number[5:8]}-{number[8:]}",
        lambda: f"{number[:5]}.{number[5:8]}.{number[8:]}",
        lambda: f"+44 (0) {national[:4]} {national[4:]}",
        lambda: f"{number[:3]} {number[3:7]} {number[7:]}",
    ]
    return rng.choice(formats)()


def _format_plate(rng: random.Random, plate: str) -> str:
    text = plate
    if rng.random() < 0.2:
        text = "".join(_CONFUSE.get(c, c) if rng.random() < 0.5 else c for c in text)
    roll = rng.random()
    if roll < 0.1:
        return f"{text[:4]} ..."
    if roll < 0.16:
        return f"ends {text[-3:]}"
    if roll < 0.2:
        return f"{text[:3]}?"
    spaced = f"{text[:4]} {text[4:]}" if rng.random() < 0.6 else text
    return spaced.lower() if rng.random() < 0.25 else spaced


def _format_age(rng: random.Random, age: int) -> str:
    guess = max(13, round(age + rng.gauss(0, 2.5)))
    if rng.random() < 0.03:
        guess = rng.randint(15, 40)  # simply wrong
    forms = [
        lambda: str(guess),
        lambda: f"about {guess}",
        lambda: f"{guess - 1}-{guess + 1}",
        lambda: f"{guess}ish",
        lambda: (
            "late teens"
            if 17 <= guess <= 19
            else str(guess)
            if guess < 20
            else f"early {guess // 10 * 10}s"
            if guess % 10 <= 3
            else f"mid {guess // 10 * 10}s"
            if guess % 10 <= 6
            else f"late {guess // 10 * 10}s"
        ),
    ]
    return rng.choice(forms)()


def _format_handle(rng: random.Random, handle: tuple[str, str]) -> str:
    platform, name = handle
    word = rng.choice(dict(PLATFORMS)[platform])
    forms = [
        lambda: f"@{name}",
        lambda: f"{name} on {word}",
        lambda: f"{word}: {name}",
        lambda: f"{platform}.com/{name}" if platform == "instagram" else f"{word} {name}",
        lambda: name.upper() if rng.random() < 0.3 else name,
    ]
    return rng.choice(forms)()


def _format_nickname(rng: random.Random, nick: str) -> str:
    roll = rng.random()
    if roll < 0.05:
        return _typo(rng, nick)
    if roll < 0.12 and " " not in nick and len(nick) > 3:
        return nick + ("y" if not nick.endswith("y") else "z")
    if roll < 0.25:
        return f'"{nick}"'
    if nick.startswith("Lil "):
        return rng.choice([nick, "Little " + nick[4:], "lil' " + nick[4:]])
    return nick.lower() if roll < 0.45 else nick


def _format_name(rng: random.Random, person: Person) -> str:
    spellings = person.first
    first = spellings[0] if rng.random() < 0.7 else rng.choice(spellings)
    surname = person.surname[0] if rng.random() < 0.8 else rng.choice(person.surname)
    if rng.random() < 0.06:
        first = _typo(rng, first)
    if rng.random() < 0.06:
        surname = _typo(rng, surname)
    roll = rng.random()
    if roll < 0.45:
        text = f"{first} {surname}"
    elif roll < 0.85:
        text = first
    elif roll < 0.93:
        text = f"{first[0]} {surname}"
    else:
        text = surname
    return text.upper() if rng.random() < 0.1 else text


def generate(n_mentions: int, seed: int = 7) -> tuple[list[Mention], list[int]]:
    """``n_mentions`` mentions and, for each, the index of the true person behind it."""
    rng = random.Random(seed)
    n_people = max(20, n_mentions // 4)
    n_families = max(10, n_mentions // 8)
    family_area = [rng.randrange(len(AREAS)) for _ in range(n_families)]
    families_by_area: dict[int, list[int]] = {}
    for fam, area in enumerate(family_area):
        families_by_area.setdefault(area, []).append(fam)
    handles_used: set[str] = set()
    people: list[Person] = []
    for i in range(n_people):
        gender = "m" if rng.random() < 0.88 else "f"
        first = _weighted(rng, FIRST_NAMES_MALE if gender == "m" else FIRST_NAMES_FEMALE)
        surname = _weighted(rng, SURNAMES)
        nickname: str | None = None
        if rng.random() < 0.65:
            nickname = (
                _zipf(rng, NICKNAMES)
                if rng.random() < 0.8
                else rng.choice(["Lil ", "Big ", ""]) + first[0][0]
            )
        has_car = rng.random() < 0.35
        make = rng.choice(MAKES)
        handle = None
        if rng.random() < 0.4:
            base = (nickname or first[0]).lower().replace(" ", "")
            name = f"{base}{rng.choice(['_', '.', ''])}{rng.randint(1, 999)}"
            while name in handles_used:
                name += str(rng.randint(0, 9))
            handles_used.add(name)
            handle = (rng.choice(PLATFORMS)[0], name)
        area = rng.randrange(len(AREAS))
        person = Person(
            index=i,
            gender=gender,
            first=first,
            surname=surname,
            nickname=nickname,
            age=rng.randint(16, 34),
            area=area,
            phones=[_mobile(rng) for _ in range(1 + (rng.random() < 0.4) + (rng.random() < 0.1))],
            line=None,
            plate=_plate(rng) if has_car else None,
            car=(rng.choice(COLOURS), f"{make} {MODELS.get(make, '')}".strip())
            if has_car
            else None,
            handle=handle,
            activity=min(rng.paretovariate(1.8), 25.0),
        )
        local = families_by_area.get(area) or list(range(n_families))
        person.families = rng.sample(
            local, k=min(len(local), rng.randint(1, 3) + int(person.activity > 3))
        )
        people.append(person)
    # County lines: a "deal line" phone shared by 2-6 people of one area, sometimes a shared car.
    by_area: dict[int, list[Person]] = {}
    for person in people:
        by_area.setdefault(person.area, []).append(person)
    lines: dict[str, list[Person]] = {}
    for members in by_area.values():
        pool = [p for p in members if rng.random() < 0.12]
        while len(pool) >= 2:
            size = min(len(pool), rng.randint(2, 6))
            group, pool = pool[:size], pool[size:]
            line = _mobile(rng)
            lines[line] = group
            car = next((p for p in group if p.plate), None)
            for member in group:
                member.line = line
                if car is not None and member.plate is None and rng.random() < 0.3:
                    member.plate, member.car = car.plate, car.car

    cumulative = list(itertools.accumulate(p.activity for p in people))
    mentions: list[Mention] = []
    truth: list[int] = []
    start = dt.date(2024, 1, 1)
    reported: set[tuple[int, str, int]] = set()
    while len(mentions) < n_mentions:
        # Half the reports follow how active a person is (a few are reported very often).
        if len(mentions) % 2:
            person = rng.choices(people, cum_weights=cumulative)[0]
        else:
            person = people[rng.randrange(len(people))]
        family = rng.choice(person.families)
        day = (start + dt.timedelta(days=rng.randrange(900))).isoformat()
        report = [person]
        if person.line and rng.random() < 0.3:
            others = [p for p in lines[person.line] if p is not person]
            report += rng.sample(others, k=min(len(others), rng.randint(1, 2)))
        # One report names each person once.
        if any((family, day, who.index) in reported for who in report):
            continue
        reported.update((family, day, who.index) for who in report)
        for who in report:
            mentions.append(_mention(rng, who, len(mentions), family, day, people))
            truth.append(who.index)
    return mentions[:n_mentions], truth[:n_mentions]


def _mention(
    rng: random.Random, person: Person, number: int, family: int, day: str, people: list[Person]
) -> Mention:
    fields: dict[str, str] = {}
    while not fields:
        if rng.random() < 0.55:
            fields["name"] = _format_name(rng, person)
        if person.nickname and rng.random() < 0.65:
            fields["nickname"] = _format_nickname(rng, person.nickname)
        elif rng.random() < 0.03:
            fields["nickname"] = _zipf(rng, NICKNAMES)  # misheard: someone else's street name
        if rng.random() < 0.45:
            number_used = (
                person.line if person.line and rng.random() < 0.5 else rng.choice(person.phones)
            )
            if rng.random() < 0.03:
                i = rng.randrange(3, len(number_used))
                number_used = number_used[:i] + rng.choice(string.digits) + number_used[i + 1 :]
            fields["phone"] = _format_phone(rng, number_used)
        if person.plate and rng.random() < 0.35:
            plate = person.plate if rng.random() < 0.9 else _plate(rng)  # a different car
            fields["vehicle"] = _format_plate(rng, plate)
        if person.handle and rng.random() < 0.3:
            fields["handle"] = _format_handle(rng, person.handle)
    if person.car and rng.random() < 0.3:
        colour, model = person.car
        if rng.random() < 0.1:
            colour = rng.choice(COLOURS)
        fields["vehicle_desc"] = f"{colour} {model}" if rng.random() < 0.7 else model
    if rng.random() < 0.5:
        fields["age_estimate"] = _format_age(rng, person.age)
    if rng.random() < 0.6:
        gender = person.gender if rng.random() > 0.02 else ("f" if person.gender == "m" else "m")
        fields["gender"] = rng.choice(
            {"m": ["male", "M", "man", "boy"], "f": ["female", "F", "woman", "girl"]}[gender]
        )
    if rng.random() < 0.55:
        area = person.area if rng.random() < 0.9 else rng.randrange(len(AREAS))
        outward, streets = AREAS[area]
        roll = rng.random()
        if roll < 0.3:
            fields["location"] = (
                f"{outward} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            )
        elif roll < 0.45:
            fields["location"] = outward
        else:
            fields["location"] = rng.choice(PLACE_KINDS).format(rng.choice(streets))
    if rng.random() < 0.4:
        fields["description"] = rng.choice(DESCRIPTIONS)
    return Mention(mention_id=f"m{number}", case_ref=f"case-{family}", reported_on=day, **fields)


def pairwise_scores(truth: list[int], predicted: list[str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of a clustering against the true people."""
    from collections import Counter

    def pairs(counter: Counter[object]) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    true_pairs = pairs(Counter(truth))
    predicted_pairs = pairs(Counter(predicted))
    both = pairs(Counter(zip(truth, predicted, strict=True)))
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
