"""Two processes share reading the posts and writing their pages (build.parallel, build.writer):
the site they write, and the problems they report, are those of a one-process build."""

import contextlib
import logging
import os
import shutil
import time

import jinja2
import pytest
from pelican import signals
from PIL import Image

from build import parallel
from writing_checks.errors import AuthorError


def wait_for(path, seconds=30):
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.005)


def meet(item, tmp_path):
    """Make sure each side takes part: the main process's first item (0) and the worker's
    first item (5) each wait until the other side has begun."""
    main_began, worker_began = tmp_path / "main-began", tmp_path / "worker-began"
    if item == 0:
        main_began.touch()
        wait_for(worker_began)
    if item == 5:
        wait_for(main_began)
        worker_began.touch()


def sharing(work, items=range(6)):
    share = parallel.SharedItems(list(items), work, chunk=1)  # the worker takes one item at a time
    try:
        return share, share.results()
    finally:
        share.worker.stop()


def test_the_worker_takes_items_from_the_back_and_results_come_in_order(tmp_path):
    main = os.getpid()

    def work(item):
        meet(item, tmp_path)
        return item * 10, os.getpid()

    _, results = sharing(work)
    assert [value for value, _ in results] == [0, 10, 20, 30, 40, 50]
    assert results[0][1] == main
    assert results[5][1] != main


def test_worker_log_records_reach_the_main_process_in_item_order(tmp_path, caplog):
    def work(item):
        meet(item, tmp_path)
        logging.getLogger("somewhere").warning("item %d from %s", item, "a post")
        return item

    with caplog.at_level(logging.WARNING):
        sharing(work)
    messages = [r.getMessage() for r in caplog.records if r.name == "somewhere"]
    assert messages == [f"item {n} from a post" for n in range(6)]


def test_an_author_error_in_the_worker_is_raised_whole_in_the_main_process(tmp_path):
    def work(item):
        meet(item, tmp_path)
        if item == 5:
            raise AuthorError("a broken callout", "close it", path="content/posts/e.md", line=7)
        return item

    share = parallel.SharedItems(list(range(6)), work, chunk=1)
    try:
        assert [share.result(n) for n in range(5)] == [0, 1, 2, 3, 4]
        with pytest.raises(AuthorError) as raised:
            share.result(5)
    finally:
        share.worker.stop()
    error = raised.value
    assert str(error) == "content/posts/e.md:7: a broken callout. Fix: close it"
    assert error.raised_at[0] == __file__


def test_a_worker_that_dies_stops_the_build_with_a_clear_line(tmp_path):
    main = os.getpid()
    dead = tmp_path / "worker-dead"

    def work(item):
        if os.getpid() != main:
            dead.touch()
            os._exit(3)
        if item == 0:
            wait_for(dead)
        return item

    with pytest.raises(parallel.WorkerStopped, match="the second build process stopped before it finished"):
        sharing(work)


POSTS = {
    f"post-{n}": f"""
    Paragraph {n} with a [link to the first post]({{filename}}post-0.md) and *emphasis*.

    !!! lesson "Lesson {n}"
        What post {n} taught.

    > [!TIP]
    > A tip, in post {n}.

    [[cta]]
    """
    for n in range(8)
}


NEWSLETTER = """\
Title: Get the next story by email
Button: Send me the stories
Kind: signup
Email: Enjoyed this? Get the next story by email.

A story every two weeks.
"""


def write_posts(site):
    site.write("ctas/newsletter.md", NEWSLETTER)
    for number, (slug, body) in enumerate(POSTS.items()):
        site.post(slug, body, date=f"2026-01-{number + 10:02d}")


