"""Text from data/ and docs/ made safe to print in a terminal and in the GitHub Actions log.

The Actions runner reads some lines of a job's output as commands: a line that starts (after its
leading spaces) with `::`, such as `::stop-commands::` or `::error file=…::`, and `##[` anywhere in a
line. A value in the data, a page's file name or a message that quotes them could otherwise start such
a line (through a line break of its own) or forge an annotation's file and line. So every line the
project prints from such text goes through `log_line`, and the annotations the check writes escape
their parts as GitHub documents (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
"""

from __future__ import annotations

import logging
import unicodedata

# Characters shown by their escape rather than printed: controls (line breaks, escape, NUL), and the
# invisible ones that change what a line seems to say (bidi overrides, zero-width spaces, separators).
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """text with every line break, control and invisible formatting character written as its escape."""
    return "".join(_NAMED.get(char) or _escaped(char) for char in str(text))


def _escaped(char: str) -> str:
    if unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def log_line(text: str) -> str:
    """Lines of text (one or several) that the Actions runner reads as text, never as a command."""
    return "\n".join(_inert(line) for line in str(text).split("\n"))


def _inert(line: str) -> str:
    line = one_line(line).replace("##[", "#\\#[")
    stripped = line.lstrip()  # the runner trims every kind of space (U+00A0, U+3000 …), as str.lstrip does
    return line if not stripped.startswith("::") else line[: len(line) - len(stripped)] + "\\" + stripped


def command_data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped as GitHub documents, other controls shown."""
    return one_line(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def command_property(text: str) -> str:
    """A workflow command's property value (file=…): also ':' and ',', which would end or add a property."""
    return command_data(text).replace(":", "%3A").replace(",", "%2C")


class InertFormatter(logging.Formatter):
    """A log handler's own formatter, given each record's message as inert lines (`log_line`)."""

    def __init__(self, inner: logging.Formatter | None):
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        inert = logging.makeLogRecord(record.__dict__)  # a copy: other handlers see the record as logged
        inert.msg, inert.args = log_line(record.getMessage()), None
        return self.inner.format(inert)


def make_inert(logger: logging.Logger) -> None:
    """Every handler of logger (MkDocs' terminal output) prints records as inert lines; once per handler."""
    for handler in logger.handlers:
        if type(handler.formatter).__name__ != InertFormatter.__name__:  # also one from a reloaded package
            handler.setFormatter(InertFormatter(handler.formatter))
