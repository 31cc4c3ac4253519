"""The agreements PDF for a therapy session: what it shows, what it never shows, and how.

Every agreement here is made through the real models in a fresh vault (fast KDF), so
the document is tested on the data the app really produces. Only one vault can be
open per process, so each fixture closes its vault before the next test starts.
"""

from __future__ import annotations

import datetime
import io
import re
import stat
import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PasswordType, PdfReader

from exports import agreements as export
from exports.agreements import (
    AgreementsExport,
    agreements_texts,
    build_agreements_pdf,
    export_agreements,
    gather,
)
from exports.errors import ExportPasswordTooShort
from exports.fonts import body_fonts
from exports.words import every_string
from models import agreements, consent, keys
from models import vault as vault_module
from models.agreements import AgreementView
from models.proof import FreshProof
from models.session import Keyring

NAMES = {1: "Robin", 2: "Sasha"}
PREPARED = datetime.date(2026, 11, 27)
SESSION = datetime.date(2026, 12, 2)
PASSWORD = "quiet garden path"
TEXTS = agreements_texts()


@dataclass
class Workbook:
    """An open vault with both partners unlocked, as the export dialog would have it."""

    keys: Keyring
    bundles: dict[int, FreshProof]

    def agreed(self, **text: str) -> AgreementView:
        """An agreement proposed by partner 1 and confirmed by both."""
        made = agreements.create(self.keys, 1, **text)
        agreements.propose(self.keys, made.uuid, 1)
        agreements.confirm(self.keys, made.uuid, 1, self.bundles[1])
        return agreements.confirm(self.keys, made.uuid, 2, self.bundles[2])

    def review(self, uuid: str, *, reviewed_on: datetime.date, ratings: dict[int, int],
               follow_through: dict[int, int], helps: str, hard: str, decision: str,
               partner: int) -> AgreementView:
        """Each partner rates privately, then both decide together with their proofs."""
        for p in (1, 2):
            agreements.rate_review(self.keys, uuid, p, self.bundles[p], works=ratings[p],
                                   follow=follow_through[p])
        return agreements.decide_review(
            self.keys, uuid, (self.bundles[1], self.bundles[2]), reviewed_on=reviewed_on,
            helps=helps, hard=hard, decision=decision, partner=partner,  # type: ignore[arg-type]
        )

    def confirm_both(self, uuid: str) -> AgreementView:
        agreements.confirm(self.keys, uuid, 1, self.bundles[1])
        return agreements.confirm(self.keys, uuid, 2, self.bundles[2])

    def gather(self, **options: Any) -> AgreementsExport:
        settings: dict[str, Any] = {
            "prepared_on": PREPARED, "session_on": SESSION,
            "include_history": False,
        }
        if options.pop("consent", False):
            settings["consent_proofs"] = (self.bundles[1], self.bundles[2])
        settings.update(options)
        return gather(self.keys, NAMES, **settings)


def _open_workbook(folder: Path) -> tuple[vault_module.Vault, Workbook]:
    plan = vault_module.prepare_setup(NAMES, {1: "a" * 12, 2: "b" * 12}, keys.FAST_TEST_COST)
    vault = vault_module.Vault.create(folder / "trellis.vault", plan)
    session = vault.start_session(dict(plan.bundles))
    proofs = {p: FreshProof(p, plan.bundles[p]) for p in (1, 2)}
    return vault, Workbook(session.keyring, proofs)


@pytest.fixture
def workbook(tmp_path: Path) -> Iterator[Workbook]:
    vault, book = _open_workbook(tmp_path / "vault")
    try:
        yield book
    finally:
        vault.close()


