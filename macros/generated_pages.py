"""MkDocs hook: one page per KPI, at kpis/<id>/, each calling {{ kpi_page("<id>") }}.

Listed under `hooks:` in mkdocs.yml. The pages exist only in the build; their content
comes from data/ through the kpi_page macro like every other figure on the site.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # MkDocs loads hooks by path

from macros.errors import DataErrors  # noqa: E402
from macros.project import load_site  # noqa: E402


def kpi_page_markdown(kpi_id: str) -> str:
    """The page is only the macro call: its title comes from the heading kpi_page writes, as
    escaped text. (A title in front matter would be rendered as a template and printed as HTML.)"""
    return f'{{{{ kpi_page("{kpi_id}") }}}}\n'


def on_files(files, config):
    try:
        site = load_site(Path(config["config_file_path"]).parent / "data")
    except DataErrors:
        return files  # the macros plugin has already stopped the build with the errors
    for kpi in site.kpis.values():
        files.append(File.generated(config, f"kpis/{kpi.id}.md", content=kpi_page_markdown(kpi.id)))
    return files
