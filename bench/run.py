#!/usr/bin/env python3
"""Build-performance benchmark for the portfolio site. It prints figures; it asserts nothing.

    .venv/bin/python bench/run.py            # full run (about 15-20 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # about 1-2 minutes

For each configuration (the project as it is, and the project with the fixes in
bench/patches/ applied) and each size of a synthetic council-scale site, it builds:

* "macros": the site as the project builds it, with mkdocs-macros rendering every table
  from data/ (and the project's hooks, such as the page per KPI);
* "plain":  the same pages with every macro already expanded into Markdown, the macros
  plugin and the project's data hooks switched off.

The two variants alternate, several rounds, and produce byte-identical sites (checked).
It also builds the real site and reports its size and page weight. See bench/README.md.
"""
from __future__ import annotations

import argparse
import gzip
import math
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
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PATCHES = BENCH / "patches"
sys.path.insert(0, str(BENCH))

import synth  # noqa: E402

# Which patches from bench/patches/ each configuration applies to a copy of the project.
CONFIGS = {
    "project": (),                                  # the project's files as they are
    "prune": ("01-navigation-prune.patch",),        # only Material's navigation.prune
    "tuned": "*",                                   # every patch in bench/patches/
}
CAPTURE_HOOK = '''"""Benchmark hook: save each page's Markdown after the macros ran, for the "plain" variant."""
import os
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
'''
REPLAY_HOOK = '''"""Benchmark hook for the plain variant: add back, pre-rendered and in order, the pages a hook generated."""
from pathlib import Path

from mkdocs.structure.files import File

HERE = Path(__file__).resolve().parent / "captured"


def on_files(files, config):
    manifest = HERE / "generated.txt"
    for uri in manifest.read_text(encoding="utf-8").split() if manifest.exists() else []:
        files.append(File.generated(config, uri, abs_src_path=str(HERE / "generated" / uri)))
    return files
'''


def log(message: str = "") -> None:
    print(message, flush=True)


# --- building -------------------------------------------------------------------------------


class BuildFailed(RuntimeError):
    pass


@dataclass
class Build:
    wall: float         # seconds, process start to exit
    rss_mb: float       # peak resident memory of the mkdocs process
    built: float | None  # MkDocs' own "Documentation built in" seconds