def pdf_text(path: Path | bytes, password: str | None = None) -> str:
    """All the words of the PDF, whitespace folded, so phrases survive line wrapping."""
    reader = PdfReader(io.BytesIO(path) if isinstance(path, bytes) else path)
    if password is not None:
        assert reader.decrypt(password) != PasswordType.NOT_DECRYPTED
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def page_texts(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(path).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# -- what the document shows ------------------------------------------------------------


def test_titles_wording_status_labels_and_names_are_printed(
    workbook: Workbook, tmp_path: Path
) -> None:
    workbook.agreed(title="Phones stay open between us", category="phones",
                    wording="Either of us can look at the other's phone when we ask.",
                    in_practice="Phones face up at dinner.", not_ok="Deleting messages.",
                    why_1="Nothing hidden.", why_2="I can stop checking in my head.")
    pending = agreements.create(workbook.keys, 2, title="Telling each other when plans change",
                                category="transparency", wording="A short message if late.")
    agreements.propose(workbook.keys, pending.uuid, 2)

    text = pdf_text(export_agreements(tmp_path / "a.pdf", workbook.gather()))

    for phrase in ("Phones stay open between us", "Either of us can look at the other's phone",
                   "Phones face up at dinner.", "Deleting messages.", "Nothing hidden.",
                   "I can stop checking in my head.", "Telling each other when plans change",
                   "A short message if late."):
        assert phrase in text
    assert TEXTS.status("agreed") in text and TEXTS.status("proposed") in text
    assert flat(TEXTS.words.document.prepared_by.format(name1="Robin", name2="Sasha")) in text
    assert flat(TEXTS.words.agreement.why.format(name="Robin")) in text
    assert flat(TEXTS.words.agreement.why.format(name="Sasha")) in text
    assert TEXTS.words.agreement.waiting_for.format(name="Robin") in text


def test_cover_gives_dates_in_words_and_the_session_date_only_when_set(
    workbook: Workbook, tmp_path: Path
) -> None:
    workbook.agreed(title="A weekly talk", category="communication", wording="Sundays.")

    with_session = pdf_text(export_agreements(tmp_path / "a.pdf", workbook.gather()))
    without = pdf_text(export_agreements(tmp_path / "b.pdf", workbook.gather(session_on=None)))

    # Whole dates only: the next review (today plus two weeks) may be "12 December".
    session_date = re.compile(r"(?<!\d)2 December 2026")
    assert TEXTS.words.document.title in with_session
    assert "27 November 2026" in with_session and session_date.search(with_session)
    assert TEXTS.words.document.label_session in with_session
    assert TEXTS.words.document.label_session not in without
    assert not session_date.search(without)


def test_agreements_are_grouped_by_category_in_the_set_order_skipping_empty_ones(
    workbook: Workbook, tmp_path: Path
) -> None:
    # Made out of order on purpose: the document follows agreements.toml's order.
    workbook.agreed(title="Talk on Sundays", category="communication", wording="w")
    workbook.agreed(title="Ask before touch", category="intimacy", wording="w")
    workbook.agreed(title="Open phones", category="phones", wording="w")

    body = " ".join(page_texts(export_agreements(tmp_path / "a.pdf", workbook.gather()))[1:])

    labels = [TEXTS.category(key) for key in ("intimacy", "phones", "communication")]
    positions = [body.index(flat(label)) for label in labels]
    assert positions == sorted(positions)
    assert body.index("Ask before touch") < body.index("Open phones") < body.index(
        "Talk on Sundays")
    for empty in ("sexual_consent", "contact_others", "transparency", "other"):
        assert flat(TEXTS.category(empty)) not in body


def test_confirmations_name_who_confirmed_and_the_next_review(
    workbook: Workbook, tmp_path: Path
) -> None:
    view = workbook.agreed(title="Open phones", category="phones", wording="w")

    text = pdf_text(export_agreements(tmp_path / "a.pdf", workbook.gather(prepared_on=(
        view.next_review_on or PREPARED) - datetime.timedelta(days=1))))

    assert TEXTS.words.agreement.label_confirmed in text
    assert re.search(r"Robin on \d{1,2} \w+ \d{4}", text)
    assert re.search(r"Sasha on \d{1,2} \w+ \d{4}", text)
    assert view.next_review_on is not None
    assert view.cadence_days == 14
    assert f"{TEXTS.date(view.next_review_on)}, then every 2 weeks" in text


def test_a_review_due_is_listed_on_the_cover_calmly(workbook: Workbook, tmp_path: Path) -> None:
    view = workbook.agreed(title="Open phones", category="phones", wording="w")
    assert view.next_review_on is not None
    later = view.next_review_on + datetime.timedelta(days=3)

    pages = page_texts(export_agreements(tmp_path / "a.pdf", workbook.gather(prepared_on=later)))

    assert TEXTS.words.summary.reviews_heading in pages[0]
    assert "Open phones" in pages[0]
    due = TEXTS.words.summary.review_due.format(date=TEXTS.date(view.next_review_on))
    assert flat(due) in pages[0]


def test_latest_review_shows_its_date_decision_and_both_partners_ratings(
    workbook: Workbook, tmp_path: Path
) -> None:
    view = workbook.agreed(title="Open phones", category="phones", wording="w")
    for day, decision, ratings in ((1, "adjust", {1: 2, 2: 2}), (9, "keep", {1: 4, 2: 3})):
        agreements.start_review(workbook.keys, view.uuid, 1)
        workbook.review(
            view.uuid, reviewed_on=datetime.date(2026, 11, day),
            ratings=ratings, follow_through={1: 5, 2: 1}, helps="Saying “here, look”.",
            hard="Tired evenings.", decision=decision, partner=1,  # type: ignore[arg-type]
        )

    text = pdf_text(export_agreements(tmp_path / "a.pdf", workbook.gather()))

    assert flat(TEXTS.words.review.heading_together.format(date="9 November 2026")) in text
    assert "1 November 2026" not in text  # only the latest review
    assert TEXTS.decision("keep") in text
    assert TEXTS.words.review.rating in text and TEXTS.words.review.follow_through in text
    assert re.search(r"How it is working 4 of 5 3 of 5", text)
    assert re.search(r"Following through 5 of 5 1 of 5", text)
    assert "Saying “here, look”." in text and "Tired evenings." in text


def test_a_withdrawn_agreement_is_paused_for_a_conversation_without_blame(
    workbook: Workbook, tmp_path: Path
) -> None:
    view = workbook.agreed(title="Ask before touch", category="intimacy", wording="w")
    agreements.withdraw(workbook.keys, view.uuid, 2, note="WITHDRAW-NOTE-abc")

    text = pdf_text(export_agreements(tmp_path / "a.pdf", workbook.gather()))

    assert TEXTS.status("paused") in text
    assert flat(TEXTS.words.agreement.paused_note) in text
    assert TEXTS.words.agreement.on_hold in text
    # Who paused it, and their words in the moment, are for the conversation itself.
    assert "WITHDRAW-NOTE-abc" not in text
    for word in ("fail", "broke", "violat", "blame", "fault"):
        assert word not in text.casefold()


@pytest.mark.parametrize("next_second", [False, True], ids=["same second", "next second"])
def test_retired_and_draft_agreements_are_left_out_unless_asked_for(
    workbook: Workbook, tmp_path: Path, next_second: bool
) -> None:
    workbook.agreed(title="Still held", category="other", wording="w")
    retired = workbook.agreed(title="Set aside long ago", category="other", wording="w")
    agreements.retire(workbook.keys, retired.uuid, 1,
                      proofs=(workbook.bundles[1], workbook.bundles[2]))
    if next_second:
        # Within a category, agreements are printed by when they began (whole seconds),
        # then by title: made in the next second, the draft comes after "Still held"
        # instead of before it. This test once failed when a run crossed a second here.
        time.sleep(1.01 - time.time() % 1)
    agreements.create(workbook.keys, 1, title="Only a draft", wording="w")

    plain = pdf_text(export_agreements(tmp_path / "a.pdf", workbook.gather()))
    every = page_texts(export_agreements(tmp_path / "b.pdf", workbook.gather(
        include_retired=True, include_drafts=True)))

    assert "Still held" in plain
    assert "Set aside long ago" not in plain and "Only a draft" not in plain
    # Retired agreements come last, under their own heading (the cover names it too, so
    # the body is read from the page after the cover, not from where a title falls).
    body = " ".join(every[1:])
    retired_heading = body.index(flat(TEXTS.words.agreement.retired_heading))
    assert body.index("Set aside long ago") > retired_heading
    assert retired_heading > body.index("Still held")
    assert retired_heading > body.index("Only a draft")


# -- the optional sections --------------------------------------------------------------


def test_history_appears_only_when_asked_and_shows_each_version(
    workbook: Workbook, tmp_path: Path
) -> None:
    view = workbook.agreed(title="Open phones", category="phones", wording="First words.")
    agreements.propose_change(workbook.keys, view.uuid, 2)
    agreements.edit(workbook.keys, view.uuid, 2, wording="Second words.")
    workbook.confirm_both(view.uuid)
    agreements.propose_change(workbook.keys, view.uuid, 1)
    agreements.edit(workbook.keys, view.uuid, 1, not_ok="Third: deleting messages.")
    workbook.confirm_both(view.uuid)

    without = pdf_text(export_agreements(tmp_path / "a.pdf", workbook.gather()))
    history = pdf_text(export_agreements(tmp_path / "b.pdf", workbook.gather(
        include_history=True)))

    heading = TEXTS.words.history.heading
    assert heading not in without and "First words." not in without
    assert heading in history
    section = history[history.rindex(heading):]
    for number, author in ((1, "Robin"), (2, "Sasha"), (3, "Robin")):
        assert re.search(rf"Version {number} · \d{{1,2}} \w+ \d{{4}} · written by {author}",
                         section)
    assert "First words." in section and "Second words." in section
    assert "Third: deleting messages." in section
    # Version 3 changed only "What is not OK": the wording is not repeated under it.
    assert "Second words." not in section[section.index("Version 3"):]


def test_consent_section_appears_only_when_passed_and_never_private_answers(
    workbook: Workbook, tmp_path: Path
) -> None:
    workbook.agreed(title="Open phones", category="phones", wording="w")
    labels = ["Holding hands in public", "Kissing", "Sexual touch"]
    consent.add_starter_items(workbook.keys, labels)
    plan = {"Holding hands in public": ("yes", "yes"), "Kissing": ("yes", "maybe"),
            "Sexual touch": ("yes", "not_now")}
    for item in consent.items(workbook.keys):
        for partner in (1, 2):
            consent.answer(workbook.keys, partner, item.uuid,
                           plan[item.label][partner - 1],  # type: ignore[arg-type]
                           note=f"PRIVATE-NOTE-xyz-{partner}", proof=workbook.bundles[partner])
    consent.reveal(workbook.keys, workbook.bundles.values())

    without = pdf_text(export_agreements(tmp_path / "a.pdf", workbook.gather()))
    shared = pdf_text(export_agreements(tmp_path / "b.pdf", workbook.gather(consent=True)))

    assert TEXTS.words.consent.heading not in without
    assert not any(label in without for label in labels)
    assert TEXTS.words.consent.heading in shared
    assert flat(TEXTS.words.consent.subheading) in shared
    groups = [shared.index(flat(TEXTS.words.consent.groups[g]))
              for g in ("yes", "talk", "respected")]
    assert groups == sorted(groups)
    assert groups[0] < shared.index("Holding hands in public") < groups[1]
    assert groups[1] < shared.index("Kissing") < groups[2]
    assert groups[2] < shared.index("Sexual touch")
    assert "PRIVATE-NOTE" not in shared
    # Only combined outcomes: no partner's own answer, and no attribution.
    assert "Not sure yet" not in shared and "Maybe" not in shared
    assert not re.search(r"(Robin|Sasha) (said|answered)", shared)


def test_consent_asked_for_before_any_reveal_is_simply_left_out(
    workbook: Workbook, tmp_path: Path
) -> None:
    workbook.agreed(title="Open phones", category="phones", wording="w")

    data = workbook.gather(consent=True)

    assert data.consent is None
    assert TEXTS.words.consent.heading not in pdf_text(export_agreements(tmp_path / "a.pdf",
                                                                          data))


# -- how it is written ------------------------------------------------------------------


def test_every_page_has_the_confidential_footer_and_page_n_of_m(
    workbook: Workbook, tmp_path: Path
) -> None:
    for number in range(6):
        workbook.agreed(title=f"Agreement {number}", category="other",
                        wording="Words that take some room. " * 40)

    pages = page_texts(export_agreements(tmp_path / "a.pdf", workbook.gather(
        include_history=True)))

    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        assert flat(TEXTS.words.document.footer) in page
        assert TEXTS.words.document.page.format(page=number, pages=len(pages)) in page


def test_a_page_that_carries_an_agreement_over_says_which_one_it_is(
    workbook: Workbook, tmp_path: Path
) -> None:
    for number in range(4):
        view = workbook.agreed(title=f"Agreement {number}", category="other",
                               wording="We keep our word. " * 90,
                               in_practice="What it looks like. " * 40,
                               not_ok="What is not OK. " * 30)
        workbook.review(view.uuid, reviewed_on=PREPARED,
                                 ratings={1: 4, 2: 4}, follow_through={1: 4, 2: 4},
                                 helps="It helps. " * 20, hard="", decision="keep", partner=1)

    pages = page_texts(export_agreements(tmp_path / "a.pdf", workbook.gather()))[1:]

    continued = re.compile(r"Agreement \d \(continued\)")
    assert any(continued.match(page.strip()) for page in pages)
    for page in pages:
        first = page.strip()
        assert first.startswith((flat(TEXTS.category("other")), "Agreement ")), first[:60]
        assert not continued.search(first[40:]), "shown only at the top of a page"


def test_markup_characters_print_literally(workbook: Workbook, tmp_path: Path) -> None:
    workbook.agreed(title="<b>Bold</b> & <i>more</i>", category="other",
                    wording="Use <br/> & &amp; < > as typed",
                    in_practice='<font size="40">big</font>')
    names = {1: "Sam & <b>Alex</b>", 2: "J<o>"}

    data = replace(workbook.gather(), names=names)
    text = pdf_text(export_agreements(tmp_path / "a.pdf", data))

    assert "<b>Bold</b> & <i>more</i>" in text
    assert "Use <br/> & &amp; < > as typed" in text
    assert '<font size="40">big</font>' in text
    assert "Sam & <b>Alex</b> and J<o>" in text


def test_password_protected_pdf_is_aes_256_and_opens_only_with_the_password(
    workbook: Workbook, tmp_path: Path
) -> None:
    workbook.agreed(title="Open phones", category="phones", wording="Ask kindly.")

    target = export_agreements(tmp_path / "a.pdf", workbook.gather(), password=PASSWORD)

    reader = PdfReader(target)
    assert reader.is_encrypted
    encrypt: Any = reader.trailer["/Encrypt"]
    assert (encrypt["/V"], encrypt["/R"]) == (5, 6)
    assert reader.decrypt("wrong password") == PasswordType.NOT_DECRYPTED
    assert "Ask kindly." in pdf_text(target, PASSWORD)
    assert b"Ask kindly" not in target.read_bytes()


def test_file_is_private_to_its_owner_and_no_temp_file_is_left(
    workbook: Workbook, tmp_path: Path
) -> None:
    workbook.agreed(title="Open phones", category="phones", wording="w")
    folder = tmp_path / "out"
    folder.mkdir()

    target = export_agreements(folder / "agreements.pdf", workbook.gather())

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["agreements.pdf"]


def test_too_short_password_writes_nothing(workbook: Workbook, tmp_path: Path) -> None:
    data = workbook.gather()
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportPasswordTooShort):
        export_agreements(folder / "a.pdf", data, password="1234")
    assert list(folder.iterdir()) == []


