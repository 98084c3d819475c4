#!/usr/bin/env python3
"""Build-performance benchmark for the portfolio site. It prints figures; it asserts nothing.

    make bench                  # full run, within about 45 minutes on 2 cores
    make bench ARGS=--quick     # about 1.5 minutes

It builds a synthetic council-scale copy of the site (bench/synth.py) at several sizes, in
the project's files as they are and as they were at other commits (--configs, see NAMED_REFS),
each in two variants:

* "macros": the site as the project builds it, mkdocs-macros rendering every table from
  data/, with the project's hooks (such as the page per KPI);
* "plain":  the same pages with every macro already expanded into Markdown (captured from
  a macros build of the same configuration), the macros plugin and the project's data hooks
  switched off; the downloads are copied, and the search index is built from the same pages
  and records.

The two variants alternate, round after round, and give byte-identical sites (checked).
It also builds the real site and reports its size and page weight. See bench/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import math
import multiprocessing
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

import history  # noqa: E402
import search_bytes  # noqa: E402
import serve_edits  # noqa: E402
import synth  # noqa: E402

# Configurations other than "project" (the files as they are now) are git commits, checked out
# in a temporary worktree; these names stand for the commits that mark the optimisations in
# bench/README.md. Any other ref git knows (a tag, a branch, a commit) can be named too.
PROJECT = "project"
NAMED_REFS = {
    "before": "e9613e7",  # before any optimisation
    "round1": "d408394",  # after the first round (navigation.prune, indexes, schema refs, cells)
    "round2": "2edb743",  # after the second round, before the third (make serve, the macros' cost)
}


def config_words(config: str) -> str:
    if config == PROJECT:
        return "the project's files as they are"
    ref = NAMED_REFS.get(config, config)
    return f"the project at commit {git_commit(ref)[:10]}" + (f" ({config})" if config != ref else "")


LOAD_DATA = (
    "import sys; from pathlib import Path; from macros.read.project import load_site; load_site(Path(sys.argv[1]))"
)
# The same, taking the files a build found sound from its .cache/ where the configuration keeps them.
LOAD_CACHED = (
    "import inspect, sys; from pathlib import Path; from macros.read.project import load_site; "
    "cache = {'cache': Path('.cache')} if 'cache' in inspect.signature(load_site).parameters else {}; "
    "load_site(Path(sys.argv[1]), **cache)"
)
CAPTURE_HOOK = '''"""Benchmark hook: save each page's Markdown after the macros ran, for the "plain" variant."""
import json
import os
import sys
from pathlib import Path

import yaml

OUT = Path(os.environ["BENCH_CAPTURE_DIR"])


def on_page_markdown(markdown, page, config, files):
    generated = getattr(page.file, "generated_by", None) is not None
    path = OUT / ("generated" if generated else "docs") / page.file.src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = dict(page.meta or {})
    head = "---\\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\\n\\n" if meta else ""
    path.write_text(head + markdown, encoding="utf-8")
    if generated:  # pages a hook added: the plain variant adds them back in the same order
        with (OUT / "generated.txt").open("a", encoding="utf-8") as manifest:
            manifest.write(page.file.src_uri + "\\n")
    return markdown


def on_pre_build(config):
    """Keep the search records the macros hand Pagefind: the plain variant indexes the same ones."""
    search = sys.modules.get("macros.search.search_index")
    if search is None or not hasattr(search, "write_records") or getattr(search, "_bench_kept", False):
        return  # a configuration without Pagefind's records
    write = search.write_records

    def write_and_keep(folder, records):
        write(folder, records)
        write(OUT / "search-records", records)

    (OUT / "search-records").mkdir(parents=True, exist_ok=True)
    search.write_records, search._bench_kept = write_and_keep, True


def on_post_build(config):
    """What the macros added to the theme's settings (such as the feed's address), for the plain variant."""
    (OUT / "extra.json").write_text(json.dumps(dict(config["extra"])), encoding="utf-8")
'''
REPLAY_HOOK = '''"""Benchmark hook for the plain variant: add back, pre-rendered and in order, the pages a hook
generated, and index the site for search as the macros build does."""
import json
from pathlib import Path

from mkdocs.structure.files import File

HERE = Path(__file__).resolve().parent / "captured"


def on_config(config):
    extra = HERE / "extra.json"
    if extra.exists():
        config["extra"].update(json.loads(extra.read_text(encoding="utf-8")))
    return config


def on_files(files, config):
    manifest = HERE / "generated.txt"
    for uri in manifest.read_text(encoding="utf-8").split() if manifest.exists() else []:
        files.append(File.generated(config, uri, abs_src_path=str(HERE / "generated" / uri)))
    static = HERE / "static"  # what the macros wrote after their build (downloads, feed), copied in as it is
    for path in sorted(static.rglob("*")) if static.is_dir() else []:
        if path.is_file():
            files.append(File.generated(config, path.relative_to(static).as_posix(), abs_src_path=str(path)))
    return files


def on_post_build(config):
    """The search index, as the macros build writes it: Pagefind over the built pages and the same records."""
    records = HERE / "search-records"
    if records.is_dir():
        from macros.edge.search_files import index_pages

        index_pages(Path(config["site_dir"]), records)
