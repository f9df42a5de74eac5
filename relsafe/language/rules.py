"""The rules of "Language with care": wording that blames or labels a child, and what to write instead.

Each rule is data: an id, a category, a **pattern** over words and their lemmas (the little language
in ``patterns.py``: ``choose`` matches chose, chosen, choosing and chooses; ``@SELF`` is a word class
below; ``_{0,3}`` is up to three words; ``< … >`` marks the words the finding points at), the anchor
words every match contains, the better wording, one sentence saying why, its sources, examples it
must flag and near misses it must not. The wording and the reasons are ours; the rules follow the
principles of The Children's Society's guidance for professionals, "Appropriate language: child
sexual and/or criminal exploitation" (2018, revised 2022), the 2024 multi-agency guide written with
NAPAC for the CSE Taskforce, and PRODUCT.md §6.

Structural rules name who is doing something with ``actor="child"``: "chose to get into the car" is
flagged when a child chose, not when "the police chose to treat it as trafficking".

Words inside quotation marks are never flagged: they are someone's own words, recorded as said.

To add a rule: append a ``Rule`` below with examples it must flag and near misses it must not, add
sentences to ``relsafe/language/eval/dev.jsonl`` (never to ``heldout.jsonl``), and run
``pytest tests/language`` (see docs/LANGUAGE.md).
"""

from __future__ import annotations

from relsafe.language.rulebase import (
    CATEGORY_LABELS,
    DEFAULT_SOURCES,
    SOURCES,
    Advice,
    ByAge,
    ByWord,
    Category,
    Rule,
    Template,
)

__all__ = [
    "CATEGORY_LABELS",
    "CLASSES",
    "DEFAULT_SOURCES",
    "RULES",
    "RULES_BY_ID",
    "SOURCES",
    "Advice",
    "ByAge",
    "ByWord",
    "Category",
    "Rule",
    "Template",
]

# Word classes --------------------------------------------------------------------------------------
CLASSES: dict[str, str] = {
    "SELF": "( himself|herself|themselves|themself|hisself|theirselves|theirself | (her|him|them|his|their) (self|selves) )",
    # A person who is an adult, by word or by age ("a 19 yr old", "in his twenties").
    "ADULT": "man|men|male|males|adult|adults|woman|women|guy|guys|older|olders|elders|#adultage|perpetrator|perpetrators|abuser|abusers|exploiter|exploiters|groomer|groomers|stranger|strangers|twenties|thirties|forties|fifties",
    # Words between a subject and its verb: auxiliaries, "keeps", "continues to", adverbs.
    "MOD": "be|have|do|will|would|can|could|may|might|must|should|keep|continue|still|again|also|often|always|now|then|just|even|already|repeatedly|persistently|regularly|frequently|constantly|sometimes|never|to|seem|appear|start|begin|tend|really|clearly|ever|get|#ly|'s|'ve|'re|'d|been|being",
    # What makes a choice or a return about harm rather than about football or a college course.
    "HARM": "man|men|male|males|adult|adults|older|olders|elders|#adultage|flat|flats|address|addresses|house|hotel|car|cars|party|parties|trap|line|lines|gang|gangs|missing|overnight|night|nights|risk|risks|risky|danger|dangerous|unsafe|exploit|exploitation|exploiter|exploiters|perpetrator|perpetrators|abuser|abusers|boyfriend|drug|drugs|alcohol|cannabis|weed|lifestyle|street|streets|them|him|stranger|strangers|crime|criminal|late|harm",
    # Where "put herself …" ends: the danger itself, or the place or people it comes from.
    "DANGER": "risk|danger|dangerous|harm|harms|trouble|bother|situation|situations|position|positions|predicament|mess|vulnerable|unsafe|risky|jeopardy|peril|car|cars|flat|house|address|hotel|party|men|man|males|adults|hands|reach|way",
    "CRIME": "( county lines? | cce|cse|csa|crime|crimes|criminality|criminal|gang|gangs|drug|drugs|dealing|supply|supplying|robbery|robberies|mugging|muggings|stabbing|stabbings|violence|offending|offence|offences|shoplifting|burglary|burglaries|theft|thefts|exploitation|prostitution|asb|knife|knives|weapon|weapons|incident|incidents|line|lines|trap|fraud|cuckooing|assault|assaults|fights|fighting )",
    "SEXIMG": "nude|nudes|naked|topless|explicit|indecent|intimate|sexual|sexualised|sexualized|sexy|inappropriate|provocative|rude|dirty|nsfw|revealing|semi",
    "IMAGE": "image|images|photo|photos|photograph|photographs|picture|pictures|pic|pics|video|videos|vid|vids|selfie|selfies|content|clip|clips|material|footage|snap|snaps|nudes",
    # Someone else made them do it: "made to", "pressured into", "groomed into", "used by adults to".
    # "… to carry a knife and hold drugs": a second verb after "and" is made to happen too.
    "COERCED": "( (groom|pressure|pressurise|coerce|force|trick|ask|blackmail|threaten|manipulate|persuade|tell|encourage|push|order|use|pay|bribe|offer|promise|expect|compel|lure|entice|direct|instruct|exploit|traffic|send|bully|scare|frighten) _{0,5} (into|to) | (make|let) _{0,2} ) ( _{1,5} (and|or) )?",
    "SEXACT": "sex|sexual|sexually|touch|kiss|oral|intercourse|photo|photos|picture|pictures|image|images|video|film|nude|nudes|naked|room|hotel|bed",
    "PARENT": "mum|mam|mom|mother|dad|father|parent|parents|carer|carers|family|families|grandparents|nan|gran|stepdad|stepmum",
}

TCS_2024 = ("tcs", "cse_taskforce", "product")


def _tense(present: str, past: str, ing: str, base: str) -> dict[str, str]:
    """Suggestions by the auxiliary or verb in group ``pre``/``verb``, so the tense still fits."""
    return {
        "is": f"is {ing}",
        "are": f"are {ing}",
        "was": f"was {ing}",
        "were": f"were {ing}",
        "has been": f"has been {ing}",
        "have been": f"have been {ing}",
        "had been": f"had been {ing}",
        "present": present,
        "past": past,
        "base": base,
    }