def test_metadata_names_the_document_but_not_the_couple(
    workbook: Workbook, tmp_path: Path
) -> None:
    workbook.agreed(title="Open phones", category="phones", wording="w")

    metadata: dict[str, Any] = dict(PdfReader(export_agreements(
        tmp_path / "a.pdf", workbook.gather())).metadata or {})

    values = " ".join(str(v) for v in metadata.values())
    assert TEXTS.words.document.metadata_title in values
    assert "Robin" not in values and "Sasha" not in values and "Open phones" not in values


def test_gathered_data_builds_on_a_worker_thread_after_the_vault_is_closed(
    tmp_path: Path,
) -> None:
    vault, book = _open_workbook(tmp_path / "vault")
    try:
        book.agreed(title="Open phones", category="phones", wording="Ask kindly.")
        data = book.gather(include_history=True)
    finally:
        vault.close()
    fractions: list[float] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            export_agreements(tmp_path / "a.pdf", data, progress=fractions.append)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()

    assert errors == []
    assert "Ask kindly." in pdf_text(tmp_path / "a.pdf")
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert len(fractions) > 5  # the layout itself reports, not only write_pdf


def test_an_empty_workbook_still_makes_a_calm_one_page_document(
    workbook: Workbook, tmp_path: Path
) -> None:
    target = export_agreements(tmp_path / "a.pdf", workbook.gather())
    with_history = export_agreements(tmp_path / "b.pdf", workbook.gather(include_history=True))

    assert len(PdfReader(target).pages) == 1
    assert TEXTS.words.summary.no_agreements in pdf_text(target)
    assert TEXTS.words.history.none in pdf_text(with_history)


