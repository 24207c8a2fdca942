import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// `aa databricks run`: a one-time notebook run submitted with the widget values, followed through its states,
/// its output printed — or its error and trace, or its cancellation on Ctrl-C.
@Suite struct DatabricksRunTests {
    static let clusters: JSONValue = [
        "c-run": ["state": "RUNNING", "spark_version": "15.4.x-scala2.12"],
        "c-off": ["state": "TERMINATED", "spark_version": "15.4.x-scala2.12"],
        "c-122": ["state": "RUNNING", "spark_version": "12.2.x-scala2.12"],
    ]

    func run(_ workspace: DatabricksFixture, _ extra: [String] = []) -> AACommand.Result {
        workspace.aa(["run", "--cluster-id", "c-run", "--workspace-path", DatabricksFixture.folder] + extra)
    }

    /// A workspace with the bundle pushed (a small binary), as `make push` leaves it.
    func pushed(_ run: JSONValue? = nil) throws -> DatabricksFixture { try DatabricksFixture.pushed(clusters: Self.clusters, run: run) }

    @Test func theNotebookRunsWithTheWidgetValuesAndItsOutputIsPrinted() throws {
        let workspace = try pushed([
            "states": ["PENDING", "PENDING", "RUNNING", "RUNNING", "TERMINATED"], "result_state": "SUCCESS",
            "output": "revenue_funnel 2026-11-20: 1 alert posted",
        ])
        let result = run(workspace, ["--date", "2026-11-20", "--no-ai", "--monitors", "revenue_funnel, revenue_funnel_demo"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "revenue_funnel 2026-11-20: 1 alert posted\n")
        let states = result.stderr.split(separator: "\n").filter { $0.hasPrefix("run 1000: ") }.map { String($0.dropFirst(10)) }
        #expect(states == ["PENDING", "RUNNING", "TERMINATED SUCCESS"])

        let submitted = try #require(try workspace.requests("/api/2.2/jobs/runs/submit").first?["body"])
        let task = try #require(submitted["tasks"]?.arrayValue?.first)
        #expect(task["existing_cluster_id"] == "c-run")
        #expect(task["notebook_task"]?["notebook_path"]?.stringValue == DatabricksFixture.folder + "/orchestrator")
        #expect(task["notebook_task"]?["source"] == "WORKSPACE")
        #expect(
            task["notebook_task"]?["base_parameters"] == [
                "date": "2026-11-20", "run_ai_agent": "False", "monitors": "revenue_funnel,revenue_funnel_demo",
            ])
        #expect(submitted["idempotency_token"]?.stringValue?.count == 36)
        // The output is read from the task's run, not the parent's (the Jobs API refuses the latter).
        #expect(try workspace.requests("/api/2.2/jobs/runs/get-output").compactMap { $0["query"]?["run_id"]?.stringValue } == ["501000"])
        let problems = try workspace.sdkProblems()
        #expect(problems.isEmpty, "\(problems)")
        // The webhook is never a run parameter (it would show in the run's page): the notebook reads the secret scope.
        #expect(!submitted.canonicalString.contains("slack"))
    }

