"""The letter's gentle hints (#11): each rule on words it should and should not notice,
the words a hint points at, the rules about the letter's order, dismissing a spot, and
the rules file itself."""

from __future__ import annotations

import pytest

from models.narrative import hints
from models.narrative.hints import (
    Hint,
    HintRulesError,
    dismissed_spots,
    find_hints,
    letter_hints,
    load_rules,
    with_dismissed,
)

# rule -> (section, sentence, the words the hint points at). Section "" is text of no
# section; rules limited to some sections are tested in one of them.
NOTICED: dict[str, list[tuple[str, str, str]]] = {
    "but": [
        ("", "I am sorry, but I was lonely and you were never home.", "but"),
        ("", "I know I hurt you, but I need you to see how hard this year was for me.", "but"),
        ("", "I lied to you for months, but I never meant to hurt you.", "but"),
        ("", "I take full responsibility but you have to understand my side.", "but"),
    ],
    "if_you_felt": [
        ("", "I am sorry if you felt hurt by what I did.", "sorry if"),
        ("", "If I hurt you, I apologise.", "If I hurt"),
        ("", "If you felt betrayed, that was never what I wanted.", "If you felt betrayed"),
        ("", "I apologise to the extent that my choices caused you pain.",
         "to the extent that"),
        ("", "I apologise for any pain you may have experienced.", "any pain you"),
    ],
    "sorry_you": [
        ("", "I\u2019m sorry you feel this way.", "sorry you feel"),
        ("", "I am sorry that you had to find out from someone else.",
         "sorry that you had to"),
        ("", "I'm sorry for how you reacted when you saw my phone.",
         "sorry for how you reacted"),
        ("", "I am sorry that this upset you so much.", "sorry that this upset you"),
        ("", "I regret that you were hurt.", "regret that you were"),
    ],
    "mistakes_were_made": [
        ("", "Mistakes were made on the way.", "Mistakes were made"),
        ("", "I know that mistakes have been made.", "mistakes have been made"),
        ("", "Some bad choices were made that night.", "bad choices were made"),
    ],
    "mistake": [
        ("", "It was a stupid mistake.", "mistake"),
        ("", "I made a mistake with him.", "mistake"),
        ("", "That one slip cost us so much.", "slip"),
        ("", "I messed up.", "messed up"),
        ("", "It was a moment of weakness.", "moment of weakness"),
    ],
    "minimising": [
        ("", "It was just a few messages.", "just"),
        ("", "I only kissed her once.", "only"),
        ("", "They were only words on a screen.", "only"),
        ("", "It was nothing more than a drink after work.", "nothing more than"),
        ("", "We only met twice.", "only"),
    ],
    "it_happened": [
        ("", "It just happened.", "It just happened"),
        ("", "One thing led to another.", "One thing led to another"),
        ("", "Things got out of hand at the party.", "Things got out of hand"),
        ("", "I ended up at his flat.", "I ended up"),
        ("", "I'm sorry for what happened.", "what happened"),
        ("", "I am sorry that things turned out this way.", "things turned out"),
        ("", "It only happened a few times.", "It only happened"),
    ],
    "you_made_me": [
        ("", "You made me feel so alone that I went looking elsewhere.", "You made me"),
        ("", "You left me no choice.", "You left me no choice"),
        ("", "If you had paid attention to me, none of this would be here.", "If you had"),
        ("", "You were never home.", "You were never home"),
        ("", "If you'd been more open with me, I would not have looked.", "If you'd"),
    ],
    "we_both": [
        ("", "We both let this happen.", "We both"),
        ("", "It takes two.", "It takes two"),
        ("", "I need you to look at your part in this.", "your part in this"),
        ("did", "Both of us stopped trying.", "Both of us"),
        ("", "We've both said things we regret.", "We've both"),
    ],
    "move_on": [
        ("", "I hope we can move on from this.", "move on"),
        ("", "I want to put this behind us.", "put this behind us"),
        ("", "Can we get back to normal soon?", "back to normal"),
        ("", "Please let it go.", "let it go"),
        ("", "Can't we just forget about it?", "forget about it"),
        ("", "Let's not dwell on the past.", "Let's not dwell"),
        ("", "It\u2019s in the past now.", "It\u2019s in the past"),
        ("", "Can we just move forward?", "move forward"),
    ],
    "forgiveness": [
        ("", "Please forgive me.", "forgive me"),
        ("", "I hope you can forgive me one day.", "forgive me"),
        ("", "I am asking for your forgiveness.", "your forgiveness"),
        ("", "Will you ever forgive me?", "Will you ever forgive"),
        ("", "Give me a second chance.", "Give me a second chance"),
    ],
    "intent": [
        ("", "I never meant to hurt you.", "I never meant to"),
        ("", "It was never my intention to hurt you.", "never my intention"),
        ("", "The last thing I wanted was to cause you pain.", "The last thing I wanted"),
        ("", "I never wanted you to find out this way.", "I never wanted you to"),
        ("", "You know I'd never intentionally hurt you.", "never intentionally"),
    ],
    "defending": [
        ("", "In my defence, I told you eventually.", "In my defence"),
        ("", "At least I never brought her home.", "At least I"),
        ("", "It meant nothing.", "It meant nothing"),
        ("", "It wasn't that bad compared to some.", "It wasn't that bad"),
        ("", "It wasn't anything serious.", "wasn't anything serious"),
    ],
    "passive": [
        ("", "You were lied to.", "You were lied to"),
        ("", "Trust was broken.", "Trust was broken"),
        ("", "Things were said that hurt.", "Things were said"),
        ("", "Hurt was caused.", "Hurt was caused"),
        ("", "The affair was started while you were away.", "The affair was started"),
    ],
    "reasons_first": [
        ("did", "I slept with him because I was lonely.", "because I was lonely"),
        ("chose", "I chose it after too many drinks.", "after too many drinks"),
        ("impact", "Things were hard between us, and you paid for it.", "Things were hard"),
        ("did", "I was drunk when I kissed her.", "I was drunk"),
        ("not_your_fault", "It is not your fault; we had been distant for a year.",
         "we had been distant"),
        ("did", "I was going through a lot at work.", "I was going through"),
        ("chose", "It was such a hard time for me.", "It was such a hard time"),
    ],
}

