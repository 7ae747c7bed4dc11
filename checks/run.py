"""`invoke check`: build the sample site with publish settings and run every check over it.

Two builds in a temporary folder, from a copy of content/ plus the check-only fixture post:
  1. the real publish build (SITEURL from publishconf.py): HTML, links, feeds, email;
  2. the same with SITEURL = the local server, so the browser loads styles and images:
     accessibility and layout. Screenshots go to check-screenshots/ of the project, not
     into output/, the folder the coach uploads.
Each finding is one line; the exit code is 1 when any error was found.
"""

import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import accessibility, browser, email_rules, feeds, html_validity, layout, links, tools
from .report import Finding, Report
from .site_build import ROOT, BuildFailed, build_site, prepare_content

SCREENSHOTS = ROOT / "check-screenshots"  # beside output/, never uploaded with it
CHECKS = ("html", "links", "feeds", "email", "browser")


def _build(report, workdir, content, name, fixture, siteurl=None):
    try:
        site = build_site(workdir, content, name, fixture, siteurl)
    except BuildFailed as failure:
        report.add(Finding("build", "publishconf.py", line) for line in failure.lines)
        return None
    report.add(Finding("build", "publishconf.py", w, level="warning") for w in site.warnings)
    return site


def main(only=None, keep=False, stream=None):
    """Run the checks named in `only` (default all); return the process exit code."""
    selected = [name for name in CHECKS if not only or name in only]
    report = Report(stream)
    try:
        tools.ensure_all()
    except (tools.ToolMissing, OSError) as problem:
        print(f"ERROR [tools] {problem}", file=report.stream)
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="invoke-check-"))
    started = time.monotonic()
    try:
        content, fixture = prepare_content(workdir)
        report.start("build", "the sample site with publish settings (+ a fixture post, in a copy)")
        site = _build(report, workdir, content, "site", fixture)
        if site is None:
            print(report.summary(), file=report.stream)
            return 1
        per_site = {"html": html_validity, "links": links, "feeds": feeds, "email": email_rules}
        descriptions = {
            "html": "Nu HTML Checker over every page and email",
            "links": "every internal href/src/srcset/#anchor resolves",
            "feeds": "feedparser, RFC 4287 and RSS 2.0 over every feed",
            "email": "email rules and the caniemail scan over every email",
        }
        for name, module in per_site.items():
            if name in selected:
                report.start(name, descriptions[name])
                report.add(module.check(site))
        if "browser" in selected:
            _browser_checks(report, workdir, content, fixture)
    finally:
        if keep:
            print(f"Check builds kept in {workdir}", file=report.stream)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{report.summary()} in {time.monotonic() - started:.0f} s", file=report.stream)
    return 1 if report.errors() else 0


def _browser_checks(report, workdir, content, fixture):
    served = workdir / "served"
    with browser.LocalServer(served) as server:
        report.start("build", f"again with SITEURL {server.url} for the browser")
        site = _build(report, workdir, content, "served", fixture, siteurl=server.url)
        if site is None:
            return
        shutil.rmtree(SCREENSHOTS, ignore_errors=True)
        report.start("accessibility", "axe-core (WCAG 2.1 A/AA, best practice), light and dark")
        try:
            pages, results = browser.run(site, SCREENSHOTS)
        except (RuntimeError, OSError) as problem:
            report.add([Finding("accessibility", "chromium", str(problem))])
            return
        report.add(accessibility.check(pages, results))
        report.start("layout", f"no sideways scroll at {browser.WIDTHS} px; screenshots in "
                     f"{SCREENSHOTS.relative_to(ROOT)}/")
        report.add(layout.check(results))


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--keep"]
    sys.exit(main(only=arguments or None, keep="--keep" in sys.argv))