'''


def log(message: str = "") -> None:
    print(message, flush=True)


# --- building -------------------------------------------------------------------------------


class BuildFailed(RuntimeError):
    pass


@dataclass
class Build:
    wall: float  # seconds, process start to exit
    rss_mb: float  # peak resident memory of the mkdocs process
    built: float | None  # MkDocs' own "Documentation built in" seconds
    cpu: float = 0.0  # user + system CPU seconds of the mkdocs process


def mkdocs_build(project: Path, config: str, site_dir: Path, log_file: Path, env: dict | None = None) -> Build:
    """One `mkdocs build --strict` in a subprocess, timed, with its own peak memory (wait4)."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "--site-dir", str(site_dir)]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    os.sync()  # the files the last build wrote are on disk before this one is timed
    with log_file.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=project, env=environment, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    text = log_file.read_text(encoding="utf-8", errors="replace")
    if process.returncode != 0:
        tail = "\n".join(text.splitlines()[-25:])
        raise BuildFailed(
            f"mkdocs build -f {config} in {project} failed ({process.returncode}); log {log_file}:\n{tail}"
        )
    built = re.search(r"Documentation built in ([\d.]+) seconds", text)
    return Build(wall, usage.ru_maxrss / 1024, float(built[1]) if built else None, usage.ru_utime + usage.ru_stime)


# --- mkdocs.yml edits (text, so comments and tags survive) -----------------------------------


def _top_level(text: str, key: str) -> tuple[int, int] | None:
    """Start and end of a top-level key's block."""
    match = re.search(rf"(?m)^{re.escape(key)}:.*\n(?:(?:[ \t].*|[ \t]*)(?:\n|$))*", text)
    return (match.start(), match.end()) if match else None


def set_nav(text: str, nav: list) -> str:
    import yaml

    block = yaml.safe_dump({"nav": nav}, sort_keys=False, allow_unicode=True, width=200)
    span = _top_level(text, "nav")
    if span is None:
        return text.rstrip("\n") + "\n\n" + block
    return text[: span[0]] + block + text[span[1] :]


def drop_redirects(text: str) -> str:
    """No redirect pages: the real site's moved pages are not in the synthetic one (the plugin stays, so its
    cost is still counted)."""
    return re.sub(r"(?m)^(\s*)redirect_maps:\n(?:\1[ \t]+.*\n)*", r"\1redirect_maps: {}\n", text)


# Hooks from macros/ that need no data, only the page as rendered: both variants run them.
PAGE_HOOKS = {"macros/edge/hooks.py"}  # without the macros plugin: the page rules and each page's description


def drop_macros(text: str) -> str:
    """No macros plugin, and no hooks from macros/ that need the data (their pages are pre-rendered)."""
    lines, out, skipping, indent = text.splitlines(keepends=True), [], False, 0
    for line in lines:
        stripped = line.lstrip()
        if not skipping and re.match(r"- macros\s*(:|$)", stripped):
            skipping, indent = True, len(line) - len(stripped)
            continue
        if skipping:
            if stripped.strip() and len(line) - len(stripped) <= indent:
                skipping = False
            else:
                continue
        out.append(line)
    text = "".join(out)
    plugins = _top_level(text, "plugins")
    if plugins and not re.search(r"(?m)^\s*-", text[plugins[0] : plugins[1]]):
        # no plugin left: say so, or MkDocs adds its own search
        text = text[: plugins[0]] + "plugins: []\n" + text[plugins[1] :]
    span = _top_level(text, "hooks")
    if span:
        block = text[span[0] : span[1]]
        kept = [
            line
            for line in block.splitlines(keepends=True)[1:]
            if not re.match(r"\s*-\s*macros/", line) or line.strip().lstrip("- ").strip() in PAGE_HOOKS
        ]
        if any(line.strip().startswith("-") for line in kept):
            text = text[: span[0]] + "hooks:\n" + "".join(kept) + text[span[1] :]
        else:
            text = text[: span[0]] + text[span[1] :]
    if re.search(r"(?m)^\s*-\s*macros\s*(:|$)", text):
        raise SystemExit("bench: could not remove the macros plugin from mkdocs.yml")
    return text


def add_hook(text: str, path: str) -> str:
    span = _top_level(text, "hooks")
    if span is None:
        return text.rstrip("\n") + f"\n\nhooks:\n  - {path}\n"
    block = text[span[0] : span[1]].rstrip("\n")
    return text[: span[0]] + block + f"\n  - {path}\n" + text[span[1] :]


def add_feature(text: str, feature: str) -> str:
    if re.search(rf"(?m)^\s*-\s*{re.escape(feature)}\s*$", text):
        return text
    new, count = re.subn(
        r"(?m)^(\s+)features:\s*\n(\s+)- ", lambda m: f"{m[1]}features:\n{m[2]}- {feature}\n{m[2]}- ", text, count=1
    )
    if not count:
        raise SystemExit(f"bench: could not add the feature {feature} to mkdocs.yml")
    return new


def set_docs_dir(text: str, docs_dir: str) -> str:
    span = _top_level(text, "docs_dir")
    line = f"docs_dir: {docs_dir}\n"
    return text[: span[0]] + line + text[span[1] :] if span else line + text


# --- the project snapshot: the files as they are, or a commit's -------------------------------


def git_commit(ref: str) -> str:
    """The full commit a ref names, or a plain message and exit when git does not know it."""
    done = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(
            f"bench: git knows no commit {ref!r}; name one of {', '.join([PROJECT, *NAMED_REFS])} "
            "or a commit, tag or branch of this repository"
        )
    return done.stdout.strip()


def snapshot(dest: Path, config: str, work: Path) -> str:
    """Copy the parts of the project a build needs, from the working tree or from a commit's worktree."""
    if config == PROJECT:
        synth.copy_project(ROOT, dest)
        return "working tree"
    commit = git_commit(NAMED_REFS.get(config, config))
    tree = work / f"worktree-{config}"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), commit], check=True)
    try:
        synth.copy_project(tree, dest)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True)
    return f"commit {commit[:10]}"


def _fingerprint(folder: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def project_macros(snap: Path) -> tuple[set[str], set[str]]:
    """The macro names the project registers and the data files its loader requires."""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); from macros.render import calls; "
        "from macros.read import project; "
        "names = [f.__name__ for f in getattr(calls, 'MACROS', ())] or "
        "[n for n in ('kpi_table', 'budget_table') if hasattr(calls, n)]; "
        "print(json.dumps([names, list(getattr(project, 'SCHEMAS', {}))]))"
    )
    import json

    done = subprocess.run([sys.executable, "-c", code, str(snap)], capture_output=True, text=True, check=True)
    names, files = json.loads(done.stdout)
    return set(names), set(files)


# --- one synthetic site, in one configuration -----------------------------------------------


@dataclass
class SiteCopy:
    project: Path
    pages: int = 0
    check_seconds: float = 0.0
    check_output: str = ""
    cached_check_seconds: float | None = None  # the same from .cache/, after a build filled it


def generate(gen: Path, shape: synth.Shape, macros: set[str], data_files: set[str], seed: int) -> tuple[list, dict]:
    unknown = data_files - {
        "portfolios.yaml",
        "services.yaml",
        "periods.yaml",
        "kpis.yaml",
        "facts.yaml",
        "glossary.yaml",
    }
    if unknown:
        raise SystemExit(
            f"bench: the project now needs {', '.join(sorted(unknown))} in data/; teach bench/synth.py to generate it"
        )
    counts = synth.write_data(gen / "data", shape, seed, facts="facts.yaml" in data_files)
    if "glossary.yaml" in data_files:  # the real one: its size does not grow with the site
        shutil.copy(ROOT / "data" / "glossary.yaml", gen / "data" / "glossary.yaml")
    nav = synth.write_pages(gen / "docs", shape, synth.Prose(ROOT / "docs", seed + 1), macros)
    counts["markdown_pages"] = sum(1 for _ in (gen / "docs").rglob("*.md"))
    return nav, counts


def make_copy(snap: Path, gen: Path, dest: Path, nav: list) -> SiteCopy:
    """snapshot + generated data and pages + mkdocs.yml (macros), mkdocs-capture.yml."""
    shutil.copytree(snap, dest)
    shutil.copytree(gen / "data", dest / "data", dirs_exist_ok=True)
    shutil.copytree(gen / "docs", dest / "docs", dirs_exist_ok=True)
    text = drop_redirects(set_nav((dest / "mkdocs.yml").read_text(encoding="utf-8"), nav))
    (dest / "mkdocs.yml").write_text(text, encoding="utf-8")
    (dest / "_bench_capture.py").write_text(CAPTURE_HOOK, encoding="utf-8")
    capture = add_feature(add_hook(text, "_bench_capture.py"), "navigation.prune")  # prune only to be quick
    (dest / "mkdocs-capture.yml").write_text(capture, encoding="utf-8")
    (dest / "_bench_replay.py").write_text(REPLAY_HOOK, encoding="utf-8")
    plain = add_hook(set_docs_dir(drop_macros(text), "captured/docs"), "_bench_replay.py")
    (dest / "mkdocs-plain.yml").write_text(plain, encoding="utf-8")
    copy = SiteCopy(dest)
    done = subprocess.run(
        [sys.executable, "-m", "macros.tools.check", "data"], cwd=dest, capture_output=True, text=True
    )
    copy.check_output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise SystemExit(
            f"bench: the synthetic data in {dest} fails the project's check:\n"
            + "\n".join(copy.check_output.splitlines()[:20])
        )
    # Timed apart from `make check`, which now also renders every page: reading and checking data/ alone.
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", LOAD_DATA, "data"], cwd=dest, check=True)
    copy.check_seconds = time.perf_counter() - start
    return copy


def capture_build(copy: SiteCopy, site: Path, log_file: Path) -> Build:
    """A macros build that also saves every page's expanded Markdown: the plain variant's pages."""
    captured = copy.project / "captured"
    shutil.rmtree(captured, ignore_errors=True)
    captured.mkdir()
    config = "mkdocs-capture.yml"
    return mkdocs_build(copy.project, config, site, log_file, {"BENCH_CAPTURE_DIR": str(captured)})


def collect_capture(copy: SiteCopy, site: Path) -> None:
    """Complete the captured pages with the assets and the downloads the macros wrote after the build."""
    plain = copy.project / "captured" / "docs"
    for path in (copy.project / "docs").rglob("*"):  # assets and any other non-Markdown files
        if path.is_file() and path.suffix != ".md":
            target = plain / path.relative_to(copy.project / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    # What the macros wrote after their build, added by the replay hook beside docs/ (which holds only pages and
    # the files a browser only shows): the downloads (the search index is built again), robots.txt and the feed.
    static = copy.project / "captured" / "static"
    for folder in ("data",):
        if (site / folder).is_dir():
            shutil.copytree(site / folder, static / folder, dirs_exist_ok=True)
    for name in ("robots.txt", "feed.xml"):
        if (site / name).is_file():
            static.mkdir(parents=True, exist_ok=True)
            shutil.copy2(site / name, static / name)
    left = [
        p for p in (copy.project / "captured").rglob("*.md") if re.search(r"\{\{|\{%", p.read_text(encoding="utf-8"))
    ]
    if left:
        raise SystemExit(f"bench: {left[0]} still has a macro call after capture")
    copy.pages = sum(1 for p in site.rglob("*.html") if p.name != "404.html")


UNCOMPARED = "pagefind"  # Pagefind names its filter and metadata files differently in each build of the same site


def compare_sites(a: Path, b: Path) -> tuple[int, int, list[str]]:
    """(files compared, identical, first differences), the search index left out."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file() and p.relative_to(a).parts[0] != UNCOMPARED}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file() and p.relative_to(b).parts[0] != UNCOMPARED}
    differ = sorted(str(p) + " (only in one)" for p in files_a ^ files_b)
    same = 0
    for rel in sorted(files_a & files_b):
        if (a / rel).read_bytes() == (b / rel).read_bytes():
            same += 1
        else:
            differ.append(str(rel))
    return len(files_a | files_b), same, differ[:5]


# --- page weight ---------------------------------------------------------------------------


_STYLESHEET = re.compile(
    r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"|<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="stylesheet"'
)
_SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"')
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def page_assets(html: str) -> list[str]:
    """The stylesheets and scripts a page loads, and the search worker Material starts on load.

    Regular expressions rather than an HTML parser: a page with the whole navigation in it
    is over 600 KB, and the project's own HTML is regular (MkDocs and Material write it).
    """
    import json

    urls = [a or b for a, b in _STYLESHEET.findall(html)] + _SCRIPT.findall(html)
    config = _CONFIG.search(html)
    if config:
        worker = json.loads(config[1]).get("search")
        if worker:
            urls.append(worker)
    return urls


@dataclass
class Weight:
    pages: int
    total_bytes: int
    html_bytes: int
    search_bytes: int
    search_gz: int
    median_raw: float
    median_gz: float
    max_raw: int
    max_gz: int
    max_page: str
    assets_raw: int  # the CSS and JS one page loads
    assets_gz: int
    median_html_gz: float
    pagefind_bytes: int = 0  # Pagefind's whole index, fetched in pieces only when someone searches

    def search_words(self) -> str:
        if self.search_bytes:
            return f"Material's search index {kb(self.search_bytes)} ({kb(self.search_gz)} gzipped), fetched on load"
        if self.pagefind_bytes:
            return f"Pagefind's index {kb(self.pagefind_bytes)} in all, fetched in pieces only when someone searches"
        return "no search index"


def site_weight(site: Path) -> Weight:
    """HTML plus the CSS and JS it loads (each counted once per page), raw and gzip -6.

    Where the site has Material's search, the JS includes its worker, which every page starts on
    load; the search index it then fetches is reported on its own (it is data, and the same for
    every page). Pagefind's files are loaded only by a search (bench/search_bytes.py measures that).
    """
    gz_cache: dict[Path, tuple[int, int]] = {}

    def sizes(path: Path) -> tuple[int, int]:
        if path not in gz_cache:
            data = path.read_bytes()
            gz_cache[path] = (len(data), len(gzip.compress(data, 6)))
        return gz_cache[path]

    rows = []
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    for page in pages:
        html = page.read_bytes()
        assets = set()
        for url in page_assets(html.decode("utf-8")):
            if re.match(r"^[a-z]+:|^//", url):
                continue
            target = (page.parent / url.split("?")[0].split("#")[0]).resolve()
            if target.is_file():
                assets.add(target)
        html_raw, html_gz = len(html), len(gzip.compress(html, 6))
        asset_raw, asset_gz = sum(sizes(a)[0] for a in assets), sum(sizes(a)[1] for a in assets)
        rows.append(
            (html_raw + asset_raw, html_gz + asset_gz, str(page.relative_to(site)), html_gz, asset_raw, asset_gz)
        )
    search = site / "search" / "search_index.json"
    search_raw, search_gz = sizes(search) if search.exists() else (0, 0)
    biggest = max(rows, key=lambda r: r[1])
    return Weight(
        len(pages),
        sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        sum(p.stat().st_size for p in pages),
        search_raw,
        search_gz,
        statistics.median(r[0] for r in rows),
        statistics.median(r[1] for r in rows),
        biggest[0],
        biggest[1],
        biggest[2],
        biggest[4],
        biggest[5],
        statistics.median(r[3] for r in rows),
        sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()),
    )


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.0f} MB"


# --- the runs ------------------------------------------------------------------------------


@dataclass
class Result:
    config: str
    size: int
    pages: int
    counts: dict
    check_seconds: float
    cached_check_seconds: float | None = None
    macros: list[Build] = field(default_factory=list)
    plain: list[Build] = field(default_factory=list)
    identical: tuple = ()
    weight: Weight | None = None
    serve: serve_edits.ServeTimes | None = None  # save -> new figure visible under `make serve`

    @property
    def ratios(self) -> list[float]:
        return [m.wall / p.wall for m, p in zip(self.macros, self.plain, strict=False)]

    @property
    def cpu_ratios(self) -> list[float]:
        """The same by CPU time, which waiting for the disk or for another process does not inflate."""
        return [m.cpu / p.cpu for m, p in zip(self.macros, self.plain, strict=False)]

    @property
    def cold_cpu_ratios(self) -> list[float]:
        """By CPU time, as a fresh clone's first build: the data checked afresh, not taken from .cache/."""
        extra = max(0.0, self.check_seconds - (self.cached_check_seconds or self.check_seconds))
        return [(m.cpu + extra) / p.cpu for m, p in zip(self.macros, self.plain, strict=False)]


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


def run_round(copy: SiteCopy, result: Result, round_number: int, work: Path, largest: bool) -> None:
    """One macros build and one plain build, in alternating order from round to round."""
    order = ("macros", "plain") if round_number % 2 == 0 else ("plain", "macros")
    sites = {}
    for variant in order:
        sites[variant] = work / f"site-{variant}"
        shutil.rmtree(sites[variant], ignore_errors=True)
        config_file = "mkdocs.yml" if variant == "macros" else "mkdocs-plain.yml"
        build = mkdocs_build(copy.project, config_file, sites[variant], work / f"{variant}.log")
        (result.macros if variant == "macros" else result.plain).append(build)
        log(
            f"  [{result.config} {result.size}%] round {round_number + 1} {variant:6}: {build.wall:7.1f} s  "
            f"{build.rss_mb:5.0f} MB  {copy.pages / build.wall:6.1f} pages/s  {build.cpu:6.1f} s CPU  "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
    if round_number == 0:
        result.identical = compare_sites(sites["macros"], sites["plain"])
        total, same, differ = result.identical
        log(
            f"  [{result.config} {result.size}%] macros and plain sites: {same} of {total} files identical"
            + (f" ({UNCOMPARED}/ left out)" if (sites["macros"] / UNCOMPARED).is_dir() else "")
            + (f"; differing: {', '.join(differ)}" if differ else "")
        )
        if largest:
            result.weight = site_weight(sites["macros"])
            search_bytes.measure(result.config, result.size, sites["macros"])
    for site in sites.values():
        shutil.rmtree(site, ignore_errors=True)


def run_synthetic(args, work: Path, deadline: float | None) -> list[Result]:
    snaps, configs, seen = {}, [], {}
    for config in args.configs:
        snaps[config] = work / f"snapshot-{config}"
        note = snapshot(snaps[config], config, work)
        fingerprint = _fingerprint(snaps[config])
        if fingerprint in seen:
            log(f"configuration {config} ({note}) is the same as {seen[fingerprint]}; left out")
            continue
        seen[fingerprint] = config
        configs.append(config)
        log(f"configuration {config}: {config_words(config)} ({note})")
    macros, data_files = project_macros(snaps[configs[0]])
    log(f"macros called by the synthetic pages: {', '.join(sorted(macros & synth.KNOWN_MACROS))}")
    # Each configuration's plain variant is captured, at each size, from its own macros build (an untimed
    # build before its first round); the quickest configuration runs first.
    pruned = [
        c
        for c in configs
        if re.search(r"(?m)^\s*-\s*navigation\.prune\s*$", (snaps[c] / "mkdocs.yml").read_text(encoding="utf-8"))
    ]
    capturer = (pruned or configs)[0]
    full = synth.Shape(portfolios=args.portfolios, years=args.years, services=args.services)
    copies: dict[tuple, SiteCopy] = {}
    results: dict[tuple, Result] = {}
    for size in args.sizes:
        shape = synth.Shape(
            portfolios=max(1, round(full.portfolios * size / 100)), years=full.years, services=full.services
        )
        gen = work / f"generated-{size}"
        nav, counts = generate(gen, shape, macros, data_files, args.seed)
        log(
            f"\n== size {size}%: {shape.portfolios} portfolios x {shape.years} years x {shape.services} services: "
            f"{counts['reports']} reports, {counts['results']} KPI results, {counts['budget_lines']} budget lines, "
            f"{counts['markdown_pages']} Markdown pages written"
        )
        for config in configs:
            copy = copies[(config, size)] = make_copy(snaps[config], gen, work / config / f"size-{size}", nav)
            results[(config, size)] = Result(config, size, 0, counts, copy.check_seconds)
            log(
                f"  [{config} {size}%] {copy.check_output} (reading and checking data/ took {copy.check_seconds:.1f} s)"
            )
        shutil.rmtree(gen)

    # The builds, most useful first; after the capturer's first round, each waits for --minutes.
    largest = max(args.sizes)
    others = [c for c in configs if c != capturer]
    jobs = [(capturer, size, 0) for size in args.sizes]
    jobs += [(config, size, 0) for config in others for size in args.sizes]
    jobs += [(capturer, size, r) for size in sorted(args.sizes, reverse=True) for r in range(1, args.rounds)]
    jobs += [(config, size, r) for r in range(1, args.rounds) for config in others for size in args.sizes]
    skipped, first_rounds = [], sum(1 for job in jobs if job[2] == 0)
    for number, (config, size, round_number) in enumerate(jobs):
        if number == first_rounds:  # after every first round, before the others: what an editor waits for
            run_serve(args, copies, results, deadline, skipped)
        copy, result = copies[(config, size)], results[(config, size)]
        if round_number and len(result.macros) < round_number:
            continue  # its first round was skipped
        if (config, round_number) != (capturer, 0) and deadline is not None:
            estimate = _estimate(results, config, size, round_number, capturer)
            if time.perf_counter() + estimate > deadline:
                skipped.append(f"{config} {size}% round {round_number + 1} (about {estimate / 60:.1f} min)")
                continue
        if round_number == 0:
            # A separate, untimed capture build: saving every page costs time the rounds should not
            # count, and it warms the file cache for the first timed build as for the others.
            capture_build(copy, work / "capture-site", work / "capture.log")
            collect_capture(copy, work / "capture-site")
            shutil.rmtree(work / "capture-site")
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", LOAD_CACHED, "data"], cwd=copy.project, check=True)
            result.cached_check_seconds = time.perf_counter() - start
            run_round(copy, result, 0, work, size == largest)
            log(f"  plain variant captured from the '{config}' macros build: {copy.pages} HTML pages per build")
            result.pages = copy.pages
        else:
            run_round(copy, result, round_number, work, size == largest and round_number == 0)
    if first_rounds == len(jobs):  # one round only
        run_serve(args, copies, results, deadline, skipped)
    if skipped:
        log(f"\nnot run, to stay within --minutes {args.minutes:g} (estimates): {'; '.join(skipped)}")
    done = [r for r in results.values() if r.macros]
    for result in done:
        log(
            f"  [{result.config} {result.size}%] overhead of the macros, median of {len(result.ratios)} round(s): "
            f"{median(result.ratios):.2f}x"
        )
    if not args.keep:
        for copy in copies.values():
            shutil.rmtree(copy.project, ignore_errors=True)
    return sorted(done, key=lambda r: (configs.index(r.config), r.size))


def run_serve(args, copies: dict, results: dict, deadline: float | None, skipped: list) -> None:
    """Save -> new figure visible under `make serve`, for the project's files at each size (bench/serve_edits.py)."""
    if not args.serve_edits or PROJECT not in args.configs:
        return
    for size in args.sizes:
        copy, result = copies.get((PROJECT, size)), results.get((PROJECT, size))
        if copy is None or not result.macros:
            continue
        estimate = 1.5 * result.macros[0].wall + 10 * args.serve_edits
        if deadline is not None and time.perf_counter() + estimate > deadline:
            skipped.append(f"make serve edits at {size}% (about {estimate / 60:.1f} min)")
            continue
        # In a process of its own: it reads the data, and a build started later from a bigger benchmark
        # process would report that process's peak memory as its own (Linux keeps it across exec).
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            result.serve = pool.apply(serve_edits.measure, (copy.project, args.serve_edits))
        times = result.serve
        log(
            f"  [{PROJECT} {size}%] make serve: first build {times.first_build:.1f} s; save -> new figure visible "
            + ", ".join(f"{seconds:.2f}" for seconds in times.visible)
            + f" s; longest wait of a request during a rebuild {times.longest_wait:.2f} s"
        )
        for said in times.rebuilds:
            log(f"      {said}")


def _estimate(results: dict, config: str, size: int, round_number: int, capturer: str) -> float:
    """Seconds one round will take: its own first round, or else scaled up from what was measured."""
    result = results[(config, size)]
    if result.macros:
        return 1.1 * (result.macros[0].wall + result.plain[0].wall)
    smaller = [r for (c, s), r in results.items() if c == config and s < size and r.macros]
    if smaller:  # as if the time grew with the square of the pages (the worst seen: the navigation)
        base = max(smaller, key=lambda r: r.size)
        return (base.macros[0].wall + base.plain[0].wall) * (size / base.size) ** 2
    ref = results[(capturer, size)]
    return 3 * (ref.macros[0].wall + ref.plain[0].wall) if ref.macros else 0.0


def run_real(args, work: Path) -> tuple[list[Build], Weight | None, str]:
    builds, weight = [], None
    for number in range(args.real_rounds):
        site = work / "real-site"
        shutil.rmtree(site, ignore_errors=True)
        try:
            builds.append(mkdocs_build(ROOT, "mkdocs.yml", site, work / "real.log"))
        except BuildFailed as error:
            return builds, weight, f"the real site did not build: {error}"
        log(f"  [real site] build {number + 1}: {builds[-1].wall:.1f} s  {builds[-1].rss_mb:.0f} MB")
        if number == 0:
            weight = site_weight(site)
    shutil.rmtree(work / "real-site", ignore_errors=True)
    return builds, weight, ""


# --- history: a long history of data/, read by a fresh clone's build ---------------------------


def run_history(args, work: Path) -> list[str]:
    """A synthetic site with --history-commits commits of data/ (bench/history.py): the build of a fresh
    clone (the whole history, no cache) against that of a clone of depth 1 (no history), and the history
    read alone; returns the lines of the report."""
    started = time.perf_counter()
    full = synth.Shape(portfolios=args.portfolios, years=args.years, services=args.services)
    shape = synth.Shape(
        portfolios=max(1, round(full.portfolios * args.history_size / 100)), years=full.years, services=full.services
    )
    snap = work / "history-snapshot"
    snapshot(snap, PROJECT, work)
    macros, data_files = project_macros(snap)
    nav, counts = generate(work / "history-generated", shape, macros, data_files, args.seed)
    project = work / "history-repository"
    shutil.copytree(snap, project)
    shutil.copytree(work / "history-generated", project, dirs_exist_ok=True)
    shutil.rmtree(work / "history-generated")
    shutil.copy2(ROOT / "docs" / "changes.md", project / "docs" / "changes.md")  # the page the history is for
    text = drop_redirects(
        set_nav((project / "mkdocs.yml").read_text(encoding="utf-8"), [*nav, {"What's changed": "changes.md"}])
    )
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    kinds = history.make_repository(project, args.history_commits, args.seed)
    made = time.perf_counter() - started
    log(
        f"\n== history: {args.history_size}% ({counts['reports']} reports, {counts['results']} KPI results), "
        f"{args.history_commits} commits of data/ made in {made:.0f} s: "
        + "; ".join(f"{count} {kind}" for kind, count in kinds.items())
    )
    clones = {"history": work / "clone-full", "no history": work / "clone-depth-1"}
    subprocess.run(["git", "clone", "--quiet", "--no-local", str(project), str(clones["history"])], check=True)
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", f"file://{project}", str(clones["no history"])], check=True
    )
    builds: dict[str, list[Build]] = {name: [] for name in clones}
    for number in range(args.history_rounds):
        for name in list(clones) if number % 2 else reversed(list(clones)):  # no history first in odd rounds
            shutil.rmtree(clones[name] / ".git" / "site-cache", ignore_errors=True)  # CI keeps none
            site = work / "history-site"
            shutil.rmtree(site, ignore_errors=True)
            builds[name].append(mkdocs_build(clones[name], "mkdocs.yml", site, work / "history-build.log"))
            done = builds[name][-1]
            log(
                f"  [history] round {number + 1} {name:<10}: {done.wall:6.1f} s  {done.cpu:6.1f} s CPU  "
                f"{done.rss_mb:4.0f} MB  (load average {os.getloadavg()[0]:.1f})"
            )
    alone = history.history_alone(clones["history"])
    with_history, without = median(b.wall for b in builds["history"]), median(b.wall for b in builds["no history"])
    lines = [
        f"History of data/: {args.history_commits} commits at {args.history_size}% "
        f"({counts['reports']} reports, {counts['results']} KPI results), median of {args.history_rounds} round(s)",
        f"  fresh clone (whole history, no cache): {with_history:6.1f} s  "
        f"({median(b.cpu for b in builds['history']):.1f} s CPU)",
        f"  clone --depth 1 (history off)        : {without:6.1f} s  "
        f"({median(b.cpu for b in builds['no history']):.1f} s CPU)",
        f"  ratio: {with_history / without:.2f}x  (per round: "
        + ", ".join(f"{h.wall / n.wall:.2f}" for h, n in zip(builds["history"], builds["no history"], strict=False))
        + ")",
        f"  What's changed from the {alone['records']} records in data/corrections/ (as the build reads it): "
        f"{alone['recorded']:.2f} s ({alone['recorded_cpu']:.2f} s CPU); {alone['changes']} changes in "
        f"{alone['groups']} entries of What's changed and the feed",
        f"  the same from every commit of data/ (the fallback without records, no cache): {alone['read']:.1f} s "
        f"({alone['read_cpu']:.1f} s CPU), {alone['states']} states, {alone['readable']} readable; "
        f"the same entries: {'yes' if alone['same'] else 'NO'}",
        f"  total {(time.perf_counter() - started) / 60:.1f} min",
    ]
    for line in lines:
        log(line)
    if not args.keep:
        for folder in (project, snap, *clones.values(), work / "history-site"):
            shutil.rmtree(folder, ignore_errors=True)
    return lines


# --- the report ----------------------------------------------------------------------------


def growth(results: list[Result], attr: str) -> str:
    """The exponent k in time ~ pages^k between the first and last of these sizes (1 = linear)."""
    if len(results) < 2:
        return "n/a"
    small, large = results[0], results[-1]
    t_small, t_large = median(b.wall for b in getattr(small, attr)), median(b.wall for b in getattr(large, attr))
    if large.pages == small.pages or t_small <= 0:
        return "n/a"
    return f"{math.log(t_large / t_small) / math.log(large.pages / small.pages):.2f}"


def marginal(a: Result, b: Result, attr: str) -> str:
    """Milliseconds per page added between two sizes: fixed costs cancel out."""
    ta, tb = median(x.wall for x in getattr(a, attr)), median(x.wall for x in getattr(b, attr))
    return f"{1000 * (tb - ta) / (b.pages - a.pages):.0f}" if b.pages != a.pages else "n/a"


def report_serve(rows: list[Result]) -> None:
    """Save -> new figure visible under `make serve` (median of the edits), where it was measured."""
    measured = [r for r in rows if r.serve and r.serve.visible]
    if measured:
        log(
            "make serve, save -> new figure visible (median of the edits; longest wait of a request during a "
            "rebuild): "
            + "; ".join(
                f"{r.size}%: {r.serve.median:.2f} s of {len(r.serve.visible)} ({r.serve.longest_wait:.2f} s), "
                f"first build {r.serve.first_build:.0f} s"
                for r in measured
            )
        )


def report(args, results: list[Result], real: tuple, started: float, history_lines: list[str]) -> None:
    log("\n" + "=" * 100)
    log(
        f"Results  {datetime.now():%Y-%m-%d %H:%M}  {platform.node()}  {os.cpu_count()} CPUs  "
        f"Python {platform.python_version()}  (wall time, peak RSS of the mkdocs process)"
    )
    log("=" * 100)
    for config in args.configs:
        rows = [r for r in results if r.config == config]
        if not rows:
            continue
        log(f"\nSynthetic site, configuration '{config}' ({config_words(config)})")
        log(
            f"{'size':>5} {'pages':>6} {'results':>8} | {'macros s':>9} {'MB':>5} {'pages/s':>8} {'ms/page':>8} | "
            f"{'plain s':>8} {'MB':>5} {'pages/s':>8} | {'overhead':>8} {'by CPU':>6} {'rounds':>6} | identical"
        )
        for r in rows:
            m, p = median(b.wall for b in r.macros), median(b.wall for b in r.plain)
            total, same, _ = r.identical
            log(
                f"{r.size:>4}% {r.pages:>6} {r.counts['results']:>8} | {m:>9.1f} "
                f"{max(b.rss_mb for b in r.macros):>5.0f} "
                f"{r.pages / m:>8.1f} {1000 * m / r.pages:>8.1f} | {p:>8.1f} {max(b.rss_mb for b in r.plain):>5.0f} "
                f"{r.pages / p:>8.1f} | {median(r.ratios):>7.2f}x {median(r.cpu_ratios):>5.2f}x {len(r.ratios):>6} | "
                f"{same}/{total}"
            )
        if len(rows) >= 2:
            log(
                f"growth: time ~ pages^k from {rows[-2].size}% to {rows[-1].size}% (1.00 = linear): "
                f"macros k = {growth(rows[-2:], 'macros')}, plain k = {growth(rows[-2:], 'plain')}; "
                f"marginal ms per added page: "
                + ", ".join(
                    f"{a.size}->{b.size}%: macros {marginal(a, b, 'macros')}, plain {marginal(a, b, 'plain')}"
                    for a, b in itertools.pairwise(rows)
                )
                + " (the same at every step if linear)"
            )
        log(
            "per-round overhead ratios, wall (CPU): "
            + "; ".join(
                f"{r.size}%: " + ", ".join(f"{x:.2f} ({c:.2f})" for x, c in zip(r.ratios, r.cpu_ratios, strict=False))
                for r in rows
            )
        )
        log(
            "by CPU time (user + system): "
            + "; ".join(
                f"{r.size}%: macros {median(b.cpu for b in r.macros):.1f} s, "
                f"plain {median(b.cpu for b in r.plain):.1f} s, "
                f"overhead {median(r.cpu_ratios):.2f}x (rounds " + ", ".join(f"{x:.2f}" for x in r.cpu_ratios) + ")"
                for r in rows
            )
        )
        log(
            "data check alone (load_site in a fresh process), afresh and from .cache/: "
            + ", ".join(
                f"{r.size}%: {r.check_seconds:.1f} s, "
                + (f"{r.cached_check_seconds:.1f} s" if r.cached_check_seconds is not None else "not measured")
                for r in rows
            )
            + "; the macros builds above take it from .cache/ where the configuration keeps it, as a second local "
            "build does"
        )
        if any(r.cached_check_seconds is not None and r.check_seconds - r.cached_check_seconds > 0.3 for r in rows):
            log(
                "overhead by CPU with the data checked afresh (a fresh clone's first build, as in CI): "
                + "; ".join(
                    f"{r.size}%: {median(r.cold_cpu_ratios):.2f}x (rounds "
                    + ", ".join(f"{x:.2f}" for x in r.cold_cpu_ratios)
                    + ")"
                    for r in rows
                )
            )
        report_serve(rows)
        w = rows[-1].weight
        if w:
            log(
                f"site at {rows[-1].size}% (macros build): {w.pages} pages, {kb(w.total_bytes)} in total, HTML "
                f"{kb(w.html_bytes)}; {w.search_words()}"
            )
            log(
                f"page weight (HTML + CSS/JS): median {kb(w.median_raw)} ({kb(w.median_gz)} gzipped), largest "
                f"{kb(w.max_raw)} ({kb(w.max_gz)} gzipped, {w.max_page}); median HTML alone {kb(w.median_html_gz)} "
                "gzipped"
                + (f"; first view with the search index {kb(w.median_gz + w.search_gz)} gzipped" if w.search_gz else "")
            )
    builds, weight, problem = real
    log(f"\nReal site ({ROOT} as it is now)")
    if problem:
        log(f"  {problem.splitlines()[0]}")
    if builds:
        log(
            f"  build: {median(b.wall for b in builds):.1f} s wall (median of {len(builds)}), "
            f"MkDocs' own figure {median(b.built for b in builds if b.built):.2f} s, "
            f"peak {max(b.rss_mb for b in builds):.0f} MB"
        )
    if weight:
        target = "meets" if weight.median_gz <= 150 * 1024 else "MISSES"
        log(f"  {weight.pages} pages; site {kb(weight.total_bytes)} in total (HTML {kb(weight.html_bytes)})")
        log(f"  {weight.search_words()}")
        log(
            f"  page weight (HTML + the CSS/JS it loads, once per page): median {kb(weight.median_raw)} "
            f"({kb(weight.median_gz)} gzipped), largest {kb(weight.max_raw)} ({kb(weight.max_gz)} gzipped, "
            f"{weight.max_page})"
        )
        log(
            f"  of which CSS and JS: {kb(weight.assets_raw)} ({kb(weight.assets_gz)} gzipped); "
            f"median HTML alone {kb(weight.median_html_gz)} gzipped"
        )
        if weight.search_gz:
            log(
                f"  first view incl. the search index Material fetches on load: median "
                f"{kb(weight.median_gz + weight.search_gz)} gzipped"
            )
        log(f"  target median <= 150 KB gzipped: {target} ({kb(weight.median_gz)})")
    search_bytes.report(log)
    if history_lines:
        log("")
        for line in history_lines:
            log(line)
    log(
        f"\nTotal benchmark time {(time.perf_counter() - started) / 60:.1f} min; "
        f"load average now {', '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5, 15 min)"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="10,50,100",
        help="sizes of the synthetic site, in %% of the full council scale (default 10,50,100)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="alternating macros/plain rounds per size and configuration (default 3; rounds after "
        "the first are run while --minutes allows)",
    )
    parser.add_argument(
        "--minutes",
        type=float,
        default=45,
        help="time budget: a round is not started if it would end after it (default 45; 0 = no "
        "limit). The first configuration's first round always runs.",
    )
    parser.add_argument(
        "--configs",
        default=PROJECT,
        help=f"configurations to build: {PROJECT} (the files as they are), {', '.join(NAMED_REFS)} or any git "
        f"commit, tag or branch (default {PROJECT}: commits before reports were filed by portfolio cannot read "
        "the synthetic data; one that comes out the same as an earlier one is left out)",
    )
    parser.add_argument("--portfolios", type=int, default=8)  # a council's cabinet
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--services", type=int, default=12)
    parser.add_argument("--real-rounds", type=int, default=3, help="builds of the real site (default 3)")
    parser.add_argument("--no-real", action="store_true", help="skip the real site")
    parser.add_argument("--no-synthetic", action="store_true", help="only the real site")
    parser.add_argument(
        "--quick", action="store_true", help="sizes 5,10, two rounds while 1.5 minutes allow, real site once"
    )
    parser.add_argument(
        "--serve-edits",
        type=int,
        default=5,
        help="figure edits timed under `make serve` at each size, with the project's files (default 5; 0 = none)",
    )
    parser.add_argument(
        "--history-only",
        action="store_true",
        help="only the history of data/: a fresh clone's build with --history-commits commits against one of depth 1",
    )
    parser.add_argument("--no-history", action="store_true", help="skip the history of data/")
    parser.add_argument(
        "--history-commits", type=int, default=1000, help="commits of data/ in the history (default 1000)"
    )
    parser.add_argument(
        "--history-size",
        type=int,
        default=100,
        help="size of the history's site, in %% of the full scale (default 100)",
    )
    parser.add_argument(
        "--history-rounds", type=int, default=1, help="alternating builds with and without history (default 1)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.rounds, args.real_rounds, args.minutes, args.serve_edits = "5,10", 2, 1, 1.5, 3
        args.history_size, args.history_commits = 10, 100
    args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    args.configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    for config in [] if args.history_only else args.configs:
        if config != PROJECT:
            git_commit(NAMED_REFS.get(config, config))

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="portfolio-bench-"))
    log(f"bench: temporary folder {work}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if os.getloadavg()[0] > 1.0:
        log("bench: other processes are using the CPU; the figures will be noisier than on an idle machine")
    try:
        deadline = started + 60 * args.minutes if args.minutes else None
        if args.history_only:
            args.no_real = args.no_synthetic = True
        real = ([], None, "skipped") if args.no_real else (log("\n== real site"), run_real(args, work))[1]
        try:
            results = [] if args.no_synthetic else run_synthetic(args, work, deadline)
            history_lines = [] if args.no_history else run_history(args, work)
        except BuildFailed as error:
            log(f"bench: {error}")
            return 1
        if args.history_only:
            log(f"\nTotal benchmark time {(time.perf_counter() - started) / 60:.1f} min")
        else:
            report(args, results, real, started, history_lines)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