def test_long_text_wraps_and_splits_across_pages(workbook: Workbook, tmp_path: Path) -> None:
    unbroken = "x" * 400
    long_words = "\n\n".join(f"Paragraph {n}. " + "We keep talking kindly. " * 60
                             for n in range(8))
    view = workbook.agreed(title="T" * 150, category="other", wording=long_words,
                           in_practice=unbroken)
    workbook.review(view.uuid, reviewed_on=PREPARED,
                             ratings={1: 3, 2: 3}, follow_through={1: 3, 2: 3},
                             helps=long_words, hard=unbroken, decision="keep", partner=1)

    target = export_agreements(tmp_path / "a.pdf", workbook.gather(), password=None)

    text = pdf_text(target)
    assert len(PdfReader(target).pages) >= 4
    assert "Paragraph 7." in text


def test_letter_paper(workbook: Workbook, tmp_path: Path) -> None:
    workbook.agreed(title="Open phones", category="phones", wording="w")
    box = PdfReader(export_agreements(tmp_path / "a.pdf", workbook.gather(paper="letter"))
                    ).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_build_can_be_reused_and_draws_into_any_stream(workbook: Workbook) -> None:
    workbook.agreed(title="Open phones", category="phones", wording="w")
    build = build_agreements_pdf(workbook.gather())
    first, second = io.BytesIO(), io.BytesIO()
    build(first)
    build(second)
    assert "Open phones" in pdf_text(first.getvalue())
    assert "Open phones" in pdf_text(second.getvalue())


