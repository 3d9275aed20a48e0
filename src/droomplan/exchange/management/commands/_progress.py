"""A plain progress bar on stderr (no dependency), shown on a terminal or on request."""

import sys
import time


class ProgressBar:
    def __init__(self, label: str, total: int, stream=None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.label = label
        self.counter = total <= 0
        self.total = max(total, 1)
        if enabled is None:
            enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.enabled = enabled
        self.started = time.monotonic()
        self._last = -1.0

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < self.total and now - self._last < 0.2:
            return
        self._last = now
        if self.counter:
            self.stream.write(f"\r{self.label}: {done}")
            self.stream.flush()
            return
        share = min(done / self.total, 1.0)
        width = 30
        filled = int(width * share)
        bar = "#" * filled + "-" * (width - filled)
        elapsed = now - self.started
        self.stream.write(
            f"\r{self.label} [{bar}] {done}/{self.total} ({share:5.1%}, {elapsed:.0f} s)"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
