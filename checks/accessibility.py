"""Accessibility: axe-core in Chromium, WCAG 2.1 A/AA and best-practice rules, light and dark.

Runs over home, the article with every callout type, a category page, About and Subscribe
(see browser.py), with folded callouts opened so their text is checked too. 0 violations.
"""

from .report import Finding

CHECK = "accessibility"
EXPECTED_PAGES = ("home", "article", "category", "about", "subscribe")


def check(pages, results):
    """Findings from browser.mjs results: one per rule, page, scheme and element."""
    findings = []
    names = {name for name, _ in pages}
    for name in EXPECTED_PAGES:
        if name not in names:
            findings.append(Finding(CHECK, name, "page to check does not exist in the build"))
    seen = set()
    for result in results:
        where = f"{result['url']} ({result['scheme']}, {result['width']}px)"
        if result.get("error"):
            findings.append(Finding(CHECK, where, f"page did not load: {result['error']}"))
            continue
        for violation in result.get("violations", []):
            for node in violation["nodes"]:
                key = (result["url"], result["scheme"], violation["id"], node["target"])
                if key in seen:
                    continue  # the same element at the other width
                seen.add(key)
                detail = f" ({node['summary']})" if node["summary"] else ""
                findings.append(Finding(
                    CHECK, f"{result['url']} ({result['scheme']})",
                    f"{violation['id']} [{violation['impact']}] {violation['help']}: {node['target']}{detail}",
                ))
    return findings
