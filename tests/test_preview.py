"""`invoke serve`: the preview server answers on 127.0.0.1, rebuilds on save, and keeps
showing the last good site when a rebuild fails."""

import threading
import time
import urllib.request

from build_guard.preview import serve_and_rebuild
from build_guard.runner import BuildFailed, build

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


def test_preview_serves_rebuilds_and_survives_a_bad_save(site):
    post = site.post("story", "First version.")
    overrides = site._overrides({"SITEURL": ""})
    stop = threading.Event()
    ready = []
    thread = threading.Thread(
        target=serve_and_rebuild,
        kwargs=dict(
            build=lambda: build(str(SETTINGS["dev"]), overrides),
            output=site.output,
            watch=[site.content],
            host="127.0.0.1",
            port=0,
            failure=BuildFailed,
            stop_event=stop,
            on_ready=ready.append,
        ),
        daemon=True,
    )
    thread.start()
    try:
        assert wait_for(lambda: ready), "preview server did not start"
        url = ready[0]
        assert url.startswith("http://127.0.0.1:")
        assert "First version." in fetch(url + "2026/story/")

        post.write_text(post.read_text().replace("First version.", "Second version."))
        assert wait_for(lambda: "Second version." in fetch(url + "2026/story/")), "no rebuild after save"

        post.write_text("Title: Story\nDate: 2026-13-45\n\nBroken.\n")
        time.sleep(2.5)  # a rebuild is attempted and fails
        assert "Second version." in fetch(url + "2026/story/")
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive(), "preview server did not stop"
