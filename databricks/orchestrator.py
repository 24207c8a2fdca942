# Databricks notebook source
# MAGIC %md
# MAGIC # Analytics Automation — daily monitors
# MAGIC
# MAGIC Runs the `aa` binary that `make push` put beside this notebook (in `bin/aa`, with `queries/` and `schemas/`):
# MAGIC
# MAGIC 1. `aa sync --pull` hydrates a local archive from the BigQuery archive table, so history, narratives across days
# MAGIC    and "already delivered" checks work on an ephemeral cluster;
# MAGIC 2. `aa run` runs the monitors for the day, archives every step and posts to Slack;
# MAGIC 3. `aa sync` uploads the new events to the BigQuery archive table;
# MAGIC 4. with a `report_site` (widget or secret), `aa site --publish` uploads the changed report pages there
# MAGIC    (`gs://bucket/prefix` or `dbfs:/Volumes/…`); with `report_base_url`, messages link to them.
# MAGIC
# MAGIC Set the widgets and **Run All**, or submit from a terminal: `make run CLUSTER_ID=… DATE=… RUN_AI=… MONITORS=…`.
# MAGIC Secrets come from the secret scope named by `secret_scope` (keys `slack_webhook_url`, or `slack_bot_token` with
# MAGIC `slack_channel` for bot mode; `openai_api_key`, `google_credentials_json`, `google_cloud_project`, `archive_table`,
# MAGIC `report_site`, `report_base_url`); a webhook typed into the widget wins. No secret is ever printed.
# MAGIC
# MAGIC Nothing local survives between runs on a job cluster: every run starts from an empty archive that `aa sync --pull`
# MAGIC fills from the BigQuery archive table, and stops there when what it read does not verify.

# COMMAND ----------

dbutils.widgets.text("date", "", "date (YYYY-MM-DD, empty = yesterday)")
dbutils.widgets.dropdown("run_ai_agent", "True", ["True", "False"], "run_ai_agent")
dbutils.widgets.text("slack_webhook_url", "", "slack_webhook_url (empty = secret scope)")
dbutils.widgets.text("monitors", "revenue_funnel", "monitors (comma-separated)")
dbutils.widgets.text("secret_scope", "analytics_automation", "secret scope")
dbutils.widgets.text("bundle", "", "bundle folder (empty = this notebook's folder)")
dbutils.widgets.text("report_site", "", "report_site: gs://… or dbfs:/Volumes/… (empty = secret scope, or none)")
# run: hydrate, run, upload, publish (Run All, `make run`); monitor: the same without publishing (one iteration of the
# scheduled job's fan-out); site: hydrate and publish only (the scheduled job's last task, once every monitor ran).
dbutils.widgets.dropdown("action", "run", ["run", "monitor", "site"], "action")
# Set by the scheduled job ({{job.id}}, {{job.run_id}}): a failed monitor's notice links to the job run.
dbutils.widgets.text("job_run_url", "", "job_run_url (set by the scheduled job)")

# COMMAND ----------

import os
import re
import shutil
import subprocess
import tempfile

# Secret scope key -> environment variable aa reads.
SECRET_VARIABLES = {
    "openai_api_key": "OPENAI_API_KEY",
    "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_channel": "SLACK_CHANNEL",
    "slack_api_url": "AA_SLACK_API_URL",
    "google_cloud_project": "GOOGLE_CLOUD_PROJECT",
    "archive_table": "AA_ARCHIVE_TABLE",
    "report_base_url": "AA_REPORT_BASE_URL",
}
# The values of these keys are credentials: masked in every line shown.
HIDDEN_KEYS = {"openai_api_key", "slack_bot_token"}
OUTPUT_LIMIT = 900_000  # dbutils.notebook.exit values are capped near 1 MB


def widget(name):
    return dbutils.widgets.get(name).strip()


def secret(scope, key):
    """A secret from the scope, or None when the scope or the key does not exist."""
    try:
        return dbutils.secrets.get(scope=scope, key=key)
    except Exception:
        return None


def notebook_folder():
    """The workspace folder holding this notebook, as the cluster's file system sees it."""
    path = dbutils.notebook.entry_point.getDbutils().notebook().getContext().notebookPath().get()
    return "/Workspace" + path.rsplit("/", 1)[0]


def last_line(text):
    return (text.strip().splitlines() or ["no message"])[-1]


