"""Time `invoke publish` against stock Pelican on the same generated posts; write the table.

For each site size: stock Pelican and our publish build, interleaved, each in a fresh
process, cold; the rebuild after one edit as `invoke serve` does it; wall time, CPU time and
peak memory of every build process (its worker included). Ratios are taken within the run.
"""

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import STOCK_PAGES, generate  # noqa: E402

MEASURE = HERE / "measure.py"
RESULTS = HERE / "results.md"
VERSIONS = ("pelican", "markdown", "jinja2", "lxml", "feedgen", "css-inline", "nh3")
# The targets, as ratios within one run.
TARGETS = {"wall": 1.0, "cpu": 1.4, "rebuild": 0.3, "memory": 1.2}
MEMORY_POSTS = 5000  # the size the memory target is for
# Stock Pelican: its default theme, its own feeds on, and otherwise only what makes it read
# the same folders, write the same kinds of pages and feeds (no author pages), paginate and
# convert Markdown like ours (same MARKDOWN base config: without `guess_lang: False`, Pygments
# would guess a language for every indented `!!!` callout body, which stock reads as a code
# block, and stock would look slower than it is). So the difference measured is our theme
# and plugins.
STOCK_SETTINGS = """\
AUTHOR = "Maya Okafor"
SITENAME = "The Honest No"
SITEURL = "https://www.thehonestno.example"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
PATH = {path!r}
OUTPUT_PATH = {output!r}
CACHE_PATH = {cache!r}
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = [{pages!r}]
STATIC_PATHS = ["images", "extra"]
DEFAULT_PAGINATION = 8
SUMMARY_MAX_LENGTH = 40
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
CATEGORY_FEED_RSS = "feeds/{{slug}}.rss.xml"
FEED_MAX_ITEMS = 20
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
MARKDOWN = {{
    "extension_configs": {{
        "markdown.extensions.meta": {{}},
        "markdown.extensions.extra": {{}},
        "markdown.extensions.codehilite": {{"css_class": "highlight", "guess_lang": False}},
        "markdown.extensions.toc": {{}},
    }},
    "output_format": "html5",
}}
"""


@dataclass
class Run:
    seconds: float  # wall time of the whole process
    cpu_seconds: float  # user + system time of the process and every process it waited for
    peak_mb: float  # the largest resident set of the process and of those it waited for
    detail: dict = field(default_factory=dict)


