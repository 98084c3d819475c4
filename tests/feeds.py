"""The Atom feed checked by RFC 4287's own schema (tests/schemas/atom-rfc4287.rnc, its Appendix B):
the RELAX NG grammar by lxml (libxml2), and the Schematron rules written in it, each an XPath test."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import feedparser
import rnc2rng
from lxml import etree

SCHEMA = Path(__file__).resolve().parent / "schemas" / "atom-rfc4287.rnc"
NAMESPACES = {"atom": "http://www.w3.org/2005/Atom", "xhtml": "http://www.w3.org/1999/xhtml"}
SCHEMATRON = "{http://www.ascc.net/xml/schematron}"


@cache
def _grammar() -> etree._Element:
    rng = rnc2rng.dumps(rnc2rng.loads(SCHEMA.read_text(encoding="utf-8")))
    # rnc2rng declares the schema's `namespace local = ""` as xmlns:local="", which XML forbids; the grammar
    # itself writes that namespace as ns="", so the declaration is dropped.
    assert rng.count(' xmlns:local=""') == 1
    return etree.fromstring(rng.replace(' xmlns:local=""', "").encode("utf-8"))


def atom_errors(xml: bytes) -> list[str]:
    """Every way the document breaks RFC 4287's schema; [] for a valid Atom feed."""
    document = etree.fromstring(xml)
    grammar = etree.RelaxNG(_grammar())
    errors = [] if grammar.validate(document) else [str(error) for error in grammar.error_log]
    for rule in _grammar().iter(f"{SCHEMATRON}rule"):
        for node in document.getroottree().xpath("//" + rule.get("context"), namespaces=NAMESPACES):
            for check in rule.iter(f"{SCHEMATRON}assert"):
                if not node.xpath(f"boolean({check.get('test')})", namespaces=NAMESPACES):
                    errors.append(check.text)
    return errors


def read_feed(xml: bytes):
    """The feed as a feed reader reads it (feedparser); bozo is set when it is not well-formed Atom."""
    return feedparser.parse(xml)
