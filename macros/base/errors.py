"""Every kind of error the project raises, in one place: data errors that name the file, line, field
and what would be right, and the plain-English errors of the macros and the command-line tools."""

from __future__ import annotations

from dataclasses import dataclass

from .log_text import one_line


@dataclass(frozen=True)
class DataError:
    """One mistake in a data file, located as precisely as the YAML allows."""

    file: str
    message: str
    field: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        """One line, whatever the file's name or the message quotes (log_text.one_line)."""
        where = one_line(self.file)
        if self.line is not None:
            where += f", line {self.line}"
            if self.column is not None:
                where += f", column {self.column}"
        field = f" {one_line(self.field)}:" if self.field else ""
        return f"{where}:{field} {one_line(self.message)}"


class DataErrors(Exception):
    """Every error found in one run, so an editor can fix them all at once."""

    def __init__(self, errors: list[DataError]):
        self.errors = list(errors)
        super().__init__(self.summary())

    def summary(self) -> str:
        count = len(self.errors)
        heading = (
            f"{self.subject()} {'has' if self.subject() == 'The data' else 'have'} {count} "
            f"error{'s' if count != 1 else ''}; fix {'them' if count != 1 else 'it'} and try again:"
        )
        return "\n".join([heading, *(f"  - {error}" for error in self.errors)])

    def subject(self) -> str:
        """What the errors are in: "The data", "The pages" or "The data and the pages"."""
        in_pages = {not error.file.startswith("data/") for error in self.errors}
        return {frozenset({False}): "The data", frozenset({True}): "The pages"}.get(
            frozenset(in_pages), "The data and the pages"
        )


class FigureError(ValueError):
    """A figure that cannot be read in its unit; the message says what would be right."""


class UsageError(ValueError):
    """A macro call that names something the data does not have."""


class ScaffoldError(Exception):
    """Something that stops the scaffold; it leaves no file changed or created when it raises this."""


class CannotCompare(Exception):
    """A data folder has mistakes, so its figures cannot be read."""


def field_path(path: tuple) -> str:
    """("results", 3, "target") -> "results[3].target", the way editors see nested YAML."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