# -- the words ----------------------------------------------------------------------


def test_every_word_of_the_document_is_in_the_bundled_font() -> None:
    words = [*every_string(TEXTS.words), *every_string(TEXTS.labels)]
    assert "December" in words and TEXTS.status("agreed") in words
    assert body_fonts(words)[0] == "Trellis-Vera"


def test_review_cadence_is_said_in_plain_words() -> None:
    assert [TEXTS.cadence(d) for d in (1, 7, 14, 30)] == [
        "every day", "every week", "every 2 weeks", "every 30 days"]


def test_the_words_file_holds_every_key_the_layout_asks_for() -> None:
    assert set(TEXTS.words.review.decisions) == set(export.DECISIONS)
    assert set(TEXTS.words.consent.groups) == set(export.CONSENT_GROUPS)
    assert list(TEXTS.labels.categories) == list(agreements.CATEGORIES)
    assert TEXTS.date(datetime.date(2026, 3, 3)) == "3 March 2026"


# -- a hundred agreements -----------------------------------------------------------


@pytest.fixture(scope="module")
def hundred(tmp_path_factory: pytest.TempPathFactory) -> AgreementsExport:
    """100 agreements, three versions each and a review, gathered; the vault is closed."""
    vault, book = _open_workbook(tmp_path_factory.mktemp("hundred"))
    try:
        categories = agreements.CATEGORIES
        for number in range(100):
            view = book.agreed(title=f"Agreement number {number}",
                               category=categories[number % len(categories)],
                               wording=f"Wording {number}, first version. " * 6,
                               in_practice="What it looks like. " * 5, not_ok="Not this. " * 4)
            for version in (2, 3):
                agreements.propose_change(book.keys, view.uuid, 1)
                agreements.edit(book.keys, view.uuid, 1 + version % 2,
                                wording=f"Wording {number}, version {version}. " * 6)
                book.confirm_both(view.uuid)
            book.review(view.uuid, reviewed_on=PREPARED,
                                     ratings={1: 4, 2: 3}, follow_through={1: 5, 2: 4},
                                     helps="Helps.", hard="Hard.", decision="keep", partner=1)
        return book.gather(include_history=True)
    finally:
        vault.close()