def arguments(date, monitors, run_ai):
    """The `aa run` command line the widgets ask for."""
    args = ["run"]
    if date:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise ValueError(f"the date widget must be YYYY-MM-DD or empty for yesterday, got {date!r}")
        args += ["--date", date]
    if monitors:
        args += ["--monitors", ",".join(m.strip() for m in monitors.split(",") if m.strip())]
    if run_ai.lower() in ("false", "0", "no"):
        args.append("--no-ai")
    return args


class Runner:
    """Runs the binary in a scratch folder with the secrets in its environment, and keeps them out of every line shown."""

    def __init__(self, bundle, environment, secrets):
        self.work = tempfile.mkdtemp(prefix="aa-")
        for folder in ("queries", "schemas"):
            shutil.copytree(os.path.join(bundle, folder), os.path.join(self.work, folder))
        # Workspace files keep no execute bit: copy the binary to local disk and mark it executable.
        self.binary = os.path.join(self.work, "aa")
        shutil.copyfile(os.path.join(bundle, "bin", "aa"), self.binary)
        os.chmod(self.binary, 0o755)
        self.environment = environment
        self.secrets = [s for s in secrets if s]

    def redact(self, text):
        for value in self.secrets:
            text = text.replace(value, "***")
        return text

    def __call__(self, *args):
        result = subprocess.run([self.binary, *args], cwd=self.work, env=self.environment, capture_output=True, text=True)
        out, err = self.redact(result.stdout), self.redact(result.stderr)
        print(f"$ aa {' '.join(args)}  (exit {result.returncode})")
        if err.strip():
            print(err.rstrip())
        if out.strip():
            print(out.rstrip())
        return result.returncode, out, err


def main():
    scope = widget("secret_scope") or "analytics_automation"
    environment = dict(os.environ)
    webhook = widget("slack_webhook_url") or secret(scope, "slack_webhook_url")
    if webhook:
        environment["SLACK_WEBHOOK_URL"] = webhook
    hidden = [webhook]
    if widget("job_run_url"):
        environment["AA_JOB_RUN_URL"] = widget("job_run_url")
    for key, variable in SECRET_VARIABLES.items():
        value = secret(scope, key)
        if value and not environment.get(variable):
            environment[variable] = value
            if key in HIDDEN_KEYS:
                hidden.append(value)
    run_args = arguments(widget("date"), widget("monitors"), widget("run_ai_agent"))
    aa = Runner(widget("bundle") or notebook_folder(), environment, hidden)
    google_key = secret(scope, "google_credentials_json")
    if google_key:
        path = os.path.join(aa.work, "google-credentials.json")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
            handle.write(google_key)
        environment["GOOGLE_APPLICATION_CREDENTIALS"] = path
        aa.secrets.append(google_key)

    try:
        action = widget("action")
        # One monitor's task reads only what its run needs: its origins over its history window, not the whole archive.
        names = [m.strip() for m in widget("monitors").split(",") if m.strip()]
        window = ["--monitor", names[0], "--window"] if action == "monitor" and len(names) == 1 else []
        if window and widget("date"):
            window += ["--date", widget("date")]
        status, _, err = aa("sync", "--pull", *window)
        if status != 0:
            raise RuntimeError("aa sync --pull could not hydrate the archive from BigQuery, so nothing was run (it would not know what was "
                               "already delivered): " + last_line(err))
        site = widget("report_site") or secret(scope, "report_site")
        if action == "site":
            if not site:
                return "no report site configured (the report_site widget or secret): nothing to publish"
            published, out, publish_err = aa("site", "--publish", site, "--quiet")
            if published != 0:
                raise RuntimeError("the report site was not published: " + last_line(publish_err))
            return out
        status, out, err = aa(*run_args)
        upload, _, upload_err = aa("sync")
        if status != 0:
            raise RuntimeError(f"aa {' '.join(run_args)} failed (exit {status}): " + last_line(err))
        if upload != 0:
            raise RuntimeError("the run finished but its events did not reach the BigQuery archive; the next run uploads them: " + last_line(upload_err))
        if site and action == "run":
            published, _, publish_err = aa("site", "--publish", site, "--quiet")
            if published != 0:
                raise RuntimeError("the run finished and was archived, but the report site was not published; the next run "
                                   "publishes it: " + last_line(publish_err))
        return out
    finally:
        shutil.rmtree(aa.work, ignore_errors=True)  # the scratch archive and the credentials file


output = main()

# COMMAND ----------

dbutils.notebook.exit(output[-OUTPUT_LIMIT:])
