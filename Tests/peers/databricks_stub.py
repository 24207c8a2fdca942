"""A Databricks workspace stand-in: no emulator exists, so this answers the documented REST shapes for the calls
`aa databricks` makes, keeps what was pushed, walks submitted runs through their states, and checks every request
it receives against databricks-sdk's own definitions (dataclasses and method signatures), so a misspelled key shows.

Usage: databricks_stub.py PORT_FILE   (run with the test venv's python, which has databricks-sdk)

  POST /_control   JSON: {"tokens": [...], "expired": [...], "user": "...", "clients": {id: secret},
                          "clusters": {id: {"state", "spark_version"}}, "next_run": {"states": [...],
                          "result_state", "output", "error", "error_trace"}, "faults": [{"method", "path",
                          "status", "body", "headers", "times"}]}
  GET  /_received  every API request so far: method, path, query, auth, body (JSON, or form fields), problems
  GET  /_files     what the workspace and volumes hold: path -> {type, size, sha256}
  GET  /_jobs      the jobs it holds: job_id -> settings
"""
import base64
import email.parser
import hashlib
import inspect
import json
import sys
import threading
import time
import urllib.parse
from stub_server import StubHandler, serve

from databricks.sdk.service import compute, iam, jobs, workspace

LOCK = threading.Lock()
STATE = {
    "tokens": {"dapi-test"}, "expired": set(), "user": "analyst@example.com", "clients": {}, "clusters": {},
    "next_run": {"states": ["PENDING", "RUNNING", "TERMINATED"], "result_state": "SUCCESS", "output": "done"},
    "faults": [],
}
RECEIVED, OBJECTS, RUNS, JOBS = [], {"/": {"type": "DIRECTORY"}, "/Users": {"type": "DIRECTORY"}}, {}, {}
OAUTH_TOKENS = set()
IMPORT_LIMIT = 10 * 1024 * 1024


def parameters(method):
    """The keyword names an SDK method accepts: the keys its request body or query may carry."""
    return set(inspect.signature(method).parameters) - {"self"}


CHECKS = {
    ("POST", "/api/2.2/jobs/runs/submit"): parameters(jobs.JobsAPI.submit),
    ("GET", "/api/2.2/jobs/runs/get"): parameters(jobs.JobsAPI.get_run),
    ("GET", "/api/2.2/jobs/runs/get-output"): parameters(jobs.JobsAPI.get_run_output),
    ("POST", "/api/2.2/jobs/runs/cancel"): parameters(jobs.JobsAPI.cancel_run),
    ("POST", "/api/2.0/workspace/import"): parameters(workspace.WorkspaceAPI.import_),
    ("POST", "/api/2.0/workspace/mkdirs"): parameters(workspace.WorkspaceAPI.mkdirs),
    ("GET", "/api/2.0/workspace/export"): parameters(workspace.WorkspaceAPI.export),
    ("GET", "/api/2.0/workspace/list"): parameters(workspace.WorkspaceAPI.list),
    ("GET", "/api/2.0/workspace/get-status"): parameters(workspace.WorkspaceAPI.get_status),
    ("GET", "/api/2.1/clusters/get"): parameters(compute.ClustersAPI.get),
    ("POST", "/api/2.2/jobs/create"): parameters(jobs.JobsAPI.create),
    ("POST", "/api/2.2/jobs/reset"): parameters(jobs.JobsAPI.reset),
    ("POST", "/api/2.2/jobs/delete"): parameters(jobs.JobsAPI.delete),
    ("GET", "/api/2.2/jobs/list"): parameters(jobs.JobsAPI.list),
    ("GET", "/api/2.0/preview/scim/v2/Me"): parameters(iam.CurrentUserAPI.me),
}


