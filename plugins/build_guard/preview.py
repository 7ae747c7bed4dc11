"""`invoke serve`: serve output/ on 127.0.0.1 and rebuild when a source file changes.

The server resolves every request against the output path, so after a build
swaps a new folder into place the next request sees it; a failed rebuild keeps
serving the last good site.
"""

import functools
import http.server
import threading

import watchfiles


def serve_and_rebuild(build, output, watch, host, port, failure):
    """Build once, then serve and rebuild on every change until Ctrl-C."""
    try:
        build()
    except failure:
        print("Fix the problem above and save: the preview rebuilds on its own.")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"Preview at http://{host}:{port}/ (email previews at /email/). Ctrl-C stops.")
    try:
        for changes in watchfiles.watch(*watch, raise_interrupt=False):
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
