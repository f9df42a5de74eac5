"""Demo families (fictional). Written in the careful language of PRODUCT.md §6: children are
exploited *by* someone; they do not "put themselves at risk", "abscond" or make "lifestyle choices".

Twenty-four families with stable references RS-0001 … RS-0024 (other apps' demo data, such as the
relationship maps, are keyed by these). Most are carried by Sam's North team, some by Alex's South
team; several are shared with the police with the lawful basis recorded. Idempotent: each family,
child, carer, allocation, share and strength is created only if it is not already there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.access.sections import Section
from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from relsafe.accounts.services import create_person
from relsafe.cases.models import (
    Allocation,
    Carer,
    CaseReferral,
    Family,
    FamilyStatusChange,
    HouseholdAddress,
    LegalStatus,
    OrganisationShare,
    SafeContactDecision,
    StrengthEntry,
    YoungPerson,
)
from relsafe.core.demo import DEMO_PASSWORD, DEMO_TOTP_HEX_KEY, DemoWorld

S = StrengthEntry.Kind
# What each police share covers (need-to-know, access/sections.py): who the child is, their
# missing episodes and what workers marked for police; Jayden's and Kai's (exploitation by a
# network the force is investigating) also the people of concern on their maps.
DEFAULT_SHARE_SCOPES = [Section.IDENTITY, Section.MISSING_EPISODES, Section.MARKED_RECORDS]
SHARE_SCOPES: dict[str, list[str]] = {
    "RS-0001": [*DEFAULT_SHARE_SCOPES, Section.PEOPLE_OF_CONCERN],
    "RS-0003": [*DEFAULT_SHARE_SCOPES, Section.PEOPLE_OF_CONCERN],
}
CONSENT = OrganisationShare.Basis.CONSENT
SAFEGUARDING = OrganisationShare.Basis.SAFEGUARDING
PUBLIC_TASK = OrganisationShare.Basis.PUBLIC_TASK
ACTIVE, REFERRAL, STEP_DOWN, CLOSED = (
    Family.Status.ACTIVE,
    Family.Status.REFERRAL,
    Family.Status.STEP_DOWN,
    Family.Status.CLOSED,
)

# Colleagues so that each team's workload has more than one person in it (fictional; they share
# the demo password and authenticator key).
COLLEAGUES = [
    ("tom", "tom@parents-together.example", "Tom Brennan", "north"),
    ("aisha", "aisha@parents-together.example", "Aisha Rahman", "south"),
]


@dataclass
class Child:
    first: str
    last: str
    age: int
    birthday: tuple[int, int]  # (month, day), in the first ten months so ages are stable
    strengths: list[tuple[str, str, bool]]  # (kind, text, in their own words)
    preferred: str = ""
    aliases: str = ""
    facts: dict[str, str] = field(default_factory=dict)


@dataclass
class FamilySpec:
    reference: str
    name: str
    status: str
    opened_days_ago: int
    children: list[Child]
    carers: list[tuple[str, str]]
    team: list[tuple[str, str, bool]]  # (worker key, role on case, lead)
    review_in_days: int | None = None
    shares: list[tuple[str, str, str, str]] = field(default_factory=list)  # org, basis, notes, by
    lead_org: str = "charity"


def _years_ago(years: int, month: int = 3, day: int = 14) -> dt.date:
    today = timezone.localdate()
    return dt.date(today.year - years, month, day)


FAMILIES: list[FamilySpec] = [
    FamilySpec(
        "RS-0001",
        "Jayden's family (Mensah)",
        ACTIVE,
        240,
        [
            Child(
                "Jayden",
                "Mensah",
                14,
                (5, 2),
                [
                    (
                        S.STRENGTH,
                        "Plays football for the Northbridge Juniors; a strong defender.",
                        False,
                    ),
                    (S.STRENGTH, "Loves his little sister Amara and walks her to school.", False),
                    (
                        S.STRENGTH,
                        "Good at drawing: fills sketchbooks with trainers and cartoons.",
                        False,
                    ),
                    (S.INTEREST, "Grime music; designing trainers in his sketchbook.", False),
                    (S.PROUD_OF, "I got picked for the county trials.", True),
                    (S.ASPIRATION, "I want to design trainers one day, my own brand.", True),
                    (
                        S.WHAT_HELPS,
                        "Talking side by side: on a walk, in the car, kicking a ball.",
                        False,
                    ),
                    (
                        S.WANT_KNOWN,
                        "I'm not a bad person. I just want people to stop asking me the same questions.",
                        True,
                    ),
                ],
                aliases="JJ",
                facts={
                    "identity": "Black British, Ghanaian heritage on his mum's side.",
                    "culture": "Goes to church with his mum and nan on special occasions.",
                    "language": "English; understands some Twi",
                    "education": "Year 10 at Northbridge Academy; attendance has dropped this term.",
                    "concerns": (
                        "Jayden has been missing three times in two months. Older males in a car "
                        "have been seen collecting him near the shopping centre, and he has a new "
                        "phone nobody at home gave him. We are worried he is being criminally "
                        "exploited."
                    ),
                },
            ),
            Child(
                "Amara",
                "Mensah",
                7,
                (9, 20),
                [
                    (S.STRENGTH, "Bright and chatty; loves reading to her big brother.", False),
                    (S.PROUD_OF, "I got a star for my reading.", True),
                ],
            ),
        ],
        [("Precious Mensah", "mum")],
        [("sam", "Parent liaison officer", True), ("leah", "Social worker", False)],
        review_in_days=12,
        shares=[
            (
                "police",
                SAFEGUARDING,
                "Information about adults exploiting Jayden; asking first would alert them.",
                "sam",
            )
        ],
    ),
    FamilySpec(
        "RS-0002",
        "Ruby's family (Clarke)",
        ACTIVE,
        120,
        [
            Child(
                "Ruby",
                "Clarke",
                15,
                (1, 30),
                [
                    (S.STRENGTH, "A talented singer; sings in the school choir.", False),
                    (S.ASPIRATION, "I want to go to college to do performing arts.", True),
                    (S.WHAT_HELPS, "Texts to arrange things rather than phone calls.", False),
                ],
                facts={
                    "concerns": "Ruby is being groomed online by an adult she met through a gaming chat."
                },
            )
        ],
        [("Joanne Clarke", "mum")],
        [("alex", "Parent support worker", True)],
        review_in_days=20,
    ),
    FamilySpec(
        "RS-0003",
        "Kai's family (Thompson)",
        ACTIVE,
        180,
        [
            Child(
                "Kai",
                "Thompson",
                15,
                (2, 11),
                [
                    (S.STRENGTH, "Brilliant with younger children at the youth club.", False),
                    (S.INTEREST, "Music production on his laptop; makes beats for friends.", False),
                    (S.PROUD_OF, "I finished my first full track and people liked it.", True),
                    (S.WHAT_HELPS, "His grandad; being given time to answer.", False),
                ],
                facts={
                    "identity": "Black British, Jamaican heritage.",
                    "concerns": (
                        "Kai has been found twice in a town 80 miles away. We believe he is being "
                        "criminally exploited through a county lines network and is in debt bondage."
                    ),
                },
            )
        ],
        [("Marcia Thompson", "grandmother and kinship carer"), ("Delroy Thompson", "grandad")],
        [("sam", "Parent liaison officer", True), ("leah", "Social worker", False)],
        review_in_days=-5,
        shares=[
            (
                "police",
                SAFEGUARDING,
                "County lines: sharing to protect Kai; consent would alert the network.",
                "sam",
            )
        ],
    ),
    FamilySpec(
        "RS-0004",
        "Maya's family (Kowalska)",
        ACTIVE,
        90,
        [
            Child(
                "Maya",
                "Kowalska",
                13,
                (6, 3),
                [
                    (
                        S.STRENGTH,
                        "Kind to animals; volunteers at the city farm on Saturdays.",
                        False,
                    ),
                    (S.ASPIRATION, "I want to be a vet.", True),
                    (
                        S.WANT_KNOWN,
                        "Please don't talk about me in front of my mum like I'm not there.",
                        True,
                    ),
                ],
                facts={
                    "language": "Polish and English",
                    "concerns": "An adult man contacted Maya on social media and asked for images; she told her mum.",
                },
            )
        ],
        [("Agnieszka Kowalska", "mum")],
        [("sam", "Parent liaison officer", True)],
        review_in_days=30,
        shares=[
            ("police", CONSENT, "Maya and her mum agreed to the police seeing the messages.", "sam")
        ],
    ),
    FamilySpec(
        "RS-0005",
        "Zainab's family (Hussain)",
        ACTIVE,
        150,
        [
            Child(
                "Zainab",
                "Hussain",
                15,
                (4, 22),
                [
                    (S.STRENGTH, "Excellent at maths; helps her cousins with homework.", False),
                    (S.INTEREST, "Art and henna design.", False),
                    (S.WHAT_HELPS, "A female worker; meeting away from home.", False),
                ],
                facts={
                    "culture": "Muslim; the family are active in their mosque.",
                    "language": "English and Urdu",
                    "concerns": "Zainab has been sexually exploited by a group of adult men who gave her lifts and gifts.",
                },
            )
        ],
        [("Nasreen Hussain", "mum"), ("Imran Hussain", "dad")],
        [("sam", "Parent liaison officer", True), ("leah", "Social worker", False)],
        review_in_days=-2,
    ),
    FamilySpec(
        "RS-0006",
        "Tyler's family (Williams)",
        STEP_DOWN,
        300,
        [
            Child(
                "Tyler",
                "Williams",
                16,
                (3, 9),
                [
                    (S.STRENGTH, "Practical: fixing bikes and anything mechanical.", False),
                    (S.PROUD_OF, "I got a place on the motor vehicle course.", True),
                    (S.ASPIRATION, "An apprenticeship as a mechanic.", False),
                ],
            )
        ],
        [("Kerry Williams", "mum")],
        [("sam", "Parent liaison officer", True)],
        review_in_days=45,
    ),
    FamilySpec(
        "RS-0007",
        "Leo's family (Rodrigues)",
        REFERRAL,
        6,
        [
            Child(
                "Leonardo",
                "Rodrigues",
                13,
                (8, 17),
                [
                    (S.STRENGTH, "Funny and well liked in his class.", False),
                    (S.INTEREST, "Skateboarding at the park with his friends.", False),
                ],
                preferred="Leo",
                facts={
                    "concerns": "Referral from school: Leo has money and new clothes he cannot explain.",
                    "language": "Portuguese and English",
                },
            )
        ],
        [("Ana Rodrigues", "mum")],
        [("sam", "Parent liaison officer", True)],
        review_in_days=7,
    ),
    FamilySpec(
        "RS-0008",
        "Aaliyah's family (Campbell)",
        ACTIVE,
        200,
        [
            Child(
                "Aaliyah",
                "Campbell",
                14,
                (7, 5),
                [
                    (S.STRENGTH, "A fast sprinter; runs for the county.", False),
                    (S.PROUD_OF, "I came second at the county championships.", True),
                    (S.WHAT_HELPS, "Her athletics coach, Mo; routine.", False),
                ],
                facts={
                    "concerns": "Aaliyah has been missing six times this year, usually overnight. On return she has said she was with older friends she will not name.",
                },
            ),
            Child(
                "Jordan",
                "Campbell",
                10,
                (2, 1),
                [(S.STRENGTH, "Loves Lego and building things.", False)],
            ),
        ],
        [("Lorraine Campbell", "mum")],
        [("sam", "Parent liaison officer", True), ("leah", "Social worker", False)],
        review_in_days=-10,
    ),
    FamilySpec(
        "RS-0009",
        "Sara's family (Haddad)",
        ACTIVE,
        60,
        [
            Child(
                "Sara",
                "Haddad",
                12,
                (10, 2),
                [
                    (S.STRENGTH, "Learning English very fast; translates for her mum.", False),
                    (S.INTEREST, "Drawing and football.", False),
                    (S.WANT_KNOWN, "I miss my friends from before. I want new ones here.", True),
                ],
                facts={
                    "identity": "Syrian; the family arrived in Northbridge this year.",
                    "language": "Arabic; English improving quickly",
                    "communication_needs": "An Arabic interpreter for her mum at meetings.",
                    "concerns": "Adults at the park have offered Sara and her brother money to carry bags.",
                },
            ),
            Child(
                "Omar",
                "Haddad",
                15,
                (1, 19),
                [
                    (S.STRENGTH, "Protective of his sister and helpful at home.", False),
                    (S.ASPIRATION, "I want to be an engineer like my father.", True),
                ],
            ),
        ],
        [("Rania Haddad", "mum")],
        [("sam", "Parent liaison officer", True)],
        review_in_days=14,
    ),
    FamilySpec(
        "RS-0010",
        "Ellie's family (Murphy)",
        ACTIVE,
        110,
        [
            Child(
                "Ellie",
                "Murphy",
                14,
                (9, 8),
                [
                    (S.STRENGTH, "Caring: looks out for her friends.", False),
                    (S.INTEREST, "Irish dancing and baking.", False),
                    (S.WHAT_HELPS, "Knowing her mum is home when she wakes up.", False),
                ],
                facts={
                    "concerns": "Ellie's mum works nights as a care assistant; adults have been coming to the flat late when Ellie is alone.",
                },
            )
        ],
        [("Siobhan Murphy", "mum (works nights)")],
        [("sam", "Parent liaison officer", True)],
        review_in_days=3,
    ),
    FamilySpec(
        "RS-0011",
        "Daniel's family (Okafor)",
        CLOSED,
        400,
        [
            Child(
                "Daniel",
                "Okafor",
                17,
                (4, 4),
                [
                    (S.STRENGTH, "Determined; stayed with college through a hard year.", False),
                    (S.PROUD_OF, "I gave evidence and I'm still here.", True),
                ],
            )
        ],
        [("Grace Okafor", "mum")],
        [("sam", "Parent liaison officer", True)],
    ),
    FamilySpec(
        "RS-0012",
        "Mason's family (Price)",
        ACTIVE,
        130,
        [
            Child(
                "Mason",
                "Price",
                15,
                (5, 25),
                [
                    (S.STRENGTH, "Good at boxing; trains three nights a week.", False),
                    (S.ASPIRATION, "I want to box for England.", True),
                ],
                facts={
                    "concerns": "Mason was arrested in a flat used to sell drugs; he is being criminally exploited.",
                },
            )
        ],
        [("Dean Price", "dad")],
        [("tom", "Parent support worker", True)],
        review_in_days=-1,
        shares=[
            ("police", PUBLIC_TASK, "Shared for the exploitation team's statutory role.", "dana")
        ],
    ),
    FamilySpec(
        "RS-0013",
        "Amelia's family (Nguyen)",
        ACTIVE,
        75,
        [
            Child(
                "Amelia",
                "Nguyen",
                13,
                (3, 27),
                [
                    (S.STRENGTH, "Creative: writes stories and poems.", False),
                    (S.WHAT_HELPS, "Writing things down rather than saying them.", False),
                    (S.WANT_KNOWN, "Ask me before you tell school things.", True),
                ],
                facts={
                    "concerns": "An adult posing as a teenager groomed Amelia online and pressured her to meet.",
                    "language": "English and Vietnamese",
                },
            )
        ],
        [("Linh Nguyen", "mum"), ("Minh Nguyen", "dad")],
        [("tom", "Parent support worker", True), ("leah", "Social worker", False)],
        review_in_days=21,
    ),
    FamilySpec(
        "RS-0014",
        "Harvey's family (O'Sullivan)",
        ACTIVE,
        160,
        [
            Child(
                "Harvey",
                "O'Sullivan",
                16,
                (2, 14),
                [
                    (S.STRENGTH, "Loyal to his friends and good at making people laugh.", False),
                    (S.INTEREST, "Fishing with his uncle.", False),
                    (S.ASPIRATION, "I want my own van and a building business.", True),
                ],
                facts={
                    "concerns": "Harvey is being criminally exploited to store drugs; the people exploiting him threatened his mum.",
                },
            )
        ],
        [("Bernadette O'Sullivan", "mum")],
        [("tom", "Parent support worker", True)],
        review_in_days=10,
        shares=[
            (
                "police",
                SAFEGUARDING,
                "Threats to the family; sharing to protect Harvey and his mum.",
                "tom",
            )
        ],
    ),
    FamilySpec(
        "RS-0015",
        "Priya's family (Singh)",
        STEP_DOWN,
        260,
        [
            Child(
                "Priya",
                "Singh",
                15,
                (6, 30),
                [
                    (S.STRENGTH, "Plays the tabla; performs at the gurdwara.", False),
                    (S.PROUD_OF, "I told someone, and it got better.", True),
                ],
                facts={"culture": "Sikh; close extended family."},
            )
        ],
        [("Harjit Singh", "mum")],
        [("tom", "Parent support worker", True)],
        review_in_days=60,
    ),
    FamilySpec(
        "RS-0016",
        "Noah's family (Abdi)",
        REFERRAL,
        3,
        [
            Child(
                "Noah",
                "Abdi",
                14,
                (8, 9),
                [
                    (S.STRENGTH, "Polite and thoughtful; teachers describe him as gentle.", False),
                    (S.INTEREST, "Basketball.", False),
                ],
                facts={
                    "concerns": "Referral from the police: Noah went missing overnight and was found at a train station two towns away.",
                    "language": "Somali and English",
                },
            )
        ],
        [("Hodan Abdi", "mum")],
        [("tom", "Parent support worker", True)],
        review_in_days=4,
    ),
    FamilySpec(
        "RS-0017",
        "Lily's family (Evans)",
        ACTIVE,
        95,
        [
            Child(
                "Lily",
                "Evans",
                14,
                (1, 7),
                [
                    (S.STRENGTH, "Excellent swimmer; a junior lifeguard.", False),
                    (
                        S.WHAT_HELPS,
                        "Having her dog with her when she talks about hard things.",
                        False,
                    ),
                    (
                        S.WANT_KNOWN,
                        "I'm not stupid, I knew something was wrong. I just didn't know how to get out.",
                        True,
                    ),
                ],
                facts={
                    "concerns": "Lily was sexually exploited by an adult man who befriended her at the skate park."
                },
            )
        ],
        [("Rhian Evans", "mum"), ("Gareth Evans", "stepdad")],
        [("tom", "Parent support worker", True)],
        review_in_days=-7,
    ),
    FamilySpec(
        "RS-0018",
        "Ibrahim's family (Yilmaz)",
        ACTIVE,
        140,
        [
            Child(
                "Ibrahim",
                "Yilmaz",
                15,
                (9, 12),
                [
                    (S.STRENGTH, "Great at chess; captain of the school team.", False),
                    (S.ASPIRATION, "Study computer science at university.", False),
                ],
                facts={
                    "concerns": "Ibrahim's bank account has been used by adults to move money; he is being financially exploited.",
                    "language": "Turkish and English",
                },
            )
        ],
        [("Elif Yilmaz", "mum")],
        [("alex", "Parent support worker", True), ("leah", "Social worker", False)],
        review_in_days=8,
    ),
    FamilySpec(
        "RS-0019",
        "Chloe's family (Popescu)",
        ACTIVE,
        85,
        [
            Child(
                "Chloe",
                "Popescu",
                16,
                (5, 15),
                [
                    (S.STRENGTH, "Fluent in three languages.", False),
                    (S.PROUD_OF, "I passed my mocks even with everything going on.", True),
                ],
                facts={
                    "concerns": "Chloe is being sexually exploited by an adult man who controls where she goes."
                },
            )
        ],
        [("Mihaela Popescu", "mum")],
        [("alex", "Parent support worker", True)],
        review_in_days=-3,
        shares=[
            (
                "police",
                SAFEGUARDING,
                "Risk of serious harm; consent would alert the man exploiting Chloe.",
                "alex",
            )
        ],
    ),
    FamilySpec(
        "RS-0020",
        "Riley's family (Begum)",
        ACTIVE,
        55,
        [
            Child(
                "Riyad",
                "Begum",
                13,
                (3, 3),
                [
                    (S.STRENGTH, "Good at cricket and proud of his batting average.", False),
                    (S.WHAT_HELPS, "His older cousin Sami.", False),
                ],
                preferred="Riley",
                facts={"language": "English and Sylheti"},
            )
        ],
        [("Shahana Begum", "mum")],
        [("alex", "Parent support worker", True)],
        review_in_days=25,
    ),
    FamilySpec(
        "RS-0021",
        "Ava's family (Novak)",
        STEP_DOWN,
        280,
        [
            Child(
                "Ava",
                "Novak",
                16,
                (7, 21),
                [
                    (S.STRENGTH, "Photography: won a local competition.", False),
                    (S.ASPIRATION, "I want to study photography at college.", True),
                ],
            )
        ],
        [("Petra Novak", "mum")],
        [("alex", "Parent support worker", True)],
        review_in_days=50,
    ),
    FamilySpec(
        "RS-0022",
        "Samuel's family (Adeyemi)",
        ACTIVE,
        100,
        [
            Child(
                "Samuel",
                "Adeyemi",
                15,
                (10, 10),
                [
                    (S.STRENGTH, "Plays keyboard at church; reads music.", False),
                    (S.WHAT_HELPS, "His youth pastor; a plan for each week.", False),
                    (S.WANT_KNOWN, "My mum works nights, she's not a bad mum.", True),
                ],
                facts={
                    "concerns": "Older teenagers and adults have been pressuring Samuel to carry a knife and hold drugs.",
                },
            )
        ],
        [("Funmi Adeyemi", "mum (works nights)")],
        [("aisha", "Parent support worker", True), ("leah", "Social worker", False)],
        review_in_days=-14,
    ),
    FamilySpec(
        "RS-0023",
        "Grace's family (Chen)",
        REFERRAL,
        10,
        [
            Child(
                "Grace",
                "Chen",
                14,
                (4, 1),
                [
                    (S.STRENGTH, "Hard-working; top of her class in science.", False),
                    (S.INTEREST, "Anime and drawing.", False),
                ],
                facts={
                    "concerns": "School referral: an adult online has been sending Grace gifts and asking her to keep it secret."
                },
            )
        ],
        [("Mei Chen", "mum")],
        [("aisha", "Parent support worker", True)],
        review_in_days=5,
    ),
    FamilySpec(
        "RS-0024",
        "Logan's family (Reid)",
        CLOSED,
        380,
        [
            Child(
                "Logan",
                "Reid",
                17,
                (2, 26),
                [
                    (S.STRENGTH, "Good with his hands; building a go-kart.", False),
                    (S.PROUD_OF, "I've not been missing for a year.", True),
                ],
            )
        ],
        [("Fiona Reid", "mum")],
        [("aisha", "Parent support worker", True)],
    ),
]

# Who manages each team (allocations are made by the worker's manager).
MANAGER_OF = {"sam": "dana", "tom": "dana", "alex": "morgan", "aisha": "morgan", "leah": None}


def _colleagues(world: DemoWorld) -> None:
    for key, email, full_name, team in COLLEAGUES:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = create_person(
                email=email,
                full_name=full_name,
                role=Role.PARENT_SUPPORT_WORKER,
                password=DEMO_PASSWORD,
                organisation=world.organisations["charity"],
                team=world.teams[team],
            )
        TOTPDevice.objects.get_or_create(
            user=user,
            name="Demo authenticator",
            defaults={"key": DEMO_TOTP_HEX_KEY, "confirmed": True},
        )
        world.people.setdefault(key, user)


def _ensure(
    model: Any, created: bool, lookup: dict[str, Any], defaults: dict[str, Any]
) -> tuple[Any, bool]:
    """get_or_create, skipping the look-up when the family was only just created."""
    if created:
        return model.objects.create(**lookup, **defaults), True
    found: tuple[Any, bool] = model.objects.get_or_create(**lookup, defaults=defaults)
    return found


def _seed_family(world: DemoWorld, spec: FamilySpec) -> Family:
    people: dict[str, Any] = world.people
    now = timezone.now()
    opened = now - dt.timedelta(days=spec.opened_days_ago)
    family, created = Family.objects.get_or_create(
        reference=spec.reference,
        defaults={
            "name": spec.name,
            "lead_organisation": world.organisations[spec.lead_org],
            "status": spec.status,
            "opened_at": opened,
            "updated_at": opened + dt.timedelta(days=min(spec.opened_days_ago, 2)),
            "closed_at": now - dt.timedelta(days=20) if spec.status == CLOSED else None,
            "review_due": (
                timezone.localdate() + dt.timedelta(days=spec.review_in_days)
                if spec.review_in_days is not None
                else None
            ),
        },
    )
    lead_worker = people[next(w for w, _, lead in spec.team if lead)]
    if created:
        FamilyStatusChange.objects.create(
            family=family,
            to_status=REFERRAL,
            reason="Referral received",
            changed_by=lead_worker,
            changed_at=opened,
        )
        if spec.status != REFERRAL:
            FamilyStatusChange.objects.create(
                family=family,
                from_status=REFERRAL,
                to_status=ACTIVE,
                reason="First visit done; family agreed to work with us",
                changed_by=lead_worker,
                changed_at=opened + dt.timedelta(days=7),
            )
        if spec.status in (STEP_DOWN, CLOSED):
            FamilyStatusChange.objects.create(
                family=family,
                from_status=ACTIVE,
                to_status=spec.status,
                reason="Safety plan working; family and school agree",
                changed_by=lead_worker,
                changed_at=now - dt.timedelta(days=20),
            )
    for child in spec.children:
        young_person, _ = _ensure(
            YoungPerson,
            created,
            {"family": family, "first_name": child.first},
            {
                "last_name": child.last,
                "preferred_name": child.preferred,
                "aliases": child.aliases,
                "date_of_birth": _years_ago(child.age, *child.birthday),
                **child.facts,
            },
        )
        if created or not young_person.strengths.exists():
            StrengthEntry.objects.bulk_create(
                StrengthEntry(
                    young_person=young_person,
                    kind=kind,
                    text=text,
                    in_own_words=own_words,
                    recorded_by=lead_worker,
                    recorded_at=opened + dt.timedelta(days=3 + index),
                )
                for index, (kind, text, own_words) in enumerate(child.strengths)
            )
        key = child.first.lower()
        world.young_people.setdefault(key, young_person)
    for full_name, relationship in spec.carers:
        portal_user = people.get("precious") if full_name == "Precious Mensah" else None
        _ensure(
            Carer,
            created,
            {"family": family, "full_name": full_name},
            {"relationship": relationship, "portal_user": portal_user},
        )
    for worker_key, role_on_case, is_lead in spec.team:
        manager_key = MANAGER_OF.get(worker_key)
        _ensure(
            Allocation,
            created,
            {"family": family, "worker": people[worker_key], "ended_at": None},
            {
                "role_on_case": role_on_case,
                "is_lead": is_lead,
                "allocated_by": people[manager_key] if manager_key else None,
                "started_at": opened,
            },
        )
    for org_key, basis, notes, by in spec.shares:
        _ensure(
            OrganisationShare,
            created,
            {"family": family, "organisation": world.organisations[org_key], "revoked_at": None},
            {
                "basis": basis,
                "basis_notes": notes,
                "decided_by": people[by],
                "decided_at": opened + dt.timedelta(days=10),
                "scopes": SHARE_SCOPES.get(spec.reference, DEFAULT_SHARE_SCOPES),
            },
        )
    return family


@transaction.atomic
def seed(world: DemoWorld) -> None:
    _colleagues(world)
    for spec in FAMILIES:
        family = _seed_family(world, spec)
        key = spec.children[0].first.lower()
        world.families.setdefault(key, family)
    # Names other modules and tests use.
    world.families["jayden"] = Family.objects.get(reference="RS-0001")
    world.families["ruby"] = Family.objects.get(reference="RS-0002")
    world.young_people["jayden"] = world.families["jayden"].young_people.get(first_name="Jayden")
    _safe_contacts(world)
    _referrals(world)
    _household(world)


def _safe_contacts(world: DemoWorld) -> None:
    """How Precious may be reached: what a duty manager needs first at 2 am. Ofcom's drama range
    (07700 900xxx) keeps the number fictional."""
    family = world.families["jayden"]
    precious = family.carers.get(full_name="Precious Mensah")
    if not precious.safe_contacts.exists():
        SafeContactDecision.objects.create(
            family=family,
            carer=precious,
            notify_by=SafeContactDecision.Notify.TEXT,
            phone="+447700900982",
            may_phone=True,
            safe_from=dt.time(8),
            safe_until=dt.time(21),
            what_may_be_said=(
                "Text first; ring only after she replies. Do not leave voicemail: Jayden sometimes "
                "has her phone."
            ),
            reason="Agreed with Precious at the first visit.",
            decided_by=world.people["sam"],
            decided_at=family.opened_at + dt.timedelta(days=2),
        )


# How each demo case arrived (issue 16): (days before the case opened, agency, referrer, their role,
# concerns in their words, what they asked for, whether the family knew). Written for this demo.
REFERRALS: dict[str, tuple[int, str, str, str, str, str, bool]] = {
    "RS-0001": (
        2,
        "Northbridge Academy",
        "Ms Helen Carter",
        "Designated safeguarding lead",
        "Jayden has been reported missing three times since the half-term. Staff have seen older "
        "men in a grey car waiting for him at the gates, and he has a new phone his mum did not "
        "buy. His attendance has dropped from 96% to 71%. He is still coming to football training.",
        "Support for his mum, who is frightened and not sure who to call; a multi-agency meeting.",
        True,
    ),
    "RS-0002": (
        3,
        "Northbridge Police, online safety team",
        "PC Daniel Hughes",
        "Police constable",
        "Ruby's mum found messages from an adult in a gaming chat asking Ruby to move to a "
        "private app and send photos. Ruby thinks he is 17.",
        "Someone to support Ruby and her mum while the messages are looked into.",
        True,
    ),
    "RS-0003": (
        1,
        "British Transport Police",
        "Sgt Amy Fielding",
        "Custody sergeant",
        "Kai was found for the second time at a station 80 miles from home with cash and two "
        "phones. He said he owed people money and could not stop.",
        "An urgent strategy discussion and support for his grandmother.",
        True,
    ),
    "RS-0004": (
        2,
        "Agnieszka Kowalska (self-referral)",
        "Agnieszka Kowalska",
        "Maya's mum",
        "A man Maya does not know has been messaging her on social media and asked for pictures. "
        "Maya showed me. I do not know what to do and I want him stopped.",
        "Help to report it and to talk to Maya about it.",
        True,
    ),
    "RS-0005": (
        4,
        "Northbridge Children's Services, front door",
        "Mark Ellis",
        "Duty social worker",
        "Zainab is being given lifts and gifts by a group of adult men. Her mum says she comes home "
        "late and frightened and will not say where she has been.",
        "A parent liaison officer for her mum alongside the social work assessment.",
        True,
    ),
    "RS-0006": (
        3,
        "Northbridge Youth Offending Service",
        "Jo Patel",
        "Case manager",
        "Tyler was arrested with drugs he says he was made to hold. His mum is worried about older "
        "boys who wait outside the flats.",
        "Support for Tyler's mum and help to keep Tyler away from the people using him.",
        True,
    ),
    "RS-0007": (
        1,
        "St Luke's Primary and Northbridge High",
        "Mr Ravi Shah",
        "Head of year 8",
        "Leo has arrived at school with cash and new trainers he cannot explain, and has been seen "
        "with older teenagers at the bus station after school.",
        "An early conversation with Leo's mum before things go further.",
        False,
    ),
    "RS-0008": (
        2,
        "Northbridge Police, missing persons unit",
        "DC Laura Benson",
        "Missing persons coordinator",
        "Aaliyah has been missing six times this year, usually overnight. When she comes back she "
        "says she was with older friends but will not name them.",
        "Return home interviews and support for her mum, who usually finds her.",
        True,
    ),
    "RS-0009": (
        2,
        "Northbridge Leisure, park warden service",
        "Tom Greaves",
        "Park warden",
        "Two adults at the park have offered Sara and her younger brother money to carry bags to "
        "a car. Sara said no and told her mum.",
        "Support for the family and for the park to be made safer.",
        True,
    ),
    "RS-0010": (
        3,
        "Northbridge Health Visiting Team",
        "Claire Dunn",
        "School nurse",
        "Ellie told me adults come to the flat late at night when her mum is at work. She said she "
        "feels scared but does not want her mum to lose her job.",
        "Support for Ellie and her mum to plan safe evenings.",
        True,
    ),
    "RS-0011": (
        5,
        "Northbridge Children's Services, front door",
        "Mark Ellis",
        "Duty social worker",
        "Daniel has been stopped twice in a car with adults who had drugs with them. His mum asked for help.",
        "A parent support worker for Daniel's mum.",
        True,
    ),
    "RS-0012": (
        1,
        "Northbridge Police, exploitation team",
        "DS Ian Morris",
        "Detective sergeant",
        "Mason was found in a flat used to sell drugs. We believe adults are exploiting him and "
        "his dad wants to work with us.",
        "Support for his dad and a safety plan for when Mason comes home.",
        True,
    ),
    "RS-0013": (
        2,
        "Amelia's school",
        "Mrs Sue Walker",
        "Designated safeguarding lead",
        "An adult pretending to be a teenager has been messaging Amelia and pushing her to meet "
        "him in town. Her friends told a teacher.",
        "Help for Amelia and her mum, and for the messages to be reported.",
        True,
    ),
    "RS-0014": (
        3,
        "Northbridge Housing",
        "Gary Lloyd",
        "Neighbourhood officer",
        "Harvey's mum told us people have threatened her at the door and that Harvey is being "
        "made to keep drugs in the flat.",
        "Safety advice for the household and a worker for Harvey's mum.",
        True,
    ),
    "RS-0015": (
        2,
        "Northbridge GP practice",
        "Dr Anita Rao",
        "GP",
        "Priya's mum came to see me very worried: an adult man much older than Priya picks her "
        "up from school. Priya is 14; this is an adult grooming a child.",
        "Support for Priya's mum and a safeguarding assessment.",
        True,
    ),
    "RS-0016": (
        1,
        "Northbridge Police, response team",
        "PC Sophie Grant",
        "Police constable",
        "Noah went missing overnight and was found at a train station two towns away with a "
        "young adult known to police for exploiting children through county lines.",
        "A return home interview and support for his mum.",
        True,
    ),
    "RS-0017": (
        3,
        "Northbridge Sexual Health Service",
        "Nurse Kate Osei",
        "Specialist nurse",
        "Lily came to clinic with an adult man she met at the skate park. She is 15. I am worried "
        "he is sexually exploiting her.",
        "An urgent strategy discussion and support for Lily and her mum.",
        False,
    ),
    "RS-0018": (
        2,
        "Northbridge Building Society",
        "Paul Hendry",
        "Branch manager",
        "Large amounts have moved in and out of Ibrahim's account in a week. He is 16. He came in "
        "with an adult who did the talking.",
        "Someone to talk to Ibrahim and his mum about what is happening.",
        False,
    ),
    "RS-0019": (
        2,
        "Northbridge Children's Services, front door",
        "Mark Ellis",
        "Duty social worker",
        "Chloe's mum says an adult man decides where Chloe goes and who she sees, and that Chloe "
        "is frightened of him.",
        "A parent liaison officer for Chloe's mum alongside the assessment.",
        True,
    ),
    "RS-0020": (
        3,
        "Northbridge Youth Service",
        "Kelly James",
        "Youth worker",
        "Riley has told me older lads have asked him to run errands for money. He said no but they "
        "keep asking.",
        "Early support for Riley and his mum.",
        True,
    ),
    "RS-0021": (
        2,
        "Ava's school",
        "Mr Neil Foster",
        "Head of year 9",
        "Ava has been missing from afternoon lessons and seen getting into cars with adults.",
        "Support for Ava's mum and a safety plan with school.",
        True,
    ),
    "RS-0022": (
        2,
        "Northbridge Police, schools officer",
        "PC Omar Farah",
        "Schools liaison officer",
        "Older teenagers and adults have been pressuring Samuel to carry a knife and hold drugs. "
        "His mum works nights and is worried about the evenings.",
        "Support for the family and a plan for the evenings.",
        True,
    ),
    "RS-0023": (
        1,
        "Grace's school",
        "Mrs Jenny Lowe",
        "Designated safeguarding lead",
        "An adult online has been sending Grace gifts and asking her to keep it a secret from "
        "her mum.",
        "Help for Grace and her mum, and for the account to be reported.",
        False,
    ),
    "RS-0024": (
        4,
        "Northbridge Police, missing persons unit",
        "DC Laura Benson",
        "Missing persons coordinator",
        "Logan went missing for two nights and came back with injuries he would not explain.",
        "Return home interviews and support for his mum.",
        True,
    ),
}


def _referrals(world: DemoWorld) -> None:
    """A referral for every demo family: the first entry in its chronology. Decided by the lead
    worker when the case opened, except for cases still at 'referral received'."""
    families = Family.objects.filter(reference__in=REFERRALS).prefetch_related("case_referrals")
    for family in families:
        if family.case_referrals.all():
            continue
        days, agency, name, role, concerns, asked, aware = REFERRALS[family.reference]
        lead = (
            Allocation.objects.filter(family=family, is_lead=True).select_related("worker").first()
        )
        decider = lead.worker if lead else world.people["sam"]
        received = timezone.localdate(family.opened_at) - dt.timedelta(days=days)
        pending = family.status == REFERRAL
        CaseReferral.objects.create(
            family=family,
            received_on=received,
            referrer_agency=agency,
            referrer_name=name,
            referrer_role=role,
            referrer_phone="+447700900" + f"{100 + int(family.reference[3:]):03d}",
            concerns=concerns,
            request=asked,
            family_aware=aware,
            decision=CaseReferral.Decision.PENDING if pending else CaseReferral.Decision.ACCEPTED,
            decision_reason=""
            if pending
            else "Meets our criteria: a child at risk of exploitation outside the home.",
            decided_by=None if pending else decider,
            decided_on=None if pending else timezone.localdate(family.opened_at),
            recorded_by=decider,
            recorded_at=family.opened_at,
        )


def _household(world: DemoWorld) -> None:
    """How to reach the Mensahs and a few others: addresses, numbers (Ofcom's drama range),
    language and the legal footing. Fictional."""
    family = world.families["jayden"]
    precious = family.carers.get(full_name="Precious Mensah")
    if not precious.phone:
        Carer.objects.filter(pk=precious.pk).update(
            phone="+447700900982", email="precious.mensah@example.com", preferred_language="English"
        )
    if not precious.addresses.exists():
        HouseholdAddress.objects.create(
            family=family,
            carer=precious,
            line_1="14 Albany Court",
            line_2="Northbridge Road",
            town="Northbridge",
            postcode="LS11 5AB",
            lived_from=timezone.localdate(family.opened_at) - dt.timedelta(days=900),
            recorded_by=world.people["sam"],
        )
    YoungPerson.objects.filter(family=family, first_name="Jayden", legal_status="").update(
        legal_status=LegalStatus.CHILD_IN_NEED
    )
    maya = Family.objects.filter(reference="RS-0004").first()
    if maya is not None:
        maya.carers.filter(interpreter_needed=False).update(
            preferred_language="Polish", interpreter_needed=True
        )
