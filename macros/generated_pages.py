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


def kpi_page_markdown(kpi_id: str, title: str) -> str:
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    return f'---\ntitle: "{quoted}"\n---\n\n{{{{ kpi_page("{kpi_id}") }}}}\n'


def on_files(files, config):
    try:
        site = load_site(Path(config["config_file_path"]).parent / "data")
    except DataErrors:
        return files  # the macros plugin has already stopped the build with the errors
    for kpi in site.kpis.values():
        files.append(File.generated(config, f"kpis/{kpi.id}.md", content=kpi_page_markdown(kpi.id, kpi.title)))
    return files