def run_child(mode, site):
    """Run measure.py in a fresh interpreter; return its times, peak memory and JSON result."""
    result_file = site / f"result-{mode}.json"
    result_file.unlink(missing_ok=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(MEASURE), mode, str(site), str(result_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # wait4 gives this child's own rusage, with that of every process it waited for (our
    # build's worker), not that of other children of this process.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode != 0 or not result_file.exists():
        raise SystemExit(f"{mode} build of {site} failed (exit {process.returncode}):\n{errors[-3000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,  # kB on Linux
               json.loads(result_file.read_text(encoding="utf-8")))


def prepare_site(posts, seed):
    site = Path(tempfile.mkdtemp(prefix=f"pelican-bench-{posts}-"))
    generate(site, posts, seed)
    (site / "stock_settings.py").write_text(
        STOCK_SETTINGS.format(path=str(site / "content"), output=str(site / "out-stock"),
                              cache=str(site / "cache-stock"), pages=STOCK_PAGES),
        encoding="utf-8",
    )
    return site


KEPT_CACHE = "social_cards"  # drawn once, kept as every build after the coach's first keeps them


def fresh(site, mode, keep_cards=True):
    """Remove what a previous run left, so every build starts cold: no output, no content
    cache; only the social cards stay (see bench_size)."""
    shutil.rmtree(site / f"out-{mode}", ignore_errors=True)
    cache = site / f"cache-{mode}"
    for entry in cache.iterdir() if cache.is_dir() else ():
        if not (keep_cards and entry.name == KEPT_CACHE):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def check_outputs(site, posts, modes):
    """The numbers mean nothing unless every build wrote a whole site."""
    for mode in modes:
        pages = list((site / f"out-{mode}").rglob("*.html"))
        if len(pages) < posts:
            raise SystemExit(f"{mode} wrote only {len(pages)} pages for {posts} posts in {site}")
    return len(list((site / "out-publish" / "email").glob("*/email.html")))


def bench_size(posts, repeats, seed, log, rebuild=False):
    """Every build of one size, interleaved: each repeat starts with the next mode in turn."""
    modes = ("stock", "publish", "serve") if rebuild else ("stock", "publish")
    site = prepare_site(posts, seed)
    runs = {mode: [] for mode in modes}
    try:
        # Our first build draws every post's social card (a picture each) into the cache;
        # every later build, the coach's included, takes them from there. That first build is
        # timed on its own; the timed builds below start with the cards drawn.
        for mode in modes[1:]:
            fresh(site, mode, keep_cards=False)
            runs[f"{mode}-first"] = [run_child(mode, site)]
            log(f"  N={posts} first {mode} (drawing the cards): {runs[f'{mode}-first'][0].seconds:.2f} s wall")
        for repeat in range(repeats):
            for mode in modes[repeat % len(modes):] + modes[:repeat % len(modes)]:
                fresh(site, mode)
                run = run_child(mode, site)
                runs[mode].append(run)
                log(f"  N={posts} run {repeat + 1}/{repeats} {mode}: {run.seconds:.2f} s wall, "
                    f"{run.cpu_seconds:.2f} s CPU, {run.peak_mb:.0f} MB" + _rebuild_note(run))
        emails = check_outputs(site, posts, modes)
    finally:
        shutil.rmtree(site, ignore_errors=True)
    return summarize(posts, runs, emails)


def _rebuild_note(run):
    if "rebuild_seconds" not in run.detail:
        return ""
    return f"; serve: {run.detail['first_seconds']:.2f} s, then {run.detail['rebuild_seconds']:.2f} s after one edit"


def median(runs, key):
    return statistics.median(key(run) for run in runs)


def summarize(posts, runs, emails):
    stock, ours = runs["stock"], runs["publish"]
    summary = {
        "posts": posts, "runs": len(ours), "emails": emails,
        "stock_s": median(stock, lambda r: r.seconds), "ours_s": median(ours, lambda r: r.seconds),
        "stock_cpu": median(stock, lambda r: r.cpu_seconds), "ours_cpu": median(ours, lambda r: r.cpu_seconds),
        "stock_mb": median(stock, lambda r: r.peak_mb), "ours_mb": median(ours, lambda r: r.peak_mb),
        # each repeat's stock and ours ran one after the other: their ratios show the noise
        "wall_ratios": [o.seconds / s.seconds for s, o in zip(stock, ours)],
        "first_s": runs["publish-first"][0].seconds if "publish-first" in runs else None,
    }
    summary["wall"] = summary["ours_s"] / summary["stock_s"]
    summary["cpu"] = summary["ours_cpu"] / summary["stock_cpu"]
    summary["memory"] = summary["ours_mb"] / summary["stock_mb"]
    summary["python_mb"] = median(ours, lambda r: r.detail.get("python_mb", 0))
    if "serve" in runs:
        details = [run.detail for run in runs["serve"]]
        summary["rebuild_fractions"] = [d["rebuild_seconds"] / d["first_seconds"] for d in details]
        summary["rebuild"] = statistics.median(summary["rebuild_fractions"])
        summary["rebuild_s"] = statistics.median(d["rebuild_seconds"] for d in details)
        summary["serve_first_s"] = statistics.median(d["first_seconds"] for d in details)
    return summary


def versions():
    found = []
    for name in VERSIONS:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            pass
    return ", ".join(found)


def header(repeats, seed, elapsed):
    now = datetime.datetime.now(datetime.timezone.utc)
    return [
        "# Benchmark results",
        "",
        f"Measured {now:%Y-%m-%d %H:%M} UTC by `invoke bench` (benchmarks/run.py) in {elapsed / 60:.1f} min.",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {versions()}.",
        f"Posts generated by benchmarks/generate.py with seed {seed}. For each size, {repeats} build(s) of each "
        "kind, stock and ours interleaved, each in a fresh process, cold (no output, no content cache; ours keeps "
        "the social cards its first build drew, as every build after the coach's first does). \"Ours\" is "
        "`invoke publish` (publishconf.py: feeds, and the emails of the newest posts). Medians; wall is the "
        "whole process's; CPU is user + system time of the build process and every process it waited for "
        "(its worker); peak RSS is the largest resident set of those processes (ru_maxrss), not their sum.",
        "",
        "| Posts | Stock wall (s) | Ours wall (s) | Wall ours / stock | Stock CPU (s) | Ours CPU (s) "
        "| CPU ours / stock | Stock peak RSS (MB) | Ours peak RSS (MB) | RSS ours / stock |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]


def row(s):
    return (f"| {s['posts']:,} | {s['stock_s']:.2f} | {s['ours_s']:.2f} | {s['wall']:.2f}x "
            f"| {s['stock_cpu']:.2f} | {s['ours_cpu']:.2f} | {s['cpu']:.2f}x "
            f"| {s['stock_mb']:.0f} | {s['ours_mb']:.0f} | {s['memory']:.2f}x |")


def notes(sizes):
    lines = [f"Wall ours / stock, each repeat at {s['posts']:,} posts: "
             + ", ".join(f"{ratio:.2f}x" for ratio in s["wall_ratios"]) + "." for s in sizes]
    for s in sizes:
        if "rebuild" in s:
            lines.append(
                f"Rebuild after editing one post in a {s['posts']:,}-post site, as `invoke serve` does it "
                f"(one process, pelicanconf.py + tasks.serve_overrides): {s['rebuild']:.2f}x the first, full "
                f"build of that process (each run: " + ", ".join(f"{f:.2f}x" for f in s["rebuild_fractions"])
                + f"; medians {s['rebuild_s']:.2f} s after {s['serve_first_s']:.2f} s).")
    lines += [f"The first `invoke publish` of the {s['posts']:,}-post site, which draws every post's social card "
              f"(kept in cache/ for every later build): {s['first_s']:.2f} s, {s['first_s'] / s['stock_s']:.2f}x "
              "stock's build." for s in sizes if s.get("first_s")]
    lines += [f"Note: {s['emails']} emails written for {s['posts']:,} posts." for s in sizes if not s["emails"]]
    return lines


def verdict(value, target):
    return f"{value:.2f}x (target <= {target}x: {'met' if value <= target else 'missed'})"


def against_targets(sizes):
    by_size = {s["posts"]: s for s in sizes}
    main = by_size.get(1000) or sizes[0]
    lines = [f"- `invoke publish` at {main['posts']:,} posts, wall: {verdict(main['wall'], TARGETS['wall'])}",
             f"- `invoke publish` at {main['posts']:,} posts, CPU: {verdict(main['cpu'], TARGETS['cpu'])}"]
    rebuilt = next((s for s in sizes if "rebuild" in s), None)
    if rebuilt:
        lines.append(f"- Rebuild after one edit at {rebuilt['posts']:,} posts, as a fraction of a full build: "
                     f"{verdict(rebuilt['rebuild'], TARGETS['rebuild'])}")
    memory = by_size.get(MEMORY_POSTS) or sizes[-1]
    lines.append(f"- Peak memory at {memory['posts']:,} posts: {verdict(memory['memory'], TARGETS['memory'])}; "
                 f"the build process alone (not Pagefind, which indexes the site after it is written): "
                 f"{memory['python_mb']:.0f} MB, {memory['python_mb'] / memory['stock_mb']:.2f}x")
    return ["", "## Against the targets", ""] + lines


def table(sizes, repeats, seed, elapsed):
    lines = header(repeats, seed, elapsed) + [row(s) for s in sizes] + [""] + notes(sizes)
    return "\n".join(lines + against_targets(sizes)) + "\n"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", default="1000,5000", help="comma-separated post counts")
    parser.add_argument("--repeats", type=int, default=3, help="builds of each kind per size")
    parser.add_argument("--rebuild-posts", type=int, default=1000, help="the size the serve rebuild is timed at (0: none)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--quick", action="store_true", help="smoke run: 30 posts, 1 run each")
    parser.add_argument("--output", help="where to write the table (default benchmarks/results.md; --quick: nowhere)")
    args = parser.parse_args(argv)
    if args.quick:
        args.posts, args.repeats, args.rebuild_posts = "30", 1, 30
    elif args.output is None:
        args.output = str(RESULTS)
    args.sizes = sorted({int(n) for n in args.posts.split(",") if n.strip()})
    return args


def main(argv=None):
    args = parse_args(argv)
    start = time.perf_counter()

    def log(message):
        print(message, flush=True)

    sizes = []
    for posts in args.sizes:
        log(f"{posts} posts:")
        sizes.append(bench_size(posts, args.repeats, args.seed, log, rebuild=posts == args.rebuild_posts))
    text = table(sizes, args.repeats, args.seed, time.perf_counter() - start)
    print("\n" + text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}")


if __name__ == "__main__":
    main()