# rule -> (section, sentence) where that rule stays quiet (another rule may speak).
QUIET: dict[str, list[tuple[str, str]]] = {
    "but": [
        ("", "I told you I was at work, but I was at her flat."),
        ("", "Not only did I lie, but I also deleted the messages."),
        ("", "I wanted to stop, but I kept going back, and that was my choice."),
        ("", "I regret not only the lies but also the months of silence."),
    ],
    "if_you_felt": [
        ("", "If you want to ask me anything, I will answer it honestly."),
        ("", "When you found the messages, you felt sick and could not eat."),
        ("", "If I hurt you again, I will tell you myself the same day."),
        ("", "I hurt you, and I knew I was hurting you while I did it."),
    ],
    "sorry_you": [
        ("", "I am sorry I lied to you."),
        ("", "I am sorry for what I did to you."),
        ("", "I am sorry. You deserved the truth from me."),
        ("", "I am sorry that I made you doubt your own memory."),
    ],
    "mistakes_were_made": [
        ("", "I made the choice to lie to you."),
        ("", "I decided to meet him, and I decided to hide it."),
        ("", "The promises we made at our wedding matter to me."),
    ],
    "mistake": [
        ("", "It was not a mistake; I chose it every time."),
        ("", "I chose to do it, again and again."),
        ("", "I will not call it a mistake, because I chose it."),
    ],
    "minimising": [
        ("", "It was not just a kiss; it was months of lying."),
        ("", "You were the only one who did not know."),
        ("", "I will tell you the whole truth, not only the easy parts."),
        ("", "You found out just before your birthday."),
        ("", "I only realised later how much I had hurt you."),
    ],
    "it_happened": [
        ("", "I went to her flat and I slept with her."),
        ("", "I am sorry for what I did at the party."),
        ("", "I made the choice, and I made it more than once."),
        ("", "What I did went on in our home, while you were at work."),
    ],
    "you_made_me": [
        ("", "Nothing you did made me do this."),
        ("", "You made me feel safe for years, and I broke that."),
        ("", "If you have questions, I will answer them."),
        ("", "If you'd like me to leave the room, I will."),
        ("", "I made you doubt what you saw."),
    ],
    "we_both": [
        ("", "I am not asking you to look at your part in this."),
        ("", "I did this, and I did it alone."),
        ("who_checks", "Our therapist sees both of us every second Tuesday."),
        ("differently", "Both of us keep the shared calendar, and mine shows where I am."),
    ],
    "move_on": [
        ("", "I am not asking you to move on."),
        ("", "I won't ask you to put this behind us."),
        ("", "I moved out of our bedroom when you asked me to."),
        ("", "There is no timeline for how you feel."),
        ("", "It is not in the past for you, and I know that."),
    ],
    "forgiveness": [
        ("", "I am not asking you to forgive me."),
        ("", "I don't expect your forgiveness."),
        ("", "Forgiveness is not something I am asking for."),
    ],
    "intent": [
        ("", "I meant every message I sent her."),
        ("", "I knew it would hurt you, and I did it anyway."),
        ("", "I intended to hide it from you, and I did."),
        ("", "I deliberately hid it from you."),
    ],
    "defending": [
        ("", "I hid it from you for eight months."),
        ("", "It meant something to me at the time, and that is part of what hurts you."),
        ("", "Nothing about this was small for you."),
    ],
    "passive": [
        ("", "I lied to you."),
        ("", "I broke your trust."),
        ("", "You were lied to by me, for months."),
        ("", "I crossed the boundary we had agreed on."),
    ],
    "reasons_first": [
        ("how", "I was drunk and lonely, and I let that become permission."),
        ("did", "I kissed her in the car park, and I lied to you about it."),
        ("how", "Because I was stressed at work, I stopped telling you where I was."),
        ("impact", "You stopped eating because of what I did."),
        ("how", "I was going through a hard year and I hid it in secrecy."),
        ("impact", "You had a hard time at work because you could not concentrate."),
        ("impact", "It was a hard year for you, and I made it so."),
        ("", "Because I was stressed, I drank too much."),
    ],
}

