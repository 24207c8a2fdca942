"""What the test stubs share: a handler base that answers JSON or bytes on a closed connection, and serving it on a
free loopback port published in a file (written atomically, so the test never reads half a number)."""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StubHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=None):
        """`body` as JSON (a str is sent as it is; bytes as an octet stream), one response per connection."""
        if isinstance(body, bytes):
            data, kind = body, "application/octet-stream"
        else:
            data, kind = (body if isinstance(body, str) else json.dumps(body)).encode(), "application/json"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for key, value in (headers or {}).items():
            self.send_header(key, str(value))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)


def serve(handler, port_file):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()
