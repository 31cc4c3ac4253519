"""False positives of the letter's hints (#11), counted on accountability written well.

Every sentence below was written for these tests: first person, specific about what was
done and what it did, no excuses, placed in the section it belongs to. A hint on one of
them is a false positive; the issue allows at most two over the whole set and we aim
for none.
"""

from __future__ import annotations

from models.narrative import hints
from models.narrative.hints import find_hints, letter_hints

GOOD: dict[str, list[str]] = {
    "did": [
        "On the night of your sister's birthday I went to Sam's flat and had sex with him.",
        "For eight months I met Jordan in secret and told you I was working late.",
        "I sent another woman photos of myself and hid the messages in an app you did "
        "not know about.",
        "I touched you while you were asleep, after you had told me you did not want sex "
        "that night.",
        "I lied to you when you asked me directly whether I was seeing someone.",
        "I deleted our messages and changed my phone\u2019s password so you would not "
        "find out.",
        "I paid for sex on three business trips and told you nothing.",
        "I kept pressing you for sex after you said no, until you gave in.",
        "I told our friends a version of events that made you look unreasonable, and "
        "that was a lie.",
        "You asked me more than once if something was wrong, and I told you that you "
        "were imagining it.",
        "I broke the agreement we made about not contacting him, and I broke it twice.",
        "I put your health at risk without telling you.",
    ],
    "chose": [
        "Each of those times I decided to go, and I could have decided not to.",
        "I planned the lies in advance, so none of it was an accident.",
        "I knew it went against what we had promised each other, and I did it anyway.",
        "Nobody pushed me into it; I chose it, and I chose to hide it.",
        "Every time I picked up my phone to message him, I was choosing him over my "
        "promise to you.",
    ],
    "impact": [
        "You found out from a stranger's message, and for weeks you could not sleep "
        "through the night.",
        "You have told me that you now check every sound at the door, and I caused that.",
        "Because of my lies, you started to doubt your own memory of the last two years.",
        "You had to get tested for infections, and the waiting frightened you.",
        "Being touched now makes your body freeze, even by me, and that began with what "
        "I did.",
        "You lost the feeling that our home was safe.",
        "You told me you feel foolish for trusting me, and you were never foolish.",
        "You stopped seeing your friends because you did not know how to explain why you "
        "were crying.",
        "Our children noticed that you were quiet, and you had to carry that too.",
        "You have spent hours going over old photos, asking yourself what was real.",
        "I hurt you, and I keep learning more about how deeply.",
    ],
    "not_your_fault": [
        "Nothing you did or did not do caused my choices.",
        "None of this is your fault.",
        "Your body, your moods and how often you wanted sex had no part in what I did.",
        "You do not need to search yourself for a reason; the reason is in me.",
    ],
    "how": [
        "I grew up learning to hide anything that might start an argument, and I used "
        "that habit to hide this from you.",
        "I told myself stories about what I deserved, and those stories made it easier "
        "to lie.",
        "I avoided every hard conversation with you, and secrecy became my way out.",
        "I was drinking most weekends that year, and I treated that as permission.",
    ],
    "differently": [
        "I have given you the passwords to my phone and laptop, and you can look at them "
        "whenever you want.",
        "I see my own therapist every Thursday, and I tell you what we worked on if you "
        "want to hear it.",
        "I no longer drink at work events, and I leave by nine.",
        "When someone flirts with me, I tell you that same day, without waiting for you "
        "to ask.",
        "I have blocked Jordan everywhere, and I showed you that I did it.",
        "If I break one of our agreements, I will tell you within a day and we will bring "
        "it to our therapist.",
    ],
    "who_checks": [
        "You can check my phone at any time, and our therapist goes over the agreements "
        "with us every month.",
        "My sponsor hears from me every week and knows the whole story.",
        "You decide when a check feels needed; I do not get to decide that for you.",
    ],
    "not_asking": [
        "I am not asking you to forgive me.",
        "I am not asking for a timeline, for closeness or for sex.",
        "You do not owe me a conversation about this until you want one.",
        "I will not ask you to move on or to trust me again by any date.",
        "Whatever you decide about us is yours to decide, and I will respect it.",
    ],
}

ALLOWED = 2  # the most false positives the issue allows over the whole set


def _sentences() -> list[tuple[str, str]]:
    return [(section, s) for section, sentences in GOOD.items() for s in sentences]


def test_the_set_is_large_enough_and_in_letter_sections() -> None:
    assert len(_sentences()) >= 40
    assert set(GOOD) <= set(hints.PROSE_SECTIONS)


def test_at_most_two_hints_fire_on_the_good_sentences() -> None:
    fired = [(section, sentence, h.rule, sentence[h.start:h.end])
             for section, sentence in _sentences()
             for h in find_hints(sentence, section=section)]
    assert len(fired) <= ALLOWED, fired
    # What we aim for (and have): none at all. Kept separate so a new rule that costs one
    # or two false positives shows here first, and the limit still holds above.
    assert fired == []


def test_the_good_letter_as_a_whole_has_no_hints() -> None:
    letter = dict.fromkeys(hints.LETTER_SECTIONS, "")
    letter.update({section: " ".join(sentences) for section, sentences in GOOD.items()})
    assert {section: found for section, found in letter_hints(letter).items() if found} == {}
    # Written one sentence a line, as lists often are, it is just as quiet.
    letter.update({section: "\n".join(sentences) for section, sentences in GOOD.items()})
    assert {section: found for section, found in letter_hints(letter).items() if found} == {}