def test_a_hundred_agreements_with_three_versions_and_a_review_build_fine(
    hundred: AgreementsExport, tmp_path: Path
) -> None:
    assert len(hundred.agreements) == 100
    assert all(len(s.revisions) == 3 and s.latest_review for s in hundred.agreements)

    target = export_agreements(tmp_path / "a.pdf", hundred, password=PASSWORD)

    pages = PdfReader(target)
    assert pages.decrypt(PASSWORD) != PasswordType.NOT_DECRYPTED
    text = pdf_text(target, PASSWORD)
    for number in (0, 42, 99):
        assert f"Agreement number {number} " in text + " "
        assert f"Wording {number}, version 3." in text
        assert f"Wording {number}, first version." in text  # in the history
    total = len(pages.pages)
    assert TEXTS.words.document.page.format(page=total, pages=total) in text


def test_paused_and_proposed_change_print_the_words_in_force(workbook: Workbook,
                                                             tmp_path: Path) -> None:
    paused = workbook.agreed(title="Evening walks", category="communication",
                             wording="AGREED-WALK-words.")
    agreements.withdraw(workbook.keys, paused.uuid, 2, note="Can we talk first?")
    changing = workbook.agreed(title="Open phones", category="phones",
                               wording="AGREED-PHONE-words.")
    agreements.propose_change(workbook.keys, changing.uuid, 1)
    agreements.edit(workbook.keys, changing.uuid, 1, wording="PROPOSED-PHONE-words.")
    agreements.confirm(workbook.keys, changing.uuid, 2, workbook.bundles[2])

    text = flat(pdf_text(export_agreements(tmp_path / "a.pdf", workbook.gather())))

    in_force = flat(TEXTS.words.agreement.in_force.format(date="@@")).split("@@")[0]
    assert text.count(in_force) == 2
    assert "AGREED-WALK-words." in text and "AGREED-PHONE-words." in text
    assert "PROPOSED-PHONE-words." in text
    # The proposal is printed after the agreed words, inside its own box.
    assert text.index("AGREED-PHONE-words.") < text.index("PROPOSED-PHONE-words.")
    assert flat(TEXTS.words.agreement.change_note) in text
    assert "Sasha has confirmed the change; waiting for Robin." in text
    # The agreed words' confirmations still stand beside the proposal.
    assert re.search(r"Confirmed Robin on \d+ \w+ \d{4} Sasha on", text)


