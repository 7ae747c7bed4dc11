"""Time our full build against stock Pelican on the same generated posts; write the table."""

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
VERSIONS = ("pelican", "markdown", "jinja2", "lxml", "feedgen", "css-inline", "beautifulsoup4")
# Stock Pelican: its default theme, its own feeds on, and otherwise only what makes it read
# the same folders, write the same kinds of pages and feeds (no author pages), paginate and convert Markdown like ours (same MARKDOWN base config: without
# `guess_lang: False`, Pygments would guess a language for every indented `!!!` callout body,
# which stock reads as a code block, and stock would look slower than it is). So the
# difference measured is our theme + plugins.
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


MODES = ("stock", "ours", "ours-1")  # ours-1: our build in one process (BUILD_PARALLEL = False)


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu_seconds: float
    detail: dict = field(default_factory=dict)


def run_child(mode, site):
    """Run measure.py in a fresh interpreter; return its wall time, peak RSS and JSON result."""
    result_file = site / f"result-{mode}.json"
    result_file.unlink(missing_ok=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(MEASURE), mode, str(site), str(result_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # wait4 gives this child's own rusage (RUSAGE_CHILDREN would mix all children).
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode != 0 or not result_file.exists():
        raise SystemExit(f"{mode} build of {site} failed (exit {process.returncode}):\n{errors[-3000:]}")
    # ru_maxrss: the largest of the process and the worker it forked and waited for (not
    # their sum: the worker's pages are the parent's, shared until written to).
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    cpu = usage.ru_utime + usage.ru_stime  # includes the waited-for worker's
    return Run(seconds, peak_mb, cpu, json.loads(result_file.read_text(encoding="utf-8")))


def prepare_site(posts, seed):
    site = Path(tempfile.mkdtemp(prefix=f"pelican-bench-{posts}-"))
    generate(site, posts, seed)
    (site / "stock_settings.py").write_text(
        STOCK_SETTINGS.format(
            path=str(site / "content"),
            output=str(site / "out-stock"),
            cache=str(site / "cache-stock"),
            pages=STOCK_PAGES,
        ),
        encoding="utf-8",
    )
    return site


def fresh(site, mode):
    """Remove what a previous run left, so every full build starts cold."""
    for name in (f"out-{mode}", f"cache-{mode}"):
        shutil.rmtree(site / name, ignore_errors=True)


def check_outputs(site, posts):
    """The numbers mean nothing unless every build wrote a whole site."""
    for mode in MODES:
        pages = list((site / f"out-{mode}").rglob("*.html"))
        if len(pages) < posts:
            raise SystemExit(f"{mode} wrote only {len(pages)} pages for {posts} posts in {site}")
    emails = list((site / "out-ours" / "email").glob("*/email.html"))
    return len(emails)


def bench_size(posts, repeats, seed, log):
    site = prepare_site(posts, seed)
    runs = {mode: [] for mode in (*MODES, "again")}
    try:
        for repeat in range(repeats):
            order = MODES[repeat % len(MODES):] + MODES[:repeat % len(MODES)]
            for mode in order:
                fresh(site, mode)
                run = run_child(mode, site)
                runs[mode].append(run)
                log(f"  N={posts} run {repeat + 1}/{repeats} {mode}: {run.seconds:.2f} s, {run.peak_mb:.0f} MB")
            # `invoke publish` again after one edit, over the output the `ours` build just left.
            run = run_child("again", site)
            runs["again"].append(run)
            log(f"  N={posts} run {repeat + 1}/{repeats} again, one post edited: {run.seconds:.2f} s")
        emails = check_outputs(site, posts)
    finally:
        shutil.rmtree(site, ignore_errors=True)
    return summarize(posts, runs, emails)


def summarize(posts, runs, emails):
    stock = statistics.median(r.seconds for r in runs["stock"])
    ours = statistics.median(r.seconds for r in runs["ours"])
    stock_mb = statistics.median(r.peak_mb for r in runs["stock"])
    ours_mb = statistics.median(r.peak_mb for r in runs["ours"])
    email = statistics.median(r.detail.get("email_seconds", 0.0) for r in runs["ours"])
    one = statistics.median(r.seconds for r in runs["ours-1"])
    one_email = statistics.median(r.detail.get("email_seconds", 0.0) for r in runs["ours-1"])
    stock_cpu = statistics.median(r.cpu_seconds for r in runs["stock"])
    again = statistics.median(r.seconds for r in runs["again"])
    ours_cpu = statistics.median(r.cpu_seconds for r in runs["ours"])
    return {
        "posts": posts,
        "runs": len(runs["ours"]),
        "stock_s": stock,
        "ours_s": ours,
        "ratio": ours / stock,
        "extra_ms_per_post": (ours - stock) * 1000 / posts,
        "stock_ms_per_post": stock * 1000 / posts,
        "ours_ms_per_post": ours * 1000 / posts,
        "stock_mb": stock_mb,
        "ours_mb": ours_mb,
        "mb_ratio": ours_mb / stock_mb,
        "emails": emails,
        "email_ms_per_post": email * 1000 / posts,
        "one_s": one,
        "one_ratio": one / stock,
        "one_email_ms_per_post": one_email * 1000 / posts,
        "cpu_ratio": ours_cpu / stock_cpu,
        "email_receivers": runs["ours"][0].detail.get("email_receivers", []),
        "again_s": again,
        "again_ratio": again / stock,
        "again_email_ms_per_post": statistics.median(
            r.detail.get("email_seconds", 0.0) for r in runs["again"]) * 1000 / posts,
    }


def bench_rebuild(posts, repeats, seed, log):
    site = prepare_site(posts, seed)
    results = []
    try:
        for repeat in range(repeats):
            fresh(site, "serve")
            run = run_child("rebuild", site)
            results.append(run.detail)
            log(
                f"  rebuild N={posts} run {repeat + 1}/{repeats}: first {run.detail['first_seconds']:.2f} s,"
                f" after one edit {run.detail['rebuild_seconds']:.2f} s"
            )
    finally:
        shutil.rmtree(site, ignore_errors=True)
    fractions = [r["rebuild_seconds"] / r["first_seconds"] for r in results]
    return {
        "posts": posts,
        "runs": len(results),
        "first_s": statistics.median(r["first_seconds"] for r in results),
        "rebuild_s": statistics.median(r["rebuild_seconds"] for r in results),
        "fraction": statistics.median(fractions),
        "fractions": fractions,
    }


def versions():
    found = []
    for name in VERSIONS:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            pass
    return ", ".join(found)


def table(sizes, rebuild, repeats, seed, elapsed):
    now = datetime.datetime.now(datetime.timezone.utc)
    lines = [
        "# Benchmark results",
        "",
        f"Measured {now:%Y-%m-%d %H:%M} UTC by `invoke bench` (benchmarks/run.py) in {elapsed / 60:.1f} min.",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {versions()}.",
        f"Posts generated by benchmarks/generate.py with seed {seed}; each size built {repeats} times "
        "per build, stock and ours interleaved, each build in a fresh process, cold (no output, no cache).",
        "Times are medians of the wall time of the whole build process. \"Ours\" is the build as "
        "`invoke build` runs it: on this machine it reads the posts and exports the emails in two "
        "processes (build.parallel); \"one process\" is the same build with BUILD_PARALLEL = False. "
        "CPU is user + system time of the build and its worker. Peak RSS is the kernel's ru_maxrss: the "
        "largest of the build process and its worker, not their sum (the worker's pages are the "
        "parent's until written to).",
        "",
        "| Posts | Stock (s) | Ours (s) | Ours / stock | Ours: ms/post above stock | CPU ours / stock "
        "| Ours, one process (s) | One process / stock | Stock peak RSS (MB) | Ours peak RSS (MB) "
        "| RSS ours / stock | Email: build waits, ms/post | Email: all the work, ms/post (one process) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        lines.append(
            f"| {s['posts']:,} | {s['stock_s']:.2f} | {s['ours_s']:.2f} | {s['ratio']:.2f}x "
            f"| {s['extra_ms_per_post']:.2f} | {s['cpu_ratio']:.2f}x | {s['one_s']:.2f} | {s['one_ratio']:.2f}x "
            f"| {s['stock_mb']:.0f} | {s['ours_mb']:.0f} | {s['mb_ratio']:.2f}x "
            f"| {s['email_ms_per_post']:.2f} | {s['one_email_ms_per_post']:.2f} |"
        )
    lines.append("")
    by_size = {s["posts"]: s for s in sizes}
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        factor = large["posts"] / small["posts"]
        lines.append(
            f"Growth {small['posts']:,} -> {large['posts']:,} posts (x{factor:g}): stock x"
            f"{large['stock_s'] / small['stock_s']:.2f}, ours x{large['ours_s'] / small['ours_s']:.2f} "
            f"(linear = x{factor:g}; ms per post {small['ours_ms_per_post']:.2f} -> {large['ours_ms_per_post']:.2f})."
        )
    if lines[-1]:
        lines.append("")
    lines += [
        "Publishing again after editing one post (`invoke publish` in a fresh process, over the "
        "output of the cold build above: every page is written again, the emails of unchanged "
        "posts are carried over, plugins/email_export/reuse.py). Stock Pelican has no such "
        "step; its cold build is the comparison.",
        "",
        "| Posts | Ours again (s) | Ours again / stock | Email: all the work, ms/post |",
        "|---:|---:|---:|---:|",
    ]
    for s in sizes:
        lines.append(f"| {s['posts']:,} | {s['again_s']:.2f} | {s['again_ratio']:.2f}x | {s['again_email_ms_per_post']:.2f} |")
    lines.append("")
    if rebuild:
        lines.append(
            f"Rebuild after editing one post in a {rebuild['posts']:,}-post site, as `invoke serve` does it "
            f"(same process, pelicanconf.py + tasks.SERVE_OVERRIDES): {rebuild['fraction']:.2f}x the first, "
            f"full build of that process (median of {rebuild['runs']} runs: "
            + ", ".join(f"{f:.2f}x" for f in rebuild["fractions"])
            + f"; median times {rebuild['rebuild_s']:.2f} s after {rebuild['first_s']:.2f} s)."
        )
    emails = [s for s in sizes if s["emails"] != s["posts"]]
    if emails:
        lines.append("Note: the email export wrote " + ", ".join(
            f"{s['emails']} emails for {s['posts']} posts" for s in emails) + ".")
    if sizes:
        receivers = ", ".join(sizes[0]["email_receivers"]) or "none found"
        lines.append(f"Email export time is measured in process around the email_export plugin's own work: {receivers}.")
    targets = []
    if 1000 in by_size:
        s = by_size[1000]
        targets.append(f"- Full build at 1,000 posts: {s['ratio']:.2f}x stock (target <= 1.15x), "
                       f"{s['extra_ms_per_post']:.2f} ms/post above stock (target <= 0.75)")
    if 1000 in by_size:
        s = by_size[1000]
        targets.append(f"  (in one process: {s['one_ratio']:.2f}x stock; CPU time of both processes: {s['cpu_ratio']:.2f}x stock's)")
    if sizes:
        worst = max(s["email_ms_per_post"] for s in sizes)
        whole = max(s["one_email_ms_per_post"] for s in sizes)
        again = max(s["again_email_ms_per_post"] for s in sizes)
        targets.append(f"- Email export alone: publishing again after one edit, at most {again:.2f} ms/post "
                       f"(target <= 1); a cold build (no earlier output) waits for it at most {worst:.2f} ms/post, "
                       f"all its work in one process at most {whole:.2f} ms/post")
    if rebuild:
        targets.append(f"- Rebuild after one edit at {rebuild['posts']:,} posts: {rebuild['fraction']:.2f}x a full build (target <= 0.45x)")
    if 5000 in by_size:
        targets.append(f"- Peak memory at 5,000 posts: {by_size[5000]['mb_ratio']:.2f}x stock (target <= 1.2x)")
    if targets:
        lines += ["", "## Against the targets", ""] + targets
    return "\n".join(lines) + "\n"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", default="100,1000,5000", help="comma-separated post counts")
    parser.add_argument("--repeats", type=int, default=3, help="builds of each kind per size")
    parser.add_argument("--rebuild-posts", type=int, default=1000, help="site size for the rebuild test (0: skip)")
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
        sizes.append(bench_size(posts, args.repeats, args.seed, log))
    rebuild = None
    if args.rebuild_posts:
        log(f"Rebuild after one edit, {args.rebuild_posts} posts:")
        rebuild = bench_rebuild(args.rebuild_posts, args.repeats, args.seed, log)
    text = table(sizes, rebuild, args.repeats, args.seed, time.perf_counter() - start)
    print("\n" + text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}")


if __name__ == "__main__":
    main()
