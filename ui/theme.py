"""One look for every window: Fusion, a light or dark palette, a base text size, and
``resources/style.qss`` filled in for them.

Fusion draws what the style sheet leaves alone (check boxes, radio buttons, tabs,
menus, scroll bars); the sheet styles buttons and inputs completely, in every state, so
they keep a visible frame and a clear keyboard focus ring in both themes.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractSpinBox

THEMES = ("system", "light", "dark")
# Point sizes of ordinary text; titles and the recovery key scale with them.
TEXT_SIZES: dict[str, int] = {"small": 10, "normal": 11, "large": 13, "larger": 15}
DEFAULT_THEME = "system"
DEFAULT_TEXT_SIZE = "normal"
SPIN_TEXT_INSET = 5  # px, so a spin box's text sits where a line edit's does


class Colours(NamedTuple):  # a NamedTuple: dataclasses is not loaded before the first paint
    """What a palette holds, plus the few shades the style sheet needs beyond it."""

    scheme: str  # "light" or "dark": which arrows (resources/icons/arrow-*-<scheme>.svg)
    window: str
    text: str
    base: str
    alternate: str
    button: str
    highlight: str
    highlighted_text: str
    link: str
    placeholder: str
    disabled_text: str
    tooltip: str
    # beyond QPalette, for style.qss
    border: str
    border_hover: str
    border_disabled: str
    button_hover: str
    button_pressed: str
    disabled_fill: str
    focus: str
    accent_border: str
    accent_hover: str
    accent_pressed: str
    accent_focus: str
    card: str  # Home's framed groups stand a little apart from the window
    card_border: str
    error: str  # the edge of a message about something to fix, readable on the window
    notice: str  # the edge of a message that only tells


LIGHT = Colours(
    scheme="light",
    window="#f2f1ee", text="#1d1d1b", base="#ffffff", alternate="#e9e7e2",
    button="#fbfaf8", highlight="#2c6aa8", highlighted_text="#ffffff", link="#1f5b96",
    placeholder="#6f6e6a", disabled_text="#9a9893", tooltip="#fffbe6",
    border="#8f8d88", border_hover="#5f5d59", border_disabled="#c9c7c2",
    button_hover="#ffffff", button_pressed="#e2e0db", disabled_fill="#eceae6",
    focus="#1c64c4", accent_border="#1f4f80", accent_hover="#3677ba",
    accent_pressed="#235a90", accent_focus="#0b2a4d",
    card="#fbfaf8", card_border="#cfccc6", error="#b3372b", notice="#2c6aa8",
)

DARK = Colours(
    scheme="dark",
    window="#2a2a2b", text="#ececea", base="#1c1c1d", alternate="#343436",
    button="#3a3a3c", highlight="#3f7fc4", highlighted_text="#ffffff", link="#8cbcf0",
    placeholder="#9c9c9a", disabled_text="#77777a", tooltip="#3a3a3c",
    border="#7a7a7e", border_hover="#a3a3a7", border_disabled="#4a4a4d",
    button_hover="#47474a", button_pressed="#2f2f31", disabled_fill="#313133",
    focus="#7db4f0", accent_border="#6a9fd8", accent_hover="#4b8bd0",
    accent_pressed="#346ca8", accent_focus="#e6f0fb",
    card="#333335", card_border="#505054", error="#f08a7e", notice="#7db4f0",
)

_current: tuple[str, str] | None = None
_following_system = False


def colours_for(theme: str) -> Colours:
    """The colours ``theme`` stands for today ("system" follows the platform)."""
    if theme == "dark":
        return DARK
    if theme == "light":
        return LIGHT
    return DARK if _system_is_dark() else LIGHT


def _system_is_dark() -> bool:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    # Unknown (no desktop setting, offscreen) means light.
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def palette_for(colours: Colours) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    window = QColor(colours.window)
    border = QColor(colours.border)
    for role_, value in (
        (role.Window, window),
        (role.WindowText, QColor(colours.text)),
        (role.Base, QColor(colours.base)),
        (role.AlternateBase, QColor(colours.alternate)),
        (role.Text, QColor(colours.text)),
        (role.Button, QColor(colours.button)),
        (role.ButtonText, QColor(colours.text)),
        (role.BrightText, QColor("#ff5a4f")),
        (role.Highlight, QColor(colours.highlight)),
        (role.HighlightedText, QColor(colours.highlighted_text)),
        (role.Link, QColor(colours.link)),
        (role.LinkVisited, QColor(colours.link)),
        (role.PlaceholderText, QColor(colours.placeholder)),
        (role.ToolTipBase, QColor(colours.tooltip)),
        (role.ToolTipText, QColor(colours.text)),
        # Fusion draws frames and bevels from these.
        (role.Light, window.lighter(115)),
        (role.Midlight, window.lighter(106)),
        (role.Mid, border),
        (role.Dark, border.darker(120)),
        (role.Shadow, QColor("#000000")),
    ):
        palette.setColor(role_, value)
    disabled = QColor(colours.disabled_text)
    for role_ in (role.WindowText, role.Text, role.ButtonText, role.PlaceholderText):
        palette.setColor(group.Disabled, role_, disabled)
    palette.setColor(group.Disabled, role.Base, QColor(colours.disabled_fill))
    palette.setColor(group.Disabled, role.Button, QColor(colours.disabled_fill))
    palette.setColor(group.Disabled, role.Highlight, QColor(colours.border_disabled))
    return palette


def text_points(text_size: str) -> int:
    return TEXT_SIZES.get(text_size, TEXT_SIZES[DEFAULT_TEXT_SIZE])


def style_sheet(theme: str = "light", text_size: str = DEFAULT_TEXT_SIZE) -> str:
    """``resources/style.qss`` with its ``{name}`` places filled for this look."""
    colours = colours_for(theme)
    points = text_points(text_size)
    values = {name: str(value) for name, value in colours._asdict().items()}
    values.update(
        font_pt=str(points),
        title_pt=str(round(points * 1.55)),
        heading_pt=str(round(points * 1.15)),
        key_pt=str(round(points * 1.6)),
        indicator=str(2 * round(points * 0.7)),
        indicator_radius=str(round(points * 0.7)),
        arrow_w=str(round(points * 0.9)),
        arrow_h=str(round(points * 0.55)),
        icons=str(resources.files("resources").joinpath("icons")).replace("\\", "/"),
    )
    sheet = resources.files("resources").joinpath("style.qss").read_text("utf-8")
    # Only known names: QSS's own braces ("QWidget {") never look like "{name}".
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), sheet)


def apply_theme(app: QApplication, theme: str, text_size: str, set_style: bool = True) -> None:
    """Give every window, open or still to come, this theme and text size. ``set_style``
    False: the application was made with Fusion already (``-style Fusion``, as app.py
    does, so Python need not make QStyle's class and its many enums before the first
    paint, #9)."""
    global _current
    theme = theme if theme in THEMES else DEFAULT_THEME
    text_size = text_size if text_size in TEXT_SIZES else DEFAULT_TEXT_SIZE
    if set_style:  # always again: under a style sheet, app.style() no longer says its name
        app.setStyle("Fusion")
    app.setPalette(palette_for(colours_for(theme)))
    font = QFont(app.font())
    font.setPointSize(text_points(text_size))
    app.setFont(font)
    # Setting the sheet again re-polishes every widget, so palette() and sizes in it
    # are read afresh in windows already open.
    app.setStyleSheet(style_sheet(theme, text_size))
    _current = (theme, text_size)
    _follow_system(app)


def _follow_system(app: QApplication) -> None:
    """While the theme is "system", a change of the desktop's colour scheme restyles."""
    global _following_system
    if _following_system:
        return
    _following_system = True
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: _system_changed(app))


def _system_changed(app: QApplication) -> None:
    if _current is not None and _current[0] == "system":
        apply_theme(app, *_current)


def current() -> tuple[str, str] | None:
    """The (theme, text size) last applied, if any."""
    return _current


def give_room(box: QAbstractSpinBox) -> None:
    """Inset the text of a spin box (or date edit) from its frame like a line edit's:
    a style sheet's padding does not reach the field inside a spin box."""
    from PySide6.QtWidgets import QLineEdit

    inner = box.findChild(QLineEdit)
    if inner is not None:
        inner.setTextMargins(SPIN_TEXT_INSET, 0, 0, 0)
