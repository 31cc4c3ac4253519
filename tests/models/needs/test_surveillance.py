"""Calm notes beside a commitment's words that ask for watching (#12): each rule finds
what it is for and leaves ordinary transparency alone; the rules are data, checked."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from models.needs.surveillance import (
    CheckRulesError,
    check_rules,
    load_rules,
    surveillance_notes,
)

# Per rule: (commitment words, the words the note points at).
NOTICED: dict[str, list[tuple[str, str]]] = {
    "location": [
        ("I share my location with you all day.", "location"),
        ("Keep location sharing on whenever I travel.", "location sharing"),
        ("You can see me on Find My iPhone at any time.", "Find My iPhone"),
        ("I let you track my phone on weekends.", "track"),
        ("I put an AirTag in my bag so you know I'm at the gym.", "AirTag"),
        ("I turn on my live location when I go out.", "location"),
    ],
    "phone_access": [
        ("You can go through my phone whenever you ask.", "phone"),
        ("I hand you my phone when I get home.", "phone"),
        ("I'll tell you my phone passcode.", "phone passcode"),
        ("Let you look at my phone every evening.", "phone"),
        ("I check your phone once a week.", "phone"),
        ("You have access to my phone at all times.", "access to my phone"),
    ],
    "messages": [
        ("You can read my messages every night.", "messages"),
        ("I forward you all my emails from work.", "emails"),
        ("I send you screenshots of my chats with colleagues.", "screenshots"),
        ("I read your texts before bed.", "texts"),
        ("I CC you on every email to her.", "CC"),
        ("You get to check all of my WhatsApp.", "WhatsApp"),
        ("I show you my DMs each Sunday.", "DMs"),
    ],
    "passwords": [
        ("I give you all my passwords.", "passwords"),
        ("We share every password we have.", "password"),
        ("I tell you my login details for Instagram.", "login details"),
        ("I share my accounts with you.", "accounts"),
    ],
    "device_check": [
        ("You can look through my laptop.", "laptop"),
        ("I show you my browser history every week.", "browser history"),
        ("Random checks of my devices whenever you want.", "Random checks"),
        ("I check your computer on Fridays.", "computer"),
        ("You may go through my photos.", "photos"),
    ],
    "spyware": [
        ("I install a monitoring app so you feel safe.", "monitoring app"),
        ("I'm fine with spyware on my phone.", "spyware"),
        ("I put an app on my laptop that reports to you.", "put"),
        ("We use Covenant Eyes.", "Covenant Eyes"),
        ("I send you my screen time reports.", "screen time reports"),
    ],
}

# Per rule: words near its own that it leaves alone (transparency offered in words, or
# a promise not to watch).
QUIET: dict[str, list[str]] = {
    "location": [
        "I tell you where I am going before I leave.",
        "I text you when I arrive at the hotel.",
        "I will never track your phone.",
        "I keep track of my own triggers in my journal.",
        "I call you from the train so you know I'm on my way.",
    ],
    "phone_access": [
        "I put my phone away at dinner.",
        "I call you on my phone at lunch.",
        "I check my phone less when we talk.",
        "I won't ask to look at your phone.",
        "I answer when you phone me, or call back within the hour.",
    ],
    "messages": [
        "I tell you the same day if she messages me.",
        "I reply to your texts within a few hours.",
        "I check my email only after the kids are asleep.",
        "I will not read your messages.",
        "I read the messages you send me before bed, and answer.",
    ],
    "passwords": [
        "I tell you when I change jobs.",
        "I never ask for your password.",
        "I tell you about any new social media account I open.",
        "I say it out loud when I notice I'm pulling away.",
    ],
    "device_check": [
        "I close my laptop at seven so we can talk.",
        "I tell you about the history of the friendship when you ask.",
        "I don't check your laptop.",
        "I show you the photos from the work trip if you would like to see them.",
    ],
    "spyware": [
        "I removed the tracking app from your phone.",
        "I use an app to remind me to check in with you.",
        "I tell you which apps I use to meet people for work.",
        "I put my phone on the table when we eat.",
    ],
}

# Ordinary, good commitments: no note at all.
GOOD: list[str] = [
    "I text you when I leave work.",
    "I tell you the same day if I see her.",
    "I call you if I am going to be more than twenty minutes late.",
    "I tell you my plans for the evening before I go out.",
    "We sit together for ten minutes after dinner and check in.",
    "I say when I need space, and when I will come back.",
    "I ask before I touch you.",
    "I tell you the truth when you ask me something, even when it is hard.",
    "I let you know when I am triggered instead of going quiet.",
    "I answer your questions about that time without getting defensive.",
    "I tell you if she contacts me, the same day, in my own words.",
    "I come home by eleven on nights out, or call before.",
    "I thank you when I notice you kept something you said you would.",
    "I write down one thing I appreciated about you each Sunday.",
    "I take a break of twenty minutes when an argument gets too heated, and come back.",
    "I tell you when a colleague invites me for drinks.",
    "I introduce you to new friends from work.",
    "I keep my weekends free for us unless we agree otherwise.",
    "I bring up my worries at our weekly talk, not late at night.",
    "I go to my own therapy sessions every week.",
    "I tell you when I feel jealous rather than testing you.",
    "I hold your hand when you ask for comfort.",
    "I do not pressure you about sex or closeness.",
    "I let you set the pace for physical closeness.",
    "I tell you before I change our plans.",
    "I reply to your message within an hour when I can, and say when I cannot.",
    "I tell you honestly how my day went when you ask.",
    "We read the repair plan together on the first Sunday of each month.",
    "I name the feeling first before I explain myself.",
    "I stay in the room when you are upset, unless I ask for a pause.",
]


CASES = [(rule, words, hit) for rule, cases in NOTICED.items() for words, hit in cases]


@pytest.mark.parametrize(("rule", "words", "hit"), CASES)
def test_each_rule_notices_its_words(rule: str, words: str, hit: str) -> None:
    notes = surveillance_notes(words)
    mine = [note for note in notes if note.rule == rule]
    assert len(mine) == 1, (rule, words, notes)
    assert words[mine[0].start:mine[0].end] == hit
    assert "therapist" in mine[0].why


@pytest.mark.parametrize(("rule", "words"),
                         [(rule, words) for rule, cases in QUIET.items() for words in cases])
def test_each_rule_leaves_ordinary_words_alone(rule: str, words: str) -> None:
    assert rule not in {note.rule for note in surveillance_notes(words)}, words


@pytest.mark.parametrize("words", GOOD)
def test_no_note_on_ordinary_good_commitments(words: str) -> None:
    assert surveillance_notes(words) == []


def test_enough_examples_for_every_rule() -> None:
    keys = {rule.key for rule in check_rules()}
    assert keys == set(NOTICED) == set(QUIET)
    assert all(len(NOTICED[key]) >= 3 and len(QUIET[key]) >= 3 for key in keys)
    assert len(GOOD) >= 30 and len(set(GOOD)) == len(GOOD)


def test_one_note_per_kind_in_the_order_of_the_words() -> None:
    words = ("I give you my passwords, you can read my messages, and I share my "
             "location; you can also read my emails.")
    notes = surveillance_notes(words)
    assert [note.rule for note in notes] == ["passwords", "messages", "location"]
    assert [words[n.start:n.end] for n in notes] == ["passwords", "messages", "location"]


def test_curly_apostrophes_are_read_as_straight_ones() -> None:
    assert surveillance_notes("I won\u2019t ask to look at your phone.") == []
    note, = surveillance_notes("I\u2019ll share my location.")
    assert note.rule == "location"


def test_the_notes_never_count_or_grade() -> None:
    text = resources.files("resources").joinpath("needs_checks.toml").read_text("utf-8")
    whys = " ".join(rule.why for rule in check_rules()).lower()
    for word in ("%", "percent", "rate", "streak", "failed", "score", "must", "should"):
        assert not re.search(rf"\b{re.escape(word)}", whys), word
    assert "why =" in text


@pytest.mark.parametrize(("source", "rule", "problem"), [
    ("[rules.a]\npatterns = ['x']\n", "a", "needs a why"),
    ("[rules.a]\nwhy = 'w'\n", "a", "needs patterns"),
    ("[rules.a]\nwhy = 'w'\npatterns = ['(']\n", "a", "does not compile"),
    ("[rules.a]\nwhy = 'w'\npatterns = ['x']\nunles_before = ['y']\n", "a", "unknown keys"),
    ("[rules.B]\nwhy = 'w'\npatterns = ['x']\n", "B", "lower-case"),
    ("[rule.a]\nwhy = 'w'\n", "", "tables no rule reader uses"),
    ("[rules\n", "", "not valid TOML"),
])
def test_a_rule_that_cannot_be_used_is_named(source: str, rule: str, problem: str) -> None:
    with pytest.raises(CheckRulesError) as caught:
        load_rules(source)
    assert caught.value.rule == rule and problem in str(caught.value)


def test_rules_given_are_used_instead_of_the_shipped_ones() -> None:
    rules = load_rules("[rules.walk]\nwhy = 'w'\npatterns = ['''\\bwalk(?P<hit>ing)''']\n")
    assert [(n.rule, n.start, n.end) for n in surveillance_notes("go walking", rules)] == [
        ("walk", 7, 10)]