def problems(method, path, fields):
    """What databricks-sdk would not accept in this request: unknown keys, bad enum values, tasks that do not
    survive `SubmitTask.from_dict(x).as_dict() == x`."""
    found = []
    allowed = CHECKS.get((method, path))
    if allowed is not None:
        found += [f"unknown key {key!r}" for key in fields if key not in allowed]
    settings = fields if path == "/api/2.2/jobs/create" else fields.get("new_settings") if path == "/api/2.2/jobs/reset" else None
    if settings is not None:
        if jobs.JobSettings.from_dict(settings).as_dict() != settings:
            found.append(f"settings do not survive JobSettings.from_dict/as_dict: {json.dumps(settings, sort_keys=True)}")
        schedule = settings.get("schedule") or {}
        if schedule.get("pause_status") not in (None, *{s.value for s in jobs.PauseStatus}):
            found.append(f"bad pause_status {schedule.get('pause_status')!r}")
        for task in settings.get("tasks") or []:
            inner = (task.get("for_each_task") or {}).get("task")
            if inner is not None and not isinstance((task.get("for_each_task") or {}).get("inputs"), str):
                found.append("for_each_task.inputs must be a string (a JSON array)")
            if task.get("run_if") not in (None, *{r.value for r in jobs.RunIf}):
                found.append(f"bad run_if {task.get('run_if')!r}")
    if path == "/api/2.2/jobs/runs/submit":
        for task in fields.get("tasks") or []:
            if jobs.SubmitTask.from_dict(task).as_dict() != task:
                found.append(f"task does not survive SubmitTask.from_dict/as_dict: {json.dumps(task, sort_keys=True)}")
            source = (task.get("notebook_task") or {}).get("source")
            if source is not None and source not in {s.value for s in jobs.Source}:
                found.append(f"notebook_task.source {source!r} is not a jobs.Source")
    if path == "/api/2.0/workspace/import":
        if "format" in fields and fields["format"] not in {f.value for f in workspace.ImportFormat}:
            found.append(f"format {fields['format']!r} is not a workspace.ImportFormat")
        if "language" in fields and fields["language"] not in {lang.value for lang in workspace.Language}:
            found.append(f"language {fields['language']!r} is not a workspace.Language")
    if path == "/api/2.0/workspace/export" and fields.get("format") not in (None, *{f.value for f in workspace.ExportFormat}):
        found.append(f"format {fields['format']!r} is not a workspace.ExportFormat")
    return found


def error(status, code, message):
    return status, {"error_code": code, "message": message}


def parent(path):
    return path.rsplit("/", 1)[0] or "/"


def make_dirs(path):
    parts = [p for p in path.split("/") if p]
    for i in range(1, len(parts) + 1):
        OBJECTS.setdefault("/" + "/".join(parts[:i]), {"type": "DIRECTORY"})


def store(path, content, fmt, language, overwrite):
    """workspace/import: AUTO keeps a notebook's source (header line) as a NOTEBOOK without its extension."""
    if OBJECTS.get(parent(path), {}).get("type") != "DIRECTORY":
        return error(404, "RESOURCE_DOES_NOT_EXIST", f"The parent folder ({parent(path)}) does not exist.")
    kind = "FILE"
    if fmt == "SOURCE" or (fmt == "AUTO" and content.startswith(b"# Databricks notebook source")):
        kind = "NOTEBOOK"
        if fmt == "SOURCE" and not language:
            return error(400, "INVALID_PARAMETER_VALUE", "The language field is required when importing a single file as SOURCE.")
        if path.endswith(".py"):
            path = path[:-3]
    if path in OBJECTS and not overwrite:
        return error(400, "RESOURCE_ALREADY_EXISTS", f"{path} already exists.")
    OBJECTS[path] = {"type": kind, "content": content, "language": language or ("PYTHON" if kind == "NOTEBOOK" else None)}
    return 200, {}


