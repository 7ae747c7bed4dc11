"""Search: a Pagefind index of the published posts and pages only, a /search/ page that finds them
in Chromium, and every other page readable without JavaScript."""

import functools
import http.server
import json
import subprocess
import threading
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import SITEURL

import site_search

WORDS = {"published": "zephyrous", "page": "lighthouse", "draft": "quillwort", "hidden": "marzipan",
         "disclaimer": "gingerbread", "search page": "JavaScript"}


class SearchServer:
    """The built site on 127.0.0.1, plus /wait (answers once the page has called /done, or after
    30 seconds): the test page loads /wait, so Chromium's --dump-dom waits for the searches."""

    def __init__(self, folder):
        done = self.done = threading.Event()

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format, *args):
                pass

            def do_GET(self):
                path = urlparse(self.path).path
                if path in ("/wait", "/done"):
                    if path == "/done":
                        done.set()
                    else:
                        done.wait(30)
                    self.send_response(204)
                    self.end_headers()
                    return
                super().do_GET()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.done.set()
        self.httpd.shutdown()
        self.httpd.server_close()


# Each query typed into /search/?q=... in a frame, as a reader would, one after the other;
# the titles of the results (or none) once Pagefind has answered.
SEARCHES = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<iframe id="frame" style="width:1000px;height:2000px"></iframe>
<script>
var queries = {queries}, found = {{}}, frame = document.getElementById("frame");
function next() {{
  if (!queries.length) {{
    var out = document.createElement("pre");
    out.id = "result";
    out.textContent = JSON.stringify(found);
    document.body.appendChild(out);
    fetch("/done");
    return;
  }}
  var query = queries.shift(), started = Date.now();
  frame.onload = function () {{
    (function poll() {{
      var doc = frame.contentDocument, message = doc.querySelector(".pagefind-ui__message");
      var text = message ? message.textContent : "";
      // Answered, and every result's page read (until then its title is a placeholder).
      if (text && text.indexOf("Searching") !== 0 && !doc.querySelector(".pagefind-ui__loading")) {{
        found[query] = Array.prototype.map.call(doc.querySelectorAll(":not(.pagefind-ui__result-nested) > .pagefind-ui__result-title > .pagefind-ui__result-link"),
          function (e) {{ return e.textContent.trim(); }});
        next();
      }} else if (Date.now() - started > 20000) {{
        found[query] = "no answer: " + text;
        next();
      }} else {{
        setTimeout(poll, 100);
      }}
    }})();
  }};
  frame.src = "/search/?q=" + encodeURIComponent(query);
}}
next();
</script>
<iframe src="/wait" style="display:none"></iframe>
</body></html>"""


@pytest.fixture
def searchable(site):
    site.write("disclaimers/default.md", f"Personal stories, {WORDS['disclaimer']} not advice.\n")
    site.post("interview", f"The panel asked a {WORDS['published']} question.", Title="The interview",
              Category="Interviews")
    site.post("other", "Nothing special here.", Title="Another story", Category="Interviews")
    site.post("sketch", f"A {WORDS['draft']} idea, not ready.", Title="A draft", Status="draft")
    site.post("secret", f"A {WORDS['hidden']} story for a few readers.", Title="Hidden one", Status="hidden")
    site.page("about", f"I keep a {WORDS['page']} on my desk.", Title="About", Slug="about")
    return site


def search_in_chromium(site, server, queries, tmp_path):
    from test_email import CHROMIUM_FLAGS, chromium_path

    chromium = chromium_path()
    site.path("searches.html").write_text(SEARCHES.format(queries=json.dumps(queries)))
    done = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         f"{server.url}/searches.html"],
        capture_output=True, text=True, timeout=120,
    )
    result = BeautifulSoup(done.stdout, "lxml").find(id="result")
    assert result is not None, f"the searches did not finish:\n{done.stderr[-2000:]}"
    return json.loads(result.get_text())


def test_search_finds_published_posts_and_pages_and_nothing_else(searchable, tmp_path):
    server = SearchServer(searchable.output)
    try:
        # A preview build: the draft has a page (marked "Draft"), yet is not searchable.
        searchable.build(SITEURL=server.url, SEARCH_INDEX=True)
        assert searchable.path("drafts/sketch/index.html").is_file()
        found = search_in_chromium(searchable, server, list(WORDS.values()), tmp_path)
    finally:
        server.close()
    assert found[WORDS["published"]] == ["The interview"]
    assert found[WORDS["page"]] == ["About"]
    assert found[WORDS["draft"]] == [], "a draft is not in the index"
    assert found[WORDS["hidden"]] == [], "a hidden post is not in the index"
    assert found[WORDS["disclaimer"]] == [], "what every post repeats is not indexed"
    assert found[WORDS["search page"]] == [], "the search page is not indexed"


def test_the_published_index_leaves_drafts_out(searchable):
    searchable.build("publish", SEARCH_INDEX=True)
    bundle = searchable.path("pagefind")
    assert (bundle / "pagefind-ui.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    pages = sum(language["page_count"] for language in entry["languages"].values())
    assert pages == 3, "the two published posts and the About page: no draft, hidden post or list"


def page_count(site):
    entry = json.loads((site.path("pagefind") / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


def test_invoke_serve_keeps_the_index_its_first_build_made(searchable):
    """Pagefind was a third of each rebuild: the preview's rebuilds keep the first one's index."""
    from tasks import serve_overrides

    searchable.build(**serve_overrides(False), SEARCH_INDEX=True)
    assert page_count(searchable) == 3
    searchable.post("third", "A new story.", Title="A third story")
    searchable.build(**serve_overrides(True), SEARCH_INDEX=True)
    assert page_count(searchable) == 3, "the first build's index, kept"
    searchable.build(**serve_overrides(False), SEARCH_INDEX=True)  # the next invoke serve makes it anew
    assert page_count(searchable) == 4


def test_the_search_page_works_from_this_site_and_says_what_to_do_without_javascript(searchable):
    searchable.build("publish", SEARCH_INDEX=True)
    page = searchable.soup("search/index.html")
    sources = [tag.get("src") or tag.get("href") for tag in page.find_all(["script", "link"])
               if tag.get("src") or tag.get("rel") == ["stylesheet"]]
    assert sources and all(url.startswith("https://coach.example/") for url in sources), sources
    for url in sources:
        assert searchable.path(urlparse(url).path.lstrip("/")).is_file(), url
    fallback = page.find("noscript").get_text(" ", strip=True)
    assert "JavaScript" in fallback and "Archive" in fallback and "Categories" in fallback
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_every_other_page_needs_no_javascript(searchable):
    searchable.build("publish", SEARCH_INDEX=True)
    for path in searchable.output.rglob("*.html"):
        relpath = path.relative_to(searchable.output)
        if relpath.parts[0] in ("search", "pagefind"):
            continue
        assert not searchable.soup(relpath).find("script"), relpath


def test_a_site_at_a_sub_folder_gets_results_under_it(searchable):
    searchable.build("publish", SEARCH_INDEX=True, SITEURL="https://coach.example/blog")
    assert searchable.soup("search/index.html").find(id="search")["data-base-url"] == "/blog/"


def test_a_site_with_nothing_published_builds_without_an_index(site):
    site.post("sketch", "Not yet.", Status="draft")
    site.build("publish", SEARCH_INDEX=True)
    assert site.path("search/index.html").is_file()
    assert not site.path("pagefind").exists()


@pytest.mark.parametrize("program, said", [
    ("/bin/false", "the search index could not be made (Pagefind: exit status 1)"),
    ("/nowhere/pagefind", "the search index cannot be made: Pagefind did not start"),
])
def test_a_failed_index_stops_the_build_with_one_line(searchable, monkeypatch, program, said):
    searchable.build("publish", SEARCH_INDEX=True)
    before = searchable.snapshot()
    monkeypatch.setattr(site_search, "pagefind_program", lambda: program)
    lines = searchable.build_fails("publish", SEARCH_INDEX=True)
    assert len(lines) == 1 and said in lines[0], lines
    assert lines[0].startswith("requirements.txt: ") and "Fix: reinstall the site's tools" in lines[0]
    assert searchable.snapshot() == before, "the last good site, its index too, is left as it was"


def test_every_page_links_the_search_page_and_the_newsletter_archive(site):
    site.post("story")
    site.build()
    for relpath in ("index.html", "2026/story/index.html", "archives/index.html"):
        links = [a["href"] for a in site.soup(relpath).select("footer a")]
        assert f"{SITEURL}/search/" in links and f"{SITEURL}/newsletter/" in links, relpath
    assert site.soup("archives/index.html").select_one(f'main a[href="{SITEURL}/search/"]')