RULES: tuple[Rule, ...] = (
    # ===================================================================== choice and agency
    Rule(
        id="putting-self-at-risk",
        category=Category.CHOICE,
        pattern=(
            "< (?P<pre> is|are|was|were|has|have|had|keeps|kept|continues|continued|to|be|been|being|keep|continue )* "
            "(knowingly|repeatedly|persistently|continually|constantly|regularly|still|again|often|always|deliberately)? "
            "(?P<verb> put|place|expose|putting|puting|placing|exposing ) @SELF (back|straight|right)? "
            "(at|in|into|to|under|within|on) _{0,4} @DANGER >"
        ),
        suggestion=ByWord(
            ("pre", "verb"),
            {
                "puts": "is at risk of being exploited",
                "places": "is at risk of being exploited",
                "exposes": "is at risk of being exploited",
                "gets": "is at risk of being exploited",
                "put": "was at risk of being exploited",
                "placed": "was at risk of being exploited",
                "exposed": "was at risk of being exploited",
                "got": "was at risk of being exploited",
                "is": "is at risk of being exploited",
                "was": "was at risk of being exploited",
                "are": "are at risk of being exploited",
                "were": "were at risk of being exploited",
                "has been": "has been at risk of being exploited",
                "has": "has been at risk of being exploited",
                "had been": "had been at risk of being exploited",
                "had": "had been at risk of being exploited",
                "have been": "have been at risk of being exploited",
                "have": "have been at risk of being exploited",
                "keeps": "is still at risk of being exploited",
                "continues to": "is still at risk of being exploited",
                "continues": "is still at risk of being exploited",
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
            "He has repeatedly placed himself in risky situations with older boys.",
            "She keeps putting her self in harms way.",
        ),
        careful=(
            "She put herself forward to be a peer mentor.",
            "He put himself on the list for football.",
            "The adults are putting her at risk.",
        ),
        actor="child",
    ),
    Rule(
        id="makes-self-vulnerable",
        category=Category.CHOICE,
        pattern=(
            "< (make|leave) @SELF (very|more|so|really|extremely)? (vulnerable|available|easy|accessible|a target) > "
            "| < get|gotten @SELF into _{0,3} @DANGER|trouble|situations|bother > "
            "| < bring|brings|brought _{0,4} on @SELF >"
        ),
        suggestion=Advice(
            "say who is targeting the child and how, rather than what the child did to invite it"
        ),
        reason="Saying a child made themselves vulnerable or got themselves into trouble puts the responsibility on them instead of on the people harming them.",
        examples=(
            "She makes herself vulnerable by meeting strangers.",
            "He got himself into trouble with the older boys.",
            "She has brought this on herself.",
        ),
        careful=("The men made her feel special.", "He got himself to school on time."),
        actor="child",
    ),
    Rule(
        id="chose-to-go-missing",
        category=Category.CHOICE,
        pattern="< (?P<verb> chose|chooses|choosing|choose|decided|decides|deciding|opted|opts|opting) to (go missing|run away|abscond|stay out (overnight|all night|late)?|not (come|return|go) (back)? home) >",
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
        careful=("She went missing again.",),
        actor="child",
        sources=(*DEFAULT_SOURCES, "missing_guidance"),
    ),
    Rule(
        id="chose-harm",
        category=Category.CHOICE,
        pattern=(
            "< (choose|decide|opt|elect|chose) (not? to)? > _{0,8} @HARM "
            "| < make (a|the|this|that|her|his|their)? (own)? choice|decision to _ > _{0,7} @HARM "
            "| < (prefer|would rather|'d rather) > _{0,6} @HARM "
            "| < choose|chosen|opt|opted|choosing _{0,2} lifestyle|life >"
        ),
        suggestion=Advice(
            "describe what draws the child there and who is doing it (gifts, affection, threats, debt); a groomed child's “choice” is shaped by the people exploiting them"
        ),
        reason="Saying a child chose to go with the people harming them hides the grooming and control that pull them there.",
        examples=(
            "She chose to get into the car with the men.",
            "He is choosing to stay at the flat.",
            "Jade decided to go to the party at the hotel.",
            "She would rather be with the older boys than at home.",
        ),
        careful=(
            "He chose football over gaming.",
            "She chose the hair and beauty course.",
            "The police chose to treat it as trafficking.",
            "She decided to tell her teacher about the flat.",
        ),
        actor="child",
        unless_before="( (groom|lead|manipulate|convince|make|tell|want) _{0,3} (believe|think|feel|to) _{0,3} | right to | no )$",
        unless_after="_{0,3} (tell|told|disclose|report|speak|talk|ring|call|phone|text|ask|email|message|contact|get help|seek help|move away|stay away|keep away|block|leave him|leave them|refuse|say no)",
        unless_sentence="no choice | (good|brave|safe|positive|sensible|great|protective) (choice|decision) | (nan|nana|gran|grandma|grandad|mum|dad|aunt|auntie|uncle|carer|carers|sister|brother|cousin|friend) 's (house|flat|home|address|place) | safe place | (feel|feels|felt) safe",
    ),
    Rule(
        id="keeps-going-back",
        category=Category.CHOICE,
        pattern=(
            "< (keep|keeps|kept|continue|continues|still|always|repeatedly|constantly) _{0,2} (go|going|goes|went|run|running|walk|walking|return|returning|come|coming|head|heading)? "
            "(straight|right)? back to|into > (the|a|that|this|his|her|their)? (same)? _{0,2} @HARM|it"
        ),
        suggestion=Advice(
            "describe what draws the child back and who is doing it; children often return to the people exploiting them because of grooming, threats or debt"
        ),
        reason="Saying a child keeps going back frames it as their choice, when exploiters use gifts, threats and debt to pull them back.",
        examples=("She keeps going back to him.", "He keeps walking straight back into it."),
        careful=("She keeps going back to the youth club, where she feels safe.",),
        actor="child",
        unless_sentence="(because|as) _{0,3} (told|tell|made|make|threaten|had|have|took|take|said|say)",
    ),
    Rule(
        id="by-choice",
        category=Category.CHOICE,
        pattern=(
            "< of (his|her|their) own (free)? will|accord|volition > "
            "| < by (his|her|their)? (own)? choice > | < free will > "
            "| < freely|voluntarily|willingly|knowingly > "
            "| < (go|went|gone|going|stay|stayed|return|returned) _{0,3} on purpose|deliberately > "
            "| < (his|her|their) (own)? choice|decision to (go|stay|see|meet|return|leave|be) >"
        ),
        suggestion=Advice(
            "leave this out and describe the grooming, pressure or control behind what happened"
        ),
        reason="A child who is being groomed or controlled is not acting freely, so words of free choice shift responsibility onto them.",
        examples=(
            "She went with them willingly.",
            "He returned of his own accord.",
            "She voluntarily went back to the flat.",
        ),
        careful=("He attended the session voluntarily.", "She willingly took part in the group."),
        actor="child",
        unless_after="_{0,2} (attend|agree|accept|engage|come to|join|speak|talk|share|tell|take part in|took part in) _{0,2} (the|our|a|this|her|his)? (session|sessions|meeting|group|groups|activity|interview|plan|work|programme|club|review|assessment|support|service|referral)",
        unless_before="(session|meeting|group|interview|assessment|referral|plan|programme|sessions) _{0,3} $",
    ),
    Rule(
        id="poor-choices",
        category=Category.CHOICE,
        pattern=(
            "< (make|making|made|makes)? (some|a lot of|lots of|a|the|more)? poor|bad|risky|unwise|wrong|unsafe|negative|silly|stupid|unhealthy|dangerous|questionable|reckless|inappropriate (life|lifestyle)? choice|choices|decision|decisions|decision-making > "
            "| < (make|making|made|makes) (some|many|the)? choices|decisions > that|which (place|put|expose|leave)~ _{0,2} at|in (significant|serious|real)? risk|danger|harm "
            "| < (her|his|their) choice|choices of (friends|friend|company|peers|associates|boyfriend) >"
        ),
        suggestion=Advice(
            "describe who is grooming or pressuring the child and how; a groomed child's decisions are shaped by the people exploiting them"
        ),
        reason="A groomed child's “choices” are shaped by the people exploiting them, so calling them poor choices puts the blame on the child.",
        examples=(
            "Jayden is making poor choices.",
            "She has made bad decisions.",
            "He is exposing himself to risk through his choice of friends.",
        ),
        careful=("We made a good choice of venue.", "He made a sensible decision to ring us."),
        actor="child",
    ),
    Rule(
        id="risk-taking",
        category=Category.CHOICE,
        pattern=(
            "< (engage|engaging|engaged|engages in)? risk|risky|reckless|destructive taking? (sexual)? behaviour|behaviours|behavior|behaviors|activities|activity|situations > "
            "| < take|taking|took|takes (a lot of|lots of|many|big|unnecessary|more)? risks > "
            "| < (risk|risky|reckless) taker|takers >"
        ),
        suggestion="behaviour that may be a sign of exploitation",
        alternatives=("signs that [name] is being exploited",),
        reason="“Risky behaviour” makes the child the source of the danger; these are often signs that someone is grooming or exploiting them.",
        examples=(
            "Her risk-taking behaviour has increased.",
            "He is taking risks by meeting adults online.",
            "She engages in risky activities.",
        ),
        careful=("We completed a risk assessment.", "The risks to her come from the adults."),
        actor="child",
        unless_before="(man|men|adult|adults|driver|perpetrator|suspect|dealer|groomer) 's? $",
    ),
    Rule(
        id="lifestyle",
        category=Category.CHOICE,
        pattern=(
            "< (a|an)? risky|chaotic|criminal|gang|street|party|partying|sexual|promiscuous|drug|drugs|unsafe|high|sexualised|dangerous (risk)? lifestyle|lifestyles (choice|choices)? > "
            "| < (a|an)? lifestyle choice|choices > | < (his|her|their|'s) (current)? lifestyle > "
            "| < (the)? street|gang life >"
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
            "He prefers the street life.",
        ),
        careful=("She is on the healthy lifestyle programme.",),
        unless_before="healthy|active $",
    ),
    Rule(
        id="knows-the-risks",
        category=Category.CHOICE,
        pattern=(
            "< (be)? (fully|well|very)? aware|know|knows|knew|understand|understands|understood of? the risks? _{0,2} (and|but|yet) _{0,2} (still|continue|continues|carry on|carries on|choose|chooses|keep|keeps|went|goes|go) > "
            "| < (refuse|refuses|refused|won't|will not) to? (see|accept|acknowledge|listen to) the (danger|dangers|risk|risks) > "
            "| < (went|goes|go|going) ahead _{0,5} anyway|regardless >"
        ),
        suggestion=Advice(
            "describe what the child understands, and the grooming, fear or control that keeps them going"
        ),
        reason="Saying a child knew the risks and went anyway blames them, when grooming works by stopping a child seeing or acting on the danger.",
        examples=(
            "She is aware of the risks and still chooses to go.",
            "He refuses to see the danger.",
            "She was warned but went ahead and met him anyway.",
        ),
        careful=("We talked about the risks and she rang me when she felt unsafe.",),
        actor="child",
    ),
    Rule(
        id="responsibility-on-child",
        category=Category.CHOICE,
        pattern=(
            "< (take|takes|taking|took|accept|accepts|bear|bears|share|shares) (some|any|her|his|their|full|part|partial|more)? (of the)? responsibility > "
            "| < (partly|partially|equally|also|just as)? (responsible|to blame) for (what|this|her|his|their|it) > "
            "| < (her|his|their) own fault > | < be asking for it > | < deserved|deserve (it|what) > "
            "| < complicit in (her|his|their) own > "
            "| < (happy|willing|keen|content) to go along with > | < go|goes|going|went along with (whatever|anything|it|what) >"
        ),
        suggestion=Advice("the responsibility lies with the person who abused or exploited them"),
        reason="Any words that place the blame on the child are wrong: responsibility always lies with the abuser.",
        examples=(
            "She has to take some responsibility.",
            "It was his own fault.",
            "He is happy to go along with whatever the older boys say.",
        ),
        careful=(
            "She is not to blame for what happened.",
            "Mum takes responsibility for the plan.",
        ),
        actor="child",
        unless_before="(not|n't|never|no|nobody|none) _{0,3} $",
    ),
    Rule(
        id="willing-participant",
        category=Category.CHOICE,
        pattern=(
            "< (a)? (willing|active|eager|keen|enthusiastic|consenting) participant|participants|partner|partners|party|victim > "
            "| < (be|seem|appear) (completely|fully|very|quite)? willing to (go|have sex|meet|do it|get in) >"
        ),
        suggestion="being coerced and controlled",
        reason="A child cannot be a willing participant in their own exploitation; describe how they were groomed, pressured or controlled.",
        examples=("She was a willing participant.", "He seemed willing to go with them."),
        careful=("She was a willing participant in the drama club.",),
        unless_after="in (the|our|a) (drama|sports|session|group|club|project|programme|research|consultation|meeting)",
    ),
    Rule(
        id="enjoys-gifts",
        category=Category.CHOICE,
        pattern="< (?P<verb> enjoy|like|love|crave|want) the (attention|gifts|money|status|excitement|buzz|lifestyle|thrill|glamour|power|respect|trainers|clothes) >",
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
        careful=("He loves the attention he gets from his boxing coach.",),
        actor="child",
        unless_sentence="mentor|coach|teacher|teachers|team|club|football|boxing|drama|music|art|class|school|praise|award|performance|carer|carers|nan",
    ),
    Rule(
        id="grooming-themselves",
        category=Category.CHOICE,
        pattern="< groom @SELF > | < self groom|grooming >",
        suggestion="being groomed",
        alternatives=("being groomed by [name who]",),
        reason="Grooming is done to a child by someone else; a child cannot groom themselves.",
        examples=("She is grooming herself online.",),
    ),
    # ========================================================= consent and "relationship"
    Rule(
        id="consented",
        category=Category.CONSENT_RELATIONSHIP,
        pattern="< (give|gave|given)? (her|his|their)? consent|consensual|consented|consenting|consents|consensually >",
        suggestion=Advice("a child cannot consent to their own abuse: describe what the adult did"),
        reason="Writing that a child consented or that sex was consensual implies they are responsible, but a child cannot consent to their own abuse.",
        examples=(
            "She said she consented to sex with him.",
            "The sex was consensual.",
            "YP gave consent for the photos to be taken by the man.",
        ),
        careful=(
            "Mum signed the consent form.",
            "She gave consent for the referral.",
            "A child cannot consent to their own abuse.",
        ),
        sources=(*TCS_2024, "sexual_offences_act"),
        unless_before="( non|not|n't|never|cannot|without|no|age of|informed|parental|written|verbal|obtain|obtained|take|took|ask|asked|seek|sought|need|needs|withdraw|withdrew|get|got|dad|mum|parent|parents|'s ) _{0,2} $",
        unless_after="_{0,3} (form|forms|referral|referrals|refer|share|sharing|information|assessment|examination|medical|treatment|plan|visit|meeting|statement|interview|support|service|contact|police|school|camhs|health|gp|data|record|recording|be obtained|was obtained|speak|talk|move|placement|trip|test|vaccination|vaccine|injection|check|search|photo for|photos for|being seen|being referred|work|working|us|me|our|this plan|the plan|procedure|operation|help|therapy|counselling|involvement|nrm)",
        unless_sentence="pshe|rse|lesson|lessons|workshop|education|website|newsletter|publicity|poster|leaflet|yearbook|sharing|disclosure|alert|gdpr | (share|shared) (information|info|it|this) | (talk|talked|discuss|discussed|explain|explained) about? consent | what consent means | healthy relationships",
    ),
    Rule(
        id="agreed-to-sex",
        category=Category.CONSENT_RELATIONSHIP,
        pattern=(
            "< (agree|agreed|agrees|agreeing|said yes|say yes|says yes|was happy|is happy|were happy|was keen|was okay|was ok|was fine) (to|with)? _{0,4} @SEXACT > "
            "| < allow|allowed|allows|let|lets|letting _{0,3} (him|them|the men|the man|the adults|he|they|adults|men) _{0,2} @SEXACT|take|film|photograph > "
            "| < happy to have sex >"
        ),
        suggestion=Advice(
            "a child cannot consent to their own abuse: describe what the adult did and how they pressured or groomed the child"
        ),
        reason="Saying a child agreed to, allowed or was happy with sexual contact implies consent that a child cannot give to their own abuse.",
        examples=(
            "She agreed to have sex with him.",
            "He let the man touch him.",
            "She allowed the men to take her to the hotel.",
        ),
        careful=("She agreed to meet me at the library.", "He said yes to the referral."),
        actor="child",
        sources=(*TCS_2024, "sexual_offences_act"),
        unless_before="(not|n't|never|cannot|refused) _{0,2} $",
    ),
    Rule(
        id="relationship-with-adult",
        category=Category.CONSENT_RELATIONSHIP,
        pattern=(
            "< (?P<pre> in|having|has|had|have|her|his|their|'s)? (a|an)? (sexual|romantic|intimate|secret|serious|ongoing|physical)? relationship|relationships|relationshp with|between > "
            "(a|an|the|this|that|her|his)? _{0,4} @ADULT "
            "| < in (a|an)? (sexual|romantic|intimate|secret|serious)? relationship|relationshp with > him|her "
            "| < (a|an)? (sexual|inappropriate|exploitative|unsuitable|sexualised|unhealthy|abusive) relationship|relationships (with)? >"
        ),
        suggestion=ByWord(
            "pre",
            {
                "has": "is being groomed and exploited by",
                "had": "was groomed and exploited by",
                "have": "are being groomed and exploited by",
                "her": "her abuse by",
                "his": "his abuse by",
                "their": "their abuse by",
                "'s": "abuse by",
            },
            "being groomed and exploited by",
        ),
        reason="A child cannot be in a relationship with an adult who is abusing them; say they are being groomed or exploited, and by whom.",
        examples=(
            "She is in a relationship with an older man.",
            "He has a relationship with a 25-year-old woman.",
            "Her relationship with the 20 yr old has gone on for months.",
        ),
        careful=(
            "Jayden has a trusted adult at school.",
            "Amara has a good relationship with her form tutor.",
            "Mum is in a new relationship.",
        ),
        sources=TCS_2024,
        unless_before="( trusting|trusted|positive|good|warm|safe|strong|supportive|close|professional|working|loving|healthy|caring|steady|great|lovely|mum|mum's|dad|mother|father|parents|nan|carer ) $|(mum|dad|mother|father|carer|parent|parents|nan|gran|aunt|uncle|worker|staff) _{0,3} $",
        unless_after="_{0,2} (mum|dad|mother|father|carer|carers|worker|workers|staff|teacher|tutor|coach|mentor|nan|gran|brother|sister|family|foster|keyworker|social|sw|counsellor|school)",
    ),
    Rule(
        id="older-boyfriend",
        category=Category.CONSENT_RELATIONSHIP,
        pattern=(
            "< (?P<art> a|an)? (much|significantly|far)? older|adult|#adultage (year|yr|years)? (=old)? (boyfriend|girlfriend|boyfriends|partner|partners|lover|bf|gf|fella|boy friend) > "
            "| < boyfriend|girlfriend|partner|bf|gf|lover|fella > ,? %(? (who|aged|age|is|who's|,)? _{0,7} @ADULT "
            "| < (a|her|his)? friend|friends with benefits > | < (a|an|her|his)? sugar daddy|daddies|mummy|dad|baby >"
        ),
        suggestion=ByWord(
            "art",
            {
                "a": "an adult who is grooming or exploiting them",
                "an": "an adult who is grooming or exploiting them",
            },
            "the adult who is grooming or exploiting them",
        ),
        alternatives=("the [age]-year-old man who is sexually exploiting her",),
        reason="Calling an adult who abuses a child their boyfriend, partner or “sugar daddy” frames abuse as a relationship; name the adult and what they are doing.",
        examples=(
            "She has an older boyfriend.",
            "Her boyfriend, who is 24, collects her from school.",
            "He has a friend with benefits who is 19.",
        ),
        careful=(
            "Her boyfriend, who is 16 and in her class, went with her to the clinic.",
            "Mum's partner has been supportive.",
            "Dad and his new partner came to the meeting.",
        ),
        sources=TCS_2024,
        unless_before="(mum|dad|mother|father|carer|nan|gran|aunt|uncle|sister|brother|grandma|grandad|stepmum|stepdad) 's? (new)? $|(mum|dad|mother|father|carer|parent|nan|gran) _{0,4} $",
    ),
    Rule(
        id="dating-adult",
        category=Category.CONSENT_RELATIONSHIP,
        pattern=(
            "< (?P<verb> dating|dates|dated|date|seeing|sees|saw|going out with|goes out with|went out with|sleeping with|sleeps with|slept with|sleep with|hooking up with|hooks up with|hooked up with|hook up with|romantically involved with|going with|goes with) > "
            "(a|an|the|some|much|two|several|various|older)? _{0,3} @ADULT|them "
            "| < (have|has|had|been) (been)? seeing each other > | < (they|the two of them)? (have|has|had)? been together since > "
            "| < romantically involved >"
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
                "saw": "was groomed and exploited by",
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
        examples=(
            "She is dating an older man.",
            "He slept with a 30-year-old woman.",
            "She and the man have been seeing each other since May.",
        ),
        careful=("Dad is dating again.", "She is seeing her nan on Saturday."),
        unless_before="(mum|dad|mother|father|parent|parents|nan|gran|carer|carers|aunt|uncle|stepdad|stepmum|sister|brother) _{0,3} $",
        sources=TCS_2024,
        unless_after="_{0,2} (worker|workers|social|counsellor|nurse|doctor|gp|mentor|teacher|coach|officer|police|support|team|nan|gran|mum|dad)",
        unless_sentence="placement|siblings|foster",
    ),
    Rule(
        id="transaction",
        category=Category.CONSENT_RELATIONSHIP,
        pattern=(
            "< (?P<verb> exchange|exchanging|exchanged|trade|trading|traded|trades|swap|swapping|swapped|offer|offering|offered|offers|sell|selling|sold|sells|give|giving|gave|gives|provide|providing|provided) "
            "(sexual favours|sexual favors|sexual acts|sex acts|sexual services|sexual images|sexual pictures|nude photos|nude pictures|nude images|naked photos|naked pictures|sex|nude|nudes|naked) "
            "(to _{0,3})? (for|in exchange for|in return for)? > "
            "| < (sex|sexual favours|favours|nudes) (in exchange|in return)? for > "
            "| < for (a|the)? roof over (her|his|their) head > | < transactional (sex|sexual|relationship|relationships) > | < survival sex > "
            "| < (sleep|sleeps|slept|sleeping) with _{0,2} for (somewhere|a place|a bed|money|drugs|cannabis|alcohol|a roof) >"
        ),
        suggestion=Advice(
            "describe who is sexually exploiting the child and what they use (money, drugs, a place to stay) to control them"
        ),
        reason="Describing abuse as a trade implies the child made a deal; the adult used what the child needed to abuse them.",
        examples=(
            "She is exchanging sex for somewhere to stay.",
            "He traded nude photos for vapes.",
            "She has been trading sex for a roof over her head.",
        ),
        careful=("The adults give her cannabis to control her.",),
        sources=TCS_2024,
        unless_before="@COERCED $",
    ),
    # ================================================== involvement, complicity and offending
    Rule(
        id="involved-in-cse",
        category=Category.INVOLVEMENT,
        pattern="< (?P<aux> been|being|become|became|get|got)? (heavily|deeply|now)? involved|involvement in|with (cse|csa|child sexual exploitation|sexual exploitation|prostitution|sex work|the sex trade) >",
        suggestion=ByWord(
            "aux",
            {
                "got": "was being sexually exploited",
                "get": "be sexually exploited",
                "been": "been sexually exploited",
                "become": "been sexually exploited",
                "became": "was being sexually exploited",
            },
            "being sexually exploited",
        ),
        alternatives=("a victim of child sexual exploitation",),
        reason="“Involved in CSE” suggests the child took part in their own sexual abuse; they are being sexually exploited.",
        examples=("She is involved in CSE.", "Tia has become involved in CSE through her friends."),
        careful=("The CSE team were involved in the review.",),
        actor="child",
        sources=TCS_2024,
        unless_after="(awareness|prevention|services|service|team|teams|workers|support|projects|project|programme|training|panel|unit|meeting)",
    ),
    Rule(
        id="involved-in-exploitation",
        category=Category.INVOLVEMENT,
        pattern=(
            "< (?P<aux> been|being|become|became|becoming|get|got|gets|getting|gotten)? "
            "(heavily|deeply|increasingly|now|very|also|more|further|already|actively|still|clearly|really)? "
            "involve|involved|involvement|invloved|involed (in|with) (?P<term> (the|a|an|his|her|their|some|these|this|that|local|serious)? "
            "(number of|series of|supply of|sale of)? _{0,2} @CRIME (activity|activities|network|networks|group|groups|ring|rings|gang)? ) >"
        ),
        suggestion=Template(
            "{be:aux} being criminally exploited through {term}", example={"term": "county lines"}
        ),
        alternatives=(
            "a victim of child sexual exploitation",
            "being criminally exploited by [name who]",
            "being sexually exploited",
        ),
        reason="“Involved in” suggests the child chose to take part; they are a victim of exploitation, so say who is exploiting them and through what.",
        examples=(
            "Jayden is involved in county lines.",
            "He got involved with drug dealing over the summer.",
            "His involvement in gangs.",
        ),
        careful=(
            "Mum has been involved in every meeting.",
            "The adults involved in his exploitation were arrested.",
            "School were involved in the strategy discussion.",
        ),
        actor="child",
        unless_after="(awareness|prevention|services|service|team|teams|workers|support|projects|project|programme|training|panel|unit|meeting|meetings|matrix|work)",
    ),
    Rule(
        id="taking-part-in-crime",
        category=Category.INVOLVEMENT,
        pattern=(
            "< (participate|participating|participated|partake|partaking|engage|engaging|engaged|engages|take part|taking part|taken part|took part|takes part) in _{0,3} @CRIME|crimes|criminal|criminality|offending|robberies|offences|antisocial|violence > "
            "| < (an)? (active|willing|key)? participant in _{0,3} (gang|gang's|crime|criminal|robbery|robberies|offending|activities|the line|county lines|dealing) > "
            "| < (commit|committing|committed|commits) (a|an|several|many|various|further|more|serious|the)? _{0,2} offences|offence|crimes|crime|robberies|robbery|burglaries|burglary|assaults > "
            "| < (a)? perpetrator of > | < complicit in > | < (an)? accomplice > "
            "| < criminally active > | < (criminal|offending) behaviour|behaviours|behavior|activity > "
        ),
        suggestion=Advice(
            "describe what the child was made to do and by whom; a child exploited into crime is a victim first (the Modern Slavery Act 2015, s45, may apply)"
        ),
        reason="Describing an exploited child as taking part in or committing crime frames them as an offender by choice and hides the adults directing them.",
        examples=(
            "He has been participating in criminal activity with older males.",
            "She is complicit in the thefts.",
            "His offending behaviour has escalated.",
        ),
        careful=(
            "An officer from the gangs unit took part in the TAF meeting.",
            "The men who exploited him committed the offences.",
        ),
        actor="child",
        unless_before="@COERCED $",
        unless_sentence="( s45 | section 45 | modern slavery | were committed while )",
    ),
    Rule(
        id="gang-member",
        category=Category.INVOLVEMENT,
        pattern=(
            "< (a|an)? (known)? gang member|members|nominal|nominals|affiliated|affiliate|involved|associate|associates|kid|kids|youth|youths > "
            "| < member|members of (a|an|the)? _{0,3} gang|gangs|crew|group|line|ocg > "
            "| < (be|is|are|was|were|now|become|became)? part of (a|an|the)? (local)? _{0,2} gang|gangs|crew|line|network|ocg|problem > "
            "| < (be|is|was)? in (a|the) gang > | < (a|the)? known nominal|nominals > "
            "| < (join|joined|joins|joining) (a|the|their)? _{0,2} gang|gangs|crew|line|ocg > | < (a)? (known)? gangster|gangsters|gangbanger|gangbangers|hoodlum > "
            "| < affiliated|linked|links|link|connected|connections with|to (a|an|the)? _{0,3} gang|gangs|line|network|ocg|crime|group > "
            "| < (fallen|fall|falls|fell|got|get|mixing|mixes|mixed|hanging) (in|out|around)? with (a|the)? (wrong|bad) crowd|people|lot|sort|company|crew > "
            "| < the wrong people|crowd|sort > | < bad company|crowd|influences > "
            "| < (running|runs|ran|run|rolling|rolls) with (a|the)? _{0,2} gang|crew|olders|elders > "
            "| < entrenched in _{0,2} (criminality|crime|gang|gangs|the line) > "
            "| < (her|his|their|'s) criminality >"
        ),
        suggestion=Advice(
            "say that the child is being criminally exploited, and by which group or people"
        ),
        alternatives=(
            "being criminally exploited by [name the group]",
            "child criminally exploited by a gang",
        ),
        reason="Calling a child a gang member or part of the problem labels them by the group that is exploiting them.",
        examples=(
            "Jayden is a gang member.",
            "He is part of a gang that operates at the station.",
            "She has fallen in with the wrong crowd.",
        ),
        careful=(
            "The gang members who exploited him were charged.",
            "An officer from the gangs unit attended.",
            "He is on the police gangs matrix.",
        ),
        actor="child",
        unless_after="_{0,1} (who|that|which) _{0,2} (exploit|exploited|groom|groomed|target|targeted|control|controls|recruit|recruited|use|used|abuse|abused|threaten|threatened) | attack|attacks|fight|fights|related|violence|unit|units|matrix|war|wars|area|territory|injury|stabbing|shooting|awareness|prevention|team|worker|workers",
    ),
    Rule(
        id="associating-with",
        category=Category.INVOLVEMENT,
        pattern=(
            "< (associate|associates|associating|associated|mixing|mixes|mix|mixed|hanging around|hangs around|hanging about|hangs about|hung around|hang around) with > _{0,3} "
            "(known|older|gang|criminal|offenders|nominals|olders|elders|affiliated|adults|males|dealers|men|people|group) "
            "| < (negative|criminal|gang|risky) associations|associates|peers >"
        ),
        suggestion="being targeted by",
        alternatives=("being groomed by [name who]",),
        reason="“Associating with” makes it sound as if the child chose the people who are targeting and exploiting them.",
        examples=(
            "He has been associating with older males known to police.",
            "She is mixing with gang affiliated youths.",
        ),
        careful=("He is being targeted by a group of older males.",),
        actor="child",
    ),
    Rule(
        id="recruiting-others",
        category=Category.INVOLVEMENT,
        pattern="< (help|helping|helped|helps)? (=recruit|=recruiting|=recruits) _{0,2} (younger|other|new|more)? (children|kids|girls|boys|friends|others|pupils|peers|young) > | < recruited (younger|other|new|more) _{0,1} (children|kids|girls|boys|friends|others|pupils|peers) >",
        suggestion=Advice(
            "describe how the child is being made to bring other children in, and by whom"
        ),
        reason="A child made to draw others in is still being exploited; calling them a recruiter places the adults' crime on the child.",
        examples=(
            "She has been recruiting younger girls.",
            "He is recruiting other children into the line.",
        ),
        careful=("The school recruited a mentor for him.",),
        actor="child",
    ),
    Rule(
        id="recruited",
        category=Category.INVOLVEMENT,
        pattern="< (?P<aux> was|were|been|being|got|get)? recruited (in|into|by) > (a|an|the)? _{0,2} (gang|gangs|line|olders|older|boys|men|group|crew|ocg|dealers|adults|criminal)",
        suggestion=ByWord(
            "aux",
            {
                "was": "was groomed and exploited by",
                "were": "were groomed and exploited by",
                "been": "been groomed and exploited by",
                "being": "being groomed and exploited by",
                "got": "was groomed and exploited by",
            },
            "groomed and exploited by",
        ),
        reason="“Recruited” sounds like a job the child signed up for; they were groomed and exploited.",
        examples=("Leo was recruited by older boys.", "He was recruited into a gang."),
        careful=("The school recruited a mentor.",),
    ),
    # ============================================================== image-based abuse
    Rule(
        id="sending-images",
        category=Category.IMAGE_ABUSE,
        pattern=(
            "< (send|share|post|upload|distribute|produce|make|take|record|film|sell|trade|swap|exchange|circulate|forward|create|dm|snap) "
            "(him|them|her|the man|the men|a man|men)? (a|an|the|some|these|those|more|several|multiple|her|his|their|own)? "
            "(very|more|partially|semi)? @SEXIMG (_{0,2} @IMAGE|of @SELF)? > "
            "| < (send|share|post|upload|distribute|produce|make|take|record|film|sell|trade|swap|create) (a|an|the|some|several)? _{0,2} @IMAGE of @SELF > "
            "| < (send|share|post|upload|sell|trade|swap|dm) (him|them|her)? (a|some)? (nudes|nude|naked|naughty) (pics|pictures|photos|images)? >"
        ),
        suggestion=Advice(
            "say the child was made, pressured or groomed into sharing images, and by whom; images of a child's abuse are child sexual abuse material"
        ),
        alternatives=(
            "was pressured into sending sexual images to [who]",
            "is being sexually exploited online by [who]",
        ),
        reason="When a child “sends” or “shares” sexual images they are being sexually exploited or abused; the responsibility lies with whoever asked for, pressured or used them.",
        examples=(
            "She sent nude images of herself to a man online.",
            "He has been sharing indecent images with adults.",
            "She made a sexual video of herself.",
        ),
        careful=(
            "The worker sent the images to CEOP.",
            "She was groomed into sending images of herself.",
            "She sent me a photo of her new puppy.",
            "He sent pictures of his injuries to his social worker.",
        ),
        actor="child",
        quiet_if_passive=True,
        sources=(*TCS_2024, "luxembourg"),
        unless_before="@COERCED $",
    ),
    Rule(
        id="sexting",
        category=Category.IMAGE_ABUSE,
        pattern=(
            "< =sexting|=sexted|=sext|=sexts > "
            "| < (take part in|taking part in|took part in|taken part in|engage in|engaging in|engaged in|be in|was in|is in|were in|join|joined|have|had|do|did|doing) (a|an)? (sexual|sexually explicit|explicit|naked|nude|sexualised) _{0,1} (video|call|calls|livestream|stream|chat|chats|webcam|cam|conversation|conversations|messages|messaging) > "
            "| < expose|exposed|exposing @SELF > (on|to|online|over) "
        ),
        suggestion=Advice(
            "say that sexual images or messages were asked for, who asked for them and how the child was pressured or groomed"
        ),
        reason="“Sexting” and “sexual chat” make image-based abuse sound like mutual flirting, when a child is pressured or groomed into it.",
        examples=(
            "She has been sexting a man online.",
            "He took part in a sexual video call with an adult.",
        ),
        careful=("We talked about sexting in PSHE.", "He is being sextorted."),
        actor="child",
        sources=TCS_2024,
        unless_before="@COERCED $",
        unless_sentence="( pshe|rse|lesson|lessons|workshop|talked about|talk about|discussed|assembly )",
    ),
    # ====================================================== drug-running and county lines
    Rule(
        id="running-drugs",
        category=Category.DRUG_RUNNING,
        pattern=(
            "< (?P<verb> run|running|ran|runs|runing) (drugs|a line|lines|the line|(a|the)? county lines?|drugs for|(drugs)? for (the|a|an|his|her)? _{0,2} (line|lines|olders|elders|gang|dealer|dealers|man|men|ocg|boss)) > "
            "| < (?P<verb2> run|running|ran|runs|runing) (drugs)? between|from _ (and|to) _ > "
            "| < (do|doing|did|does) (some)? runs|run|drops|drop|deliveries|delivery > "
            "| < (a|an|the|one of their|one of the)? (drug|drugs|line|county lines|known)? runner|runners (for|in|on)? >"
        ),
        suggestion=ByWord(
            ("verb", "verb2"),
            {
                "runs": "is made to carry drugs",
                "ran": "was made to carry drugs",
                "run": "be made to carry drugs",
                "running": "being made to carry drugs",
                "runing": "being made to carry drugs",
            },
            "child criminally exploited to carry drugs",
        ),
        alternatives=("being criminally exploited by [name the line or people]",),
        reason="“Running drugs” and “runner” describe a job the child chose; they are being criminally exploited to carry drugs.",
        examples=(
            "He has been running drugs for older boys.",
            "She ran a line out of town.",
            "Jayden is a runner for a county line.",
            "He has been running for the Bishop line.",
        ),
        careful=(
            "The police ran a check on the car.",
            "She is a keen runner in the cross-country club.",
            "He runs the tuck shop.",
            "The man who ran the line has been charged.",
        ),
        actor="child",
        unless_before="@COERCED $|( cross country|fast|good|keen|long distance|marathon|strong|talented|front|sprint|club|parkrun|park run|track|fell|great|brilliant|bean ) _{0,1} $",
        unless_after="_{0,2} (awareness|prevention|session|sessions|training|workshop|workshops|project|team|programme|service|meeting|panel|campaign|group|club|race|relay|athletics|school|charity|park|parkrun|beans|bus|train|tuck)",
    ),
    Rule(
        id="plugging",
        category=Category.DRUG_RUNNING,
        pattern="< (be|was|were|been|being)? plugging|plugged|plug|plugs (drugs|wraps|it|them)? >",
        suggestion="being forced to hide drugs inside their body",
        reason="“Plugging” hides that a child was made to hide drugs inside their body, which is abuse.",
        examples=("He was plugging when police found him.", "She had wraps plugged in her body."),
        careful=("The plug socket is broken.", "He plugged his phone in to charge."),
        actor="child",
        unless_after="_{0,1} (socket|sockets|in to|into the wall|in to charge|in to the|point|points|adaptor|charger|the gap|the gaps|hole|holes|away at)|in (the|his|her)? (wall|charger|tv|laptop|phone|console) | (his|her|their|the|a|my) (phone|laptop|charger|tv|console|headphones|earphones|iron|kettle|speaker|xbox|playstation)",
        unless_before="(spark|the|a|electric|bath|sink|ear) $|@COERCED $",
        unless_sentence="charger|charging|charge|socket|sockets|laptop|console|tv|kettle",
    ),
    Rule(
        id="drug-slang",
        category=Category.DRUG_RUNNING,
        pattern=(
            "< (be|is|was|were|been)? =shotting|=shotter|=shotters|=shot (weed|drugs|crack|for)? > "
            "| < (serving|serve|served|serves|bagging|bag|bagged|bags) up > "
            "| < (be|is|was|were|been|been)? =trapping > | < (minding|mind|minded|running|ran|run|in|on|working|work|worked) the trap > "
            "| < (be|was|were|is)? (cuckooing|cuckooed|cuckoo) (a|an|the|someone's|people's)? _{0,2} (address|flat|house|home|property|person|man|woman) > "
            "| < (grafting|graft|grafted|grafts) (for|on)? > "
            "| < (go|going|went|gone|goes|be|was|is|were|out) (country|cunch|ot|o.t|o.t.) > | < out country|cunch > "
            "| < (a|the)? (drug|drugs)? mule|mules|courier|couriers (for)? > "
            "| < (do|doing|did|does|work|working|worked) (a|the|some)? (shift|shifts) (on|for)? (the|a)? (line|trap|phone)? > "
            "| < (on|hold|holding|held|run|running|ran|answer|answering|answered|have|had|carry|carrying) the (line|deal|graft|burner|work) (phone|phones) > "
            "| < taking|take|took|takes orders >"
        ),
        suggestion=Advice(
            "say what the child was made to do in plain words (for example “made to sell drugs from an address”), and who made them"
        ),
        alternatives=("being criminally exploited by [name the line or people]",),
        reason="Drug-market slang (“shotting”, “going country”, “trapping”, “grafting”) describes a job the child chose; they are being criminally exploited.",
        examples=(
            "He is shotting in the town centre.",
            "She went country with two older boys.",
            "He was minding the trap for the olders.",
            "He has been serving up in the park.",
        ),
        careful=(
            "We went to the country park.",
            "The line phone found on him is being examined by police.",
        ),
        actor="child",
        unless_before="@COERCED $",
    ),
    Rule(
        id="working-a-line",
        category=Category.DRUG_RUNNING,
        pattern=(
            "< (work|working|worked|works) (a|the|on a|on the|on|for a|for the) (county)? line|lines|trap|phone > "
            "| < (work|working|worked|works|grafting) for (a|an|the|some|these|those)? (much)? (gang|gangs|crew|dealer|dealers|drug|drugs|older|olders|elders|men|man|line|ocg|trap|adults|boss) > "
            "| < (work|working|worked|works) it off >"
        ),
        suggestion=ByWord(
            "^",
            {
                "works": "is being criminally exploited by",
                "worked": "was criminally exploited by",
                "working": "being criminally exploited by",
                "work": "be criminally exploited by",
            },
            "being criminally exploited by",
        ),
        reason="“Working for” or “working a line” describes exploitation as a job the child chose to do.",
        examples=(
            "He has been working a line out of Southend.",
            "He is working for older boys.",
            "He works for a gang.",
        ),
        careful=(
            "She is working towards her GCSEs.",
            "She is working for her exams.",
            "He works on the farm with his uncle.",
        ),
        actor="child",
        unless_before="@COERCED $",
        unless_after="_{0,2} (awareness|prevention|team|unit|service|services|project|charity|council|police)",
    ),
    Rule(
        id="dealing-drugs",
        category=Category.DRUG_RUNNING,
        pattern=(
            "< (?P<verb> dealing|deals|dealt|deal|selling|sells|sold|sell|supplying|supplies|supplied|supply|pushing|push|pushed|shifting|shift|delivering|deliver|delivered) "
            "(drugs|drug|cannabis|weed|crack|heroin|cocaine|coke|class|ket|ketamine|pills|spice|mdma|wraps|gear|food|brown|white|for|to) > "
            "| < (?P<verb2> carrying|carry|carried|carries|holding|hold|held|holds|stashing|stash|stashed|keeping|kept|minding|looking after) "
            "(drugs|cash|money|wraps|packages|parcels|the drugs|a bag|bags|for) (for|and)? > "
            "| < (drug|drugs) dealing > | < (deliveries|delivery|drops) of (drugs|crack|heroin|cannabis|weed) > "
            "| < (drugs|weed|cannabis|crack|heroin|wraps|class a|pills) (to|for) (sell|selling|supply|deal|dealing) > | < (caught|catch) red handed >"
        ),
        suggestion=ByWord(
            ("verb", "verb2"),
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
                "carrying": "being made to carry",
                "holding": "being made to hold",
                "carried": "was made to carry",
                "held": "was made to hold",
            },
            "being made to sell drugs",
        ),
        alternatives=("being criminally exploited by",),
        reason="Describing a child as dealing, carrying or holding drugs treats them as an offender by choice; they are being criminally exploited.",
        examples=(
            "He is dealing drugs at the park.",
            "She is dealing for older boys.",
            "He has been holding drugs and cash for the men.",
            "She has been carrying for the line.",
        ),
        careful=(
            "The men are drug dealers known to police.",
            "He was made to sell drugs.",
            "She carried her brother's bag home.",
            "He is being criminally exploited through drug dealing.",
        ),
        actor="child",
        unless_before="@COERCED $|(through|into|against|about|of) $",
        unless_after="_{0,2} (awareness|prevention|session|team|unit|matrix)",
    ),
    Rule(
        id="dealer",
        category=Category.DRUG_RUNNING,
        pattern="< (a|an|the|main|known|small|time|street)* (drug|drugs|cannabis|weed|crack|heroin) (dealer|dealers|seller|sellers|pusher) (for)? > | < (a|an) (main|known|small|time|street)* (dealer|seller|pusher) (for)? > | < the (main)? (dealer|seller) for >",
        suggestion="child criminally exploited to sell drugs",
        reason="“Dealer” labels a child by what they are made to do; they are a child being criminally exploited.",
        examples=(
            "Jayden is a drug dealer.",
            "School see him as a dealer.",
            "He is the main seller for the line.",
        ),
        careful=(
            "The man who groomed him is a known drug dealer.",
            "The men are drug dealers known to police.",
        ),
        actor="child",
        unless_after="'s? (who|that) (groom|exploit|recruit|control|target|threaten|abuse|use|supply|sell) | _{0,2} (called|named|known as)",
    ),
    Rule(
        id="drug-debt",
        category=Category.DRUG_RUNNING,
        pattern=(
            "< (a|his|her|their)? (drug|drugs) debt|debts > "
            "| < (owe|owes|owed|owing) (a|the)? (drug)? debt > "
            "| < (pay|paying|paid|pays|work|working|worked) off (his|her|their|a|the) (drug)? debt|debts > "
            "| < (his|her|their) debt|debts > (to|with)? "
        ),
        suggestion=Advice(
            "say that the exploiters claim a debt and use it to control the child (debt bondage)"
        ),
        alternatives=("debt the exploiters say is owed (debt bondage)",),
        reason="Exploiters often invent or set up a debt to control a child, so recording it as the child's debt takes the exploiters' side.",
        examples=("Jayden has a drug debt.", "He is working to pay off his debt."),
        careful=("The adults say he owes them money, which is debt bondage.",),
        unless_sentence="debt bondage | (say|says|said|claim|claims|claimed) _{0,2} (owe|owes|owed)",
    ),
    Rule(
        id="making-money",
        category=Category.DRUG_RUNNING,
        pattern=(
            "< (making|makes|made|earning|earns|earned|make|earn) (good|easy|quick|a lot of|lots of|some|big)? (money|cash|£) _{0,2} (from|by|through|out of)? (selling|dealing|running|drugs|the line|county lines|crime|sex) > "
            "| < (happy|pleased) with (his|her|their) (share|cut) >"
        ),
        suggestion=Advice(
            "describe who controls the money and what the child is made to do for it"
        ),
        reason="Saying a child is making money from crime or sex frames exploitation as a job the child chose.",
        examples=("He is making good money from selling drugs.",),
        careful=("He made some money washing cars.",),
        actor="child",
    ),
    # =========================================================================== missing
    Rule(
        id="absconded",
        category=Category.MISSING,
        pattern=(
            "< (?P<aux> has|have|had)? (abscond|absconded|absconds|absconding|absconder|absconders|absconed|absconding) > "
            "| < (?P<aux2> has|have|had)? (went|gone|goes|go|going|was|is|were|be|been)? awol > "
            "| < absent without leave >"
        ),
        suggestion=ByWord(
            "",
            {
                "absconded": "went missing",
                "absconed": "went missing",
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
                "was awol": "was missing",
                "is awol": "is missing",
                "were awol": "were missing",
                "absent without leave": "missing",
            },
            "missing",
        ),
        alternatives=("was missing from [home or placement]",),
        reason="“Absconded” and “AWOL” are words for escaping custody and imply wrongdoing; a child who is not where they should be has gone missing.",
        examples=(
            "Jayden absconded from his placement.",
            "She has absconded again.",
            "He went AWOL from the home.",
        ),
        careful=("Jayden went missing on Friday.",),
        sources=(*DEFAULT_SOURCES, "missing_guidance"),
    ),
    Rule(
        id="took-self-missing",
        category=Category.MISSING,
        pattern=(
            "< (put|puts|putting|made|make|makes|making|take|took|taking|takes|took) @SELF (missing|off|away) > "
            "| < (go|went|gone|goes|going|be|been|was|is) missing (by choice|voluntarily|deliberately|on purpose|for attention|to get attention|for fun) > "
            "| < (do|doing|did|does|done) a runner > | < (go|went|gone|goes|going|on) walkabout > "
            "| < (bolt|bolting|bolted|bolts) (from|out of|off)? > "
            "| < (wander|wandered|wandering|wanders) off > "
            "| < (go|went|gone|goes|going|be|is|was) on the run > "
            "| < (run|ran|running|runs|took|take|taking|takes|taken) off > (with|to|again|from|at|last|and|,|%.|!|;)? "
            "| < (run|ran|running|runs|runing) away > (to|from home|from the|from her|from his|from care|from placement|again|with|,|%.|!|;)? "
            "| < (escape|escaped|escaping|escapes) (from)? (the|her|his)? (unit|home|placement|house|care|school|ward) >"
        ),
        suggestion=Advice(
            "write that the child went missing, and describe what or who drew them away"
        ),
        alternatives=("went missing", "was missing from [home or placement]"),
        reason="Words such as “ran off”, “did a runner” or “put herself missing” make going missing about the child's behaviour, when it is often a sign of exploitation.",
        examples=(
            "She put herself missing after school.",
            "He keeps doing a runner from his placement.",
            "She ran off again last night.",
        ),
        careful=(
            "The cat ran away.",
            "He ran away from the men and rang 999.",
            "Mum ran after the car.",
        ),
        actor="named_child",
        sources=(*DEFAULT_SOURCES, "missing_guidance"),
        unless_after="from (the|those|these)? (man|men|adults|them|him|her abuser|danger|the car|the males|the older)",
    ),
    Rule(
        id="serial-missing",
        category=Category.MISSING,
        pattern="< (a|the)? (persistent|serial|habitual|frequent|chronic|prolific|repeat|regular|known)? (runaway|runaways|misper|mispers|absconder|absconders) >",
        suggestion="child who goes missing often",
        alternatives=("say what pulls them away and who they are with",),
        reason="Labels such as “serial misper” or “persistent runaway” make a child's going missing about the child, when it is often a sign they are being exploited.",
        examples=("She is a persistent runaway.", "Jayden is a misper again."),
        careful=("Jayden went missing again.",),
        sources=(*DEFAULT_SOURCES, "missing_guidance"),
    ),
    # ====================================================================== adultifying
    Rule(
        id="mature-for-age",
        category=Category.ADULTIFYING,
        pattern=(
            "< (very|quite|so|really|extremely|sexually)? (mature|old|grown up|adult|wise|older|big|tall|developed|experienced|advanced|knowing|streetwise) (for|beyond) (his|her|their|a|an) (age|years|#num|#childage) (year|yr)? (old)? > "
            "| < wise beyond (his|her|their) years > | < worldly (wise)? > "
            "| < (sexually) (mature|experienced|aware|advanced|knowing|precocious) >"
        ),
        suggestion=Advice("say the child's age; maturity does not make a child less vulnerable"),
        reason="Treating a child as older than they are (adultification) lowers the protection they receive, and falls hardest on Black and minoritised children.",
        examples=(
            "She is very mature for her age.",
            "He is big for his age.",
            "She is wise beyond her years.",
        ),
        careful=("He is mature about his diabetes care.", "She is small for her age."),
        sources=(*TCS_2024, "adultification"),
        unless_before="( tell|told|tells|telling|say|said|says|call|called|calls ) _{0,3} $",
        unless_sentence="groom|grooming|tactic",
    ),
    Rule(
        id="looks-older",
        category=Category.ADULTIFYING,
        pattern=(
            "< (look|looks|looked|seem|seems|seemed|appear|appears|appeared|present|presents|presented|come across|comes across|came across|act|acts|acted|behave|behaves|carry @SELF|carries @SELF|dress|dresses|dressed|pass|passes|passed) "
            "(as|for|like)? (a lot|a bit|much|far|way|years|so|very|quite|easily)? (older|old|adult|an adult|a man|a woman|a grown up|grown up|about|over|18|19|20|21|a young woman|a young man|mature|a lot older) > "
            "| < could (easily)? pass for > | < (more of)? an adult than a child > | < (dressed|dresses|dress) like (an adult|a woman|a man) > "
            "| < older than (his|her|their)? (#num|#childage|age|years|peers|friends) >"
        ),
        suggestion=Advice(
            "say the child's age; how old a child looks does not change that they are a child who needs protecting"
        ),
        reason="Saying a child looks or acts older (adultification) lowers the protection they receive, and falls hardest on Black and minoritised children.",
        examples=(
            "She looks a lot older than 14.",
            "He comes across as an adult.",
            "She could pass for 18.",
        ),
        careful=("He sometimes presents as confident.", "The men tell her she seems older."),
        sources=(*TCS_2024, "adultification"),
        unless_before="( tell|told|tells|telling|say|said|says|call|called|calls ) _{0,3} $",
        unless_sentence="groom|grooming|tactic|( whatever (she|he|they) looks like )",
        actor="child",
    ),
    Rule(
        id="streetwise",
        category=Category.ADULTIFYING,
        pattern=(
            "< (very)? (street wise|streetwise|streetwize|street smart|street savvy|streetsmart|savvy|sassy) > "
            "| < knows|knew|know the score > | < (been|is|was) around the block > | < clued up > "
            "| < (can|could|able to|capable of|knows how to) (look after|handle|take care of|fend for|manage|protect) @SELF > "
            "| < hold|holds|holding (her|his|their) own > | < (a)? tough (girl|boy|lad|cookie|kid|nut) > "
            "| < not (a)? (vulnerable|naive|innocent) > | < (very|quite|so)? capable > (of keeping|of looking)? "
            "| < know|knows|knew (exactly|full well|fully|perfectly well)? what (he|she|they) (is|was|are|were|'s|'re) (doing|getting into) > "
            "| < (fully|completely|well|very)? aware of what (he|she|they) (is|was|are|were|'s|'re) doing > "
            "| < old|mature enough to (know better|make|choose|decide|consent|look after|understand|take responsibility) > "
            "| < knows (her|his|their) own mind > | < make (her|his|their) own mind up > "
            "| < (make|makes|making) (her|his|their) own (informed)? (decisions|choices|choice|decision) > | < (able to|can) make informed decisions > "
            "| < (very)? (grown up|grownup) > | < (more)? sophisticated > | < treated as such >"
        ),
        suggestion=Advice(
            "describe what the child has been exposed to and who is exploiting them; a child who seems able to cope is still a child who can be exploited"
        ),
        reason="Describing a child as streetwise, knowing or able to look after themselves makes them seem older and less in need of protection.",
        examples=(
            "Jayden is streetwise.",
            "She can look after herself.",
            "She knew exactly what she was doing.",
            "He is old enough to know better.",
        ),
        careful=(
            "He is old enough to have a bank account.",
            "She knows the bus routes well.",
            "Zara is growing up fast.",
        ),
        actor="child",
        sources=(*TCS_2024, "adultification"),
        unless_before="( not|n't|never|does not|doesn't|yet|still|tell|told|say|said|believe|thinks ) _{0,3} $|right to $",
    ),
    Rule(
        id="young-woman-man",
        category=Category.ADULTIFYING,
        pattern="< young woman|women|man|men|lady|ladies >",
        suggestion="young person",
        alternatives=("child",),
        reason="Calling a child a young woman or young man makes them sound like an adult and can lower the protection they receive.",
        examples=("She is a young woman who is confident with adults.",),
        careful=("Her sister is a young woman of 22.",),
        only_under_age=18,
        sources=(*TCS_2024, "adultification"),
        unless_after=",? %(? (#adultage|of #adultage|aged #adultage|who is #adultage|in (his|her|their) (late|mid|early)? twenties|thirties|20s|30s|herself|himself)",
        unless_before="(mum|dad|mother|father|sister|brother|aunt|uncle|carer|worker|officer|staff|nurse|teacher) _{0,3} $",
    ),
    Rule(
        id="child-called-woman",
        category=Category.ADULTIFYING,
        pattern="< #childage (year|yr|years)? (old)? (woman|man|lady|women|men) > | < (presents|presented|present|comes across|came across) as (a)? young (woman|man|lady) >",
        suggestion=Advice(
            "say “girl”, “boy” or “child” with their age: a child of that age is not a woman or a man"
        ),
        reason="Calling a child a woman or a man makes them sound like an adult and can lower the protection they receive.",
        examples=("The 15 year old woman was found at the address.",),
        careful=("The 19 year old woman has been arrested.",),
        sources=(*TCS_2024, "adultification"),
    ),
    # ==================================================================== parent-blaming
    Rule(
        id="disguised-compliance",
        category=Category.PARENT_BLAMING,
        pattern="< (disguised|false|feigned|apparent|superficial|token) (compliance|compliant|co operation|cooperation|engagement|co operative|cooperative) > | < superficially (compliant|engaging|cooperative|co operative) >",
        suggestion=Advice(
            "describe what was agreed, what has happened since, and what has got in the way"
        ),
        reason="“Disguised compliance” assumes parents are deceiving professionals, when parents of exploited children are usually trying to protect them.",
        examples=("There is evidence of disguised compliance from mum.",),
        careful=("The school's compliance with the agreement was checked.",),
    ),
    Rule(
        id="failure-to-protect",
        category=Category.PARENT_BLAMING,
        pattern=(
            "< (fail|failed|failing|fails|failure|unable|not able|incapable|inability) to (protect|safeguard|keep (her|him|them) safe) > "
            "| < (not|n't|never) (been|being|be|very|particularly)? protective > "
        ),
        suggestion=Advice(
            "name the people exploiting the child and describe what the parents have done to try to protect them"
        ),
        reason="In harm from outside the family, “failure to protect” wrongly makes the parents responsible for what the exploiters did.",
        examples=(
            "Parents failed to protect her from the men.",
            "There is a failure to protect.",
            "Grandparents are unable to protect him.",
        ),
        careful=("Services failed to protect her.", "Dad has been protective."),
        actor="family",
        unless_before="( services|agencies|we|police|professionals|system|schools|school|council|authority|partners|state|society|staff|home|placement|institutions|agency|csc ) _{0,3} $",
    ),
    Rule(
        id="poor-parenting",
        category=Category.PARENT_BLAMING,
        pattern=(
            "< (poor|inadequate|lax|ineffective|weak|permissive|neglectful|inconsistent|chaotic) (parental)? (parenting|supervision|boundaries|care) > "
            "| < (lack|lacks|lacking|absence) of (parental)? (supervision|boundaries|control|engagement|support) > "
            "| < (no|few) (parental)? boundaries > | < (unable|not able|fail|failing|failed|fails) to (set|put in|enforce|keep) (any)? (boundaries|limits|rules) > "
            "| < (fail|failing|failed|fails|unable) to supervise > "
            "| < (lost|lose|losing|loses) control of > | < (a|an)? neglectful|permissive|lax (parent|parents|mum|dad|mother|father)? > "
            "| < chaotic (home|family|household|parenting|parents)? > | < (the family|they|parents) (are|is|were)? chaotic > "
            "| < (not|n't) (prioritising|prioritise|prioritizing|prioritize|putting) > "
            "| < puts|put|putting (her|his|their) own needs (before|first) > "
            "| < (allow|allowed|allowing|allows|let|lets|letting) (the)? (exploitation|abuse) > "
            "| < (allow|allowed|allowing|allows|let|lets|letting) _{0,2} (to)? (stay out|do what|come and go|go out|see the man|see him|see them) > "
            "| < minimising|minimise|minimises|minimising|minimizing|downplaying (the)? (risk|risks|concerns) > "
            "| < (is|are|was|very|quite|too|so)? passive > "
            "| < (has been|is|was|are|remains)? ambivalent > "
        ),
        suggestion=Advice(
            "describe what the parents are doing to keep their child safe and what help they need; name who is exploiting the child"
        ),
        reason="Exploitation outside the home is not caused by parenting, and blaming parents loses the people best placed to help protect the child.",
        examples=(
            "There is a lack of parental supervision.",
            "Poor parenting is a factor.",
            "Mum has lost control of him.",
            "Mum is unable to set boundaries.",
        ),
        careful=(
            "Mum asked for help with setting boundaries at home.",
            "Parents are trying hard to protect him.",
        ),
        actor="family",
    ),
    Rule(
        id="collusion",
        category=Category.PARENT_BLAMING,
        pattern="< collude|colluding|colluded|collusion|collusive|colludes >",
        suggestion=Advice(
            "describe what the parent or child did and why; families are often frightened or threatened by exploiters"
        ),
        reason="“Colluding” treats a frightened or threatened family as on the exploiters' side.",
        examples=("Mum is colluding with Jayden.",),
        careful=("We discussed professional collusion in supervision.",),
        unless_before="(professional|agency|institutional) $",
        actor="family",
    ),
    Rule(
        id="in-denial",
        category=Category.PARENT_BLAMING,
        pattern="< in denial > | < parental denial >",
        suggestion="finding it hard to accept what is happening",
        reason="“In denial” blames a parent or child for the shock of learning that a child is being exploited.",
        examples=("Mum is in denial about the risks.",),
        careful=("Mum finds it hard to accept what has happened.",),
    ),
    Rule(
        id="lack-of-insight",
        category=Category.PARENT_BLAMING,
        pattern="< (lack|lacks|lacking|has no|had no|has little|had little|limited|poor|no|little|without|minimal) (any)? insight >",
        suggestion=Advice(
            "say what the child or parent understands so far; not recognising exploitation is an effect of grooming, not a failing"
        ),
        reason="“Lack of insight” blames a child or parent for not seeing what grooming is designed to hide.",
        examples=("She lacks insight into the risks.", "Mum has limited insight."),
        careful=("Mum has shared real insight into what helps.",),
    ),
    Rule(
        id="out-of-control",
        category=Category.PARENT_BLAMING,
        pattern="< (out of|beyond) (parental|her|his|their|mum's|dad's|mum|dad|parents|parents')? (parents|mum|dad|carers|'s)? control > | < uncontrollable|ungovernable|unmanageable >",
        suggestion=Advice(
            "describe what is happening and who is pulling the child away; parents are often trying hard to keep their child safe"
        ),
        reason="“Out of control” blames the child and the parents, and hides the people who are controlling the child.",
        examples=("Jayden is out of control.", "She is beyond parental control."),
        careful=("The fire was out of control.",),
        unless_before="(situation|things|spiral|spiralled|spiralling|fire|car|driver|vehicle|dog|costs|cost|debt|debts|bills) _{0,6} $",
    ),
    # ============================================================================ labels
    Rule(
        id="hard-to-reach",
        category=Category.LABEL,
        pattern="< (?P<kind> (hard|difficult) to (reach|engage|work with|get through to|help)) >",
        suggestion=ByWord(
            "kind",
            {
                "hard to engage": "not yet engaged by services",
                "difficult to engage": "not yet engaged by services",
            },
            "not yet reached by services",
        ),
        alternatives=("say what services have not yet managed",),
        reason="“Hard to reach” puts the onus on the child or family; say what services have not yet managed to do.",
        examples=(
            "The family are hard to reach.",
            "Mum is difficult to engage.",
            "Sam to call Precious, who is hard to reach by phone.",
        ),
        careful=(
            "The flat is hard to reach by bus.",
            "Staff at the hostel are hard to reach at weekends.",
        ),
        actor="family",
        unless_after="(by|on) (bus|car|train|tram|public transport|foot|bike) | without a car | from (the|our|his|her)? (estate|office|school|town|city) | at (weekends|night) | out of hours",
        unless_before="( flat|house|address|estate|place|office|area|village|location|building|venue|hospital|centre|site|room|school|station|surgery|clinic|service|services|team|staff|hostel|line|phone|number ) _{0,4} $",
    ),
    Rule(
        id="disengaged",
        category=Category.LABEL,
        pattern=(
            "< disengage|disengaged|disengaging|disengagement|disengages > "
            "| < non (engagement|engaging|engaged|engager|engagers) > "
            "| < (not|n't) engaging|engaged > "
            "| < (refuse|refuses|refused|refusing|unwilling|reluctant|fail|fails|failed|failing|won't|will not|did not|didn't|does not|doesn't|wont|difficult|hard) to? engage > "
            "| < (poor|lack of|limited|minimal|sporadic|no|little) (engagement|cooperation|co operation) > "
            "| < (refuse|refuses|refused|refusing|unwilling|reluctant) to work with > "
            "| < (non compliant|noncompliant|non compliance|uncooperative|un cooperative|uncooperative|obstructive|avoidant|resistant) > "
            "| < keeps|keep cancelling >"
        ),
        suggestion=Advice(
            "say what services have not yet managed, for example “we have not yet found a time or place that works for the family”"
        ),
        reason="“Disengaged”, “non-compliant” or “resistant” blame the child or family for services not yet reaching them; describe what has and has not worked.",
        examples=(
            "Jayden has disengaged from the service.",
            "Mum is not engaging.",
            "He refuses to engage.",
            "The parents are resistant to professional involvement.",
        ),
        careful=(
            "Jayden has disengaged from the older boys.",
            "Engagement with the YOT has been good.",
            "The officer was uncooperative.",
        ),
        actor="family",
        unless_after="(from|with) (the|those|these|his|her)? (gang|group|older|men|people|peers|exploit~|them|him|abusers|the line|drugs|county|boys|girls|friends|associates)|with (his|her|their)? (bail|licence|curfew|tag|court|order|conditions|medication)",
        unless_before="(officer|police|staff|agency|agencies|service|services|school|professionals|worker|team|hotel|landlord) _{0,3} $",
    ),
    Rule(
        id="promiscuous",
        category=Category.LABEL,
        pattern=(
            "< promiscuous|promiscuity|promiscous > | < (sleep|sleeps|sleeping|slept) around > "
            "| < flirtatious|flirty|flirt|flirts|flirting|flirted > "
            "| < (sexualised|sexualized) (in (her|his|their))? (behaviour|behaviours|behavior|manner)? > "
            "| < (sexually)? provocative|provocatively > "
            "| < (dress|dresses|dressed|dressing) (very)? (provocatively|inappropriately|sexily|sexually|older) > "
            "| < (revealing|skimpy) (clothes|clothing|outfits|outfit|tops|top) > "
            "| < (multiple|many|several|numerous|lots of) (sexual)? partners >"
        ),
        suggestion=Advice(
            "describe what was seen and who was there, without judging the child's sexual behaviour, appearance or manner; name who is exploiting them"
        ),
        alternatives=("being sexually exploited",),
        reason="Words that judge a child's sexual behaviour or appearance blame them for abuse and stop adults seeing exploitation.",
        examples=(
            "She is promiscuous.",
            "He is flirty with older men.",
            "She dresses provocatively.",
        ),
        careful=("She has been sexually exploited by several adults.",),
        unless_before="(man|men|adult|adults|male|males|perpetrator) _{0,2} $",
    ),
    Rule(
        id="slurs",
        category=Category.LABEL,
        pattern="< slag|slags|slut|sluts|slutty|whore|whores|sket|skets|hos|hoes|tart > | < (easy|loose) (girl|girls|lay) >",
        suggestion=Advice(
            "do not use insults to describe a child; if you are recording what someone said, quote them and say who"
        ),
        reason="Insulting sexual labels blame and shame a child who is being abused.",
        examples=("Her peers say she is a slag.", "She has a reputation as an easy girl."),
        careful=("The boys at school called her names, which we reported.",),
    ),
    Rule(
        id="attention-seeking",
        category=Category.LABEL,
        pattern=(
            "< attention (seeking|seeker|seekers|seeks|grabbing) > "
            "| < (for|to get|to gain|wants|craves|seeking) (the)? (attention|a reaction|reaction|sympathy) > "
            "| < needy|clingy > | < manipulative|manipulates|manipulating > | < drama queen|queens > "
            "| < plays|play|playing|played (staff|people|workers|carers|professionals|us|them|adults) (off|against) >"
        ),
        suggestion=Advice("describe what the child did and what need or fear may lie behind it"),
        alternatives=("seeking connection and care",),
        reason="Calling a child attention-seeking, needy or manipulative dismisses what may be a call for help.",
        examples=(
            "She is attention seeking.",
            "He is manipulative with staff.",
            "She self-harms for a reaction.",
        ),
        careful=(
            "She asks for a lot of contact with workers, and we think she needs to know someone is there.",
            "Tyler is an asylum-seeking child.",
        ),
        unless_before="(men|man|adult|adults|groomer|perpetrator|abuser) _{0,2} $",
        actor="family",
    ),
    Rule(
        id="troublemaker",
        category=Category.LABEL,
        pattern=(
            "< (a)? (trouble maker|troublemaker|troublemakers|bad influence|bad egg|problem child|problem kid|thug|thugs|bad lot|wrong un|wrong 'un|nightmare) > "
            "| < (always been|is|was|are|nothing but) trouble > "
            "| < (a|an)? (difficult|problem|naughty|challenging|disruptive|feral|violent) (child|kid|boy|girl|teenager|young person|yp) > "
            "| < (hard|difficult) =work > "
            "| < (poor|bad|negative) attitude > | < unmotivated|lazy|defiant|hostile|aggressive|abusive|rude|naughty|disruptive|feral > "
            "| < beyond help|saving|hope > | < (a)? hardened > "
            "| < (school|education) refuser|refusers|refusal > | < (a)? persistent (absentee|truant|absconder|offender|young offender) > "
            "| < (a)? (prolific|persistent|serial|known|repeat|young|juvenile) (offender|offenders|shoplifter|thief|criminal|criminals) > "
            "| < a danger to >"
        ),
        suggestion=Advice(
            "describe what happened and what may be driving it, rather than labelling the child"
        ),
        reason="Labels such as “troublemaker” or “prolific offender” describe the child by their behaviour and hide the harm and exploitation behind it.",
        examples=(
            "He is a troublemaker.",
            "She is a difficult child.",
            "He is a prolific shoplifter.",
        ),
        careful=("He gets angry when he feels unsafe.", "She is a talented artist."),
        actor="family",
        unless_before="(man|men|adult|adults|male|males|perpetrator|perpetrators|dealer|dealers|gang) _{0,3} $",
    ),
    Rule(
        id="drug-user-label",
        category=Category.LABEL,
        pattern="< (a|an)? (known|heavy|regular|habitual|chronic|problematic)? (drug|drugs|cannabis|weed|crack|heroin|cocaine|substance|class)? (a)? (user|users|addict|addicts|junkie|stoner|druggie|smackhead|crackhead) >",
        suggestion=Advice(
            "say what the child uses and how often, and that exploiters often use drugs to groom and control children"
        ),
        alternatives=("child who uses cannabis",),
        reason="Calling a child a drug user labels them, when exploiters often give children drugs to groom and control them.",
        examples=("He is a cannabis user.", "She is a known drug user."),
        careful=("He uses cannabis most days and wants help to cut down.",),
        actor="child",
    ),
    Rule(
        id="trafficking-labels",
        category=Category.LABEL,
        pattern="< (cannabis|drug|drugs|weed) (farm|factory) (worker|workers|gardener|gardeners) > | < (drug|drugs|county lines) slave|slaves > | < honey (trap|traps|trapping) > | < money mule|mules >",
        suggestion=Advice("say the child is being trafficked and exploited, and by whom"),
        alternatives=(
            "child trafficked and exploited on a cannabis farm",
            "child being financially exploited",
        ),
        reason="Naming a child by the work they are forced to do hides that they are being trafficked and exploited.",
        examples=(
            "He was arrested as a cannabis farm worker.",
            "She is being used as a money mule.",
        ),
        careful=("He was trafficked to a cannabis farm.",),
    ),
    Rule(
        id="illegal-immigrant",
        category=Category.LABEL,
        pattern="< illegal (immigrant|immigrants|migrant|migrants|alien|aliens|entrant|entrants) > | < illegals >",
        suggestion="child who may have been trafficked",
        reason="A child brought into the country is first a child who may have been trafficked, not an offender.",
        examples=("He came here as an illegal immigrant.",),
        careful=("He is an unaccompanied asylum-seeking child.",),
    ),
    Rule(
        id="typical-teenager",
        category=Category.MINIMISING,
        pattern="< (typical|normal|usual) (teenage|teenager|teenaged|adolescent) (behaviour|behavior|rebellion|stuff|boy|girl|thing|things)? > | < (just)? being a (typical|normal)? teenager > | < teenage rebellion > | < (going through a|just a) phase > | < hormonal|hormones >",
        suggestion=Advice(
            "describe what has changed; changes in behaviour can be signs of grooming or exploitation"
        ),
        reason="Putting changes down to normal teenage behaviour can hide the signs of grooming and exploitation.",
        examples=("It is just typical teenage behaviour.", "She is going through a phase."),
        careful=("She is a teenager who loves music.",),
        unless_before="(not|n't|isn't|never) _{0,3} $",
    ),
    # ====================================================== minimising or sexualising abuse
    Rule(
        id="sexually-active",
        category=Category.MINIMISING,
        pattern="< sexually active >",
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
        careful=("She is not sexually active.",),
        unless_before="(not|never|isn't|wasn't|n't) (been|being)? $",
        until_age=18,
        sources=("tcs", "product", "sexual_offences_act"),
    ),
    Rule(
        id="sex-with-adult",
        category=Category.MINIMISING,
        pattern=(
            "< (?P<verb> had|has|having|have) (had)? (sex|sexual intercourse|intercourse|sexual contact) with > (a|an|the|some|several|two|three|many|various|multiple|older)? _{0,2} @ADULT|them|him|her "
            "| and (the|a|an)? _{0,2} @ADULT < (have|had|has) (sex|sexual intercourse|intercourse) > "
            "| < (engage|engaged|engaging|engages) in (sexual|sex) (activity|activities|acts|intercourse|behaviour) (with)? > "
            "| < (have|has|had|having) been having sex > "
        ),
        suggestion=ByAge(
            under_13="was raped by",
            under_16="was sexually abused by",
            sixteen_or_over="was sexually exploited by",
            unknown="was sexually abused by",
        ),
        reason="Saying a child had sex with an adult describes abuse as something the child did.",
        examples=(
            "She had sex with an older man at the party.",
            "She engaged in sexual activity with the male.",
        ),
        careful=(
            "The man has been charged with sexual activity with a child.",
            "We talked about sexual health.",
        ),
        until_age=18,
        actor="child",
        sources=("tcs", "product", "sexual_offences_act"),
        unless_before="@COERCED $",
    ),
    Rule(
        id="sex-with-minor",
        category=Category.MINIMISING,
        pattern="< (had|has|having|have) sex with (a|an)? (minor|minors|underage|under age|children|child|#childage) > | < (under age|underage) (sex|sexual) (activity|intercourse|relationship|relationships)? > | < child sex >",
        suggestion="sexual abuse of a child",
        reason="“Underage sex” or “sex with a minor” softens what is sexual abuse of a child.",
        examples=("He is suspected of underage sex with her.", "YP has been having underage sex."),
        careful=("Sex education covers consent.",),
        sources=("tcs", "product", "sexual_offences_act"),
    ),
    Rule(
        id="performing-sex-acts",
        category=Category.MINIMISING,
        pattern="< (?P<verb> perform|performed|performs|performing|gave|giving|gives|give|provide|provided|provides|providing|offer|offered|offers|offering) (him|them|a man|men|the men|the man|older _)? (oral sex|sexual acts|sexual favours|sexual favors|sexual services|sex acts|sex|blow job|blowjob|hand job|handjob|oral) > | < sexual favours|favors >",
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
        examples=(
            "She performed sexual acts on the men.",
            "He gave them sexual favours.",
            "She gave oral sex to the men.",
        ),
        careful=("She was made to perform sexual acts.",),
        actor="child",
        unless_before="@COERCED $",
    ),
    Rule(
        id="child-prostitution",
        category=Category.MINIMISING,
        pattern=(
            "< (child|teen|teenage|young|underage|juvenile)? (prostitute|prostitutes|prostitution) > | < (prostituting|prostituted|prostitutes|prostitute) @SELF > "
            "| < (selling|sells|sold|sell) (@SELF|(her|his|their) (body|bodies)|sex) > "
            "| < sex work|worker|workers|working > | < rent boy|boys > | < working girl|girls > | < on the game > "
            "| < (escorting) > | < (work|working|worked|works) as (an|a)? escort|escorts|prostitute|stripper >"
        ),
        suggestion="being sexually exploited",
        alternatives=("child sexual exploitation",),
        reason="A child cannot be a prostitute, an escort or a sex worker: they are being sexually exploited.",
        examples=(
            "She is a child prostitute.",
            "He is selling himself.",
            "She has been working as an escort.",
        ),
        careful=(
            "The police escorted her home.",
            "The escort for the school trip was two teachers.",
        ),
        unless_before="@COERCED $",
        unless_after="_{0,1} (support|outreach|project|projects|service|services|charity|volunteer|volunteers|organisation|team|advocate|advocates)",
    ),
    Rule(
        id="pimp",
        category=Category.MINIMISING,
        pattern="< (being|was|been|is|were)? (pimped|pimping) (out)? > | < (her|his|their|a|the)? (pimp|pimps|punter|punters) >",
        suggestion=Advice(
            "say that the child is being sexually exploited, and name who is doing it"
        ),
        alternatives=("being sexually exploited", "person who is sexually exploiting children"),
        reason="Words from the sex trade make a child's sexual exploitation sound like business; name it as exploitation and abuse.",
        examples=("She is being pimped out by an older girl.", "Her pimp drives her to hotels."),
        careful=("She is being sexually exploited by an older girl.",),
    ),
    Rule(
        id="child-pornography",
        category=Category.MINIMISING,
        pattern="< (child|kiddie|kiddy|underage|teen|juvenile|self generated)? (porn|pornography|pornographic) (of (a)? (child|children|her|him|them))? >",
        suggestion="child sexual abuse material",
        reason="Pornography suggests consenting adults; images of a child being abused are child sexual abuse material.",
        examples=("Police found child pornography on his phone.",),
        careful=("Police found child sexual abuse material on his phone.",),
        sources=("tcs", "product", "luxembourg"),
        unless_before="(adult|adults|legal) $",
    ),
    Rule(
        id="fondled",
        category=Category.MINIMISING,
        pattern=(
            "< (?P<verb> fondle|fondled|fondles|fondling|grope|groped|gropes|groping) > "
            "| < (touched|touching|touches|touch) (her|him|them) up > "
            "| < (interfered|interfering|interferes|messed|messing|fooled|fooling) (around)? with > (her|him|them|a child|the child|children|kids|the girls|the boys|the girl|the boy) "
            "| < (be|was|were|been|being|got|get) (interfered|messed|fooled) (around)? with >"
        ),
        suggestion=Advice(
            "say what happened plainly: the adult sexually assaulted or sexually abused the child"
        ),
        alternatives=("sexually assaulted", "sexually abused"),
        reason="Soft words for sexual touching (“fondled”, “interfered with”) minimise a sexual assault on a child.",
        examples=("The man fondled her in the car.", "He was interfered with by a family friend."),
        careful=("He messed with his phone.",),
        unless_after="(his|her|their|the|my|your)? (phone|bike|car|settings|evidence|statement|account|homework|investigation|stuff|things|hair|food)",
    ),
    # ========================================================================= disbelief
    Rule(
        id="claims-alleges",
        category=Category.DISBELIEF,
        pattern="< claim|claims|claimed|alleges|alleged|allege|purports|purported > (that)? _",
        suggestion=ByWord("", {"claimed": "said", "alleged": "said", "purported": "said"}, "says"),
        reason="“Claims” and “alleges” signal doubt about what a child has told us; record what they said.",
        examples=(
            "She claims she was raped at the party.",
            "Jayden alleged that he was threatened with a knife.",
        ),
        careful=(
            "The man claims he did not know her age.",
            "The adult alleged to have exploited him is on bail.",
            "Mum made a claim for Universal Credit.",
        ),
        actor="child",
        unless_before="(a|the|her|his|their|this|that|any|no) $",
        unless_after="(form|forms|for|back|benefit|benefits|universal|expenses|money|compensation|allowance|pip|dla)",
    ),
    Rule(
        id="liar",
        category=Category.DISBELIEF,
        pattern=(
            "< (a)? (compulsive|habitual|pathological|serial|known)? liar|liars > "
            "| < (be|keep|keeps|kept|always)? lying (to|about) > | < tells|tell|telling lies > "
            "| < (made|making|makes|make) (it|this|things|stories|that|everything) up > | < (made|making|makes|make) up (stories|things|lies|allegations) > | < crying|cries|cry|cried wolf > "
            "| < exaggerate|exaggerating|exaggerates|exaggerated > | < fabricate|fabricated|fabricating|fabricates > "
            "| < (not|n't) (credible|believable|reliable) > | < (hard|difficult) to believe > | < (story|account|version) (keeps|keep)? changing > "
            "| < (this|which|it) (seems|seemed|is|was|sounds)? (unlikely|doubtful|far fetched) > | < which we doubt > | < unreliable > "
            "| < (her|his|their) version of events >"
        ),
        suggestion=Advice(
            "record what the child said and what differs; exploited children are often threatened into silence or untruths"
        ),
        reason="Calling a child a liar or their account unlikely stops adults listening, and exploiters count on children not being believed.",
        examples=(
            "She is a compulsive liar.",
            "He keeps lying about where he goes.",
            "She is exaggerating about the men.",
        ),
        careful=("Her account has changed over time, which is common for frightened children.",),
        actor="child",
        unless_before="(not|n't|never) _{0,2} $",
    ),
    Rule(
        id="reluctant-witness",
        category=Category.DISBELIEF,
        pattern=(
            "< (an)? (unreliable|uncooperative|un cooperative|reluctant|unwilling|hostile|non cooperative|difficult|non co operative) (witness|victim|complainant|witnesses|victims) > "
            "| < (refuse|refuses|refused|refusing|decline|declines|declined|declining|won't|will not|would not|wouldn't|did not|didn't) to? (co operate|cooperate|support (a|the) (prosecution|investigation)|make a statement|give a statement|assist (the)? police) > "
            "| < (uncooperative|un cooperative|unhelpful) (during|in|with) (the)? (abe|interview|police|investigation|interviews) >"
        ),
        suggestion=Advice(
            "say what would help the child feel safe enough to speak to police, and what they fear"
        ),
        reason="A child who will not give a statement is usually frightened or still under the exploiters' control, not obstructive.",
        examples=(
            "He refused to cooperate with police.",
            "She is a reluctant witness.",
            "She was uncooperative during the ABE interview.",
        ),
        careful=("She is not ready to give evidence yet.",),
        actor="child",
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
