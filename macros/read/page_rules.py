"""What a page in docs/ may hold, checked before anything in it is read as settings, run or published.

A page is Markdown, the site's macros called with literal arguments ({{ kpi_table("hr-od", report=2018) }}),
a short list of harmless HTML tags, and front matter that sets only a plain title, a description, `search`
and `hide`. Everything else is refused with the line it is on: scripts, event handlers and javascript:,
vbscript: or data: links (they would run in a reader's browser), any other template code (it would run
on the computer that builds the site), YAML anchors and aliases (a few lines of them expand into
gigabytes) and front matter that the theme would print as HTML.

Pure functions: a page's text in, a list of Problems (line counted from 1 in the text given) out.
The edge (guard.py, page_meta.py) and the check (tools/check.py) name the file and log them.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import yaml
from jinja2 import Environment, TemplateSyntaxError, nodes

from ..base.text_rules import character_kind, first_refused
from .page_errors import explain


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str


# --- front matter --------------------------------------------------------------------------

# As MkDocs reads them (mkdocs.utils.meta): front matter between --- lines, else "key: value" lines at the top.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
_MULTIMARKDOWN_META = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:")
FRONT_MATTER_LIMIT = 2000  # characters: a few short settings
SETTINGS = ("title", "description", "search", "hide")
HIDE = ("navigation", "toc", "footer", "path")
TEXT_LIMITS = {"title": 150, "description": 300}
_TEMPLATE_MARKERS = ("{{", "{%", "{#")
_WHAT_FRONT_MATTER_IS = "the front matter (the fields between the --- lines at the top)"


def front_matter_problems(text: str) -> list[Problem]:
    """What is wrong with a page's front matter, before it is read as YAML (lines counted in the file).

    Front matter that is not valid YAML is left to page_errors.front_matter_error, which says where."""
    found = FRONT_MATTER.match(text)
    if not found:
        if _MULTIMARKDOWN_META.match(text):
            return [
                Problem(
                    1,
                    'the page starts with a line such as "title: ...", which MkDocs would read as a setting '
                    "and hide; start the page with its # title (settings go between --- lines)",
                )
            ]
        return []
    if len(found[0]) > FRONT_MATTER_LIMIT:
        return [
            Problem(
                1,
                f"{_WHAT_FRONT_MATTER_IS} is {len(found[0]):,} characters long; it may hold only a few short "
                f"settings ({', '.join(SETTINGS)}), at most {FRONT_MATTER_LIMIT:,} characters",
            )
        ]
    problems = _token_problems(found[1])
    if problems:
        return problems
    try:
        root = yaml.compose(found[1], Loader=yaml.SafeLoader)  # no aliases: nothing can expand
        fields = yaml.safe_load(found[1])
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode) or not isinstance(fields, dict):
        return []
    problems = []
    for key_node, value_node in root.value:
        key, line = key_node.value, key_node.start_mark.line + 2
        if key not in SETTINGS:
            problems.append(
                Problem(
                    line,
                    f"{key!r} is not a setting a page may have; front matter may set only {', '.join(SETTINGS)}",
                )
            )
            continue
        problem = _setting_problem(key, fields.get(key))
        if problem:
            problems.append(Problem(value_node.start_mark.line + 2, problem))
    return problems


def _token_problems(front_matter: str) -> list[Problem]:
    """Anchors, aliases and tags, found by reading the YAML's tokens (which expands nothing)."""
    problems: dict[str, Problem] = {}  # the first of each kind: one alias is enough to refuse the file
    try:
        for token in yaml.scan(front_matter, Loader=yaml.SafeLoader):
            line = token.start_mark.line + 2
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                problems.setdefault(
                    "alias",
                    Problem(
                        line,
                        f"{_WHAT_FRONT_MATTER_IS} uses a YAML anchor or alias (&name, *name), which can hide what "
                        "it says or make it enormous; write each value out in full",
                    ),
                )
            elif isinstance(token, yaml.TagToken):
                problems.setdefault("tag", Problem(line, f"{_WHAT_FRONT_MATTER_IS} uses a YAML tag (!...); remove it"))
    except yaml.YAMLError:
        pass  # reported by page_errors.front_matter_error
    return list(problems.values())


