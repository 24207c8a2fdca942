import CanonicalJSON

/// The one Databricks job that runs the monitors every morning: a Quartz schedule in a time zone, the monitors fanned
/// out as iterations of a `for_each_task` (each its own notebook run, retried on its own, one failing not stopping the
/// others), then one task that publishes the report site once they are all done. Found again by its tag, so a second
/// `aa databricks schedule` updates it (`jobs/reset`) instead of making another.
package struct DailyJob: Sendable {
    /// Where the tasks run.
    package enum Compute: Sendable, Equatable {
        /// An all-purpose cluster the team already has.
        case existingCluster(String)
        /// A job cluster made for each run: a runtime such as `15.4.x-scala2.12` and a node type, single node.
        case jobCluster(sparkVersion: String, nodeType: String)
        /// Serverless compute (no cluster named).
        case serverless
    }

    /// The tag that marks the job as aa's daily job.
    package static let tag = (key: "aa_job", value: "daily")
    package static let defaultName = "aa daily monitors"

    package var name = DailyJob.defaultName
    /// Quartz: `0 30 6 * * ?` is 06:30 every day.
    package var cron: String
    /// An IANA zone such as `Europe/Berlin`.
    package var timezone: String
    package var paused = false
    package var compute: Compute
    /// The pushed orchestrator notebook.
    package var notebook: String
    package var monitors: [String]
    /// How many monitors run at once (1–100).
    package var concurrency: Int
    /// Retries of a failed monitor's task; safe because a re-run of a day is idempotent (delivery keys).
    package var maxRetries = 2
    package var retryIntervalMillis = 300_000
    /// Who the job's own failure notification emails.
    package var failureEmails: [String] = []
    /// Widget values every task gets (secret scope, bundle folder, whether the AI runs).
    package var parameters: [String: String] = [:]

    package init(cron: String, timezone: String, compute: Compute, notebook: String, monitors: [String], concurrency: Int) {
        self.cron = cron
        self.timezone = timezone
        self.compute = compute
        self.notebook = notebook
        self.monitors = monitors
        self.concurrency = concurrency
    }

    /// The Jobs API 2.2 `JobSettings`: the body of `jobs/create`, and `new_settings` of `jobs/reset`.
    package var settings: JSONValue {
        let inputs = JSONValue.strings(monitors).canonicalString
        var monitor: [String: JSONValue] = [
            "task_key": "monitor",
            "notebook_task": notebookTask(["monitors": "{{input}}", "action": "monitor"]),
            "max_retries": .int(Int64(maxRetries)), "min_retry_interval_millis": .int(Int64(retryIntervalMillis)),
            "retry_on_timeout": false, "timeout_seconds": 7200,
        ]
        var site: [String: JSONValue] = [
            "task_key": "site", "depends_on": [["task_key": "monitors"]], "run_if": "ALL_DONE",
            "notebook_task": notebookTask(["action": "site"]), "timeout_seconds": 3600,
        ]
        for (key, value) in computeFields {
            monitor[key] = value
            site[key] = value
        }
        var settings: [String: JSONValue] = [
            "name": .string(name), "tags": [Self.tag.key: .string(Self.tag.value)],
            "schedule": [
                "quartz_cron_expression": .string(cron), "timezone_id": .string(timezone),
                "pause_status": .string(paused ? "PAUSED" : "UNPAUSED"),
            ],
            "max_concurrent_runs": 1,
            "tasks": [
                [
                    "task_key": "monitors",
                    "for_each_task": ["inputs": .string(inputs), "concurrency": .int(Int64(concurrency)), "task": .object(monitor)],
                ],
                .object(site),
            ],
        ]
        if case .jobCluster(let version, let nodeType) = compute {
            settings["job_clusters"] = [
                [
                    "job_cluster_key": "aa",
                    "new_cluster": [
                        "spark_version": .string(version), "node_type_id": .string(nodeType), "num_workers": 0,
                        "spark_conf": ["spark.databricks.cluster.profile": "singleNode", "spark.master": "local[*]"],
                        "custom_tags": ["ResourceClass": "SingleNode"],
                    ],
                ]
            ]
        }
        if !failureEmails.isEmpty { settings["email_notifications"] = ["on_failure": .strings(failureEmails)] }
        return .object(settings)
    }

    /// A task's notebook: the pushed orchestrator with the shared widget values and the task's own.
    func notebookTask(_ own: [String: String]) -> JSONValue {
        [
            "notebook_path": .string(notebook), "source": "WORKSPACE",
            "base_parameters": .object(parameters.merging(own) { $1 }.mapValues { .string($0) }),
        ]
    }

    /// The members that put a task on its compute.
    var computeFields: [String: JSONValue] {
        switch compute {
        case .existingCluster(let id): ["existing_cluster_id": .string(id)]
        case .jobCluster: ["job_cluster_key": "aa"]
        case .serverless: [:]
        }
    }
}