def mkdocs_build(project: Path, config: str, site_dir: Path, log_file: Path, env: dict | None = None) -> Build:
    """One `mkdocs build --strict` in a subprocess, timed, with its own peak memory (wait4)."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "--site-dir", str(site_dir)]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with log_file.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=project, env=environment, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    text = log_file.read_text(encoding="utf-8", errors="replace")
    if process.returncode != 0:
        tail = "\n".join(text.splitlines()[-25:])
        raise BuildFailed(f"mkdocs build -f {config} in {project} failed ({process.returncode}); log {log_file}:\n{tail}")
    built = re.search(r"Documentation built in ([\d.]+) seconds", text)
    return Build(wall, usage.ru_maxrss / 1024, float(built[1]) if built else None)


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
    return text[:span[0]] + block + text[span[1]:]


def drop_macros(text: str) -> str:
    """No macros plugin, and no hooks from macros/ (they need the data; their pages are pre-rendered)."""
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
    span = _top_level(text, "hooks")
    if span:
        block = text[span[0]:span[1]]
        kept = [line for line in block.splitlines(keepends=True)[1:] if not re.match(r"\s*-\s*macros/", line)]
        if any(line.strip().startswith("-") for line in kept):
            text = text[:span[0]] + "hooks:\n" + "".join(kept) + text[span[1]:]
        else:
            text = text[:span[0]] + text[span[1]:]
    if re.search(r"(?m)^\s*-\s*macros\s*(:|$)", text):
        raise SystemExit("bench: could not remove the macros plugin from mkdocs.yml")
    return text


def add_hook(text: str, path: str) -> str:
    span = _top_level(text, "hooks")
    if span is None:
        return text.rstrip("\n") + f"\n\nhooks:\n  - {path}\n"
    block = text[span[0]:span[1]].rstrip("\n")
    return text[:span[0]] + block + f"\n  - {path}\n" + text[span[1]:]


def add_feature(text: str, feature: str) -> str:
    if re.search(rf"(?m)^\s*-\s*{re.escape(feature)}\s*$", text):
        return text
    new, count = re.subn(r"(?m)^(\s+)features:\s*\n(\s+)- ", lambda m: f"{m[1]}features:\n{m[2]}- {feature}\n{m[2]}- ",
                         text, count=1)
    if not count:
        raise SystemExit(f"bench: could not add the feature {feature} to mkdocs.yml")
    return new


def set_docs_dir(text: str, docs_dir: str) -> str:
    span = _top_level(text, "docs_dir")
    line = f"docs_dir: {docs_dir}\n"
    return text[:span[0]] + line + text[span[1]:] if span else line + text


# --- the project snapshot and the patches ----------------------------------------------------


def snapshot(dest: Path, patches: list[Path]) -> str:
    """Copy the parts of the project a build needs, then apply patches; returns a note."""
    synth.copy_project(ROOT, dest)
    notes = []
    for patch in patches:
        base = ["patch", "-p1", "--batch", "--silent", "-d", str(dest), "-i", str(patch)]
        if subprocess.run([*base, "--dry-run", "--forward"], capture_output=True).returncode == 0:
            subprocess.run([*base, "--forward", "--no-backup-if-mismatch"], check=True, capture_output=True)
            notes.append(f"applied {patch.name}")
        elif subprocess.run([*base, "--dry-run", "--reverse"], capture_output=True).returncode == 0:
            notes.append(f"{patch.name} is already in the project")
        else:
            raise SystemExit(f"bench: {patch.name} no longer applies to the project's files; "
                             "regenerate it (see bench/README.md) or leave this configuration out with --configs")
    return "; ".join(notes) or "the project's files as they are"


def project_macros(snap: Path) -> tuple[set[str], set[str]]:
    """The macro names the project registers and the data files its loader requires."""
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); from macros import calls, project; "
            "names = [f.__name__ for f in getattr(calls, 'MACROS', ())] or "
            "[n for n in ('kpi_table', 'budget_table') if hasattr(calls, n)]; "
            "print(json.dumps([names, list(getattr(project, 'SCHEMAS', {}))]))")
    import json
    done = subprocess.run([sys.executable, "-c", code, str(snap)], capture_output=True, text=True, check=True)
    names, files = json.loads(done.stdout)
    return set(names), set(files)


# --- one synthetic site, in one configuration -----------------------------------------------


@dataclass
class SiteCopy:
    project: Path
    pages: int = 0
    counts: dict = field(default_factory=dict)
    check_seconds: float = 0.0
    check_output: str = ""


def generate(gen: Path, shape: synth.Shape, macros: set[str], data_files: set[str], seed: int) -> tuple[list, dict]:
    unknown = data_files - {"services.yaml", "periods.yaml", "kpis.yaml", "facts.yaml"}
    if unknown:
        raise SystemExit(f"bench: the project now needs {', '.join(sorted(unknown))} in data/; "
                         "teach bench/synth.py to generate it")
    counts = synth.write_data(gen / "data", shape, seed, facts="facts.yaml" in data_files)
    nav = synth.write_pages(gen / "docs", shape, synth.Prose(ROOT / "docs", seed + 1), macros)
    counts["markdown_pages"] = sum(1 for _ in (gen / "docs").rglob("*.md"))
    return nav, counts


def make_copy(snap: Path, gen: Path, dest: Path, nav: list) -> SiteCopy:
    """snapshot + generated data and pages + mkdocs.yml (macros), mkdocs-capture.yml."""
    shutil.copytree(snap, dest)
    shutil.copytree(gen / "data", dest / "data", dirs_exist_ok=True)
    shutil.copytree(gen / "docs", dest / "docs", dirs_exist_ok=True)
    text = set_nav((dest / "mkdocs.yml").read_text(encoding="utf-8"), nav)
    (dest / "mkdocs.yml").write_text(text, encoding="utf-8")
    (dest / "_bench_capture.py").write_text(CAPTURE_HOOK, encoding="utf-8")
    capture = add_feature(add_hook(text, "_bench_capture.py"), "navigation.prune")  # prune only to be quick
    (dest / "mkdocs-capture.yml").write_text(capture, encoding="utf-8")
    (dest / "_bench_replay.py").write_text(REPLAY_HOOK, encoding="utf-8")
    plain = add_hook(set_docs_dir(drop_macros(text), "captured/docs"), "_bench_replay.py")
    (dest / "mkdocs-plain.yml").write_text(plain, encoding="utf-8")
    copy = SiteCopy(dest)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "macros.check", "data"], cwd=dest, capture_output=True, text=True)
    copy.check_seconds = time.perf_counter() - start
    copy.check_output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise SystemExit(f"bench: the synthetic data in {dest} fails the project's check:\n"
                         + "\n".join(copy.check_output.splitlines()[:20]))
    return copy


def capture_plain(copy: SiteCopy, work: Path) -> None:
    """Build once with the macros, saving every page's expanded Markdown; that is the plain variant."""
    captured = copy.project / "captured"
    shutil.rmtree(captured, ignore_errors=True)
    captured.mkdir()
    plain = captured / "docs"
    site = work / "capture-site"
    mkdocs_build(copy.project, "mkdocs-capture.yml", site, work / "capture.log", {"BENCH_CAPTURE_DIR": str(captured)})
    for path in (copy.project / "docs").rglob("*"):  # assets and any other non-Markdown files
        if path.is_file() and path.suffix != ".md":
            target = plain / path.relative_to(copy.project / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    if (site / "data").is_dir():  # the downloads the macros write after the build (CSV, JSON)
        shutil.copytree(site / "data", plain / "data", dirs_exist_ok=True)
    left = [p for p in captured.rglob("*.md") if re.search(r"\{\{|\{%", p.read_text(encoding="utf-8"))]
    if left:
        raise SystemExit(f"bench: {left[0]} still has a macro call after capture")
    copy.pages = sum(1 for p in site.rglob("*.html") if p.name != "404.html")
    shutil.rmtree(site)


def compare_sites(a: Path, b: Path) -> tuple[int, int, list[str]]:
    """(files compared, identical, first differences)."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    differ = sorted(str(p) + " (only in one)" for p in files_a ^ files_b)
    same = 0
    for rel in sorted(files_a & files_b):
        if (a / rel).read_bytes() == (b / rel).read_bytes():
            same += 1
        else:
            differ.append(str(rel))
    return len(files_a | files_b), same, differ[:5]


# --- page weight ---------------------------------------------------------------------------


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.urls.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])


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


def site_weight(site: Path) -> Weight:
    """HTML plus the CSS and JS it loads (each counted once per page), raw and gzip -6."""
    gz_cache: dict[Path, tuple[int, int]] = {}

    def sizes(path: Path) -> tuple[int, int]:
        if path not in gz_cache:
            data = path.read_bytes()
            gz_cache[path] = (len(data), len(gzip.compress(data, 6)))
        return gz_cache[path]

    rows = []
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    for page in pages:
        parser = _Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        assets = set()
        for url in parser.urls:
            if re.match(r"^[a-z]+:|^//", url):
                continue
            target = (page.parent / url.split("?")[0].split("#")[0]).resolve()
            if target.is_file():
                assets.add(target)
        html_raw, html_gz = len(page.read_bytes()), len(gzip.compress(page.read_bytes(), 6))
        asset_sizes = [sizes(a) for a in assets]
        rows.append((html_raw + sum(s[0] for s in asset_sizes), html_gz + sum(s[1] for s in asset_sizes),
                     str(page.relative_to(site)), html_gz, sum(s[0] for s in asset_sizes), sum(s[1] for s in asset_sizes)))
    search = site / "search" / "search_index.json"
    search_raw, search_gz = sizes(search) if search.exists() else (0, 0)
    biggest = max(rows, key=lambda r: r[1])
    return Weight(len(pages), sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
                  sum(p.stat().st_size for p in pages), search_raw, search_gz,
                  statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows),
                  biggest[0], biggest[1], biggest[2], biggest[4], biggest[5], statistics.median(r[3] for r in rows))


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
    macros: list[Build] = field(default_factory=list)
    plain: list[Build] = field(default_factory=list)
    identical: tuple = ()
    weight: Weight | None = None

    @property
    def ratios(self) -> list[float]:
        return [m.wall / p.wall for m, p in zip(self.macros, self.plain)]


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


def run_synthetic(args, work: Path) -> list[Result]:
    results: list[Result] = []
    snaps, notes = {}, {}
    for config in args.configs:
        wanted = CONFIGS[config]
        patches = sorted(PATCHES.glob("*.patch")) if wanted == "*" else [PATCHES / name for name in wanted]
        snaps[config] = work / f"snapshot-{config}"
        notes[config] = snapshot(snaps[config], patches)
        log(f"configuration {config}: {notes[config]}")
    macros, data_files = project_macros(snaps[args.configs[0]])
    log(f"macros used by the synthetic pages: {', '.join(sorted(macros & synth.KNOWN_MACROS))}")
    full = synth.Shape(portfolios=args.portfolios, years=args.years, services=args.services)
    for size in args.sizes:
        shape = synth.Shape(portfolios=max(1, round(full.portfolios * size / 100)), years=full.years,
                            services=full.services)
        gen = work / f"generated-{size}"
        nav, counts = generate(gen, shape, macros, data_files, args.seed)
        log(f"\n== size {size}%: {shape.portfolios} portfolios x {shape.years} years x {shape.services} services: "
            f"{counts['reports']} reports, {counts['results']} KPI results, {counts['budget_lines']} budget lines, "
            f"{counts['markdown_pages']} Markdown pages")
        for config in args.configs:
            copy = make_copy(snaps[config], gen, work / config / f"size-{size}", nav)
            capture_plain(copy, work)
            result = Result(config, size, copy.pages, counts, copy.check_seconds)
            log(f"  [{config}] {copy.check_output} (check took {copy.check_seconds:.1f} s); "
                f"{copy.pages} HTML pages per build")
            for round_number in range(args.rounds if config != "project" else args.project_rounds):
                order = ("macros", "plain") if round_number % 2 == 0 else ("plain", "macros")
                sites = {}
                for variant in order:
                    sites[variant] = work / f"site-{variant}"
                    shutil.rmtree(sites[variant], ignore_errors=True)
                    config_file = "mkdocs.yml" if variant == "macros" else "mkdocs-plain.yml"
                    build = mkdocs_build(copy.project, config_file, sites[variant], work / f"{variant}.log")
                    (result.macros if variant == "macros" else result.plain).append(build)
                    log(f"  [{config}] round {round_number + 1} {variant:6}: {build.wall:7.1f} s  "
                        f"{build.rss_mb:6.0f} MB  {copy.pages / build.wall:6.1f} pages/s")
                if round_number == 0:
                    result.identical = compare_sites(sites["macros"], sites["plain"])
                    total, same, differ = result.identical
                    log(f"  [{config}] macros and plain sites: {same} of {total} files identical"
                        + (f"; differing: {', '.join(differ)}" if differ else ""))
                    if size == max(args.sizes):
                        result.weight = site_weight(sites["macros"])
                for site in sites.values():
                    shutil.rmtree(site, ignore_errors=True)
            log(f"  [{config}] overhead of the macros (median of {len(result.ratios)} round(s)): "
                f"{median(result.ratios):.2f}x")
            results.append(result)
            if not args.keep:
                shutil.rmtree(copy.project)
        if not args.keep:
            shutil.rmtree(gen)
    return results


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


# --- the report ----------------------------------------------------------------------------


def growth(results: list[Result], attr: str) -> str:
    """The exponent k in time ~ pages^k between the smallest and largest size (1 = linear)."""
    if len(results) < 2:
        return "n/a"
    small, large = results[0], results[-1]
    t_small, t_large = median(b.wall for b in getattr(small, attr)), median(b.wall for b in getattr(large, attr))
    if large.pages == small.pages or t_small <= 0:
        return "n/a"
    return f"{math.log(t_large / t_small) / math.log(large.pages / small.pages):.2f}"


def report(args, results: list[Result], real: tuple, started: float) -> None:
    log("\n" + "=" * 100)
    log(f"Results  {datetime.now():%Y-%m-%d %H:%M}  {platform.node()}  {os.cpu_count()} CPUs  "
        f"Python {platform.python_version()}  (wall time, peak RSS of the mkdocs process)")
    log("=" * 100)
    for config in args.configs:
        rows = [r for r in results if r.config == config]
        if not rows:
            continue
        log(f"\nSynthetic site, configuration '{config}' ({CONFIG_WORDS[config]})")
        log(f"{'size':>5} {'pages':>6} {'results':>8} | {'macros s':>9} {'MB':>5} {'pages/s':>8} {'ms/page':>8} | "
            f"{'plain s':>8} {'MB':>5} {'pages/s':>8} | {'overhead':>8} {'rounds':>6} | identical")
        for r in rows:
            m, p = median(b.wall for b in r.macros), median(b.wall for b in r.plain)
            total, same, _ = r.identical
            log(f"{r.size:>4}% {r.pages:>6} {r.counts['results']:>8} | {m:>9.1f} {max(b.rss_mb for b in r.macros):>5.0f} "
                f"{r.pages / m:>8.1f} {1000 * m / r.pages:>8.1f} | {p:>8.1f} {max(b.rss_mb for b in r.plain):>5.0f} "
                f"{r.pages / p:>8.1f} | {median(r.ratios):>7.2f}x {len(r.ratios):>6} | {same}/{total}")
        log(f"growth exponent, time ~ pages^k from {rows[0].size}% to {rows[-1].size}% (1.00 = linear): "
            f"macros k = {growth(rows, 'macros')}, plain k = {growth(rows, 'plain')}")
        log(f"per-round overhead ratios: " + "; ".join(
            f"{r.size}%: " + ", ".join(f"{x:.2f}" for x in r.ratios) for r in rows))
        log(f"data check alone (python -m macros.check): " + ", ".join(f"{r.size}%: {r.check_seconds:.1f} s" for r in rows))
        w = rows[-1].weight
        if w:
            log(f"largest size, macros build: {w.pages} pages, site {kb(w.total_bytes)} (HTML {kb(w.html_bytes)}), "
                f"search index {kb(w.search_bytes)} ({kb(w.search_gz)} gzipped); page weight median "
                f"{kb(w.median_raw)} / {kb(w.median_gz)} gzipped, largest {kb(w.max_raw)} / {kb(w.max_gz)} gzipped "
                f"({w.max_page}); median HTML alone {kb(w.median_html_gz)} gzipped")
    builds, weight, problem = real
    log("\nReal site (/work/main as it is now)")
    if problem:
        log(f"  {problem.splitlines()[0]}")
    if builds:
        log(f"  build: {median(b.wall for b in builds):.1f} s wall (median of {len(builds)}), "
            f"MkDocs' own figure {median(b.built for b in builds if b.built):.2f} s, peak {max(b.rss_mb for b in builds):.0f} MB")
    if weight:
        target = "meets" if weight.median_gz <= 150 * 1024 else "MISSES"
        log(f"  {weight.pages} pages; site {kb(weight.total_bytes)} in total (HTML {kb(weight.html_bytes)})")
        log(f"  search/search_index.json: {kb(weight.search_bytes)} ({kb(weight.search_gz)} gzipped)")
        log(f"  page weight (HTML + the CSS/JS it loads, once per page): median {kb(weight.median_raw)} "
            f"({kb(weight.median_gz)} gzipped), largest {kb(weight.max_raw)} ({kb(weight.max_gz)} gzipped, "
            f"{weight.max_page})")
        log(f"  of which the CSS and JS: {kb(weight.assets_raw)} ({kb(weight.assets_gz)} gzipped); "
            f"median HTML alone {kb(weight.median_html_gz)} gzipped")
        log(f"  target median <= 150 KB gzipped: {target} ({kb(weight.median_gz)})")
    log(f"\nTotal benchmark time {(time.perf_counter() - started) / 60:.1f} min")


CONFIG_WORDS = {"project": "the project's files as they are", "prune": "project + navigation.prune",
                "tuned": "project + every patch in bench/patches/"}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,50,100",
                        help="sizes of the synthetic site, in %% of the full council scale (default 10,50,100)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating macros/plain rounds per size (default 3)")
    parser.add_argument("--project-rounds", type=int, default=None,
                        help="rounds for the 'project' configuration (default 1: it is slow; see README)")
    parser.add_argument("--configs", default="project,tuned",
                        help=f"configurations to build, from {', '.join(CONFIGS)} (default project,tuned)")
    parser.add_argument("--portfolios", type=int, default=20)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--services", type=int, default=5)
    parser.add_argument("--real-rounds", type=int, default=3, help="builds of the real site (default 3)")
    parser.add_argument("--no-real", action="store_true", help="skip the real site")
    parser.add_argument("--no-synthetic", action="store_true", help="only the real site")
    parser.add_argument("--quick", action="store_true",
                        help="sizes 5,10, one round each, real site once: about 1-2 minutes")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.rounds, args.real_rounds = "5,10", 1, 1
        args.project_rounds = 1 if args.project_rounds is None else args.project_rounds
    args.project_rounds = 1 if args.project_rounds is None else args.project_rounds
    args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    args.configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    for config in args.configs:
        if config not in CONFIGS:
            parser.error(f"unknown configuration {config!r}; choose from {', '.join(CONFIGS)}")

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="portfolio-bench-"))
    log(f"bench: temporary folder {work}")
    try:
        results = [] if args.no_synthetic else run_synthetic(args, work)
        real = ([], None, "skipped") if args.no_real else (log("\n== real site"), run_real(args, work))[1]
        report(args, results, real, started)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