def _setting_problem(key: str, value) -> str | None:
    if key in TEXT_LIMITS:
        if not isinstance(value, str):
            return f"{key}: should be text, such as {key}: Budgets by service"
        text = value.rstrip("\n")
        refused = first_refused(text)  # the rule for every one-line text of the site (macros/base/text_rules.py)
        if refused is not None and character_kind(refused) == "line break":
            return (
                f"{key}: should be one line of text (it is shown in the menu, the tab and link previews); it has "
                f"a line break (U+{ord(refused):04X})"
            )
        # A description is only ever printed escaped (page_meta.py); a title is also rendered by mkdocs-macros
        # when it holds {{ }} and printed by the theme in many places, so it must be plain words.
        if key == "title" and any(marker in value for marker in _TEMPLATE_MARKERS):
            return f"{key}: may not hold {{{{, {{% or {{#: macros are not run in front matter"
        if refused is not None or (key == "title" and ("<" in text or ">" in text)):
            return (
                f"{key}: may not hold {'< or >, or ' if key == 'title' else ''}invisible or control characters: "
                "it is plain text, shown in the menu, the tab and link previews; write it without HTML"
            )
        if len(value) > TEXT_LIMITS[key]:
            return f"{key}: is {len(value)} characters long; keep it to {TEXT_LIMITS[key]}"
        return None
    if key == "search":
        if not (isinstance(value, dict) and set(value) == {"exclude"} and isinstance(value["exclude"], bool)):
            return "search: should be written as search: and, indented under it, exclude: true"
        return None
    if not (isinstance(value, list) and value and all(item in HIDE for item in value)):
        return f"hide: should be a list of what to hide, from: {', '.join(HIDE)}"
    return None


def safe_source(text: str) -> str | None:
    """The page's text for MkDocs to read when its front matter is refused: the front matter (or the "key:"
    lines MkDocs would take for settings) left out, the lines kept so that every line number stays the
    same; None when the front matter may be read as it is."""
    if not front_matter_problems(text):
        return None
    found = FRONT_MATTER.match(text)
    if not found:
        return "\n" + text  # a blank first line: MkDocs reads no settings
    return "\n" * found[0].count("\n") + text[found.end() :]


def body_start(text: str) -> int:
    """How many lines of the file come before the Markdown that is rendered (the front matter MkDocs reads)."""
    found = FRONT_MATTER.match(text)
    if not found:
        return 0
    try:
        yaml.safe_load(found[1]) if not _token_problems(found[1]) else None
    except yaml.YAMLError:
        return 0  # MkDocs keeps front matter it cannot read in the page
    return found[0].count("\n")


# --- template code ---------------------------------------------------------------------------

_STATEMENTS = {
    nodes.For: "for",
    nodes.If: "if",
    nodes.Macro: "macro",
    nodes.CallBlock: "call",
    nodes.FilterBlock: "filter",
    nodes.With: "with",
    nodes.Block: "block",
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from ... import",
    nodes.Extends: "extends",
    nodes.Assign: "set",
    nodes.AssignBlock: "set",
    nodes.ScopedEvalContextModifier: "autoescape",
    nodes.EvalContextModifier: "autoescape",
    nodes.ExprStmt: "do",
}
_ONLY_MACROS = (
    'a page may only call the site\'s macros, such as {{ kpi_table("hr-od", report=2018) }}, with ids in quotes '
    "and years as numbers"
)


