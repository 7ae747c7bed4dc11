"""`invoke serve`: the preview server answers on 127.0.0.1, rebuilds on save, and keeps
showing the last good site when a rebuild fails."""

import contextlib
import socket
import threading
import time
import urllib.request

from build.preview import serve_and_rebuild
from build.runner import BuildFailed, build

from conftest import SETTINGS


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def serving(site, siteurl="", port=0):
    """The preview server of `invoke serve` on 127.0.0.1, in a thread; yields its URL and
    stops it (and checks it stopped) when the block ends."""
    overrides = site._overrides({"SITEURL": siteurl})
    stop = threading.Event()
    ready = []
    thread = threading.Thread(
        target=serve_and_rebuild,
        kwargs=dict(
            build=lambda: build(str(SETTINGS["dev"]), overrides),
            output=site.output, watch=[site.content], host="127.0.0.1", port=port,
            failure=BuildFailed, stop_event=stop, on_ready=ready.append,
        ),
        daemon=True,
    )
    thread.start()
    try:
        assert wait_for(lambda: ready), "preview server did not start"
        yield ready[0]
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive(), "preview server did not stop"


def test_preview_serves_rebuilds_and_survives_a_bad_save(site):
    post = site.post("story", "First version.")
    with serving(site) as url:
        assert url.startswith("http://127.0.0.1:")
        assert "First version." in fetch(url + "2026/story/")

        post.write_text(post.read_text().replace("First version.", "Second version."))
        assert wait_for(lambda: "Second version." in fetch(url + "2026/story/")), "no rebuild after save"

        post.write_text("Title: Story\nDate: 2026-13-45\n\nBroken.\n")
        time.sleep(2.5)  # a rebuild is attempted and fails
        assert "Second version." in fetch(url + "2026/story/")


def test_preview_email_page_says_the_emails_work_only_on_this_computer(site):
    """`invoke serve` builds with SITEURL http://127.0.0.1:PORT: its emails' links go to this
    computer, and the email preview page says so and how to make the emails to send."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    site.post("story", "Words.")
    with serving(site, f"http://127.0.0.1:{port}", port) as url:
        page = " ".join(fetch(url + "email/").split())
    assert "These are previews, not the emails to send." in page
    assert f"go to http://127.0.0.1:{port}, on this computer, so they work only here" in page
    assert "<code>invoke publish</code>" in page