    @Test func aRunThatFailsOnTheClusterShowsItsTraceAndExitsOne() throws {
        let workspace = try pushed([
            "states": ["RUNNING", "TERMINATED"], "result_state": "FAILED",
            "error": .string(
                "RuntimeError: aa run --monitors revenue_funnel failed (exit 2): aa: error: GOOGLE_APPLICATION_CREDENTIALS names /x, "
                    + "which does not exist"),
            "error_trace": "Traceback (most recent call last):\n  File \"orchestrator\", line 142, in main\nRuntimeError: aa run failed",
        ])
        let result = run(workspace)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Traceback (most recent call last):\n  File \"orchestrator\", line 142, in main"))
        #expect(
            result.stderr.contains(
                "aa: error: run 1000 ended TERMINATED FAILED on cluster c-run: RuntimeError: aa run --monitors revenue_funnel failed "
                    + "(exit 2)"
            ))
        #expect(result.stderr.contains("see https://stub/#job/0/run/1000"))
        #expect(result.stdout.isEmpty)
    }

    @Test func aTerminatedOrUnknownClusterIsRefusedBeforeAnythingIsSubmitted() throws {
        let workspace = try DatabricksFixture(clusters: Self.clusters)
        let off = workspace.aa(["run", "--cluster-id", "c-off", "--workspace-path", DatabricksFixture.folder])
        #expect(off.status == 2)
        #expect(
            off.stderr
                == "aa: error: cluster c-off (stub) is TERMINATED; start it (Compute → stub → Start) and run again, or pick a running "
                + "cluster\n"
        )
        let unknown = workspace.aa(["run", "--cluster-id", "0000-000000-nothere", "--workspace-path", DatabricksFixture.folder])
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("cluster 0000-000000-nothere does not exist in \(workspace.stub.url)"))
        let noCluster = workspace.aa(["run"])
        #expect(noCluster.status == 2)
        #expect(noCluster.stderr.contains("`aa databricks run` needs --cluster-id"))
        let badDate = workspace.aa(["run", "--cluster-id", "c-run", "--date", "20/11/2026"])
        #expect(badDate.status == 2)
        let notPushed = workspace.aa(["run", "--cluster-id", "c-run", "--workspace-path", DatabricksFixture.folder])
        #expect(notPushed.status == 3)
        #expect(
            notPushed.stderr
                == "aa: error: the notebook \(DatabricksFixture.folder)/orchestrator is not in \(workspace.stub.url); push it first "
                + "with `make push` (or name the folder with --workspace-path)\n"
        )
        #expect(try workspace.requests("/api/2.2/jobs/runs/submit").isEmpty)
    }

    @Test func aClusterWhoseRuntimeCannotStartThePushedBinaryIsRefusedBeforeSubmitting() throws {
        let workspace = try pushed()
        let needed = try #require(DatabricksFixture.readelfGlibc(try DatabricksFixture.elfBinary()))
        let result = workspace.aa(["run", "--cluster-id", "c-122", "--workspace-path", DatabricksFixture.folder])
        if GlibcParts(needed) > GlibcParts("2.31") {
            #expect(result.status == 2)
            #expect(
                result.stderr
                    == "aa: error: refusing to run on cluster c-122 (12.2.x-scala2.12): the aa binary pushed to "
                    + "\(DatabricksFixture.folder) needs glibc \(needed) but Databricks Runtime 12.2 (Ubuntu 20.04, glibc 2.31) "
                    + "has 2.31; build it on Ubuntu 20.04 or older (for example in the swift:6.3 image of that release), or "
                    + "choose a newer runtime; then `make push` again\n"
            )
            #expect(try workspace.requests("/api/2.2/jobs/runs/submit").isEmpty)
        }
        // The same push runs on a 15.4 cluster.
        #expect(run(workspace).status == 0)
    }

    @Test func rateLimitsAndServerErrorsAreRetriedAndTheRunStillEnds() throws {
        let workspace = try pushed(["states": ["RUNNING", "TERMINATED"], "result_state": "SUCCESS", "output": "ok"])
        workspace.stub.post(
            "/_control",
            [
                "faults": [
                    [
                        "method": "GET", "path": "/api/2.2/jobs/runs/get", "status": 429, "headers": ["Retry-After": "1"],
                        "body": ["error_code": "REQUEST_LIMIT_EXCEEDED", "message": "slow down"],
                    ],
                    [
                        "method": "GET", "path": "/api/2.2/jobs/runs/get", "status": 500,
                        "body": ["error_code": "INTERNAL_ERROR", "message": "oops"],
                    ],
                ]
            ])
        let result = run(workspace)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ok\n")
        let gets = try workspace.requests("/api/2.2/jobs/runs/get").compactMap { $0["at"]?.doubleValue }
        #expect(gets.count == 4)
        #expect(gets[1] - gets[0] >= 0.95) // Retry-After: 1 was honoured
    }

    @Test func ctrlCCancelsTheRunOnTheCluster() throws {
        let workspace = try pushed(["states": ["PENDING", "RUNNING"], "result_state": "SUCCESS"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: AACommand.binary)
        process.arguments = ["databricks", "run", "--cluster-id", "c-run", "--workspace-path", DatabricksFixture.folder]
        process.currentDirectoryURL = URL(fileURLWithPath: AACommand.repository)
        process.environment = AACommand.environment(workspace.environment)
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let running = PeerWait.until(seconds: 20) { ((try? workspace.requests("/api/2.2/jobs/runs/get")) ?? []).count >= 3 }
        #expect(running)
        kill(process.processIdentifier, SIGINT)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let cancels = try workspace.requests("/api/2.2/jobs/runs/cancel")
        #expect(cancels.count == 1)
        #expect(cancels.first?["body"] == ["run_id": 1000])
        #expect(stderr.contains("cancelling run 1000"))
        #expect(stderr.contains("run 1000: TERMINATED CANCELED"))
        #expect(stderr.contains("aa: error: run 1000 was cancelled at your request; Databricks says TERMINATED CANCELED"))
        #expect(try workspace.sdkProblems().isEmpty)
    }

    @Test func makeRunPassesTheSeedsKnobsThrough() {
        let dry = AACommand.run(
            "/usr/bin/make",
            ["-n", "run", "CLUSTER_ID=0101-123456-abcdefgh", "DATE=2026-11-20", "RUN_AI=False", "MONITORS=revenue_funnel", "PROFILE=dev"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(
            dry.stdout.contains(
                ".build/debug/aa databricks --profile dev run --cluster-id 0101-123456-abcdefgh --date 2026-11-20 --monitors "
                    + "revenue_funnel --no-ai"
            ))
        let missing = AACommand.run("/usr/bin/make", ["--no-print-directory", "run", "SWIFT=true"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("make run needs CLUSTER_ID="))
    }
}