def template_problems(source: str, environment: Environment, macros: list[str]) -> list[Problem]:
    """Anything between {{ }} or {% %} other than a call of one of the site's macros with literal arguments
    (text in quotes, numbers, and lists of them), found by parsing the page as the site's Jinja environment
    would, before anything is run. {% raw %} and {# comments #} are text to Jinja, so they are allowed.
    A page Jinja cannot parse is one problem, on the line where Jinja stopped."""
    # A {# left open is a page Jinja cannot parse too (mkdocs-macros would stop the build on it).
    markers = (environment.variable_start_string, environment.block_start_string, environment.comment_start_string)
    if not any(marker in source for marker in markers):
        return []
    try:
        too_deep = _nesting_problem(environment, source)
        if too_deep:
            return [too_deep]
        tree = environment.parse(source)
    except TemplateSyntaxError as error:
        return [Problem(error.lineno, explain(error, macros))]
    except RecursionError:  # the net under _nesting_problem: never a traceback
        return [Problem(None, f"a macro call nests too deep for Jinja to read: {_ONLY_MACROS}")]
    problems = []
    for node in tree.body:
        if isinstance(node, nodes.Output):
            problems += [
                Problem(child.lineno, message)
                for child in node.nodes
                if (message := _output_problem(child, macros)) is not None
            ]
        else:
            tag = _STATEMENTS.get(type(node), type(node).__name__.lower())
            problems.append(Problem(node.lineno, f"{{% {tag} %}} cannot be used in a page: {_ONLY_MACROS}"))
    if not problems:
        try:  # made into Python and compiled, never run: what mkdocs-macros does next, which stops the build on a fault
            environment.compile(tree)
        except Exception as error:  # noqa: BLE001 - a page that cannot be compiled is a mistake, not a traceback
            return [Problem(None, f"the page's macro calls cannot be compiled ({type(error).__name__}: {error})")]
    return problems


NESTING_LIMIT = 20  # brackets within brackets, signs and conditions one after another, in one {{ }} or {% %}
_OPENING, _CLOSING = {"(", "[", "{"}, {")", "]", "}"}
_PREFIXES = {("operator", "-"), ("operator", "+"), ("name", "not"), ("name", "if")}


def _nesting_problem(environment: Environment, source: str) -> Problem | None:
    """A {{ }} or {% %} nested so deep that Jinja's parser, which reads each bracket, sign (- - 1) or condition
    (a if b else c if ...) by calling itself, would run out of Python's stack (a RecursionError), read from
    Jinja's tokens, which are found without recursion. A macro's arguments need a few levels at most."""
    levels: list[int] = []  # for each bracket open (and the tag itself): the signs and conditions read at it
    for line, kind, value in environment.lex(source):
        if kind in ("variable_begin", "block_begin"):
            levels = [0]
        elif kind in ("variable_end", "block_end"):
            levels = []
        elif not levels:
            continue
        elif kind == "operator" and value in _OPENING:
            levels.append(0)
        elif kind == "operator" and value in _CLOSING:
            levels = levels[:-1] if len(levels) > 1 else levels
        elif kind == "operator" and value == ",":
            levels[-1] = 0
        elif (kind, value) in _PREFIXES:
            levels[-1] += 1
        if levels and len(levels) + sum(levels) > NESTING_LIMIT:
            return Problem(
                line,
                f"a {{{{ }}}} or {{% %}} nests brackets, signs or conditions more than {NESTING_LIMIT} deep, which "
                f"cannot be read: {_ONLY_MACROS}",
            )
    return None


def _output_problem(node: nodes.Node, macros: list[str]) -> str | None:
    if isinstance(node, nodes.TemplateData):
        return None
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
        name = node.node.name
        if name not in macros:
            return _unknown(name, macros)
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            return f"{name}: write each argument out (no * or **): {_ONLY_MACROS}"
        if not all(_literal(arg) for arg in node.args) or not all(_literal(kw.value) for kw in node.kwargs):
            return f"{name}: each argument must be text in quotes or a number, not a name or a sum: {_ONLY_MACROS}"
        given = [kw.key for kw in node.kwargs]
        twice = sorted({key for key in given if given.count(key) > 1})
        if twice:  # Jinja reads it, but Python cannot compile the call it makes of it
            return f"{name}: {', '.join(f'{key}=' for key in twice)} is given more than once; give each once"
        return None
    if isinstance(node, nodes.Name):
        if node.name in macros:
            return f"{node.name} is a macro: call it with brackets, such as {node.name}(...)"
        return _unknown(node.name, macros)
    return f"{{{{ }}}} holds {_what(node)}, which cannot be used in a page: {_ONLY_MACROS}"


