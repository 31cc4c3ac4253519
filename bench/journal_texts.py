"""The bench's made-up journal entries: deterministic texts of realistic length.

Entry ``i`` is 300 to 3,000 characters of sentences in paragraphs, its words drawn
from a vocabulary of a few hundred with a Zipf-like spread (a few words in nearly
every entry, most in a few), some with accents, so a search meets what it would meet
in a real journal: common words found at once, rare ones only after a scan. The same
``i`` gives the same text on every machine and in every process (Trellis, its floor
and jrnl read the same texts).
"""

from __future__ import annotations

import itertools
import random

# Most frequent first: a word's rank sets how often it is drawn (weight 1/(rank+2)).
VOCABULARY = tuple(dict.fromkeys("""
i the and to a we it was of my that in he she me felt today about what is not but
so for with at after this again talked time it's just when home night feel still said
think know together tired walk session dinner phone morning quiet because more
slowly trust honest listen calm evening small hard better messages kitchen work
therapist space week asked felt tight chest breathe notice safe kind angry afraid
hopeful numb sad lonely tender relieved confused ashamed coffee car garden rain
sleep woke early late weekend friends colleague meeting talk pause check gentle
apology agreement boundary promise repair story again remember forgot wanted needed
asked answered waited cried laughed walked drove cooked cleaned read wrote called
texted shared noticed hoped worried wondered decided tried started stopped kept let
door window table couch bed stairs hallway street park bench river bridge station
train bus market bakery library office desk screen laptop email calendar list note
letter card photo song radio podcast book chapter page sentence word question answer
reason feeling thought memory moment minute hour day month year season spring summer
autumn winter snow sun wind cloud light dark warm cold soft loud slow fast near far
open closed careful clear honest steady shaky heavy light brave scared proud sorry
grateful patient restless certain unsure ready afraid lighthouse harbour meadow
orchard lantern compass blanket kettle teapot candle pebble feather ribbon thread
needle button pocket sleeve collar scarf mitten umbrella bicycle ferry tram
motorway roundabout crossroads village cottage attic cellar balcony porch fence
hedge willow birch maple acorn chestnut blackbird sparrow heron swan otter badger
fox rabbit hedgehog mushroom bramble nettle thistle clover daisy tulip lavender
rosemary thyme basil lemon ginger cinnamon honey porridge toast soup stew curry
noodles dumplings pancakes biscuits café naïve déjà vu résumé fiancée crème
jalapeño façade piñata über rôle coördinate zoë renée josé
""".split()))  # each word once, at its first rank

SENTENCE_ENDS = (".", ".", ".", ".", "?", "!")


def _weights() -> list[float]:
    return [1.0 / (rank + 2) for rank in range(len(VOCABULARY))]


_CUMULATIVE = list(itertools.accumulate(_weights()))


def _sentence(rng: random.Random) -> str:
    words = rng.choices(VOCABULARY, cum_weights=_CUMULATIVE, k=rng.randint(6, 22))
    words[0] = words[0][:1].upper() + words[0][1:]
    if len(words) > 8 and rng.random() < 0.4:
        words[rng.randint(3, len(words) - 3)] += ","
    return " ".join(words) + rng.choice(SENTENCE_ENDS)


def journal_text(i: int) -> str:
    """The words of the bench's journal entry number ``i`` (300 to 3,000 characters)."""
    rng = random.Random(i * 7919 + 17)
    target = rng.randint(300, 3000)
    paragraphs: list[str] = []
    size = -2  # no break before the first paragraph
    while size < target:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    text = "\n\n".join(paragraphs)
    if len(text) > 3000:
        text = text[:2999].rsplit(" ", 1)[0].rstrip(",.?!") + "."
    return text


def journal_texts(count: int) -> list[str]:
    """Texts 0 .. count-1, oldest first (the order the vault and jrnl get them)."""
    return [journal_text(i) for i in range(count)]


# Typed into the journal's search one key at a time (a common word, then a rarer one),
# then erased; "\b" is Backspace. jrnl and the side-by-side search look for WORD.
WORD, SECOND_WORD = "therapist", "lantern"
SEARCH_KEYS = f"{WORD} {SECOND_WORD}" + "\b" * len(f"{WORD} {SECOND_WORD}")
