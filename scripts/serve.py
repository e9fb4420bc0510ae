"""Serves a built site on localhost, with the MIME types JupyterLite needs.

Usage: python scripts/serve.py [DIR] [--port N] [--isolated]

--isolated adds the COOP/COEP headers that make the page cross-origin
isolated (SharedArrayBuffer: the kernel's blocking worker channel).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
from pathlib import Path


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".ipynb": "application/json",
        ".whl": "application/octet-stream",
        ".zip": "application/zip",
        ".svg": "image/svg+xml",
    }
    isolated = False

    def end_headers(self):
        # Revalidate every file: after a rebuild the browser must not reuse
        # an old tutorial from its cache.
        self.send_header("Cache-Control", "no-cache")
        if self.isolated:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def log_message(self, format, *args):
        pass


def main() -> None:
    ap = argparse.ArgumentParser(description="Serve a built site on localhost.")
    ap.add_argument("directory", nargs="?", default="build/lite")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--isolated", action="store_true")
    args = ap.parse_args()
    root = Path(args.directory)
    if not (root / "index.html").exists():
        sys.exit(f"{root} holds no built site: run `npm start` (or scripts/build.sh) first.")
    handler = type("SiteHandler", (Handler,), {"isolated": args.isolated})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", args.port), functools.partial(handler, directory=str(root))
    )
    print(f"SNDS Lab is served at http://127.0.0.1:{server.server_port}/lab/index.html", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
