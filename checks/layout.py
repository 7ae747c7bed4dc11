"""Layout: no horizontal scroll at 320, 375 and 1280 px, every style and image loads, no outside
requests; a full-page screenshot of each page, width and scheme for a person to look at."""

from .report import Finding

CHECK = "layout"


def check(results):
    """Findings from browser.mjs results."""
    findings = []
    reported = set()
    for result in results:
        where = f"{result['url']} ({result['width']}px, {result['scheme']})"
        if result.get("error"):
            continue  # reported by the accessibility check
        for state in ("closed", "open"):
            layout = result.get(state) or {}
            if layout.get("scrollWidth", 0) > layout.get("clientWidth", 0):
                if (result["url"], result["width"], result["scheme"]) in reported:
                    continue
                reported.add((result["url"], result["width"], result["scheme"]))
                culprits = "; ".join(layout.get("culprits") or []) or "no single element found"
                note = " with folded callouts opened" if state == "open" else ""
                findings.append(Finding(
                    CHECK, where,
                    f"scrolls sideways{note}: content {layout['scrollWidth']}px wide in a "
                    f"{layout['clientWidth']}px window ({culprits})",
                ))
        for failure in result.get("failed", []):
            findings.append(Finding(CHECK, result["url"], f"failed to load {failure}"))
        for url in result.get("external", []):
            findings.append(Finding(CHECK, result["url"], f"requests {url} from another host (blocked)"))
    return list(dict.fromkeys(findings))
