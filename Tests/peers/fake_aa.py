"""Stands in for the aa binary inside notebook tests: records each call (arguments, working folder, the secrets it
was given) as a JSON line in $FAKE_AA_LOG, prints the webhook and the bot token back (as a careless program might, so the notebook's
redaction is tested), and fails the subcommand named by $FAKE_AA_FAIL."""
import json
import os
import sys

args = sys.argv[1:]
credentials = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
with open(os.environ["FAKE_AA_LOG"], "a") as log:
    log.write(json.dumps({
        "args": args, "has_queries": os.path.isfile("queries/monitors.json"), "has_schemas": os.path.isdir("schemas"),
        "webhook": os.environ.get("SLACK_WEBHOOK_URL"), "openai_key": os.environ.get("OPENAI_API_KEY"),
        "project": os.environ.get("GOOGLE_CLOUD_PROJECT"), "report_base_url": os.environ.get("AA_REPORT_BASE_URL"),
        "bot_token": os.environ.get("SLACK_BOT_TOKEN"), "channel": os.environ.get("SLACK_CHANNEL"),
        "slack_api_url": os.environ.get("AA_SLACK_API_URL"), "job_run_url": os.environ.get("AA_JOB_RUN_URL"),
        "credentials": open(credentials).read() if credentials else None,
        "credentials_mode": oct(os.stat(credentials).st_mode & 0o777) if credentials else None,
    }) + "\n")
bot = f"; bot token in use: {os.environ['SLACK_BOT_TOKEN']}" if os.environ.get("SLACK_BOT_TOKEN") else ""
print(f"aa {' '.join(args)}: done; webhook in use: {os.environ.get('SLACK_WEBHOOK_URL')}{bot}")
if os.environ.get("FAKE_AA_FAIL") == (args[0] if args else ""):
    print(f"aa: error: {args[0]} failed on purpose (webhook {os.environ.get('SLACK_WEBHOOK_URL')})", file=sys.stderr)
    sys.exit(2)