def test_history_says_which_version_is_only_proposed(workbook: Workbook,
                                                    tmp_path: Path) -> None:
    changing = workbook.agreed(title="Open phones", category="phones",
                               wording="AGREED-PHONE-words.")
    agreements.propose_change(workbook.keys, changing.uuid, 1)
    agreements.edit(workbook.keys, changing.uuid, 1, wording="PROPOSED-PHONE-words.")

    text = flat(pdf_text(export_agreements(tmp_path / "h.pdf",
                                           workbook.gather(include_history=True))))

    marker = flat(TEXTS.words.history.not_agreed).strip(" ·")
    history = text[text.index(flat(TEXTS.words.history.heading)):]
    first, second = history.index("Version 1 "), history.index("Version 2 ")
    assert marker not in history[first:second]  # the agreed words
    assert marker in history[second:]  # the change still waiting for both


def test_the_consent_comparison_is_gathered_only_with_both_fresh_passwords(
    workbook: Workbook,
) -> None:
    from models.proof import NeedsBoth

    item = consent.add_item(workbook.keys, "Holding hands in public", None)
    for partner in (1, 2):
        consent.answer(workbook.keys, partner, item.uuid, "yes", proof=workbook.bundles[partner])
    consent.reveal(workbook.keys, workbook.bundles.values())
    for proofs in ((), (workbook.bundles[1],), (workbook.bundles[2], workbook.bundles[2])):
        with pytest.raises(NeedsBoth):
            gather(workbook.keys, NAMES, prepared_on=PREPARED, session_on=None,
                   include_history=False, consent_proofs=proofs)
    data = workbook.gather(consent=True)
    assert data.consent is not None and data.consent.items[0].outcome == "yes"
    assert workbook.gather().consent is None


