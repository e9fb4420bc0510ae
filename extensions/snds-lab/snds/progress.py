"""A progress line in the notebook for work that takes more than a second."""

from __future__ import annotations

import html
import time

#: Show nothing for work shorter than this.
DELAY_SECONDS = 1.0
#: At most one redraw per interval: each is a message the page must render.
REDRAW_SECONDS = 0.25


class Progress:
    """Shows `<progress>` with a label, updated in place; `total=None` is indeterminate."""

    def __init__(self, title: str, total: int | None = None):
        self.title = title
        self.total = total
        self.start = time.perf_counter()
        self._handle = None
        self._drawn = 0.0

    def _html(self, done: int, label: str):
        from IPython.display import HTML

        value = f" value='{done}' max='{self.total}'" if self.total else ""
        return HTML(
            f"<div><progress{value} style='width:20em'></progress> "
            f"{html.escape(self.title)}: {html.escape(label)}</div>"
        )

    def update(self, done: int, label: str = "") -> None:
        now = time.perf_counter()
        if now - self.start < DELAY_SECONDS or now - self._drawn < REDRAW_SECONDS:
            return
        self._drawn = now
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:
            return
        shell = get_ipython()
        # Only where HTML shows (a notebook kernel), not in a terminal.
        if shell is None or "text/html" not in shell.display_formatter.active_types:
            return
        if self._handle is None:
            self._handle = display(self._html(done, label), display_id=True)
        else:
            self._handle.update(self._html(done, label))

    def close(self) -> None:
        if self._handle is not None:
            from IPython.display import HTML

            self._handle.update(HTML(""))
