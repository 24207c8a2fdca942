"""Runs a Databricks notebook source file in plain Python with a stub `dbutils` (widgets, secrets, notebook exit and
context), the way Run All would, and reports what it did as JSON on stdout.

Usage: notebook_harness.py NOTEBOOK CONFIG_JSON
  CONFIG_JSON: {"widgets": {name: value}, "secrets": {scope: {key: value}}, "notebook_path": "/Users/…/orchestrator"}
  prints: {"widgets": {name: {"kind", "default", "choices"}}, "printed": "...", "exit_value": ... or null, "error": ... or null}
"""
import contextlib
import io
import json
import sys
import traceback


class NotebookExit(Exception):
    """dbutils.notebook.exit ends the notebook with a value."""


class Widgets:
    def __init__(self, values):
        self.values, self.defined = values, {}

    def text(self, name, default_value, label=None):
        self.defined[name] = {"kind": "text", "default": default_value, "label": label}

    def dropdown(self, name, default_value, choices, label=None):
        if default_value not in choices:
            raise ValueError(f"dropdown {name}: default {default_value!r} is not one of {choices}")
        self.defined[name] = {"kind": "dropdown", "default": default_value, "choices": list(choices), "label": label}

    def get(self, name):
        if name not in self.defined:
            raise Exception(f"InputWidgetNotDefined: No input widget named {name} is defined")
        spec = self.defined[name]
        value = self.values.get(name, spec["default"])
        if spec["kind"] == "dropdown" and value not in spec["choices"]:
            raise Exception(f"the value {value!r} is not a choice of widget {name}")
        return value


class Secrets:
    def __init__(self, scopes):
        self.scopes = scopes

    def get(self, scope, key):
        if key not in self.scopes.get(scope, {}):
            raise Exception(f"Secret does not exist with scope: {scope} and key: {key}")
        return self.scopes[scope][key]


class Context:
    """dbutils.notebook.entry_point.getDbutils().notebook().getContext().notebookPath().get()"""

    def __init__(self, path):
        self.path = path

    def getDbutils(self):
        return self

    def notebook(self):
        return self

    def getContext(self):
        return self

    def notebookPath(self):
        return self

    def get(self):
        return self.path


class Notebook:
    def __init__(self, path):
        self.entry_point = Context(path)

    def exit(self, value):
        raise NotebookExit(value)


class DBUtils:
    def __init__(self, config):
        self.widgets = Widgets(config.get("widgets", {}))
        self.secrets = Secrets(config.get("secrets", {}))
        self.notebook = Notebook(config.get("notebook_path", "/Users/someone@example.com/analytics_automation/orchestrator"))


def main():
    source = open(sys.argv[1]).read()
    if not source.startswith("# Databricks notebook source\n"):
        raise SystemExit("not a Databricks notebook source file: the first line must be '# Databricks notebook source'")
    dbutils = DBUtils(json.loads(sys.argv[2]))
    printed, exit_value, error = io.StringIO(), None, None
    with contextlib.redirect_stdout(printed):
        try:
            exec(compile(source, sys.argv[1], "exec"), {"dbutils": dbutils, "__name__": "__main__"})
        except NotebookExit as done:
            exit_value = done.args[0]
        except Exception as failure:
            error = "".join(traceback.format_exception_only(type(failure), failure)).strip()
    print(json.dumps({"widgets": dbutils.widgets.defined, "printed": printed.getvalue(), "exit_value": exit_value, "error": error}))


if __name__ == "__main__":
    main()
