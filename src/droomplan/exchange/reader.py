"""Streaming reader for exchange documents.

A document can hold tens of thousands of participants. Instead of `json.load` (which builds
every participant at once) the reader walks the top-level object and decodes one participant
at a time with `json.JSONDecoder.raw_decode` over a buffer that is refilled from the file.
Memory stays at the size of one chunk plus one participant."""

import json
import re
from collections.abc import Iterator
from typing import IO

from django.utils.translation import gettext_noop

CHUNK = 1 << 20
_WS = re.compile(r"[ \t\n\r]*")
#: The format nests at most five levels below a participant (participant, list, item,
#: answers, a value); anything much deeper is not an exchange document.
MAX_DEPTH = 32


class _NotANumber(ValueError):
    """NaN, Infinity or a number too large for a float: not JSON (RFC 8259)."""


def _no_constant(name: str):
    raise _NotANumber(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NotANumber(text)
    return value


_decoder = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite_float)


def depth(value) -> int:
    """How deeply lists and objects nest in `value` (a number or text: 0), without
    recursion: one layer of containers at a time (a participant has thousands of values and
    only a few hundred containers)."""
    deepest = 0
    layer = [value] if type(value) in _CONTAINERS else []
    while layer:
        deepest += 1
        if deepest > MAX_DEPTH:
            return deepest
        below = []
        for item in layer:
            below += [
                c for c in (item.values() if type(item) is dict else item) if type(c) in _CONTAINERS
            ]
        layer = below
    return deepest


_CONTAINERS = (dict, list)


PARTICIPANTS = "participants"


class DocumentError(Exception):
    """The file is not a JSON object we can read (not UTF-8, not JSON, not an object).

    `message` is an untranslated msgid, `params` its parameters."""

    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


class _Buffer:
    def __init__(self, stream: IO[str], chunk: int = CHUNK):
        self.stream = stream
        self.chunk = chunk
        self.buf = ""
        self.pos = 0
        self.offset = 0  # characters dropped before buf
        self.eof = False

    def more(self) -> bool:
        if self.eof:
            return False
        try:
            data = self.stream.read(self.chunk)
        except UnicodeDecodeError:
            raise DocumentError(gettext_noop("the file is not UTF-8 text")) from None
        if not data:
            self.eof = True
            return False
        if "\x00" in data:
            raise DocumentError(gettext_noop("the file is not a text file"))
        self.offset += self.pos
        self.buf = self.buf[self.pos :] + data
        self.pos = 0
        return True

    def skip_ws(self) -> None:
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()
            if self.pos < len(self.buf) or not self.more():
                return

    def peek(self) -> str:
        self.skip_ws()
        return self.buf[self.pos] if self.pos < len(self.buf) else ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            self.fail()
        self.pos += 1

    def fail(self, pos: int | None = None):
        at = self.offset + (self.pos if pos is None else pos)
        if self.peek() == "" and pos is None:
            raise DocumentError(gettext_noop("the file ends too early (incomplete JSON)"))
        raise DocumentError(gettext_noop("not valid JSON near character %(at)s"), at=at)

    def value(self):
        self.skip_ws()
        while True:
            at = self.offset + self.pos
            try:
                obj, end = _decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.more():
                    continue
                self.fail(exc.pos)
            except RecursionError:
                raise DocumentError(
                    gettext_noop("the file is nested too deeply near character %(at)s"), at=at
                ) from None
            except _NotANumber:
                raise DocumentError(
                    gettext_noop(
                        "a number near character %(at)s is not a JSON number "
                        "(NaN, Infinity or too large)"
                    ),
                    at=at,
                ) from None
            except ValueError:  # an integer with more digits than Python reads (4,300)
                raise DocumentError(
                    gettext_noop("a number near character %(at)s has too many digits"), at=at
                ) from None
            if end >= len(self.buf) and not self.eof and self.more():
                continue  # a number may go on in the next chunk
            if depth(obj) > MAX_DEPTH:
                raise DocumentError(
                    gettext_noop(
                        "the file is nested too deeply near character %(at)s "
                        "(more than %(max)s levels)"
                    ),
                    at=at,
                    max=MAX_DEPTH,
                )
            self.pos = end
            return obj


def read_events(stream: IO[str], chunk: int = CHUNK) -> Iterator[tuple]:
    """Yield ("key", name, value) for each top-level key except `participants`,
    ("participant", index, value) for each participant, and ("participants", None, value)
    when `participants` is not a list. Raises DocumentError for unreadable files."""
    buf = _Buffer(stream, chunk)
    if buf.peek() == "\ufeff":
        buf.pos += 1
    if buf.peek() != "{":
        if buf.peek() == "":
            raise DocumentError(gettext_noop("the file is empty"))
        try:
            buf.value()
        except DocumentError:
            raise
        raise DocumentError(gettext_noop("the document must be a JSON object"))
    buf.pos += 1
    first = True
    while True:
        if buf.peek() == "}":
            buf.pos += 1
            break
        if not first:
            buf.expect(",")
        first = False
        if buf.peek() != '"':
            buf.fail()
        key = buf.value()
        buf.expect(":")
        if key == PARTICIPANTS and buf.peek() == "[":
            buf.pos += 1
            index = 0
            while True:
                if buf.peek() == "]":
                    buf.pos += 1
                    break
                if index:
                    buf.expect(",")
                yield ("participant", index, buf.value())
                index += 1
            yield ("participants_end", index, None)
        elif key == PARTICIPANTS:
            yield ("participants", None, buf.value())
        else:
            yield ("key", key, buf.value())
    if buf.peek() != "":
        buf.fail()


def open_document(path) -> IO[str]:
    return open(path, encoding="utf-8", newline="")  # noqa: SIM115
