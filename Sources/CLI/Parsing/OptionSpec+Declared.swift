/// Every option of every command, declared once: its name, the value it takes, the values it is limited to and what
/// it usually means. A command lists the ones it accepts (`.monitor`, or `.monitor.explained("…")` where it means more),
/// and code reads them through these declarations (`arguments.value(.monitor)`): a misspelt option does not compile, and
/// the parse, `--help` and the shell completions all come from the same value.
extension OptionSpec {
    static let all = flag("--all", "everything, not only what is current")
    static let archive = value("--archive", "FILE", "archive file (default .aa/archive.sqlite, or AA_ARCHIVE)")
    static let binary = value(
        "--binary", "FILE", "push/check: the executable to ship (default .build/databricks/aa, from `make databricks-build`)")
    static let check = flag("--check", "also fetch an access token to prove the credential works")
    static let clusterID = value("--cluster-id", "X", "run: the cluster to run on; push: check the binary against its runtime")
    static let completionValues = value(
        "--values", "KIND",
        "print what a shell completes at the moment: monitors (the registry's) or anomalies (current "
            + "alerts, newest first); the scripts call it", choices: ["monitors", "anomalies"])
    static let data = value(
        "--data", "FILE", "CSV with ds, dimension, dimension_value and the monitor's columns, instead of the archive (- reads stdin)")
    static let date = value("--date", "D", "run date (YYYY-MM-DD; default yesterday)")
    static let days = value("--days", "N", "days of data to generate (default 200, at least 120)")
    static let dryRun = flag("--dry-run", "show what would happen; change nothing")
    static let end = value("--end", "D", "last day of demo data (default yesterday, UTC)")
    static let eventType = value("--type", "T", "only these event types (comma-separated)")
    static let force = flag("--force", "do it even when a safety check would stop it")
    static let format = value("--format", "md|json", "output format (default md)", choices: ["md", "json"])
    static let from = value("--from", "D", "first run date (YYYY-MM-DD or Nd)")
    static let history = value("--history", "N", "days to run the pipeline over, ending on --end (default 60)")
    static let json = flag("--json", "machine-readable output on stdout")
    static let labelAs = value(
        "--as", "LABEL", "true_positive, false_positive or expected (required)", choices: ["true_positive", "false_positive", "expected"])
    static let labels = value(
        "--labels", "FILE", "CSV with ds, metric, dimension, slice, label (default in archive mode: the archive's labels)")
    static let limit = value("--limit", "N", "at most N events")
    static let logicVersion = value("--logic-version", "V", "the report as computed under logic version V (a prefix is enough)")
    static let metric = value("--metric", "X", "metric of the finding")
    static let model = value("--model", "M", "AI model (over the monitor's analyst.model and AA_AI_MODEL)")
    static let monitor = value("--monitor", "M", "only this monitor")
    static let monitors = value("--monitors", "LIST", "comma-separated monitor names")
    static let noAI = flag("--no-ai", "use the built-in deterministic narrative, no model")
    static let noArchive = flag("--no-archive", "do not upload to the BigQuery archive table at the end (`aa sync` does it later)")
    static let note = value("--note", "TEXT", "why")
    static let out = value("--out", "DIR", "folder to write (default: site/ beside the archive)")
    static let output = value("--output", "FILE", "write to FILE instead of stdout (- is stdout)")
    static let payload = flag("--payload", "include payloads in --json output")
    static let pending = flag("--pending", "send every message.failed that was never delivered since")
    static let preview = flag("--preview", "print the Block Kit payload of the current report's message")
    static let profile = value(
        "--profile", "P",
        "a profile of ~/.databrickscfg (default DATABRICKS_CONFIG_PROFILE, else DATABRICKS_HOST/DATABRICKS_TOKEN, else DEFAULT)")
    static let publish = value("--publish", "URL", "upload changed files to gs://BUCKET/PREFIX or dbfs:/Volumes/…")
    static let pull = flag("--pull", "hydrate: import the table's events (whole origins) that this archive lacks")
    static let quiet = flag("--quiet", "no progress lines")
    static let registry = value(
        "--registry", "FILE", "monitor registry (default queries/monitors.json, or AA_REGISTRY; - reads stdin)")
    static let resend = flag("--resend", "post the message even if the same findings were already delivered")
    static let run = value("--run", "RUN", "only this run")
    static let runtime = value("--runtime", "R", "push/check: the Databricks Runtime to check the binary against, such as 15.4")
    static let secretScope = value(
        "--secret-scope", "S", "run: the secret scope holding slack_webhook_url and other secrets (default analytics_automation)")
    static let showHelp = flag("--help", "show this help")
    static let since = value("--since", "D", "run dates on or after D (YYYY-MM-DD or Nd)")
    static let slice = value("--slice", "S", "slice (default: the top line, else the strongest)")
    static let status = flag("--status", "show how many events are pending and the latest load jobs; upload nothing")
    static let to = value("--to", "D", "last run date (default: yesterday)")
    static let until = value("--until", "D", "run dates on or before D")
    static let volume = value(
        "--volume", "P", "push/pull/run: the binary, queries and schemas live in a Unity Catalog volume folder (/Volumes/c/s/v/dir)")
    static let warehouse = value(
        "--warehouse", "FILE", "SQLite warehouse for `source: sqlite` monitors (default .aa/demo-warehouse.sqlite, or AA_DEMO_WAREHOUSE)")
    static let wide = flag("--wide", "tables keep every column whole instead of fitting the terminal")
    static let workspacePath = value(
        "--workspace-path", "P", "workspace folder (default /Users/<git user.email>/analytics_automation)")
    static let concurrency = value("--concurrency", "N", "schedule: how many monitors run at once (1–100; default 4)")
    static let cron = value("--cron", "EXPR", "schedule: a Quartz cron expression (default \"0 30 6 * * ?\", 06:30 daily)")
    static let nodeType = value("--node-type", "T", "schedule: the job cluster's node type (with --runtime), such as i3.xlarge")
    static let notify = value("--notify", "EMAILS", "schedule: who the job's failure notification emails (comma-separated)")
    static let paused = flag("--paused", "schedule: create or leave the schedule paused")
    static let retries = value("--retries", "N", "schedule: retries of a failed monitor's task (0–10; default 2)")
    static let serverless = flag("--serverless", "schedule: run the tasks on serverless compute")
    static let timezone = value("--timezone", "TZ", "schedule: the IANA time zone of the cron (default UTC)")
    static let window = flag("--window", "with --pull --monitor: only what that monitor's run needs (its history window and pull chains)")
}
