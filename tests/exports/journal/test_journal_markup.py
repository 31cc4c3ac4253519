"""The entries' light markup: the same headings and lists the journal's reader draws."""

from __future__ import annotations

from exports.journal.markup import Block, blocks, demoted


def test_paragraphs_are_split_by_blank_lines_and_keep_their_line_breaks() -> None:
    assert blocks("One line\nand the next\n\n\nA second paragraph") == [
        Block("paragraph", ("One line", "and the next")),
        Block("paragraph", ("A second paragraph",)),
    ]
    assert blocks("") == [] and blocks(" \n\n ") == []


def test_headings_and_lists_are_blocks_of_their_own() -> None:
    text = ("# What happened\nIt came back in the car.\n## What helped\n- Saying it\n"
            "* Cold water\n\n1. Why at night?\n2) Is it normal?\n#### Deeper")
    assert blocks(text) == [
        Block("heading", ("What happened",), level=1),
        Block("paragraph", ("It came back in the car.",)),
        Block("heading", ("What helped",), level=2),
        Block("bullets", ("Saying it", "Cold water")),
        Block("numbers", ("Why at night?", "Is it normal?"), start=1),
        Block("heading", ("Deeper",), level=3),
    ]


def test_a_list_ends_at_a_line_of_plain_text_and_numbers_keep_their_start() -> None:
    assert blocks("- one\nthen words\n3. three\n4. four") == [
        Block("bullets", ("one",)),
        Block("paragraph", ("then words",)),
        Block("numbers", ("three", "four"), start=3),
    ]


def test_only_those_marks_are_markup() -> None:
    text = "-5 degrees and **bold** <b>tags</b>\n*not a list\n1.5 litres"
    assert blocks(text) == [Block("paragraph", tuple(text.split("\n")))]


def test_demoted_moves_headings_deeper_and_leaves_the_rest() -> None:
    assert demoted("# Top\n- item\n##Two\ntext", 2) == "### Top\n- item\n#### Two\ntext"
    assert demoted("### Deep", 5) == "###### Deep"
