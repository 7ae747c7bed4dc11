"""`invoke serve`: serve output/ on 127.0.0.1 and rebuild when a source file changes.

The server resolves every request against the output path, so after a build
swaps a new folder into place the next request sees it; a failed rebuild keeps
serving the last good site.
"""

import functools
import http.server
import threading

import watchfiles


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request into the coach's terminal."""

    def log_message(self, format, *args):
        pass


def serve_and_rebuild(build, output, watch, host, port, failure, stop_event=None, on_ready=None):
    """Build once, then serve and rebuild on every change until Ctrl-C or `stop_event`.

    `on_ready(url)` is called once the server listens (port 0 picks a free port).
    """
    try:
        build()
    except failure:
        print("Fix the problem above and save: the preview rebuilds on its own.")
    handler = functools.partial(QuietHandler, directory=str(output))
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        raise failure(
            f"Cannot preview on {host}:{port} ({error.strerror}): another program uses that port. "
            "Stop it, or choose another port: invoke serve --port 8001"
        ) from None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://{host}:{server.server_address[1]}/"
    (on_ready or (lambda u: print(f"Preview at {u} (email previews at {u}email/). Ctrl-C stops.")))(url)
    try:
        for changes in watchfiles.watch(*watch, stop_event=stop_event, raise_interrupt=False):
            names = sorted({path.rsplit("/", 1)[-1] for _, path in changes})
            print(f"Changed: {', '.join(names)}; rebuilding...")
            try:
                build()
                print("Rebuilt.")
            except failure:
                print("Rebuild stopped; still showing the last good site.")
    finally:
        server.shutdown()
        server.server_close()
