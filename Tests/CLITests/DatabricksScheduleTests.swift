import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// `aa databricks schedule|unschedule`: one daily job, created once and updated after, judged by databricks-sdk's own
/// `JobSettings.from_dict(x).as_dict() == x` in the stub; bad input refused before anything is sent.
@Suite struct DatabricksScheduleTests {
    static let clusters: JSONValue = [
        "c-run": ["state": "RUNNING", "spark_version": "15.4.x-scala2.12"],
        "c-122": ["state": "RUNNING", "spark_version": "12.2.x-scala2.12"],
    ]

    func schedule(_ workspace: DatabricksFixture, _ extra: [String]) -> AACommand.Result {
        workspace.aa(["schedule", "--workspace-path", DatabricksFixture.folder, "--json"] + extra)
    }

    @Test func aSecondScheduleUpdatesTheOneJobAndUnscheduleRemovesIt() throws {
        let workspace = try DatabricksFixture.pushed(clusters: Self.clusters)
        let options = [
            "--cluster-id", "c-run", "--cron", "0 0 7 ? * MON-FRI", "--timezone", "Europe/Berlin", "--monitors",
            "revenue_funnel,revenue_funnel_demo", "--notify", "oncall@example.com",
        ]
        let first = schedule(workspace, options)
        #expect(first.status == 0, "\(first.stderr)")
        let created = try JSONValue.parse(first.stdout)
        #expect(created["action"] == "created")
        let id = try #require(created["job_id"]?.intValue)
        #expect(try workspace.jobs().keys.sorted() == [String(id)])
        let settings = try #require(try workspace.jobs()[String(id)])
        #expect(settings == created["settings"])
        #expect(settings["schedule"]?["quartz_cron_expression"] == "0 0 7 ? * MON-FRI")
        #expect(settings["schedule"]?["timezone_id"] == "Europe/Berlin")
        let fanOut = try #require(settings["tasks"]?.arrayValue?.first?["for_each_task"])
        #expect(fanOut["inputs"] == "[\"revenue_funnel\",\"revenue_funnel_demo\"]")
        #expect(fanOut["task"]?["existing_cluster_id"] == "c-run")
        #expect(fanOut["task"]?["notebook_task"]?["base_parameters"]?["monitors"] == "{{input}}")
        #expect(fanOut["task"]?["notebook_task"]?["notebook_path"]?.stringValue == DatabricksFixture.folder + "/orchestrator")
        let site = try #require(settings["tasks"]?.arrayValue?.last)
        #expect(site["depends_on"] == [["task_key": "monitors"]] && site["run_if"] == "ALL_DONE")
        #expect(site["notebook_task"]?["base_parameters"]?["action"] == "site")
        #expect(settings["email_notifications"]?["on_failure"] == ["oncall@example.com"])

        let second = schedule(workspace, options + ["--concurrency", "8", "--paused"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try JSONValue.parse(second.stdout)["action"] == "updated")
        #expect(try JSONValue.parse(second.stdout)["job_id"]?.intValue == id)
        let jobs = try workspace.jobs()
        #expect(jobs.count == 1)
        #expect(jobs[String(id)]?["tasks"]?.arrayValue?.first?["for_each_task"]?["concurrency"] == 8)
        #expect(jobs[String(id)]?["schedule"]?["pause_status"] == "PAUSED")
        #expect(try workspace.requests("/api/2.2/jobs/create").count == 1)
        #expect(try workspace.requests("/api/2.2/jobs/reset").count == 1)
        #expect(try workspace.sdkProblems() == [])

        let removed = workspace.aa(["unschedule"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("deleted job \(id)"))
        #expect(try workspace.jobs().isEmpty)
        #expect(workspace.aa(["unschedule"]).stdout.contains("no daily job to remove"))
    }

    @Test func aDryRunPrintsTheJobAndSendsNothing() throws {
        let workspace = try DatabricksFixture(clusters: Self.clusters)
        let result = schedule(workspace, ["--runtime", "15.4", "--node-type", "i3.xlarge", "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONValue.parse(result.stdout)
        #expect(document["action"] == "dry-run" && document["job_id"] == .null)
        #expect(document["settings"]?["job_clusters"]?.arrayValue?.first?["new_cluster"]?["spark_version"] == "15.4.x-scala2.12")
        #expect(try workspace.requests().isEmpty)
        // databricks-sdk reads the printed settings back to the same JSON.
        let file = AACommand.temporaryFolder() + "/job.json"
        try (document["settings"] ?? .null).canonicalString.write(toFile: file, atomically: true, encoding: .utf8)
        let judged = AACommand.run(
            AACommand.python,
            AACommand.pythonPrefix + [
                "-c",
                "import json,sys; from databricks.sdk.service import jobs; s=json.load(open(sys.argv[1])); "
                    + "sys.exit(0 if jobs.JobSettings.from_dict(s).as_dict() == s else 1)", file,
            ])
        #expect(judged.status == 0, "\(judged.stderr)")
    }

    static let refusals: [(arguments: [String], phrase: String)] = [
        (["--cluster-id", "c-run", "--cron", "0 30 6 * * *"], "one of day-of-month and day-of-week must be '?'"),
        (["--cluster-id", "c-run", "--cron", "30 6 * * ?"], "Quartz wants 6 or 7"),
        (["--cluster-id", "c-run", "--cron", "0 61 6 * * ?"], "outside 0–59"),
        (["--cluster-id", "c-run", "--timezone", "Mars/Olympus"], "is not a time zone"),
        (["--cluster-id", "c-run", "--concurrency", "0"], "--concurrency must be a whole number from 1 to 100"),
        (["--cluster-id", "c-run", "--concurrency", "101"], "--concurrency must be a whole number from 1 to 100"),
        (["--cluster-id", "c-run", "--monitors", "revenue_funnel,nope"], "no monitor named 'nope'"),
        (["--cluster-id", "c-122"], "refusing to schedule on Databricks Runtime 12.2"),
        (["--runtime", "15.4"], "needs --node-type"),
        ([], "say where the job runs"),
        (["--cluster-id", "c-run", "--serverless"], "cannot be used together"),
        (["--cluster-id", "c-run", "--notify", "oncall"], "--notify takes email addresses"),
    ]

    @Test func badInputIsRefusedInOneSentenceAndNothingIsCreated() throws {
        let workspace = try DatabricksFixture.pushed(clusters: Self.clusters)
        for (arguments, phrase) in Self.refusals {
            let result = schedule(workspace, arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("aa: error: ") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stderr.contains(phrase), "\(arguments): \(result.stderr)")
        }
        let unsigned = workspace.aa(["schedule", "--serverless"], ["DATABRICKS_HOST": "", "DATABRICKS_TOKEN": "", "HOME": "/nonexistent"])
        #expect(unsigned.status == 2 && unsigned.stderr.contains("no Databricks host is configured"), "\(unsigned.stderr)")
        #expect(try workspace.requests("/api/2.2/jobs/create").isEmpty && workspace.requests("/api/2.2/jobs/reset").isEmpty)
        #expect(try workspace.jobs().isEmpty)
    }
}