# -- the therapy-session packet -----------------------------------------------------


def test_the_agreements_part_of_a_session_packet_has_no_cover_and_lists_its_page(
    workbook: Workbook,
) -> None:
    from exports.agreements import drawn_text, session_section
    from exports.house_style import (
        Composer,
        Footer,
        HouseStyle,
        Page,
        Section,
        SectionStart,
        build_document,
    )

    workbook.agreed(title="Open phones", category="phones", wording="PACKET-words.")
    data = workbook.gather(include_history=True)
    other = ["A JOURNAL-PART line written by Győző"]
    # One style for the whole packet, from every part's words, so the fonts agree.
    style = HouseStyle.for_text(Page(), [*drawn_text(data, TEXTS), *other])
    part = session_section(data, TEXTS, style)
    texts = " ".join(str(getattr(f, "text", "")) for f in part)
    assert TEXTS.words.document.title not in texts  # no cover of its own
    composer_para = build_composer(style)
    composer = Composer(style)

    def cover(starts: list[SectionStart]) -> list[Any]:
        return [composer.page_of(starts[0], "Agreements on page {page},", "body"),
                composer.page_of(starts[1], "journal on page {page}", "body")]

    out = io.BytesIO()
    starts = build_document(out, style, Footer("Packet", "Page {page} of {pages}"),
                            title="Packet", cover=cover,
                            sections=[Section("Agreements", part),
                                      Section("Journal", [composer_para(other[0])])])

    pages = page_texts_of(out.getvalue())
    assert "PACKET-words." in pages[starts[0] - 1]
    assert flat(TEXTS.words.history.heading) in " ".join(pages[starts[0] - 1:starts[1] - 1])
    assert "JOURNAL-PART" in pages[starts[1] - 1]
    assert f"Agreements on page {starts[0]}, journal on page {starts[1]}" in pages[0]


def test_an_empty_workbook_with_its_history_has_no_blank_page(
    workbook: Workbook, tmp_path: Path
) -> None:
    pages = page_texts(export_agreements(tmp_path / "a.pdf", workbook.gather(
        include_history=True)))
    assert len(pages) == 2  # the cover, then "how the wording changed"
    assert TEXTS.words.history.none in pages[1]


def build_composer(style: Any) -> Any:
    from exports.house_style import Composer

    return lambda text: Composer(style).para(text, "body")


def page_texts_of(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]
