"""Demo articles for the resources library, written for relsafe in our own words. Each names the
public sources it draws on so a reader can check them; none copies their text. Written and
published by Dana (a team manager, the library's editor in the demo). Idempotent: articles are
found by their slug and put back as written here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from relsafe.core.demo import DemoWorld
from relsafe.resources.models import AUDIENCE_FIELDS, Article, ArticleTopic, Audience, Topic
from relsafe.resources.services import article_search_text

P, Y, PR = Audience.PARENT, Audience.YOUNG_PERSON, Audience.PRACTITIONER


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    summary: str
    audiences: tuple[str, ...]
    topics: tuple[str, ...]
    body: str


ARTICLES: list[DemoArticle] = [
    DemoArticle(
        "signs-of-grooming",
        "Signs that someone may be grooming your child",
        "Grooming is how an abuser builds trust and control over a child. Here are changes you "
        "might notice, and what you can do.",
        (P, PR),
        (Topic.GROOMING, Topic.SEXUAL_EXPLOITATION),
        """Grooming is the way someone who means to abuse or exploit a child wins their trust, and
often the trust of the people around them. It can happen in person or online, over weeks or
months. Groomers are often skilled and patient: **nothing about it is your fault, or your
child's.**

## Changes you might notice

No single sign proves anything, and teenagers change for many reasons. It is the pattern that
matters. You might notice that your child:

- has new things they cannot explain: clothes, trainers, a phone, money, or credit on their phone
- has a new, older friend or "boyfriend" or "girlfriend" they will not talk about
- is secretive about their phone, or has a second phone
- stays out late, comes home at odd hours or goes missing, sometimes for nights
- seems frightened, withdrawn, angry or tired, or their mood swings sharply
- stops seeing old friends, or drops activities they loved
- is picked up or dropped off by cars you do not know

## What you can do

- **Keep talking.** Stay calm and curious rather than angry: a groomer often tells a child their
  family will not understand. Your warmth is one of the strongest protections your child has.
- **Write down what you notice** — dates, times, names, cars and phone numbers. See *Keeping a
  log of what you see*.
- **Tell someone.** Your worker, your child's school, or the police on 101. If your child is in
  danger now, call 999.
- The NSPCC helpline (0808 800 5000) gives advice to worried adults.

## Where this comes from

The Department for Education's guide *Child sexual exploitation: definition and guide for
practitioners* (2017) and the NSPCC's public pages on grooming describe these signs in more
detail.
""",
    ),
    DemoArticle(
        "county-lines",
        "Criminal exploitation and county lines: what parents should know",
        "How criminal groups use children to move drugs and money, the signs to look for, and why "
        "a child who is exploited is a victim, not an offender.",
        (P, PR),
        (Topic.CRIMINAL_EXPLOITATION, Topic.GROOMING),
        """**Criminal exploitation** is when a person or group uses a child to commit crime for
them, through a mix of rewards, threats and control. **County lines** is one form of it: a
network brings drugs from a city to other towns, where buyers order them through one phone
number (the "line"), and
exploits children to move its drugs and money, or to stay in the homes of people the network has
taken over.

## How it happens

It often starts with something that looks like kindness or friendship: food, lifts, trainers,
attention, a sense of belonging. Then comes a "debt" — money the child is told they owe, or drugs
they were "robbed" of — and the child is made to work it off. Threats against the child or their
family keep them in it.

## Signs to look out for

- going missing, or being found far from home in a town they have no reason to visit
- train or bus tickets, or unexplained journeys
- more than one phone, or a phone that never stops ringing
- cash, new clothes or items they cannot explain
- injuries they will not talk about
- new friends who are older, or fear of certain people or places

## What matters most

A child who is criminally exploited is a **victim**, even when they have been caught carrying
drugs. Professionals should see it that way too; if you feel they do not, say so, or ask your
worker to help you say so. A referral to the National Referral Mechanism (the government's
process for identifying victims of modern slavery) may be made for your child — ask your worker
what it means for your family.

## Where this comes from

The Home Office guidance *Criminal exploitation of children and vulnerable adults: county lines*
explains how county lines networks work and what agencies should do. The Children's Society
publishes plain-language information for families.
""",
    ),
    DemoArticle(
        "going-to-court-special-measures",
        "What happens at court, and the help a young witness can have",
        "If your child is a witness in a criminal trial, the law allows help so they can give "
        "their best evidence. This explains special measures and what to expect.",
        (P, PR),
        (Topic.COURT,),
        """Giving evidence can feel frightening, for a child and for you. The law recognises that
children may need help to give their best evidence, and children under 18 are automatically
treated as eligible for it. These kinds of help are called **special measures**.

## Special measures