@pytest.fixture
def shares(monkeypatch):
    """Every SharedItems a build makes."""
    made = []
    original = parallel.SharedItems.__init__

    def recording(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(parallel.SharedItems, "__init__", recording)
    return made


def test_a_shared_build_writes_exactly_what_a_one_process_build_writes(site, shares):
    write_posts(site)
    site.build(mode="publish", BUILD_PARALLEL=False)
    alone = site.snapshot()
    assert shares == []
    shutil.rmtree(site.output)
    site.build(mode="publish", BUILD_PARALLEL_MIN_ITEMS=2)
    assert len(shares) == 1  # reading the posts
    assert site.snapshot() == alone
    assert sum(name.endswith("message.eml") for name in alone) == 8


def test_a_mistake_in_a_post_read_by_either_process_is_reported_the_same(site, shares):
    write_posts(site)
    site.post("post-7", "Intro.\n\n!!! lessn \"Typo\"\n    Body.\n", date="2026-01-17")
    alone = site.build_fails(mode="publish", BUILD_PARALLEL=False)
    shared = site.build_fails(mode="publish", BUILD_PARALLEL_MIN_ITEMS=2)
    assert shares, "the posts were not shared"
    assert shared == alone
    assert alone[0].startswith(f"{site.content / 'posts' / 'post-7.md'}:7: unknown callout type 'lessn'")
    assert not site.output.exists()


def test_few_posts_are_not_worth_a_second_process(site, shares):
    write_posts(site)
    site.build(mode="publish")  # 8 posts: under BUILD_PARALLEL_MIN_ITEMS
    assert shares == []


# --- writing the pages --------------------------------------------------------------------


@contextlib.contextmanager
def both_processes_write(tmp_path, pages=1):
    """Pages written by both processes, whatever their speed: this process's first page waits
    until the worker has written `pages`. Yields the ids of the processes that wrote pages."""
    main, written = os.getpid(), tmp_path / "written-by"
    written.touch()
    waited = []

    def by_worker():
        return [pid for pid in written.read_text().split() if pid != str(main)]

    def note(path, context):
        with open(written, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        if os.getpid() == main and not waited:
            waited.append(True)
            deadline = time.monotonic() + 60
            while len(by_worker()) < pages:
                assert time.monotonic() < deadline, "the worker wrote too few pages"
                time.sleep(0.005)

    signals.content_written.connect(note)
    try:
        yield lambda: set(written.read_text().split())
    finally:
        signals.content_written.disconnect(note)


def test_pages_written_by_both_processes_are_those_of_a_one_process_build(site, tmp_path):
    write_posts(site)
    site.build(mode="publish", BUILD_PARALLEL=False)
    alone = site.snapshot()
    shutil.rmtree(site.output)
    with both_processes_write(tmp_path) as writers:
        site.build(mode="publish", BUILD_PARALLEL_MIN_ITEMS=2)
    assert len(writers()) == 2
    assert site.snapshot() == alone


def test_attached_pictures_are_placed_beside_their_posts_whichever_process_writes_them(site, tmp_path):
    """`{attach}` moves a picture beside the post whose page shows it: the picture is copied by
    this process, so it must know, even when the worker writes that page (the oldest posts: the
    newest are in the feeds, which this process makes before it copies the pictures)."""
    for number in range(24):
        site.post(f"post-{number}", f"A chart: ![Chart {number}]({{attach}}/images/chart-{number}.png)",
                  date=f"2026-01-{number + 1:02d}")
        Image.new("RGB", (60, 30)).save(site.content / "images" / f"chart-{number}.png")
    site.build(mode="publish", BUILD_PARALLEL=False)
    alone = site.snapshot()
    assert "2026/post-0/chart-0.png" in alone
    shutil.rmtree(site.output)
    with both_processes_write(tmp_path, pages=23) as writers:  # all the posts but one
        site.build(mode="publish", BUILD_PARALLEL_MIN_ITEMS=2)
    assert len(writers()) == 2
    assert site.snapshot() == alone


def test_a_template_error_in_a_page_the_worker_writes_stops_the_build_at_its_line(site, tmp_path):
    """The worker's error is the build's: one line naming the template and its line."""
    write_posts(site)
    main, began = os.getpid(), tmp_path / "worker-began"

    def breaks_in_the_worker(slug):
        if os.getpid() != main:
            began.touch()
            raise jinja2.TemplateRuntimeError(f"the page of {slug} could not be made")
        wait_for(began)
        return ""

    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "article.html").write_text(
        '{% extends "!theme/article.html" %}\n{% block content %}{{ article.slug|breaks_in_the_worker }}'
        "{{ super() }}{% endblock %}\n", encoding="utf-8")
    lines = site.build_fails(mode="publish", BUILD_PARALLEL_MIN_ITEMS=2, THEME_TEMPLATES_OVERRIDES=[str(overrides)],
                             JINJA_FILTERS={"breaks_in_the_worker": breaks_in_the_worker})
    assert len(lines) == 1
    assert lines[0].startswith(f"{overrides / 'article.html'}:2: template error: the page of post-")
    assert not site.output.exists()