NOTICED_CASES = [(rule, *case) for rule, cases in NOTICED.items() for case in cases]
QUIET_CASES = [(rule, *case) for rule, cases in QUIET.items() for case in cases]


def test_every_rule_has_three_noticed_and_three_quiet_examples() -> None:
    pattern_rules = {r.key for r in hints.hint_rules() if r.pattern is not None}
    assert pattern_rules == set(NOTICED) == set(QUIET)
    for rule in pattern_rules:
        assert len(NOTICED[rule]) >= 3 and len(QUIET[rule]) >= 3, rule


def test_the_rules_the_issue_names_are_there() -> None:
    keys = {r.key for r in hints.hint_rules()}
    assert {"but", "if_you_felt", "sorry_you", "mistakes_were_made", "minimising",
            "it_happened", "you_made_me", "we_both", "move_on", "forgiveness",
            "reasons_first", "how_before_impact", "passive"} <= keys


@pytest.mark.parametrize(("rule", "section", "sentence", "words"), NOTICED_CASES)
def test_rule_notices_and_points_at_the_words(rule: str, section: str, sentence: str,
                                              words: str) -> None:
    found = [h for h in find_hints(sentence, section=section) if h.rule == rule]
    assert [sentence[h.start:h.end] for h in found] == [words]
    assert found[0].why == next(r.why for r in hints.hint_rules() if r.key == rule)


@pytest.mark.parametrize(("rule", "section", "sentence"), QUIET_CASES)
def test_rule_stays_quiet(rule: str, section: str, sentence: str) -> None:
    assert [h for h in find_hints(sentence, section=section) if h.rule == rule] == []


def test_offsets_point_into_the_authors_text_after_other_sentences() -> None:
    text = "I lied to you.\n\nI\u2019m sorry, but I was lonely.  Mistakes were made."
    found = find_hints(text)
    assert [(h.rule, text[h.start:h.end]) for h in found] == [
        ("but", "but"), ("mistakes_were_made", "Mistakes were made")]
    assert found[0].start == text.index("but")


# The letter's order: reasons before the impact, and "how I got there" before it.

def _letter(**sections: str) -> dict[str, str]:
    fields = dict.fromkeys(hints.LETTER_SECTIONS, "")
    fields.update(sections)
    return fields


def test_letter_hints_has_every_section_and_the_reasons_rule_only_before_how() -> None:
    reason = "I did it because I was stressed."
    found = letter_hints(_letter(did=reason, impact="You could not sleep.", how=reason))
    assert set(found) == set(hints.LETTER_SECTIONS)
    assert [h.rule for h in found["did"]] == ["reasons_first"]
    assert found["did"][0].start == reason.index("because")
    assert found["how"] == []
    assert found["agreements"] == found["dismissed"] == []


