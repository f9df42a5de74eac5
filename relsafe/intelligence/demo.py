"""Demo partnership intelligence (fictional): 62 submissions from the 24 demo families to three
police forces, written through the same services a worker uses (so each has its police copy,
pseudonyms and links), several acknowledged or with an outcome.

People of concern recur across families so the network map is worth looking at: "Ghost" (phone
07700 900461, a grey Audi, the Chicken Shack takeaway on Station Road, NB1 4TQ) is reported by
Kai's and Mason's families to Northbridge Police, which is what Priya sees when Sam sends
Precious's report in journey 3 (PRODUCT.md §9): the phone "reported in 2 other cases", and Ghost
linked to three children and the takeaway. A deal line shared by several men, a second "Tiny"
in another force, and a van seen by several families give the analysts something to confirm and
split. Phones are Ofcom's drama numbers; postcodes are in a fictional area (NB, EM, SV).

Idempotent: a family that already has intelligence is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts.models import Organisation, Team, User
from relsafe.accounts.roles import Role
from relsafe.accounts.services import create_person
from relsafe.cases.models import Allocation, Family, OrganisationShare
from relsafe.core.demo import DEMO_PASSWORD, DEMO_TOTP_HEX_KEY, DemoWorld
from relsafe.intelligence import services
from relsafe.intelligence.models import Submission
from relsafe.intelligence.services import PersonDetails, SubmissionDetails

NORTH, EAST, SOUTH = "police", "eastmere", "southvale"
FORCES = {
    EAST: ("Eastmere Police", "Exploitation and missing team"),
    SOUTH: ("Southvale Constabulary", "Child exploitation hub"),
}
ANALYSTS = {
    EAST: ("kwame@eastmere-police.example", "Kwame Asante"),
    SOUTH: ("ellen@southvale-police.example", "Ellen Marsh"),
}
# Families shared with each force (besides the shares the cases demo records with Northbridge).
SHARES = {
    NORTH: ["RS-0002", "RS-0005", "RS-0006", "RS-0008", "RS-0010", "RS-0016"],
    EAST: ["RS-0007", "RS-0009", "RS-0011", "RS-0013", "RS-0015", "RS-0017", "RS-0020"],
    SOUTH: ["RS-0018", "RS-0021", "RS-0022", "RS-0023", "RS-0024"],
}

GHOST_PHONE = "07700 900461"
TAKEAWAY = ("Chicken Shack takeaway, Station Road", "NB1 4TQ")

# The people of concern, as different families describe them (spelling and detail vary).
GHOST = PersonDetails(
    nickname="Ghost",
    age_estimate="early 20s",
    gender="male",
    phone=GHOST_PHONE,
    plate="LM19 XKD",
    colour="grey",
    make="Audi A3",
    description="Tall, slim, always in a black puffer jacket.",
)
GHOST_2 = PersonDetails(
    name="",
    nickname="Ghost",
    age_estimate="about 22",
    gender="m",
    phone="+44 7700 900461",
    description="Hangs around outside the takeaway after school.",
)
TINY = PersonDetails(
    nickname="Tiny",
    age_estimate="30ish",
    gender="male",
    phone="07700 900118",
    handle="snapchat @tiny_nb",
    description="Big build, shaved head; drives the others.",
)
DEE = PersonDetails(
    name="Dwayne Clarke",
    nickname="Dee",
    age_estimate="19",
    gender="male",
    phone="07700 900733",
    description="Gives the children lifts and buys them food.",
)
SKINZ = PersonDetails(
    name="Marcus Bell",
    nickname="Skinz",
    age_estimate="25",
    gender="male",
    plate="NB68 KXR",
    colour="red",
    make="BMW 1 Series",
    handle="@skinz.bell",
)
DEAL_LINE = "07700 900999"  # a "line" phone several men answer
LINE_A = PersonDetails(nickname="J", age_estimate="18", gender="male", phone=DEAL_LINE)
LINE_B = PersonDetails(nickname="Rico", age_estimate="20s", gender="male", phone=DEAL_LINE)
TINY_EAST = PersonDetails(
    nickname="Tiny",
    age_estimate="17",
    gender="male",
    handle="instagram @tinyy_em",
    description="Small, younger than the others; seems to be told what to do.",
)
SMOKEY = PersonDetails(
    name="Lee Harper",
    nickname="Smokey",
    age_estimate="40s",
    gender="male",
    phone="07700 900274",
    plate="EM15 VNZ",
    colour="white",
    make="Ford Transit",
)
K_DOG = PersonDetails(
    name="Kieran Doyle",
    nickname="K-Dog",
    age_estimate="21",
    gender="male",
    phone="07700 900582",
    handle="tiktok @kdog_sv",
)
GHOST_SOUTH = PersonDetails(
    nickname="Ghost",
    age_estimate="35",
    gender="male",
    plate="SV12 MRC",
    colour="silver",
    make="Mercedes C-Class",
    description="Older man; collects the money on Fridays.",
)

PLACES = {
    "takeaway": TAKEAWAY,
    "station": ("Northbridge bus station", "NB1 1AA"),
    "park": ("Marsh Lane park, by the skate ramp", "NB4 7QP"),
    "flat": ("A flat above the bookmakers, Mill Street", "NB2 3DS"),
    "arcade": ("The amusement arcade on the seafront", "EM1 2PR"),
    "estate": ("Garages behind Foxley estate", "EM3 8HT"),
    "hotel": ("Budget hotel by the ring road", "SV2 9LB"),
    "retail": ("Retail park car park", "SV1 4WX"),
}


@dataclass
class Spec:
    reference: str  # the family
    force: str
    days_ago: int
    offence: str
    text: str
    people: list[PersonDetails] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    vehicles: list[tuple[str, str, str]] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    grading: str = "2BP"
    source: str = Submission.SourceType.PARENT
    outcome: str = ""  # "" stays new; "ack"; or a police status
    feedback: str = ""


CSE, CCE, LINES = (
    Submission.Offence.CSE,
    Submission.Offence.CCE,
    Submission.Offence.COUNTY_LINES,
)

SPECS: list[Spec] = [
    # --- Northbridge Police: Ghost, Tiny and the deal line, Dee, Skinz ------------------------
    Spec(
        "RS-0003",
        NORTH,
        150,
        CCE,
        "Mum saw a grey Audi drop her son off at 1 am. The driver, who he calls Ghost, "
        "handed him a phone and cash.",
        [GHOST],
        ["takeaway"],
        times=["Fridays after 11 pm"],
        outcome="ack",
    ),
    Spec(
        "RS-0003",
        NORTH,
        90,
        CCE,
        "A message from 'G' on his phone told him to be at the takeaway at 10. Dad "
        "photographed the number.",
        [GHOST_2],
        ["takeaway"],
        grading="2AP",
        outcome=Submission.Status.IN_PROGRESS,
    ),
    Spec(
        "RS-0012",
        NORTH,
        120,
        CCE,
        "Her son came home with new trainers and a phone. He said a man called Ghost from "
        "the Chicken Shack looks after him.",
        [GHOST_2],
        ["takeaway"],
        grading="2CP",
        outcome=Submission.Status.LINKED,
        feedback="Linked to an existing operation. Thank you.",
    ),
    Spec(
        "RS-0012",
        NORTH,
        40,
        LINES,
        "Missing overnight; found at the bus station with train tickets to the coast paid "
        "by someone else.",
        [TINY],
        ["station"],
        times=["Sunday 6 am"],
    ),
    Spec(
        "RS-0014",
        NORTH,
        100,
        LINES,
        "The line number rings all night. Different men answer it.",
        [LINE_A, LINE_B],
        ["flat"],
        phones=[DEAL_LINE],
        outcome="ack",
    ),
    Spec(
        "RS-0014",
        NORTH,
        35,
        CCE,
        "A big man with a shaved head, Tiny, waits in a car at the end of the road.",
        [TINY],
        ["park"],
        grading="2AP",
    ),
    Spec(
        "RS-0019",
        NORTH,
        80,
        CSE,
        "An older man, Dee, picks her up from school and buys her food. She has a new phone.",
        [DEE],
        ["station"],
        outcome=Submission.Status.ACTIONED,
        feedback="Safeguarding visit made; disruption notice served.",
    ),
    Spec(
        "RS-0019",
        NORTH,
        20,
        CSE,
        "Dwayne messaged her on Snapchat asking her to come to a flat on Mill Street.",
        [
            PersonDetails(
                name="Dwayne Clark", age_estimate="19/20", gender="male", phone="07700900733"
            )
        ],
        ["flat"],
    ),
    Spec(
        "RS-0004",
        NORTH,
        70,
        CSE,
        "Messages from an account asking for photos; she was told to delete them.",
        [PersonDetails(nickname="Skinz", handle="skinz.bell", gender="male")],
        [],
        grading="2AC",
        outcome="ack",
    ),
    Spec(
        "RS-0004",
        NORTH,
        15,
        CSE,
        "A red BMW parked outside the house three nights running.",
        [],
        ["park"],
        vehicles=[("NB68 KXR", "red", "BMW")],
        source=Submission.SourceType.WORKER,
        grading="1AP",
    ),
    Spec(
        "RS-0002",
        NORTH,
        60,
        CCE,
        "He was given a phone to 'hold'; the number on it is the one the others ring.",
        [LINE_B],
        ["flat"],
        phones=[DEAL_LINE],
        outcome=Submission.Status.NO_FURTHER_ACTION,
        feedback="Recorded; no further action at present.",
    ),
    Spec(
        "RS-0002",
        NORTH,
        10,
        LINES,
        "Tiny took him to the seaside town for three days.",
        [TINY],
        ["station"],
    ),
    Spec(
        "RS-0005",
        NORTH,
        110,
        CCE,
        "Marcus Bell, who she calls Skinz, gave her brother a lift in a red BMW.",
        [SKINZ],
        ["park"],
        outcome="ack",
    ),
    Spec(
        "RS-0005",
        NORTH,
        45,
        CCE,
        "Seen at the bus station with J from the line.",
        [LINE_A],
        ["station"],
    ),
    Spec(
        "RS-0006",
        NORTH,
        95,
        CCE,
        "A young man called Dee offered him work 'running errands'.",
        [DEE],
        ["takeaway"],
        grading="2CP",
    ),
    Spec(
        "RS-0006",
        NORTH,
        25,
        CCE,
        "Texts from the line number offering £50.",
        [],
        ["station"],
        phones=[DEAL_LINE],
        grading="2BP",
    ),
    Spec(
        "RS-0008",
        NORTH,
        130,
        CSE,
        "Both children mention a man called Skinz and parties at a flat.",
        [SKINZ],
        ["flat"],
        outcome=Submission.Status.IN_PROGRESS,
    ),
    Spec(
        "RS-0008",
        NORTH,
        55,
        CSE,
        "A man in a red BMW waited outside the school gates.",
        [],
        ["park"],
        vehicles=[("NB68 KXR", "red", "BMW 1 series")],
        source=Submission.SourceType.OTHER_AGENCY,
    ),
    Spec(
        "RS-0008",
        NORTH,
        12,
        CCE,
        "The older boy has a second phone; the line number is saved.",
        [LINE_A],
        [],
        phones=[DEAL_LINE],
    ),
    Spec(
        "RS-0010",
        NORTH,
        85,
        CSE,
        "She said Dee is her 'boyfriend'; he is 19 and she is 15.",
        [DEE],
        ["station"],
        grading="2AP",
        outcome="ack",
    ),
    Spec(
        "RS-0010",
        NORTH,
        30,
        CSE,
        "Dee and another man took her to a flat above the bookies.",
        [DEE, PersonDetails(nickname="Rico", gender="male", age_estimate="20s")],
        ["flat"],
    ),
    Spec(
        "RS-0016",
        NORTH,
        75,
        LINES,
        "Tiny's car, a black Golf, collected him from the park.",
        [
            PersonDetails(
                nickname="Tiny",
                gender="male",
                plate="NB17 TNY",
                colour="black",
                make="VW Golf",
                phone="07700 900118",
            )
        ],
        ["park"],
    ),
    Spec(
        "RS-0016",
        NORTH,
        18,
        LINES,
        "He came back from two days away with £300.",
        [],
        ["station"],
        times=["Tuesday 2 pm"],
    ),
    Spec(
        "RS-0001",
        NORTH,
        200,
        CCE,
        "Older males in a car have been seen near the school at home time.",
        [],
        ["park"],
        source=Submission.SourceType.OTHER_AGENCY,
        grading="2CP",
        outcome="ack",
    ),
    # --- Eastmere Police: Smokey's van, a second Tiny, the arcade --------------------------------
    Spec(
        "RS-0007",
        EAST,
        140,
        CCE,
        "A white Transit van collects boys from the arcade.",
        [SMOKEY],
        ["arcade"],
        outcome="ack",
    ),
    Spec(
        "RS-0007",
        EAST,
        50,
        CCE,
        "Lee Harper rang him four times in one evening.",
        [PersonDetails(name="Lee Harper", phone="07700 900274", gender="male")],
        ["arcade"],
    ),
    Spec(
        "RS-0009",
        EAST,
        125,
        CCE,
        "Smokey's van was outside the garages; both boys went in.",
        [
            PersonDetails(
                nickname="Smokie", plate="EM15VNZ", colour="white", make="Transit", gender="male"
            )
        ],
        ["estate"],
        outcome=Submission.Status.IN_PROGRESS,
    ),
    Spec(
        "RS-0009",
        EAST,
        60,
        CCE,
        "A boy called Tiny gives them packages to carry.",
        [TINY_EAST],
        ["estate"],
    ),
    Spec(
        "RS-0009",
        EAST,
        14,
        CCE,
        "Instagram messages from tinyy_em asking where he is.",
        [PersonDetails(handle="@tinyy_em")],
        [],
    ),
    Spec(
        "RS-0011",
        EAST,
        105,
        CCE,
        "He was seen getting into a white van by the arcade.",
        [],
        ["arcade"],
        vehicles=[("EM15 VNZ", "white", "Ford Transit")],
        source=Submission.SourceType.OTHER_AGENCY,
        outcome="ack",
    ),
    Spec(
        "RS-0011",
        EAST,
        40,
        CCE,
        "Tiny, a teenager, asked him to hold a bag.",
        [TINY_EAST],
        ["arcade"],
    ),
    Spec(
        "RS-0013",
        EAST,
        90,
        CSE,
        "A man in his forties, Lee, offered her a lift home.",
        [PersonDetails(name="Lee", age_estimate="40s", gender="male", phone="07700 900274")],
        ["arcade"],
        grading="2CP",
    ),
    Spec(
        "RS-0013",
        EAST,
        22,
        CSE,
        "She was picked up in a white van late at night.",
        [],
        ["estate"],
        vehicles=[("EM15 V", "white", "van")],
        times=["Saturday midnight"],
    ),
    Spec(
        "RS-0015",
        EAST,
        80,
        CCE,
        "Smokey is known to her brother; pays for food.",
        [SMOKEY],
        ["estate"],
        outcome=Submission.Status.ACTIONED,
        feedback="Vehicle stopped and driver spoken to.",
    ),
    Spec(
        "RS-0015",
        EAST,
        28,
        CCE,
        "Messages from tinyy_em at 3 am.",
        [PersonDetails(nickname="Tiny", handle="instagram tinyy_em")],
        [],
    ),
    Spec(
        "RS-0017",
        EAST,
        70,
        LINES,
        "Missing for two nights; came back with a new phone.",
        [PersonDetails(nickname="Smokey", gender="male")],
        ["arcade"],
        outcome="ack",
    ),
    Spec(
        "RS-0017",
        EAST,
        16,
        LINES,
        "The van again, outside the house.",
        [],
        [],
        vehicles=[("EM15 VNZ", "white", "Transit")],
    ),
    Spec(
        "RS-0020",
        EAST,
        65,
        CCE,
        "A teenager called Tiny and an older man with a van.",
        [TINY_EAST, SMOKEY],
        ["estate"],
        grading="2BP",
    ),
    Spec(
        "RS-0020",
        EAST,
        8,
        CCE,
        "He was given cannabis at the arcade by Tiny.",
        [TINY_EAST],
        ["arcade"],
    ),
    Spec(
        "RS-0007",
        EAST,
        5,
        CCE,
        "A different number rang him: 07700 900274 again.",
        [],
        [],
        phones=["07700 900274"],
        grading="2AP",
    ),
    # --- Southvale Constabulary: K-Dog, another Ghost, the hotel --------------------------------
    Spec(
        "RS-0018",
        SOUTH,
        135,
        CSE,
        "Kieran Doyle, K-Dog, messages her on TikTok.",
        [K_DOG],
        ["retail"],
        outcome="ack",
    ),
    Spec(
        "RS-0018",
        SOUTH,
        48,
        CSE,
        "K-Dog took her to a hotel by the ring road.",
        [PersonDetails(nickname="K Dog", phone="07700900582", gender="male")],
        ["hotel"],
    ),
    Spec(
        "RS-0021",
        SOUTH,
        115,
        CSE,
        "An older man called Ghost in a silver Mercedes.",
        [GHOST_SOUTH],
        ["hotel"],
        outcome=Submission.Status.IN_PROGRESS,
    ),
    Spec(
        "RS-0021",
        SOUTH,
        36,
        CSE,
        "The silver Mercedes was at the retail park again.",
        [],
        ["retail"],
        vehicles=[("SV12 MRC", "silver", "Mercedes")],
    ),
    Spec(
        "RS-0022",
        SOUTH,
        100,
        CCE,
        "kdog_sv on TikTok offered him money to carry a bag.",
        [PersonDetails(handle="tiktok @kdog_sv", gender="male")],
        ["retail"],
        outcome="ack",
    ),
    Spec(
        "RS-0022",
        SOUTH,
        30,
        CCE,
        "Kieran gave him a phone with one number in it.",
        [PersonDetails(name="Kieran", phone="07700 900582", gender="male", age_estimate="21")],
        ["retail"],
    ),
    Spec(
        "RS-0023",
        SOUTH,
        95,
        CSE,
        "Ghost, an older man, collects money from the girls.",
        [PersonDetails(nickname="Ghost", age_estimate="mid 30s", gender="male", plate="SV12MRC")],
        ["hotel"],
        grading="2BC",
    ),
    Spec(
        "RS-0023",
        SOUTH,
        24,
        CSE,
        "She was seen at the hotel on Friday night.",
        [],
        ["hotel"],
        times=["Friday 10 pm"],
        source=Submission.SourceType.OTHER_AGENCY,
    ),
    Spec(
        "RS-0024",
        SOUTH,
        85,
        CCE,
        "K-Dog and another boy at the retail park.",
        [K_DOG],
        ["retail"],
        outcome=Submission.Status.NO_FURTHER_ACTION,
        feedback="No offences identified at this time.",
    ),
    Spec(
        "RS-0024",
        SOUTH,
        12,
        CCE,
        "A new handle, kdog_sv2, asking to meet.",
        [PersonDetails(handle="@kdog_sv2", nickname="K-Dog")],
        [],
    ),
    Spec(
        "RS-0021",
        SOUTH,
        6,
        CSE,
        "Ghost rang her from a withheld number; she was frightened.",
        [PersonDetails(nickname="Ghost", gender="male")],
        [],
    ),
    Spec("RS-0018", SOUTH, 4, CSE, "K-Dog again, outside the school.", [K_DOG], ["retail"]),
    # A few more Northbridge reports spread over the months, for the date filters.
    Spec("RS-0003", NORTH, 8, CCE, "Seen with Tiny at the bus station.", [TINY], ["station"]),
    Spec(
        "RS-0014",
        NORTH,
        3,
        LINES,
        "The line number again, on a note in his coat.",
        [],
        [],
        phones=[DEAL_LINE],
        grading="2AP",
    ),
    Spec(
        "RS-0019",
        NORTH,
        2,
        CSE,
        "Dee bought her a takeaway and asked her to bring a friend.",
        [DEE],
        ["takeaway"],
    ),
    Spec(
        "RS-0005",
        NORTH,
        4,
        CCE,
        "The red BMW at the park again.",
        [],
        ["park"],
        vehicles=[("NB68 KXR", "red", "BMW")],
    ),
    Spec(
        "RS-0010",
        NORTH,
        7,
        CSE,
        "Snapchat messages from skinz.bell.",
        [PersonDetails(handle="skinz.bell")],
        [],
    ),
    Spec(
        "RS-0016",
        NORTH,
        1,
        LINES,
        "Tiny rang the house phone asking for him.",
        [PersonDetails(nickname="Tiny", phone="07700 900 118")],
        [],
    ),
    Spec("RS-0006", NORTH, 2, CCE, "Dee was outside the school again.", [DEE], ["park"]),
    Spec(
        "RS-0011",
        EAST,
        3,
        CCE,
        "Smokey's van at the arcade.",
        [],
        ["arcade"],
        vehicles=[("EM15 VNZ", "white", "Transit")],
    ),
    Spec(
        "RS-0013",
        EAST,
        1,
        CSE,
        "Lee Harper messaged her.",
        [PersonDetails(name="Lee Harper", gender="male")],
        [],
    ),
    Spec(
        "RS-0022",
        SOUTH,
        2,
        CCE,
        "K-Dog's number rang him twice at midnight.",
        [],
        [],
        phones=["07700 900582"],
    ),
]

LAWFUL_NOTES = (
    "Consent was not sought: asking could alert the people exploiting the child and put the "
    "family at risk."
)


def _forces(world: DemoWorld) -> dict[str, Organisation]:
    forces = {NORTH: world.organisations["police"]}
    for key, (name, team_name) in FORCES.items():
        org, _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": Organisation.Kind.POLICE}
        )
        team, _ = Team.objects.get_or_create(organisation=org, name=team_name)
        email, full_name = ANALYSTS[key]
        user = User.objects.filter(email=email).first()
        if user is None:
            user = create_person(
                email=email,
                full_name=full_name,
                role=Role.POLICE_ANALYST,
                password=DEMO_PASSWORD,
                organisation=org,
                team=team,
            )
        TOTPDevice.objects.get_or_create(
            user=user,
            name="Demo authenticator",
            defaults={"key": DEMO_TOTP_HEX_KEY, "confirmed": True},
        )
        world.organisations[key] = org
        world.people[key] = user
        forces[key] = org
    return forces


def _lead(family: Family) -> Any:
    allocation = (
        Allocation.objects.filter(family=family, ended_at__isnull=True)
        .select_related("worker")
        .order_by("-is_lead", "pk")
        .first()
    )
    if allocation is None:
        raise LookupError(f"{family.reference} has no worker to send its intelligence")
    return allocation.worker


def _share(family: Family, force: Organisation, by: Any, opened: dt.datetime) -> None:
    OrganisationShare.objects.get_or_create(
        family=family,
        organisation=force,
        revoked_at=None,
        defaults={
            "basis": OrganisationShare.Basis.SAFEGUARDING,
            "basis_notes": "Shared with the force's exploitation team for partnership intelligence.",
            "decided_by": by,
            "decided_at": opened,
        },
    )


def _analyst(world: DemoWorld, force_key: str) -> Any:
    return world.people["priya"] if force_key == NORTH else world.people[force_key]


@transaction.atomic
def seed(world: DemoWorld) -> None:
    forces = _forces(world)
    families = {f.reference: f for f in Family.objects.filter(reference__startswith="RS-")}
    for force_key, references in SHARES.items():
        for reference in references:
            family = families[reference]
            _share(family, forces[force_key], _lead(family), family.opened_at)
    done = set(Submission.objects.values_list("family__reference", flat=True))
    today = timezone.localdate()
    for spec in SPECS:
        family = families[spec.reference]
        if spec.reference in done:
            continue
        worker = _lead(family)
        force = forces[spec.force]
        _share(family, force, worker, family.opened_at)
        children = list(family.young_people.all())
        details = SubmissionDetails(
            force=force,
            young_people=children,
            source_type=spec.source,
            source_name="the child's parent" if spec.source == Submission.SourceType.PARENT else "",
            source_grade=spec.grading[0],
            information_grade=spec.grading[1],
            handling=spec.grading[2],
            handling_conditions="Not to be shared with the school."
            if spec.grading[2] == "C"
            else "",
            lawful_basis=Submission.LawfulBasis.SAFEGUARDING,
            lawful_basis_notes=LAWFUL_NOTES,
            offence=spec.offence,
            occurred_on=today - dt.timedelta(days=spec.days_ago),
            what_happened=spec.text,
            people=spec.people,
            phones=spec.phones,
            vehicles=spec.vehicles,
            places=[PLACES[p] for p in spec.places],
            times=spec.times,
        )
        draft = services.create_submission(actor=worker, family=family, details=details)
        sent = services.send_submission(actor=worker, submission=draft, expected_version=1)
        when = timezone.make_aware(
            dt.datetime.combine(details.occurred_on + dt.timedelta(days=1), dt.time(10, 30))
        )
        when = min(when, timezone.now())
        copy = dict(sent.police_copy, sent_at=when.isoformat())
        Submission.objects.filter(pk=sent.pk).update(
            sent_at=when, created_at=when, police_copy=copy
        )
        sent.refresh_from_db()
        analyst = _analyst(world, spec.force)
        if spec.outcome == "ack":
            services.acknowledge(actor=analyst, submission=sent)
        elif spec.outcome:
            services.acknowledge(actor=analyst, submission=sent)
            services.record_outcome(
                actor=analyst, submission=sent, status=spec.outcome, feedback=spec.feedback
            )