def _unknown(name: str, macros: list[str]) -> str:
    return (
        f"there is no macro or variable called {name!r} that a page may use; check the spelling "
        f"(the macros are: {', '.join(macros)})"
    )


def _literal(node: nodes.Node) -> bool:
    if isinstance(node, nodes.Const):  # a number too large to be one (1e400) cannot be compiled
        return node.value is None or isinstance(node.value, str | int | bool) or _finite(node.value)
    if isinstance(node, nodes.Neg | nodes.Pos):
        return isinstance(node.node, nodes.Const) and (type(node.node.value) is int or _finite(node.node.value))
    if isinstance(node, nodes.List | nodes.Tuple):
        return all(_literal(item) for item in node.items)
    if isinstance(node, nodes.Dict):
        return all(_literal(pair.key) and _literal(pair.value) for pair in node.items)
    return False


def _finite(value) -> bool:
    return isinstance(value, float) and math.isfinite(value)


def _what(node: nodes.Node) -> str:
    if isinstance(node, nodes.Call):
        while isinstance(node, nodes.Call):  # x()()()...: without recursion, however many
            node = node.node
        return "a call of " + _what(node)
    if isinstance(node, nodes.Getattr):
        return f"an attribute (.{node.attr})"
    if isinstance(node, nodes.Getitem | nodes.Slice):
        return "a subscript ([...])"
    if isinstance(node, nodes.Filter):
        return f"a filter (| {node.name})"
    if isinstance(node, nodes.Test):
        return f"a test (is {node.name})"
    if isinstance(node, nodes.Const | nodes.TemplateData):
        return "a value on its own"
    return "an expression"