@pytest.mark.parametrize("how", ["I kept secrets all my life. It became easy.",
                                 "\n\n  I kept secrets all my life. It became easy.",
                                 "I kept secrets all my life"])
@pytest.mark.parametrize("impact", ["", "   \n", None])
def test_how_written_while_the_impact_is_empty(how: str, impact: str | None) -> None:
    fields = _letter(did="I lied to you for a year.", how=how)
    if impact is None:
        del fields["impact"]
    else:
        fields["impact"] = impact
    found = letter_hints(fields)["how"]
    assert [h.rule for h in found] == ["how_before_impact"]
    assert how[found[0].start:found[0].end].rstrip(".") == "I kept secrets all my life"
    assert all(found_in == [] for key, found_in in letter_hints(fields).items() if key != "how")


@pytest.mark.parametrize("fields", [
    _letter(how="I kept secrets all my life.", impact="You stopped trusting your memory."),
    _letter(how="", impact=""),
    _letter(how="  \n ", did="I lied to you for a year."),
])
def test_how_and_impact_in_their_order_give_no_order_hint(fields: dict[str, str]) -> None:
    assert all(h.rule != "how_before_impact"
               for found in letter_hints(fields).values() for h in found)


# Dismissing a spot.

BEFORE = "I am sorry, but I want to explain. I lied to you every week."
AFTER = "I know I hurt you, but I need you to see it my way."


def test_dismissing_one_spot_hides_that_one_only_and_survives_edits_elsewhere() -> None:
    fields = _letter(did=f"{BEFORE} {AFTER}", impact="You could not sleep.")
    first, second = letter_hints(fields)["did"]
    assert first.rule == second.rule == "but" and first.spot != second.spot

    fields = with_dismissed(fields, first.spot)
    assert [h.spot for h in letter_hints(fields)["did"]] == [second.spot]

    # Other sentences and sections change, the dismissed sentence moves: still hidden.
    fields["did"] = f"I went to her flat on Fridays.  {BEFORE}\n{AFTER} I deleted it all."
    fields["impact"] = "You could not sleep, and you stopped eating."
    found = letter_hints(fields)["did"]
    assert [h.spot for h in found] == [second.spot]
    assert fields["did"][found[0].start:found[0].end] == "but"

    # The same sentence with other spacing or quotes is the same spot.
    assert find_hints("I am  sorry,\t  BUT I want to explain!")[0].spot == first.spot
    assert find_hints("I\u2019m sorry, but no.")[0].spot == find_hints("I'm sorry, but no")[0].spot
    # The dismissed sentence itself changes: its hint comes back.
    fields["did"] = "I am sorry, but I want to explain it all."
    assert [h.rule for h in letter_hints(fields)["did"]] == ["but"]


def test_dismissed_spots_passed_in_and_stored_both_count() -> None:
    text = f"{BEFORE} {AFTER}"
    first, second = find_hints(text)
    assert find_hints(text, dismissed={first.spot}) == [second]
    fields = with_dismissed(_letter(did=text, impact="x"), first.spot)
    assert letter_hints(fields, dismissed=[second.spot])["did"] == []


def test_the_order_hint_can_be_dismissed() -> None:
    fields = _letter(how="I kept secrets all my life. It became easy.")
    (hint,) = letter_hints(fields)["how"]
    fields = with_dismissed(fields, hint.spot)
    assert letter_hints(fields)["how"] == []
    fields["how"] += " I learned it at home."
    assert letter_hints(fields)["how"] == []


def test_with_dismissed_keeps_the_other_fields_and_each_spot_once() -> None:
    fields = _letter(did="I lied.", dismissed="but@1\n\n  we_both@2  \n")
    changed = with_dismissed(fields, "move_on@3")
    assert changed["dismissed"] == "but@1\nwe_both@2\nmove_on@3"
    assert {k: v for k, v in changed.items() if k != "dismissed"} == \
        {k: v for k, v in fields.items() if k != "dismissed"}
    assert with_dismissed(changed, "but@1")["dismissed"] == changed["dismissed"]
    assert dismissed_spots(changed) == {"but@1", "we_both@2", "move_on@3"}
    assert dismissed_spots({}) == frozenset()
    assert fields["dismissed"] == "but@1\n\n  we_both@2  \n"  # the given mapping is untouched
    for bad in ("", "  ", "a@1\nb@2"):
        with pytest.raises(ValueError):
            with_dismissed(fields, bad)