def run_view(run, advance=True):
    """runs/get: one step further along the scripted life cycle each time it is asked (get-output only looks)."""
    states = run["script"]["states"]
    if run["cancelled"]:
        life = "TERMINATED" if run["polls_after_cancel"] > (0 if advance else 1) else "TERMINATING"
        run["polls_after_cancel"] += 1 if advance else 0
        result = "CANCELED"
    else:
        life = states[max(0, min(run["polls"] - (0 if advance else 1), len(states) - 1))]
        run["polls"] += 1 if advance else 0
        result = run["script"].get("result_state", "SUCCESS") if life in ("TERMINATED", "INTERNAL_ERROR", "SKIPPED") else None
    state = {"life_cycle_state": life, "state_message": run["script"].get("state_message", "")}
    if result:
        state["result_state"] = result
    task = {"run_id": run["task_run_id"], "task_key": run["task_key"], "state": state, "attempt_number": 0}
    return {"job_id": 0, "run_id": run["run_id"], "run_name": run["run_name"], "state": state, "tasks": [task],
            "run_page_url": f"https://stub/#job/0/run/{run['run_id']}", "run_type": "SUBMIT_RUN"}


class Handler(StubHandler):
    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        url = urllib.parse.urlsplit(self.path)
        path, query = urllib.parse.unquote(url.path), dict(urllib.parse.parse_qsl(url.query))
        with LOCK:
            if path == "/_control":
                control = json.loads(raw)
                for key in ("tokens", "expired"):
                    if key in control:
                        STATE[key] = set(control[key])
                for key in ("user", "clients", "clusters", "next_run"):
                    if key in control:
                        STATE[key] = control[key]
                STATE["faults"] += control.get("faults", [])
                return self.answer(200, {"ok": True})
            if path == "/_received":
                return self.answer(200, RECEIVED)
            if path == "/_jobs":
                return self.answer(200, {str(i): settings for i, settings in JOBS.items()})
            if path == "/_files":
                return self.answer(200, {p: {"type": o["type"], "size": len(o.get("content", b"")), "language": o.get("language"),
                                             "sha256": hashlib.sha256(o.get("content", b"")).hexdigest()} for p, o in OBJECTS.items()})
            status, body, headers = self.route(path, query, raw)
        self.answer(status, body, headers)

    def route(self, path, query, raw):
        fields, form = {}, None
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            message = email.parser.BytesParser().parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
            form = {part.get_param("name", header="content-disposition"): part.get_payload(decode=True) for part in message.get_payload()}
            fields = {k: v.decode() for k, v in form.items() if k != "content"}
            fields.update({"content": "<file>"} if "content" in form else {})
        elif raw and content_type.startswith("application/json"):
            fields = json.loads(raw)
        elif self.command == "GET":
            fields = dict(query)
        auth = self.headers.get("Authorization", "")
        entry = {"method": self.command, "path": path, "query": query, "auth": auth, "content_type": content_type,
                 "body": fields if not path.startswith("/api/2.0/fs/files") else None, "size": len(raw),
                 "problems": problems(self.command, path, fields), "at": time.time()}
        if path == "/oidc/v1/token":
            entry["body"] = dict(urllib.parse.parse_qsl(raw.decode()))
        RECEIVED.append(entry)
        fault = next((f for f in STATE["faults"] if f.get("method", self.command) == self.command and path.startswith(f["path"])), None)
        if fault is not None:
            fault["times"] = fault.get("times", 1) - 1
            if fault["times"] <= 0:
                STATE["faults"].remove(fault)
            return fault.get("status", 500), fault.get("body", {}), fault.get("headers")
        if path == "/oidc/v1/token":
            return (*self.oauth(auth, entry["body"]), None)
        token = auth.removeprefix("Bearer ")
        if token in STATE["expired"]:
            return 403, {"error_code": "403", "message": "Invalid access token."}, None
        if not auth.startswith("Bearer ") or (token not in STATE["tokens"] and token not in OAUTH_TOKENS):
            return 401, {"error_code": "401", "message": "Credential was not sent or was of an unsupported type for this API."}, None
        return (*self.api(path, query, fields, form, raw), None)

    def oauth(self, auth, form):
        try:
            client, secret = base64.b64decode(auth.removeprefix("Basic ")).decode().split(":", 1)
        except Exception:
            return 401, {"error": "invalid_client", "error_description": "Client authentication failed"}
        if STATE["clients"].get(client) != secret or form.get("grant_type") != "client_credentials":
            return 401, {"error": "invalid_client", "error_description": "Client authentication failed"}
        token = f"oauth-{client}-{len(OAUTH_TOKENS)}"
        OAUTH_TOKENS.add(token)
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": form.get("scope", "")}

    def api(self, path, query, fields, form, raw):
        if path == "/api/2.0/preview/scim/v2/Me":
            user = STATE["user"]
            return 200, {"id": "4242", "userName": user, "displayName": user.split("@")[0], "active": True,
                         "emails": [{"value": user, "primary": True, "type": "work"}]}
        if path == "/api/2.0/workspace/mkdirs":
            make_dirs(fields["path"])
            return 200, {}
        if path == "/api/2.0/workspace/import":
            if form is not None:
                content = form.get("content", b"")
            else:
                encoded = fields.get("content", "")
                if len(encoded) > IMPORT_LIMIT:
                    return error(400, "MAX_NOTEBOOK_SIZE_EXCEEDED", "File size imported is (%d bytes), exceeded max size (10485760 bytes)" % len(encoded))
                content = base64.b64decode(encoded)
            return store(fields["path"], content, fields.get("format", "SOURCE"), fields.get("language"),
                         str(fields.get("overwrite", "false")).lower() == "true")
        if path in ("/api/2.0/workspace/list", "/api/2.0/workspace/get-status", "/api/2.0/workspace/export"):
            target = query.get("path", "")
            if target not in OBJECTS:
                return error(404, "RESOURCE_DOES_NOT_EXIST", f"Path ({target}) doesn't exist.")
            obj = OBJECTS[target]
            if path.endswith("get-status"):
                return 200, {"path": target, "object_type": obj["type"], "language": obj.get("language")}
            if path.endswith("export"):
                return 200, {"content": base64.b64encode(obj.get("content", b"")).decode(), "file_type": "py" if obj["type"] == "NOTEBOOK" else ""}
            children = [p for p in OBJECTS if p != target and parent(p) == target]
            return 200, {"objects": [{"path": p, "object_type": OBJECTS[p]["type"], **({"language": OBJECTS[p]["language"]} if OBJECTS[p].get("language") else {})}
                                     for p in sorted(children)]}
        if path.startswith("/api/2.0/fs/"):
            return self.volumes(path, query, raw)
        if path == "/api/2.1/clusters/get":
            cluster = STATE["clusters"].get(query.get("cluster_id"))
            if cluster is None:
                return error(400, "INVALID_PARAMETER_VALUE", f"Cluster {query.get('cluster_id')} does not exist")
            return 200, {"cluster_id": query["cluster_id"], "cluster_name": "stub", **cluster}
        if path == "/api/2.2/jobs/runs/submit":
            run_id = 1000 + len(RUNS)
            task = (fields.get("tasks") or [{}])[0]
            RUNS[run_id] = {"run_id": run_id, "task_run_id": run_id + 500000, "task_key": task.get("task_key", ""),
                            "run_name": fields.get("run_name", ""), "script": dict(STATE["next_run"]), "polls": 0,
                            "cancelled": False, "polls_after_cancel": 0, "submitted": fields}
            return 200, {"run_id": run_id}
        if path == "/api/2.2/jobs/runs/get":
            run = RUNS.get(int(query.get("run_id", 0)))
            return (200, run_view(run)) if run else error(400, "INVALID_PARAMETER_VALUE", f"Run {query.get('run_id')} does not exist.")
        if path == "/api/2.2/jobs/runs/get-output":
            wanted = int(query.get("run_id", 0))
            if wanted in RUNS:
                return error(400, "INVALID_PARAMETER_VALUE", "Retrieving the output of runs with multiple tasks is not supported. "
                                                             "Please retrieve the output of each individual task run instead.")
            run = next((r for r in RUNS.values() if r["task_run_id"] == wanted), None)
            if run is None:
                return error(400, "INVALID_PARAMETER_VALUE", f"Run {wanted} does not exist.")
            body = {"metadata": run_view(run, advance=False) | {"run_id": wanted}}
            script = run["script"]
            if script.get("result_state", "SUCCESS") == "SUCCESS" and not run["cancelled"]:
                body["notebook_output"] = {"result": script.get("output", ""), "truncated": False}
            else:
                body["error"] = script.get("error", "Run cancelled" if run["cancelled"] else "failed")
                body["error_trace"] = script.get("error_trace", "")
            return 200, body
        if path == "/api/2.2/jobs/create":
            job_id = 7000 + len(JOBS) + len([r for r in RECEIVED if r["path"] == "/api/2.2/jobs/delete"])
            JOBS[job_id] = fields
            return 200, {"job_id": job_id}
        if path == "/api/2.2/jobs/reset":
            job_id = int(fields.get("job_id", 0))
            if job_id not in JOBS:
                return error(400, "INVALID_PARAMETER_VALUE", f"Job {job_id} does not exist.")
            JOBS[job_id] = fields.get("new_settings") or {}
            return 200, {}
        if path == "/api/2.2/jobs/delete":
            job_id = int(fields.get("job_id", 0))
            if JOBS.pop(job_id, None) is None:
                return error(400, "INVALID_PARAMETER_VALUE", f"Job {job_id} does not exist.")
            return 200, {}
        if path == "/api/2.2/jobs/list":
            named = [(i, s) for i, s in sorted(JOBS.items()) if "name" not in query or s.get("name") == query["name"]]
            return 200, {"jobs": [{"job_id": i, "settings": {"name": s.get("name"), "tags": s.get("tags", {})}} for i, s in named],
                         "has_more": False}
        if path == "/api/2.2/jobs/runs/cancel":
            run = RUNS.get(int(fields.get("run_id", 0)))
            if run is None:
                return error(400, "INVALID_PARAMETER_VALUE", f"Run {fields.get('run_id')} does not exist.")
            run["cancelled"] = True
            return 200, {}
        return error(404, "ENDPOINT_NOT_FOUND", f"No API found for '{self.command} {path}'")

    def volumes(self, path, query, raw):
        """The Files API, for Unity Catalog volumes: /api/2.0/fs/files{path} and /api/2.0/fs/directories{path}."""
        kind, target = ("files", path[len("/api/2.0/fs/files"):]) if path.startswith("/api/2.0/fs/files") else ("directories", path[len("/api/2.0/fs/directories"):])
        if not target.startswith("/Volumes/"):
            return error(400, "INVALID_PARAMETER_VALUE", f"Path {target} is not a Unity Catalog volume path")
        if kind == "directories" and self.command == "PUT":
            make_dirs(target)
            return 200, {}
        if kind == "files" and self.command == "PUT":
            if target in OBJECTS and query.get("overwrite") != "true":
                return error(409, "ALREADY_EXISTS", f"The file {target} already exists")
            make_dirs(parent(target))
            OBJECTS[target] = {"type": "FILE", "content": raw}
            return 204, b""
        if target not in OBJECTS:
            return error(404, "NOT_FOUND", f"The path {target} does not exist")
        if kind == "files":
            return 200, OBJECTS[target].get("content", b"")
        children = [p for p in OBJECTS if parent(p) == target and p != target]
        return 200, {"contents": [{"path": p, "name": p.rsplit("/", 1)[1], "is_directory": OBJECTS[p]["type"] == "DIRECTORY",
                                   "file_size": len(OBJECTS[p].get("content", b""))} for p in sorted(children)]}

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any


if __name__ == "__main__":
    serve(Handler, sys.argv[1])
