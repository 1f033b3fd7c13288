"""A component class's style as the widget would draw it, for text a widget renders itself.

``Widget.get_component_rich_style(name, partial=True)`` gives a component's colours as Rich
colours, and a Rich colour has no alpha and no "auto": ``$text-muted`` (the text colour at
60%, ``auto 60%`` in Textual's themes) comes out as plain white whatever the background, so
bullets and dim cells were drawn white on white in a light theme.  Here the colour is worked
out as Textual works out a widget's own text: ``auto`` is the contrasting colour of the
background, a translucent colour is blended over it.  ANSI colours (the 16-colour theme) are
the terminal's own and are kept as they are.
"""

from __future__ import annotations

from rich.style import Style
from textual.color import Color
from textual.widget import Widget


def _over(background: Color, color: Color, auto: bool = False) -> Color:
    if color.ansi is not None:
        return color
    if auto or color.auto:  # ``color: auto 60%`` is a rule of its own (``auto_color``)
        color = background.get_contrast_text(color.a)
    return background + color if color.a < 1 else color


def component_styles(widget: Widget, *components: str) -> list[Style]:
    """Each component's Rich style (text style and colours) with its colours resolved against
    the widget's background (worked out once for them all)."""
    _, base = widget.background_colors
    out = []
    for component in components:
        styles = widget.get_component_styles(component)
        style = widget.get_component_rich_style(component, partial=True)
        background = base
        if styles.has_rule("background"):
            background = _over(base, styles.background)
            style += Style(bgcolor=background.rich_color)
        if styles.has_rule("color"):
            style += Style(color=_over(background, styles.color, styles.auto_color).rich_color)
        out.append(style)
    return out


def component_style(widget: Widget, component: str) -> Style:
    """One component's style (see :func:`component_styles`)."""
    return component_styles(widget, component)[0]
