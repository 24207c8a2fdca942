"""A Slack incoming-webhook stand-in for the tests: records every POST, judges it with slack_sdk's
Block Kit models plus the checks slack_sdk skips (PEERS.md), and answers like Slack when told to.

Writes the port it listens on to the file named by its argument (or prints it), then serves until killed.
  POST /api/chat.postMessage  a bot post (needs a Bearer token): recorded, validated, answered {"ok": true, "ts": ...}
  POST /api/conversations.history?channel=C&include_all_metadata=true  the bot's top-level posts (thread replies are
                     not in a channel's history), newest first, each with its metadata when asked for (as Slack answers it)
  POST /api/conversations.replies?channel=C&ts=T&include_all_metadata=true  the thread of T, parent first
  POST /_react       {"ts": T, "name": "-1", "user": "U1"}: a reaction on message T, listed under its "reactions" in
                     conversations.history as Slack lists them; a T nobody posted becomes a person's message
  POST /_scopes      JSON list of the token's scopes; without channels:history the two reads above answer Slack's
                     {"ok": false, "error": "missing_scope", "needed": "channels:history"}
  POST /<anything>   a webhook post: recorded, validated, answered with the next scripted reply (default 200 "ok")
  POST /_script      JSON list of replies: {"status": 429, "retry_after": 1, "body": "..."}
  GET  /_received    JSON list of recorded posts with their validation errors
  POST /_reset       forget posts and script
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from slack_sdk.models.blocks import Block
from slack_sdk.models.metadata import Metadata

LOCK = threading.Lock()
RECEIVED = []
SCRIPT = []
COUNTER = [0]
POSTED = []
SCOPES = [None]  # None: every scope


def judge(raw):
    errors = []
    try:
        message = json.loads(raw)
    except ValueError as error:
        return [f"not JSON: {error}"]
    if not isinstance(message.get("text"), str) or not message["text"]:
        errors.append("no fallback text")
    blocks = message.get("blocks", [])
    if len(blocks) > 50:
        errors.append(f"{len(blocks)} blocks (Slack allows 50)")
    for index, block in enumerate(blocks):
        parsed = Block.parse(block)
        if parsed is None:
            errors.append(f"block {index}: unknown type {block.get('type')!r}")
            continue
        try:
            normalised = parsed.to_dict()
        except Exception as error:  # slack_sdk raises on Slack's length limits
            errors.append(f"block {index}: {error}")
            continue
        if normalised != block:
            errors.append(f"block {index}: unknown or misspelled keys ({sorted(set(block) - set(normalised))})")
        if block.get("type") == "header" and block.get("text", {}).get("type") != "plain_text":
            errors.append(f"block {index}: header text must be plain_text")
    if "metadata" in message:
        metadata = message["metadata"]
        try:
            if Metadata(**metadata).to_dict() != metadata:
                errors.append("metadata: unknown keys")
        except Exception as error:
            errors.append(f"metadata: {error}")
        if not isinstance(metadata.get("event_type"), str) or not metadata["event_type"].replace("_", "").isalnum():
            errors.append("metadata: event_type must be letters, digits and underscores")
    return errors


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=None):
        data = body.encode()
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/_received":
            with LOCK:
                return self.reply(200, json.dumps(RECEIVED))
        self.reply(404, "not found")

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        with LOCK:
            if self.path == "/_script":
                SCRIPT[:] = json.loads(raw)
                return self.reply(200, "ok")
            if self.path == "/_react":
                wanted = json.loads(raw)
                message = next((p for p in POSTED if p["ts"] == wanted["ts"]), None)
                if message is None:
                    message = {"ts": wanted["ts"], "text": "a person's message", "user": "U0PERSON"}
                    POSTED.append(message)
                reactions = message.setdefault("reactions", [])
                reaction = next((r for r in reactions if r["name"] == wanted["name"]), None)
                if reaction is None:
                    reaction = {"name": wanted["name"], "users": [], "count": 0}
                    reactions.append(reaction)
                if wanted["user"] not in reaction["users"]:
                    reaction["users"].append(wanted["user"])
                    reaction["count"] = len(reaction["users"])
                return self.reply(200, "ok")
            if self.path == "/_scopes":
                SCOPES[0] = json.loads(raw)
                return self.reply(200, "ok")
            if self.path == "/_reset":
                RECEIVED.clear()
                SCRIPT.clear()
                POSTED.clear()
                SCOPES[0] = None
                return self.reply(200, "ok")
            if "/conversations.history" in self.path or "/conversations.replies" in self.path:
                if SCOPES[0] is not None and "channels:history" not in SCOPES[0]:
                    return self.reply(200, json.dumps({"ok": False, "error": "missing_scope", "needed": "channels:history",
                                                       "provided": ",".join(SCOPES[0])}))
                query = parse_qs(urlsplit(self.path).query)
                wanted = query.get("include_all_metadata") == ["true"]
                if "/conversations.replies" in self.path:
                    parent = query.get("ts", [""])[0]
                    chosen = [p for p in POSTED if p["ts"] == parent or p.get("thread_ts") == parent]
                else:
                    chosen = [p for p in reversed(POSTED) if p.get("thread_ts", p["ts"]) == p["ts"]]
                messages = [{key: value for key, value in posted.items() if key != "metadata" or wanted} for posted in chosen]
                return self.reply(200, json.dumps({"ok": True, "channel": "C0TEST", "messages": messages}))
            errors = judge(raw)
            default = {"status": 200, "body": "ok"}
            if self.path.endswith("/chat.postMessage"):
                if not self.headers.get("Authorization", "").startswith("Bearer "):
                    errors.append("no bot token")
                COUNTER[0] += 1
                default = {"status": 200, "body": json.dumps({"ok": True, "channel": "C0TEST", "ts": f"1700000000.{COUNTER[0]:06d}"})}
            RECEIVED.append({"path": self.path, "body": raw, "errors": errors, "authorization": self.headers.get("Authorization", "")})
            scripted = SCRIPT.pop(0) if SCRIPT else default
            if self.path.endswith("/chat.postMessage") and scripted is default:
                message = json.loads(raw)
                posted = {"ts": f"1700000000.{COUNTER[0]:06d}", "text": message.get("text", "")}
                if "metadata" in message:
                    posted["metadata"] = message["metadata"]
                if "thread_ts" in message:
                    posted["thread_ts"] = message["thread_ts"]
                POSTED.append(posted)
        headers = {"Retry-After": str(scripted["retry_after"])} if "retry_after" in scripted else {}
        self.reply(scripted.get("status", 200), scripted.get("body", "ok" if scripted.get("status", 200) == 200 else "error"), headers)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if "--tls" in sys.argv:  # --tls CERT KEY: serve HTTPS, as Slack does
        import ssl
        at = sys.argv.index("--tls")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[at + 1], sys.argv[at + 2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
        del sys.argv[at:at + 3]
    port = str(server.server_address[1])
    if len(sys.argv) > 1:
        with open(sys.argv[1] + ".tmp", "w") as handle:
            handle.write(port)
        import os
        os.replace(sys.argv[1] + ".tmp", sys.argv[1])
    else:
        print(port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