The court decides which measures to allow, after the prosecution applies for them. They include:

- **screens**, so your child does not see the defendant in the courtroom
- a **live link**, so your child gives evidence by video from another room or building
- **evidence in private**, with the public gallery cleared (in some cases)
- judges and lawyers **taking off wigs and gowns**
- a **video-recorded interview** (often called an ABE interview) played as your child's main
  evidence
- **pre-recorded cross-examination**, so your child's questioning can happen before the trial
- a **registered intermediary**, who helps with communication between your child and the court
- **communication aids**, such as a picture board

## Before the day

- Ask for a **pre-trial visit**, so your child can see the court and the live-link room. The
  Witness Service (run by Citizens Advice) can arrange it.
- Your worker can help with transport, childcare and time off.
- Trials are often delayed. It is hard; it is not a sign anything has gone wrong.

## Your rights

The *Code of Practice for Victims of Crime* (the Victims' Code) sets out what victims, and
parents of victims under 18, can expect: to be kept informed, to be referred to support, and to
make a Victim Personal Statement.

## Where this comes from

The Youth Justice and Criminal Evidence Act 1999 (sections 23 to 30) sets out special measures;
the Crown Prosecution Service's legal guidance on special measures explains how they are applied
for; the Ministry of Justice publishes the Victims' Code.
""",
    ),
    DemoArticle(
        "being-a-witness-young-people",
        "Being a witness: a guide for young people",
        "If you are going to be a witness in court, here is what happens, who helps you, and what "
        "you can ask for.",
        (Y,),
        (Topic.COURT,),
        """If the police have charged someone, you might be asked to be a **witness**: to tell
the court what happened. You have not done anything wrong. You are there to help the court
understand.

## You can ask for help to give evidence

Because you are under 18, you can have help called **special measures**. For example:

- talking to the court **over a video link** from a different room, so you do not have to be in
  the courtroom
- a **screen**, so you do not see the person on trial
- your **recorded police interview** played instead of saying it all again
- an **intermediary**: someone who makes sure the questions are asked in a way you understand

Tell your worker what would help you. The court decides, but your view matters.

## Before the trial

You can visit the court first to see the rooms and meet the people who will help on the day.
Ask your worker or the Witness Service.

## On the day

- You can ask for a break at any time.
- If you do not understand a question, say so. It is fine to say "I don't know" or "I don't
  remember".
- Nobody should ask you to hand over your phone without explaining why. Ask your worker first.

## If you are worried or scared

Talk to your worker or someone you trust. If anyone threatens you about going to court, tell the
police — that is a crime in itself. You can also talk to **Childline** any time on 0800 1111.
""",
    ),
    DemoArticle(
        "looking-after-yourself",
        "Looking after yourself while you support your child",
        "Supporting a child who is being exploited is exhausting. Looking after yourself is not "
        "selfish: it helps you keep going.",
        (P,),
        (Topic.WELLBEING,),
        """Many parents tell us they feel alone, guilty, frightened and worn out, often all at
once. Some have been threatened, or had their home damaged. These are normal reactions to a
situation that is not normal — and it is not your fault.

## Small things that help

- **Sleep and eat when you can.** It sounds simple; it is often the first thing to go.
- **Share the load.** Let a friend or relative sit with you when your child is missing, or take
  the phone for a night.
- **Keep one thing that is yours** — a walk, music, a class — however small.
- **Write things down** so you do not have to hold every detail in your head.

## Talk to someone

- Your worker is there for you as well as for your child: tell them how you are.
- Other parents who have been through it can help. Ask your worker about parent groups.
- If you feel you cannot cope, talk to your GP. You can call **Samaritans** free on 116 123,
  day or night, or text SHOUT to 85258.

## If you are threatened

Report threats or damage to the police (999 in an emergency, 101 otherwise) and tell your
worker. It can be recorded, and it can help protect your family.

## Where this comes from

The charity Ivison Trust (formerly Pace) works with parents of exploited children and describes
the impact on families; the NHS *Every Mind Matters* pages have practical ideas for looking after
your mental health.
""",
    ),
    DemoArticle(
        "keeping-a-log",
        "Keeping a log of what you see",
        "A dated log of what you see and hear can help the police act. Here is how to keep one, "
        "and why it should stick to the facts.",
        (P,),
        (Topic.KEEPING_A_LOG, Topic.POLICE),
        """Parents often know things professionals do not: a nickname, a car that keeps
appearing, a number on a scrap of paper. Written down with the date, these details can help the
police build a picture and act.

## What to write

For each thing you see or hear, note:

- **when** it happened, and when you wrote it down
- **what** you saw or heard, in plain words
- **where** it was
- **people**: names, nicknames, what they looked like, roughly how old
- **vehicles**: the number plate, colour and make
- **phone numbers** and **social media names**

## Keep it factual

Write what you saw, not what you think it means: "A grey Audi waited outside from 9 pm to 9.40
pm" rather than "the dealers came back". If you add your worry, say that it is your worry.

This matters because, if the case goes to court, **the defence may be allowed to read your
log**. A calm, dated, factual log is much harder to challenge.

## Never

- put yourself in danger to find something out
- confront the people involved
- take your child's phone to look for evidence without talking to your worker first

## In relsafe

Your evidence log keeps each entry exactly as you wrote it. If you need to correct something,
you add a correction; the original stays. You can see what has happened to what you told us.

## Where this comes from

Ivison Trust advises parents to keep a dated, chronological log and explains how it can support
a police investigation.
""",
    ),
    DemoArticle(
        "when-your-child-goes-missing",
        "When your child goes missing: what to do",
        "What to do the moment you think your child is missing, and what happens when they come "
        "home.",
        (P,),
        (Topic.MISSING, Topic.POLICE),
        """If you do not know where your child is and you are worried, **report them missing to
the police.** You do not have to wait 24 hours — that is a myth.

## Straight away

- Call **999** if you believe your child is in immediate danger; otherwise call **101**.
- Have ready: a recent photo, what they were wearing, their phone number, friends' names, places
  they go, and anything that worries you (a car, a person, a place).
- Tell your worker as soon as you can.
- Keep your phone on and charged.

## While they are missing

You may want to go looking. If you do, take someone with you and keep the police informed of
what you find. Do not confront anyone.

The charity **Missing People** offers free, confidential support: call or text 116 000.

## When they come back

- Let the police know they are home.
- Try to welcome them without anger, even if you are furious and frightened. They may have been
  hurt, threatened or ashamed.
- Your child should be offered an independent **return home interview**, usually within 72 hours:
  a chance to talk to someone about what happened and what would help.

## Where this comes from

The Department for Education's statutory guidance on children missing from home or care sets
out what should happen, including return home interviews. Missing People
publishes advice for families.
""",
    ),
    DemoArticle(
        "is-it-really-friendship",
        "Is someone pressuring you? When a friendship is not what it seems",
        "Gifts, attention, then favours you cannot say no to. How to spot when someone is using "
        "you, and where to get help without getting in trouble.",
        (Y,),
        (Topic.GROOMING, Topic.CRIMINAL_EXPLOITATION),
        """Sometimes a person seems like the best friend you have ever had. They buy you things,
give you lifts, make you feel older and important. Then they start asking for favours.

## Things to look out for

- They give you presents or money, then say you **owe** them.
- They ask you to carry a package, hold something, or go somewhere for them.
- They want you to keep things **secret** from your family.
- They get angry, or threaten you or people you love, if you say no.
- You feel like you **cannot get out**.

If this sounds familiar, it is **not your fault**. People who do this are good at it. They are
the ones doing something wrong.

## What you can do

- Talk to someone you trust: a parent, a worker, a teacher, a coach.
- **Childline** is free and private: 0800 1111, or chat online.
- **Fearless** (from the charity Crimestoppers) lets you pass on information about crime without
  giving your name.
- If you are in danger right now, call **999**.

Being made to do things for someone else does not make you a criminal. The law and the people
working with you should treat you as someone who needs protecting.
""",
    ),
    DemoArticle(
        "staying-safe-online",
        "Staying safe online",
        "How people use apps and games to get close to young people, and what to do if something "
        "has gone wrong — including getting images taken down.",
        (P, Y),
        (Topic.ONLINE, Topic.GROOMING),
        """Most time online is fun and harmless. But people who want to exploit young people use
the same apps and games, and can pretend to be someone they are not.

## Warning signs in a chat

- someone you have never met is very interested in you, very quickly
- they want to move the chat to a private app
- they ask for photos, or send you some you did not ask for
- they ask you to keep the chat secret
- they offer money, gifts or game credit

## If something has gone wrong

- **Do not delete everything straight away**: screenshots of usernames and messages can help.
  But do not forward or save nude images, even as evidence — tell the police or your worker
  instead.
- You can report to **CEOP**, the National Crime Agency's child protection service, through its
  online reporting form.
- If a nude image of someone under 18 has been shared, **Report Remove** (from Childline and the
  Internet Watch Foundation) helps get it taken down.
- Blocking and reporting the account on the app helps too.

## For parents

Ask about the apps and games your child uses, and play or look together. Agree what to do if
something feels wrong, so they know they can come to you without losing their phone.

## Where this comes from

CEOP's *Thinkuknow* pages and the Childline and Internet Watch Foundation *Report Remove* service
explain these steps in more detail.
""",
    ),
    DemoArticle(
        "language-with-care",
        "Language with care: writing about exploitation",
        "The words we record shape how a child is seen for years. Why relsafe suggests other words, "
        "and the thinking behind them.",
        (PR,),
        (Topic.PRACTICE,),
        """What we write about a child is read by other professionals, by courts, and one day
perhaps by the child. Words that suggest a child chose their abuse can change how they are
treated: as the cause of the harm rather than the one being harmed.

## The idea behind the suggestions

- Describe **what was done to the child, and by whom**, rather than the child's "behaviour".
- Name the **coercion**: who is exploiting them, how, and what hold they have.
- Avoid words that suggest a child agreed to, or chose, what was done to them.
- Say what services **have not yet managed**, rather than labelling a child or parent as
  "hard to reach".

## In relsafe

"Language with care" checks what you write as you type and after you save. Its suggestions are
warnings, never errors: you decide. Where the words are a quotation from the child or parent,
keep them, and say so.

## Where this comes from

The Children's Society's guide *Appropriate language: child sexual and/or criminal
exploitation* (with later updates) is the basis for these suggestions; relsafe's own rules and
their reasons are listed in the software's documentation.
""",
    ),
    DemoArticle(
        "parents-as-partners",
        "Working with parents as partners",
        "Parents of exploited children hold knowledge that professionals lack. Practical ways to "
        "include them, drawn from the national practice principles.",
        (PR,),
        (Topic.PRACTICE,),
        """When a child is harmed by people outside the family, the parents are usually the
people most able to protect them. Treating parents as the problem can push them away — which
helps the exploiter.

## What partnership looks like

- **Include parents** in meetings about their child wherever it is safe to, and tell them what
  was decided.
- **Ask what they know**: names, nicknames, cars, places, phone numbers. Parents often find their
  missing child before anyone else does.
- **Close the loop**: tell them what happened to the information they gave, as far as you can.
- **Notice the strain** on the whole family, including brothers and sisters, and offer support
  in its own right.
- **Record carefully**: write about the exploitation, not about "parental failure to protect".

## Where this comes from

The national practice principles for responding to child exploitation, commissioned by the
Department for Education (2023), include approaching parents and carers as partners. The
relational safeguarding model developed by Pace (now Ivison Trust) describes the parent liaison
role in more detail.
""",
    ),
    DemoArticle(
        "national-referral-mechanism",
        "The National Referral Mechanism: what it means for your family",
        "If your child has been referred to the National Referral Mechanism, here is what it is, "
        "what the decisions mean, and what support can follow.",
        (P, PR),
        (Topic.CRIMINAL_EXPLOITATION, Topic.POLICE),
        """The **National Referral Mechanism (NRM)** is the UK's way of identifying and
supporting victims of modern slavery and human trafficking. Children who are criminally
exploited — for example, through county lines — can be victims of trafficking even if they never
left their home town.

## How it works

1. A **first responder** (such as a council, the police or certain charities) makes the
   referral. A child's referral does not need anyone's signature, but professionals should
   explain it to you and your child.
2. A decision-maker at the Home Office decides whether there are **reasonable grounds** to
   believe your child may be a victim.
3. Later, a **conclusive grounds** decision says whether, on the balance of probabilities, they
   are.

## Why it matters

A positive decision recognises formally that your child is a victim. It can be relevant if your
child is accused of crimes they were forced to commit, and it helps agencies plan support. It
does not replace the support your child already has.

## Where this comes from

The Home Office's statutory guidance on modern slavery (under the Modern Slavery Act 2015)
explains the NRM and the decisions. Your worker can tell you where your child's referral has got
to.
""",
    ),
]


@transaction.atomic
def seed(world: DemoWorld) -> None:
    editor = world.people["dana"]
    now = timezone.now()
    for item in ARTICLES:
        values = {
            "title": item.title,
            "summary": item.summary,
            "body": item.body.strip() + "\n",
            **{name: code in item.audiences for code, name in AUDIENCE_FIELDS.items()},
        }
        article = Article.objects.filter(slug=item.slug).first()
        if article is None:
            article = Article(
                slug=item.slug, created_by=editor, updated_by=editor, published_at=now, **values
            )
        else:
            for name, value in values.items():
                setattr(article, name, value)
            article.published_at = article.published_at or now
        search_text = article_search_text(article, item.topics)
        if article.pk is None or search_text != article.search_text or article.published_at == now:
            article.search_text = search_text
            article.save()
        ArticleTopic.objects.filter(article=article).exclude(topic__in=item.topics).delete()
        for topic in item.topics:
            ArticleTopic.objects.get_or_create(article=article, topic=topic)