def title_problems(body: str) -> list[Problem]:
    """Template markers in the heading MkDocs takes for the page's title (its first line of text, when that
    is a "# " heading, as mkdocs.utils.get_markdown_title reads it): mkdocs-macros renders a title holding
    them once more, on its own, after the page, where the page rules never read it (a {# left open there stops
    the build; a macro's output becomes the title printed as HTML in the menu and the tab)."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text.strip():
            continue
        if text.startswith("# ") and any(marker in text for marker in _TEMPLATE_MARKERS):
            return [
                Problem(
                    number,
                    "the page's title (its first heading) may not hold {{, {% or {#: it is shown in the menu, "
                    "the tab and link previews, where macros are not run; write it as plain words",
                )
            ]
        return []
    return []


# --- raw HTML and link targets in the Markdown ------------------------------------------------------

# The HTML a page may write by hand, and the attributes it may carry (Markdown covers everything else;
# the site's macros make the tables, figures and charts).
ALLOWED_TAGS = (
    "a", "abbr", "b", "br", "del", "details", "div", "em", "i", "ins", "kbd", "mark", "p", "s", "small",
    "span", "strong", "sub", "summary", "sup", "u",
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"class", "id", "title", "lang", "markdown"}
TAG_ATTRIBUTES = {"a": {"href"}, "details": {"open"}}
SAFE_SCHEMES = ("http", "https", "mailto")
_BAD_SCHEME = re.compile(r"(?:javascript|vbscript|data):")
_INVISIBLE_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_FENCE = re.compile(r"^(?:[ ]{4,}|\t[ \t]*)?(`{3,}|~{3,})")  # Python-Markdown's at the line's start; indented, code
_CODE_SPAN = re.compile(r"(?<!\\)(`+)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_TEMPLATE_TAG = re.compile(
    r"(\{%-?\s*raw\s*-?%\})(.*?)(\{%-?\s*endraw\s*-?%\}|\Z)|\{\{.*?(?:\}\}|\Z)|\{%.*?(?:%\}|\Z)|\{#.*?(?:#\}|\Z)", re.S
)
ABRUPT_COMMENTS = ("<!-->", "<!--->", "--!>")
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>\"'@]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)(>?)")
_MAIL = re.compile(r"<[^<> !]+@[^@<> ]+>")
_ATTRIBUTE = re.compile(r"([^\s\"'=<>/`]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_LINK_TARGET = re.compile(r"\]\(\s*<?(?=([^\n]*))")  # to the line's end: only how the target starts matters
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.M)
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*)\}")
_NOT_HTML = (
    "is not allowed in a page: HTML written by hand may use only <{}>, with class, id or title; "
    "Markdown and the site's macros do the rest"
).format(">, <".join(ALLOWED_TAGS))
_ABRUPT = (
    "an HTML comment is ended early (<!-->, <!---> or --!>): browsers end it there and show or run what "
    "follows; write a comment as <!-- words --> or remove it"
)
_SCHEME = (
    "links and images may only go to web addresses (https://...), mailto: or pages of the site, never "
    "javascript:, vbscript: or data: addresses, which would run code or hide what they show"
)


def html_problems(markdown: str) -> list[Problem]:
    """Raw HTML the page may not hold, and links, images and attributes that could run code, outside code
    blocks and `code`, with the line each is on (counted from 1 in the Markdown given)."""
    text = _readable(markdown, comments=False)
    problems = [
        Problem(text.count("\n", 0, found.start()) + 1, _ABRUPT)
        for found in re.finditer("|".join(map(re.escape, ABRUPT_COMMENTS)), text)
    ]
    text = _COMMENT.sub(_blank, text)
    for found in _TAG.finditer(text):
        if _MAIL.match(text, found.start()):
            continue
        closing, name, attributes, ended = found.groups()
        line = text.count("\n", 0, found.start()) + 1
        if ":" in name:  # <https://...> is a link (an autolink); <javascript:...> is not
            if name.split(":", 1)[0].lower() not in SAFE_SCHEMES:
                problems.append(Problem(line, f"<{name}>: {_SCHEME}"))
            continue
        tag = name.lower()
        if closing:
            continue  # the opening tag says what is wrong
        if tag not in ALLOWED_TAGS:
            problems.append(Problem(line, f"<{tag}> {_NOT_HTML}"))
            continue
        problems += [Problem(line, message) for message in _attribute_problems(tag, attributes)]
    for pattern in (_LINK_TARGET, _REFERENCE):
        for found in pattern.finditer(text):
            if bad_url(found[1]):
                target = found[1].split(")")[0] + ")" * ("(" in found[1].split(")")[0])
                problems.append(Problem(text.count("\n", 0, found.start()) + 1, f"{target[:60]!r}: {_SCHEME}"))
    for found in _ATTR_LIST.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        problems += [Problem(line, f"{{ {found[1].strip()} }}: {message}") for message in _attr_list_problems(found[1])]
    return sorted(set(problems), key=lambda problem: (problem.line or 0, problem.message))


def _attribute_problems(tag: str, attributes: str) -> list[str]:
    problems = []
    for name, value in _ATTRIBUTE.findall(attributes):
        name = name.lower()
        if name.startswith("on"):
            problems.append(f"<{tag} {name}=...>: event handlers (onclick=, onerror=, ...) run code; remove it")
        elif name not in ALLOWED_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, set()):
            problems.append(f"<{tag} {name}=...>: HTML in a page may carry only class, id or title (and a link href)")
        elif name == "href" and bad_url(_unquoted(value)):
            problems.append(f"<{tag} href={value}>: {_SCHEME}")
    return problems


def _attr_list_problems(content: str) -> list[str]:
    """Attributes added with { ... } after a heading, paragraph or link (Markdown's attr_list)."""
    problems = []
    for name, value in _ATTRIBUTE.findall(content):
        name = name.lower()
        if not value:
            continue
        if name.startswith("on"):
            problems.append(f"event handlers ({name}=) run code; remove it")
        elif name == "style":
            problems.append("style= is not allowed; the site's look is set for every page at once")
        elif bad_url(_unquoted(value)):
            problems.append(_SCHEME)
    return problems


def _unquoted(value: str) -> str:
    return value[1:-1] if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) > 1 else value


def bad_url(url: str) -> bool:
    """Whether a link target would run code or hide what it shows, however it is written (entities, case,
    spaces and control characters, which browsers ignore in a scheme)."""
    plain = _INVISIBLE_IN_URL.sub("", html.unescape(url.replace("\\", ""))).lower()
    return bool(_BAD_SCHEME.match(plain))


