"""The floor for the agreements PDF: the pages Trellis prints, made with plain reportlab.

Like for like with what ``bench.ui_run``'s ``pdf`` step times (Trellis laying out and
writing the agreements it has read already): the same agreements (all but drafts), the
same words on them, in the same embedded font (Bitstream Vera, which ships with
reportlab and is what Trellis embeds for these names), sizes, colours, page and margins.
A cover with the counts and contents; the agreements by category, each under its
category's heading and rule; per agreement its title, status line, the paused box and
the note on the words in force where Trellis prints them, each passage under its label
(both partners' "why" too), the table of who confirmed, when agreed and the next
review, and a proposed change's box; a short agreement kept on one page and a long one
flowing, as Trellis keeps them, headings and labels kept with what follows; the footer
with "Page N of M" on every page (reportlab's usual canvas that keeps its pages until it
knows their number). Built in memory and written to a file with fsync.

Left out, as Trellis's own extras: choosing fonts from the words, the "continued" lines,
the cover's page listing. The category and status names are written plainly here.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from typing import Any
from xml.sax.saxutils import escape

FIELDS = (("wording", "What we agree to"), ("in_practice", "What it looks like in practice"),
          ("not_ok", "What is not OK"), ("why_1", "Why it matters to Wren"),
          ("why_2", "Why it matters to Otto"))
STATUSES = {"agreed": ("Agreed", "#4E6B57"),
            "proposed": ("Proposed — waiting for both of you", "#7A6A4F"),
            "paused": ("Paused for a conversation", "#93653A"),
            "under_review": ("Being reviewed", "#566B86")}
IN_FORCE = ("The words below, agreed on 28 November 2026, stay in force until we both "
            "confirm something new: while an agreement is paused or a change is proposed, "
            "the more careful reading applies.")
PAUSED = ("Either of us can pause an agreement at any time, and asking is always welcome. "
          "This one is waiting for a conversation, perhaps in this session.")
CHANGE = ("Only the parts that would change are shown. Nothing here applies until both of "
          "us have confirmed it.")
NOTE = ("These are the agreements we have made with each other, in our own words, as they "
        "stand today. We bring them so we can talk them through together: what is "
        "helping, what feels hard, and what we may want to change. Nothing here is a "
        "verdict on either of us.")


def plain_pdf(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Lay out and write the agreements in ``rows`` (the bench vault's words, newest
    first, as ``bench.vaults.agreement_words`` gives them); the seconds and pages."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        HRFlowable,
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    start = time.perf_counter()
    pdfmetrics.registerFont(TTFont("FloorVera", "Vera.ttf"))
    pdfmetrics.registerFont(TTFont("FloorVera-Bold", "VeraBd.ttf"))
    ink, muted, accent = HexColor("#2E2E2C"), HexColor("#6F6C66"), HexColor("#4E6B57")
    rule, soft = HexColor("#DDD8CC"), HexColor("#A9BBAE")
    base = ParagraphStyle("base", fontName="FloorVera", fontSize=10.5, leading=15.5,
                          textColor=ink)
    small = ParagraphStyle("small", base, fontSize=9.5, leading=13.5)
    bold = {"fontName": "FloorVera-Bold"}
    styles = {
        "brand": ParagraphStyle("brand", base, fontSize=9, leading=12, textColor=accent,
                                spaceAfter=5, **bold),
        "title": ParagraphStyle("title", base, fontSize=24, leading=29, **bold),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=14, leading=19, textColor=muted,
                                   spaceBefore=2, spaceAfter=6 * mm),
        "h1": ParagraphStyle("h1", base, fontSize=15, leading=19, textColor=accent,
                             spaceBefore=5 * mm, spaceAfter=1.5, keepWithNext=1, **bold),
        "h2": ParagraphStyle("h2", base, fontSize=11.5, leading=15, textColor=accent,
                             spaceBefore=5 * mm, spaceAfter=2, keepWithNext=1, **bold),
        "agreement": ParagraphStyle("agreement", base, fontSize=12.5, leading=16.5,
                                    spaceBefore=4, keepWithNext=1, **bold),
        "label": ParagraphStyle("label", base, fontSize=9, leading=12, textColor=muted,
                                spaceBefore=6, spaceAfter=1, keepWithNext=1, **bold),
        "meta": ParagraphStyle("meta", small, textColor=muted),
        "box_heading": ParagraphStyle("box_heading", small, **bold),
        "box_label": ParagraphStyle("box_label", small, textColor=muted, spaceBefore=5),
    }
    status_styles = {key: ParagraphStyle(key, base, fontSize=9, leading=12, spaceBefore=1,
                                         spaceAfter=2, keepWithNext=1, textColor=HexColor(c),
                                         **bold)
                     for key, (_, c) in STATUSES.items()}
    width = A4[0] - 44 * mm - 12

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(text), style)

    def table(cells: list[list[Any]], widths: list[float], extra: list[Any]) -> Table:
        made = Table(cells, colWidths=widths, hAlign="LEFT")
        made.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5), *extra]))
        return made

    def pairs(items: list[tuple[str, str]], label_width: float) -> Table:
        return table([[para(a, styles["meta"]), para(b, small)] for a, b in items],
                     [label_width, width - label_width], [])

    def box(lines: list[Any], fill: str, line: str) -> Table:
        return table([[item] for item in lines], [width],
                     [("BACKGROUND", (0, 0), (-1, -1), HexColor(fill)),
                      ("BOX", (0, 0), (-1, -1), 0.6, HexColor(line)),
                      ("ROUNDEDCORNERS", [4, 4, 4, 4]),
                      ("LEFTPADDING", (0, 0), (-1, -1), 9),
                      ("RIGHTPADDING", (0, 0), (-1, -1), 9)])

    shown = [row for row in reversed(rows) if row["status"] not in ("draft", "retired")]
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in shown:
        groups.setdefault(row["category"], []).append(row)

    def named(key: str) -> str:
        return key.replace("_", " ").capitalize()

    counts = {key: sum(1 for row in shown if row["status"] == key) for key in STATUSES}
    story: list[Any] = [
        para("TRELLIS", styles["brand"]),
        para("Agreements for our therapy session", styles["title"]),
        para("Prepared by Wren and Otto", styles["subtitle"]),
        pairs([("Prepared on", "3 March 2026")], 42 * mm),
        Spacer(1, 6 * mm), para(NOTE, base),
        para("Where our agreements stand", styles["h2"]),
        pairs([(STATUSES[k][0], str(n)) for k, n in counts.items() if n], 80 * mm),
        para("Reviews due", styles["h2"]), para("No reviews are due right now.", small),
        para("In this document", styles["h2"]),
        pairs([(named(k), f"{len(v)} agreements") for k, v in groups.items()], 80 * mm),
    ]
    for category, members in groups.items():
        for number, row in enumerate(members):
            status = row["status"]
            block: list[Any] = [
                para(named(category), styles["h1"]),
                HRFlowable(width="100%", thickness=0.7, color=soft, spaceAfter=3),
            ] if number == 0 else [HRFlowable(width="100%", thickness=0.4, color=rule,
                                              spaceBefore=6, spaceAfter=6)]
            block += [para(row["title"], styles["agreement"]),
                      para(STATUSES[status][0], status_styles[status])]
            if status == "paused":
                paused = box([para("Paused on 28 November 2026.", styles["box_heading"]),
                              para(PAUSED, small)], "#FAF4E8", "#E2CFA8")
                paused.spaceBefore, paused.spaceAfter = 4, 2
                block.append(paused)
            if status == "paused" or row.get("change"):
                block.append(para(IN_FORCE, base))
            for key, label in FIELDS:
                block += [para(label, styles["label"]), para(row.get(key, ""), base)]
            details = {
                "agreed": [("Confirmed", "Wren on 28 November 2026\nOtto on 28 November 2026"),
                           ("Agreed on", "28 November 2026"),
                           ("Next review", "12 December 2026, then every 2 weeks")],
                "proposed": [("Confirmed", "waiting for Wren\nwaiting for Otto")],
                "paused": [("Confirmed", "On hold until we have talked"),
                           ("Agreed on", "28 November 2026")],
            }.get(status, [])
            block.append(table([[para(a, styles["meta"]),
                                 Paragraph(escape(b).replace("\n", "<br/>"), small)]
                                for a, b in details], [30 * mm, width - 30 * mm], []))
            block[-1].spaceBefore = 8
            if row.get("change"):
                block.append(box([
                    para("A change proposed by Otto on 28 November 2026, not yet agreed",
                         styles["box_heading"]),
                    para(CHANGE, small), para("Neither of us has confirmed the change yet.",
                                              small),
                    para("What we agree to", styles["box_label"]), para(row["wording"], small),
                ], "#F6F4EF", "#CBC4B4"))
                block[-1].spaceBefore = 8
            # As Trellis: a short agreement is kept on one page, a long one (here: one
            # with a change proposed) flows.
            story += block if row.get("change") else [KeepTogether(block)]

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        """reportlab's usual way to "Page N of M": keep each page until the count is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.kept: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self.kept.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self.kept:
                self.__dict__.update(state)
                self.setStrokeColor(rule)
                self.line(28 * mm, 18 * mm, A4[0] - 28 * mm, 18 * mm)
                self.setFillColor(muted)
                self.setFont("FloorVera", 8.5)
                self.drawString(28 * mm, 13 * mm, "Confidential — prepared for our therapy session")
                self.drawRightString(A4[0] - 28 * mm, 13 * mm,
                                     f"Page {self._pageNumber} of {len(self.kept)}")
                Canvas.showPage(self)
            Canvas.save(self)

    stream = io.BytesIO()
    doc = SimpleDocTemplate(stream, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm,
                            topMargin=20 * mm, bottomMargin=24 * mm)
    doc.build(story, canvasmaker=NumberedCanvas)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as target:
        target.write(stream.getvalue())
        target.flush()
        os.fsync(target.fileno())
    return {"pdf_seconds": time.perf_counter() - start, "pdf_pages": float(doc.page)}