def test_hint_is_frozen_and_sorted_by_place() -> None:
    found = find_hints("It just happened. Please forgive me. We both knew.")
    assert [h.start for h in found] == sorted(h.start for h in found)
    with pytest.raises(AttributeError):
        found[0].start = 3  # type: ignore[misc]
    assert isinstance(found[0], Hint)


# The rules file.

# Words a hint never uses: no labels for the partners, no orders, no verdicts.
FORBIDDEN_IN_WHY = ("victim", "offender", "perpetrator", "betrayer", "must", "should",
                    "wrong", "fault", "blame")


def test_every_rule_in_the_file_has_one_calm_why_and_compiles() -> None:
    hints.hint_rules.cache_clear()
    rules = hints.hint_rules()
    assert rules
    whys = [rule.why for rule in rules]
    assert len(set(whys)) == len(whys)
    for rule in rules:
        assert rule.why.endswith(".") and rule.why.count(". ") == 0, rule.key
        assert "\n" not in rule.why and len(rule.why) <= 170, rule.key
        words = rule.why.lower().replace(",", " ").replace(".", " ").replace(";", " ").split()
        assert not [w for w in FORBIDDEN_IN_WHY if w in words] and "!" not in rule.why, rule.key
        assert rule.pattern is not None or rule.needs_filled, rule.key


MALFORMED = {
    "not toml": ("[rules.but\nwhy = 'x'", "not valid TOML"),
    "no why": ("[rules.but]\npatterns = ['but']", "rule 'but' needs a 'why'"),
    "two lines": ("[rules.but]\nwhy = '''One.\nTwo.'''\npatterns = ['but']", "one sentence"),
    "bad pattern": ("[rules.but]\nwhy = 'Why.'\npatterns = ['(but']",
                    "rule 'but' has pattern 1 that does not compile"),
    "empty match": ("[rules.but]\nwhy = 'Why.'\npatterns = ['x', 'y?']",
                    "pattern 2 matches empty text"),
    "no patterns": ("[rules.but]\nwhy = 'Why.'", "needs at least one pattern"),
    "misspelt key": ("[rules.but]\nwhy = 'Why.'\npaterns = ['but']", "unknown keys"),
    "no section": ("[rules.but]\nwhy = 'Why.'\npatterns = ['but']\nsections = ['did', 'dit']",
                   "does not have in 'sections': dit"),
    "not strings": ("[rules.but]\nwhy = 'Why.'\npatterns = 'but'", "list of non-empty"),
    "order rule with patterns": ("[rules.x]\nwhy = 'Why.'\npatterns = ['but']\n"
                                 "sections = ['how']\nneeds_filled = ['impact']",
                                 "takes 'sections' and no 'patterns'"),
    "bad key": ("[rules.But]\nwhy = 'Why.'\npatterns = ['but']", "lower-case"),
    "other table": ("[rule.but]\nwhy = 'Why.'", "tables no rule reader uses: rule"),
    "no rules": ("", "no [rules.<key>] tables"),
}


@pytest.mark.parametrize(("source", "message"), list(MALFORMED.values()),
                         ids=list(MALFORMED))
def test_a_malformed_rule_fails_clearly(source: str, message: str) -> None:
    with pytest.raises(HintRulesError, match="narrative_hints.toml") as caught:
        load_rules(source)
    assert message in str(caught.value)


def test_a_good_rule_loads_and_points_at_its_hit_group() -> None:
    (rule,) = load_rules("[rules.but]\nwhy = 'Why.'\npatterns = ['''Sorry, (?P<hit>but)''',"
                         " '''\\b(?P<hit>yet|still)\\b''']")
    assert rule.marks == (("hit0", False), ("hit1", True), ("hit2", True))
    text = "i am sorry, but yet, unstill, still"
    assert [text[a:b] for a, b in rule.find(text)] == ["but", "yet", "still"]
    assert rule.applies_to("") and rule.applies_to("did")


def test_what_is_kept_between_scans_holds_no_words() -> None:
    canary = "Quillfeather"
    text = f"I am sorry, but {canary} was lonely. It just happened at {canary}'s flat."
    found = find_hints(text, section="did")
    assert found and len(found) == len(find_hints(text, section="did"))
    kept = repr(hints._RECENT._found)  # the digests, offsets, rule keys and spots kept
    assert canary.lower() not in kept.lower() and "lonely" not in kept
    hints._RECENT.clear()
    assert find_hints(text, section="did") == found