def _readable(markdown: str, comments: bool = True) -> str:
    """The Markdown with code blocks, `code`, HTML comments and template tags blanked out (spaces, line
    ends kept; what Jinja prints of {% raw %} kept), so that what is left is what becomes HTML, on the same
    lines. A fence never closed is not code: Python-Markdown prints what follows it."""
    lines, fence, opened_at = markdown.split("\n"), None, 0
    kept = list(lines)
    for number, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence, opened_at = opened[1], number
            lines[number] = ""
        elif fence is not None:
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence) and not line.strip(" \t`~"):
                fence = None
            lines[number] = ""
    if fence is not None:
        lines[opened_at:] = kept[opened_at:]
    text = _TEMPLATE_TAG.sub(_blank_template, "\n".join(lines))
    for pattern in (_CODE_SPAN, *((_COMMENT,) if comments else ())):
        text = pattern.sub(_blank, text)
    return text


def _blank(found: re.Match) -> str:
    return re.sub(r"[^\n]", " ", found[0])


def _blank_template(found: re.Match) -> str:
    if found[1] is None:
        return _blank(found)
    return re.sub(r"[^\n]", " ", found[1]) + found[2] + re.sub(r"[^\n]", " ", found[3])


# --- the page's HTML as rendered -----------------------------------------------------------------

_NEVER_IN_CONTENT = {"style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
                     "textarea", "select", "base", "meta", "link", "portal"}  # fmt: skip
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "ping",
                   "cite", "srcset", "longdesc", "usemap"}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in an address
_C0_AND_SPACE = "".join(map(chr, range(33)))  # what browsers strip from either end of an address
_LOADING = {"src", "srcset", "poster", "data", "background"}  # what a browser fetches as the page loads


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads in an address (entities already decoded), lower case; None for a path."""
    plain = _IGNORED_IN_URL.sub("", url).strip(_C0_AND_SPACE)
    found = _URL_SCHEME.match(plain)
    return found[1].lower() if found else None


def other_host(url: str) -> bool:
    """Whether an address leads away from the site: a scheme (https:, data:, ...) or a host (//host, \\\\host)."""
    plain = _IGNORED_IN_URL.sub("", url).strip(_C0_AND_SPACE)
    return url_scheme(url) is not None or plain[:2].replace("\\", "/") == "//"


class _ContentScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, tuple[str, ...]]] = []  # what, and words of it to look for in the page's file
        self.ids: dict[str, list[list]] = {}  # id: [tag, its text so far] for each element that has it
        self.open_headings: list[list] = []
        self.script: list[str] | None = None  # the text of the JSON-LD script being read

    def handle_starttag(self, tag, attrs):
        names = [name for name, _ in attrs]
        if tag == "script" and attrs != [("type", "application/ld+json")]:
            self.found.append(("a <script>", ("<script",)))
        elif tag == "script":
            self.script = []
        elif tag in _NEVER_IN_CONTENT:
            self.found.append((f"a <{tag}>", (f"<{tag}",)))
        for name, value in attrs:
            if names.count(name) > 1:
                self.found.append((f"<{tag}> with {name}= twice (browsers keep the first)", (f"{name}=",)))
            elif name.startswith("on"):
                self.found.append((f"an event handler ({name}=) on <{tag}>", (name,)))
            elif name == "srcdoc" or (name in _URL_ATTRIBUTES and value and bad_url(value)):
                self.found.append((f"a {name}= on <{tag}> going to {(value or '')[:40]!r}", ((value or name)[:10],)))
            elif name in _LOADING and value and any(other_host(part) for part in value.split(",")):
                self.found.append((f"a {name}= on <{tag}> fetched from {value[:40]!r}", (value[:30], name)))
        element = [tag, ""]
        if dict(attrs).get("id"):
            self.ids.setdefault(dict(attrs)["id"], []).append(element)
        if tag in _HEADINGS:
            self.open_headings.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _HEADINGS:
            self.open_headings.pop()
        self.script = None if tag == "script" else self.script

    def handle_endtag(self, tag):
        if tag in _HEADINGS and self.open_headings:
            self.open_headings.pop()
        if tag == "script" and self.script is not None:
            if "<" in "".join(self.script):  # the macros' JSON-LD writes every "<" as \u003c
                self.found.append(("a <script> holding a tag", ("<script",)))
            self.script = None

    def handle_data(self, data):
        if self.script is not None:
            self.script.append(data)
        for element in self.open_headings:
            element[1] += data

    def handle_comment(self, data):
        if any(form in f"<!--{data}-->" for form in ABRUPT_COMMENTS):
            self.found.append(("an HTML comment ended early (<!-->, <!---> or --!>)", ABRUPT_COMMENTS))


