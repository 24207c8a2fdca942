"""A scripted HTTP server standing in for services no emulator covers: BigQuery's documented error answers,
Google's token endpoint and the metadata server.

Usage: http_stub.py PORT_FILE

  POST /_script    JSON list of replies, used in order by the first request they match:
                   {"method": "POST", "path": "/prefix", "status": 200, "body": {...} or "text", "headers": {...}, "times": 1}
  GET  /_received  every other request so far: method, path, headers, body (text, first 64 KiB), size
  anything else    the first scripted reply that matches, or 404 with BigQuery's error envelope
"""
import json
import sys
import threading
import time
from stub_server import StubHandler, serve

SCRIPT, RECEIVED, LOCK = [], [], threading.Lock()


class Handler(StubHandler):
    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        if self.path == "/_script":
            with LOCK:
                SCRIPT.extend(json.loads(raw))
            return self.answer(200, {"ok": True})
        if self.path == "/_received":
            with LOCK:
                return self.answer(200, RECEIVED)
        with LOCK:
            # Large uploads are kept to their first 64 KiB (the job configuration comes first).
            RECEIVED.append({"method": self.command, "path": self.path, "headers": dict(self.headers), "body": raw[:65536],
                             "size": len(raw), "at": time.time()})
            reply = next((r for r in SCRIPT if r.get("method", self.command) == self.command and self.path.startswith(r.get("path", "/"))), None)
            if reply is not None:
                reply["times"] = reply.get("times", 1) - 1
                if reply["times"] <= 0:
                    SCRIPT.remove(reply)
        if reply is None:
            return self.answer(404, {"error": {"code": 404, "message": f"Not found: no script for {self.command} {self.path}",
                                               "errors": [{"reason": "notFound", "message": "not found"}], "status": "NOT_FOUND"}})
        self.answer(reply.get("status", 200), reply.get("body", {}), reply.get("headers"))

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


if __name__ == "__main__":
    serve(Handler, sys.argv[1])
