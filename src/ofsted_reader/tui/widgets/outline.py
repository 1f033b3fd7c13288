"""The section tree (left pane): the report's outline with hotkeys and grade badges."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ofsted_reader.headline import short_title
from ofsted_reader.model import Report, Section
from ofsted_reader.tui.render import SectionMark, badge_text, one_line
from ofsted_reader.tui.styling import component_style
from ofsted_reader.tui.vim import DoublePress

TOGGLE_STYLE = Style.from_meta({"toggle": True})
"""What Tree puts on the expand icon (as its own ``render_label`` does): a click there toggles the node."""


class OutlineTree(Tree[Section]):
    """Every section in reading order.  A graded node reads ``<key> <BADGE> <title>``.

    The badge is a word (``GOOD``, ``RI``…), so it reads right without colour; the
    key is the grade hotkey from :func:`ofsted_reader.keys.hotkeys`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Next heading", show=False, id="outline.down"),
        Binding("k,up", "cursor_up", "Previous heading", show=False, id="outline.up"),
        Binding("g", "first", "First heading (g g)", show=False, id="outline.first"),
        Binding("home", "scroll_home", "First heading", show=False, id="outline.home"),
        Binding("G,end", "last", "Last heading", show=False, id="outline.last"),
        Binding("h,left", "collapse_or_parent", "Collapse, or go to the parent", show=False, id="outline.collapse"),
        Binding("l,right", "expand_or_read", "Expand, or read the section", show=False, id="outline.expand"),
        Binding("enter", "read", "Read the section (focus the paragraphs)", show=False, id="outline.read"),
        Binding("space", "screen.page_down", "Page down the paragraphs", show=False, id="outline.page-down"),
        Binding("shift+space", "toggle_expand_all", "Expand or collapse all", show=False, id="outline.toggle-all"),
    ]

    DEFAULT_CSS = """
    OutlineTree {
        padding: 0;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    /* Tree's own guides are a shade off the background in a light theme ($surface-darken-1: the
       same white once a 16-colour terminal has them) and $ansi-background, black, in an ANSI one. */
    OutlineTree > .tree--guides, OutlineTree:focus > .tree--guides,
    OutlineTree:light > .tree--guides, OutlineTree:ansi > .tree--guides { color: $rule; }
    OutlineTree > .outline--key { text-style: bold; color: $text-accent; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"outline--key"}

    class Read(Message):
        """Read the section under the cursor: the paragraphs take focus."""

    def __init__(self, report: Report, marks: dict[str, SectionMark], *, id: str | None = None) -> None:
        super().__init__(Text("Contents"), id=id)  # Text, not a str: no markup (and emoji table) to parse
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = False
        self.report = report
        self.marks = marks
        """Section id → its grade and hotkey (see :func:`~ofsted_reader.tui.render.section_marks`)."""
        self.key_width = max((len(m.key) for m in marks.values()), default=1)
        self.nodes_by_id: dict[str, TreeNode[Section]] = {}
        self._g = DoublePress()
        self._pass_style: Style | None = None
        self._key_style: Style | None = None

    def on_mount(self) -> None:
        def add(parent: TreeNode[Section], sections: list[Section]) -> None:
            for section in sections:
                # The tree is narrow: template openings go, the pane header shows the title whole.
                label = Text(one_line(short_title(section.title)))
                if section.children:
                    node = parent.add(label, data=section, expand=True)
                    add(node, section.children)
                else:
                    node = parent.add_leaf(label, data=section)
                self.nodes_by_id[section.id] = node

        add(self.root, self.report.sections)
        self.root.expand()

    def render_label(self, node: TreeNode[Section], base_style: Style, style: Style) -> Text:
        # Built in one go (Tree's own label, cut open to put the key and badge after the expand
        # icon, cost a third of the outline's first paint).
        parts: list[tuple[str, Style]] = []
        if node.allow_expand:
            parts.append((self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE, base_style + TOGGLE_STYLE))
        section = node.data
        mark = self.marks.get(section.id) if section is not None else None
        if mark is not None and mark.grade is not None:
            key_style = self._key_style if self._key_style is not None else component_style(self, "outline--key")
            badge = badge_text(mark.grade, self.app.theme_variables)
            parts += [
                (mark.key.ljust(self.key_width), key_style + style),
                (" ", style),
                (badge.plain, Style.combine([badge.style, style])),
                (" ", style),
            ]
        parts.append((node.label.plain, style))
        return self._fit(node, Text.assemble(*parts))

    def render_lines(self, crop: Region) -> list[Strip]:
        # Tree works out the widget's own style for every line it draws (``rich_style``: a walk
        # up the DOM, ~0.2 ms a line); it is the same for every line of one pass, so it is
        # worked out once per pass (benchmarks/bench_reader.py: ~5 ms of the first paint at 80×24).
        self._pass_style = super().rich_style
        self._key_style = component_style(self, "outline--key")
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = self._key_style = None

    @property
    def rich_style(self) -> Style:
        return self._pass_style if self._pass_style is not None else super().rich_style

    def get_label_width(self, node: TreeNode[Section]) -> int:
        # Labels are cut to the pane's width (overflow-x is hidden), so an estimate will do;
        # the default renders every label just to measure it.
        return node.label.cell_len + (len(self.ICON_NODE) if node.allow_expand else 0) + 8

    def _fit(self, node: TreeNode[Section], label: Text) -> Text:
        """Cut a long title with an ellipsis at the pane's edge (the pane header shows it whole)."""
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        if room > 4 and label.cell_len > room:
            label = label.copy()
            label.truncate(room, overflow="ellipsis")
        return label

    # -- keys ---------------------------------------------------------------------

    def action_first(self) -> None:
        if self._g.press():
            self.action_scroll_home()

    def action_last(self) -> None:
        self.action_scroll_end()

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_expand_or_read(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            node.expand()
        else:
            self.action_read()

    def action_read(self) -> None:
        self.post_message(self.Read())

    # -- API for the reader ------------------------------------------------------

    def select_section(self, section_id: str) -> None:
        """Put the cursor on a section (opening its ancestors) without stealing focus."""
        node = self.nodes_by_id.get(section_id)
        if node is None or self.cursor_node is node:
            return
        parent = node.parent
        while parent is not None and parent is not self.root:
            if not parent.is_expanded:
                parent.expand()
            parent = parent.parent
        self.last_line  # noqa: B018 - makes the tree lay its lines out again after the expands (node.line is stale until then)
        self.move_cursor(node)

    def refresh_labels(self) -> None:
        """Re-render labels (after a theme change: badge colours come from the theme)."""
        for node in self.nodes_by_id.values():
            node.refresh()