def content_problems(content: str, source: str = "") -> list[Problem]:
    """What in a page's HTML, as Markdown and the macros made it, could run code in a reader's browser or would
    not be what it seems: a script (other than the JSON-LD the macros write), an embedded frame or form, an event
    handler, a javascript:, vbscript: or data: address, an attribute given twice, a comment ended early, or an
    id given to two elements (a link to it reaches only the first). The second net under page_problems, which
    reads the page's own text; each is placed on the first line of the page's file (source) that holds it, if
    any does."""
    scan = _ContentScan()
    for form in ABRUPT_COMMENTS:
        if form in content:
            scan.handle_comment(form)
    scan.feed(content)
    scan.close()
    problems = []
    for what, needles in dict.fromkeys(scan.found):
        problems.append(
            Problem(
                _line_in(source, needles),
                f"the page's HTML has {what}, which could run code in a reader's browser or hide what the page "
                "shows; a page may not hold scripts, event handlers (on...=), frames, forms, javascript:, "
                "vbscript: or data: links, an attribute twice or a comment ended early",
            )
        )
    for name, elements in scan.ids.items():
        if len(elements) > 1:
            problems.append(_same_id(name, elements, source))
    return problems


def _same_id(name: str, elements: list[list], source: str) -> Problem:
    given = re.search(rf"id=[\"']?{re.escape(name)}\b|\{{[^}}\n]*#{re.escape(name)}\b", source)  # by the page
    headings = [" ".join(text.replace("\u00b6", "").split()) for tag, text in elements if tag in _HEADINGS]
    named = [f'the heading "{text}"' for text in headings] + [
        f"a <{tag}>" if given else f"a <{tag}> the site makes (the anchor of a table, card or chart)"
        for tag, _ in elements
        if tag not in _HEADINGS
    ]
    return Problem(
        _line_in(source, [*(f" {text}" for text in headings if text), f"#{name}", f"id={name}", f'id="{name}"']),
        f'the id "{name}" is on {len(elements)} elements of this page ({", ".join(named)}), and a link to '
        f"#{name} reaches only the first; rename the heading, or give it an id of its own with "
        "{ #another-id } after it",
    )


def _line_in(source: str, needles) -> int | None:
    lines = source.lower().split("\n")
    for needle in needles:
        needle = needle.strip().lower()
        for number, text in enumerate(lines, 1):
            if needle and needle in text:
                return number
    return None


# --- a whole page ---------------------------------------------------------------------------------


def page_problems(text: str, environment: Environment, macros: list[str], markdown=None) -> list[Problem]:
    """Every rule above for a page's file, with lines counted in the file. When the page's text passes them,
    the HTML it becomes (macros/read/page_html.py, with markdown: page_html.markdown_settings(), the build's
    Markdown extensions) is read against the allow-list, which decides."""
    problems = front_matter_problems(text)
    offset = body_start(text)
    body = "\n".join(text.split("\n")[offset:])
    shifted = template_problems(body, environment, macros) + html_problems(body) + title_problems(body)
    problems += [Problem(None if p.line is None else p.line + offset, p.message) for p in shifted]
    if not problems:
        from .page_html import markdown_problems

        try:
            problems = markdown_problems(text, environment, macros, markdown)
        except RecursionError:  # Python-Markdown reads nested blocks and emphasis by calling itself
            problems = [
                Problem(
                    None,
                    "the page's Markdown nests lists, emphasis (*, _) or blocks within each other too deep to be "
                    "read; write it with fewer levels",
                )
            ]
    return sorted(set(problems), key=lambda problem: (problem.line or 0, problem.message))
