import CanonicalJSON
import Foundation
import Synchronization
import TestSupport
import Testing

/// The completeness guard: a day whose data has not fully loaded is archived as `data.incomplete` and not judged,
/// instead of alerting on every metric; `--force` judges it anyway; `wait` polls until it loads.
@Suite(.serialized) struct CompletenessTests {
    let demo = DemoFixture.shared
    static let day = DemoFixture.end
    /// The demo monitor's own rule, as the registry writes it: a freshness query on the warehouse's load log.
    static let demoRule = #""completeness": {"check": "sql", "sql": "SELECT loaded_through FROM funnel_loads WHERE ds = @run_date"},"#

    /// A registry whose demo monitor carries `block` as its completeness rule.
    func registryWith(_ block: String) throws -> String {
        let path = try RegistryCopy.make { $0.replacingOccurrences(of: Self.demoRule, with: "\"completeness\": \(block),") }
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"completeness\": \(block),"))
        return path
    }

    /// Scales every count of `day` in a warehouse by `factor`: a partition loaded that far.
    func load(_ warehouse: String, _ day: String, to factor: Double) throws {
        let sqlite = try #require(AACommand.sqlite3)
        let columns = ["visitors", "requests", "quotes", "hires"].map { "\($0) = CAST(ROUND(\($0) * \(factor)) AS INTEGER)" }
        let result = AACommand.run(
            sqlite,
            [warehouse, "UPDATE funnel_daily SET \(columns.joined(separator: ", ")), revenue = revenue * \(factor) WHERE ds = '\(day)'"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    func run(
        _ copy: (archive: String, warehouse: String, folder: String), _ registry: String, _ extra: [String] = [],
        environment: [String: String] = [:], onStderrLine: (@Sendable (String) -> Void)? = nil
    ) -> AACommand.Result {
        AACommand.aa(
            [
                "run", "--date", Self.day, "--monitors", "revenue_funnel_demo", "--no-ai", "--json", "--registry", registry, "--archive",
                copy.archive, "--warehouse", copy.warehouse,
            ] + extra, environment: environment, onStderrLine: onStderrLine)
    }

    func events(_ archive: String, _ type: String) throws -> [JSONValue] {
        try JSONValue.parse(
            AACommand.aa(["history", "--type", type, "--since", Self.day, "--payload", "--json", "--archive", archive]).stdout
        ).items ?? []
    }

    func currentRun(_ archive: String) throws -> String? {
        try JSONValue.parse(
            AACommand.aa(["report", "--monitor", "revenue_funnel_demo", "--date", Self.day, "--format", "json", "--archive", archive])
                .stdout)["run_id"]?.stringValue
    }

    /// The same-weekday points behind the total's visitors in the newest run of `date`.
    func baselinePoints(_ archive: String, _ date: String) throws -> Int64? {
        let computed = try JSONValue.parse(
            AACommand.aa([
                "history", "--type", "metrics.computed", "--since", date, "--until", date, "--payload", "--json", "--archive", archive,
            ]).stdout
        ).items?.last?["payload"]?["cells"]
        let metrics = computed?["metrics"]?.arrayValue ?? []
        let dimensions = computed?["dimensions"]?.arrayValue ?? []
        let metric = (computed?["metric"]?.arrayValue ?? []).map { metrics[Int($0.intValue ?? 0)] }
        let dimension = (computed?["dimension"]?.arrayValue ?? []).map { dimensions[Int($0.intValue ?? 0)] }
        let points = computed?["stats"]?["baseline_points"]?.arrayValue ?? []
        guard let index = metric.indices.first(where: { metric[$0] == "visitors" && dimension[$0] == "total" }), index < points.count
        else { return nil }
        return points[index].intValue
    }

    /// A partition that stayed at 55 % and that its run refused to judge stays out of the following weeks'
    /// baselines — until a run judges it (here `--force`), when it counts again.
    @Test func aDayNoRunJudgedStaysOutOfLaterBaselinesUntilOneDoes() throws {
        let copy = demo.copy()
        let registry = try registryWith(#"{"check": "volume", "min_share_of_expected": 0.9}"#)
        let (partial, later) = ("2026-04-27", "2026-05-04") // a Monday before the demo's runs, and the next one
        try load(copy.warehouse, partial, to: 0.55)
        func run(_ date: String, _ extra: [String] = []) throws -> JSONValue? {
            let result = AACommand.aa(
                [
                    "run", "--date", date, "--monitors", "revenue_funnel_demo", "--no-ai", "--json", "--quiet", "--registry", registry,
                    "--archive", copy.archive, "--warehouse", copy.warehouse,
                ] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return try JSONValue.parse(result.stdout).items?.first
        }
        #expect(try run(partial)?["status"] == "incomplete")
        // A backtest over the archive leaves it out as the daily runs do, and says so.
        let backtest = AACommand.aa([
            "backtest", "--monitor", "revenue_funnel_demo", "--from", partial, "--to", "2026-05-10", "--json", "--quiet", "--registry",
            registry, "--archive", copy.archive,
        ])
        #expect(backtest.status == 0, "\(backtest.stderr)")
        #expect(try JSONValue.parse(backtest.stdout)["unjudged_days"] == [.string(partial)])
        // `aa why` on a cell of the day says it was not judged, and why.
        let why = AACommand.aa([
            "why", "--monitor", "revenue_funnel_demo", "--date", partial, "--metric", "visitors", "--registry", registry, "--archive",
            copy.archive,
        ])
        #expect(why.status == 0, "\(why.stderr)")
        #expect(why.stdout.hasPrefix("revenue_funnel_demo \(partial): not judged — "), "\(why.stdout)")
        #expect(why.stdout.contains("% of the expected visitors"), "\(why.stdout)")
        _ = try run(later)
        let without = try #require(try baselinePoints(copy.archive, later))
        #expect(try run(partial, ["--force"])?["status"] == "completed")
        _ = try run(later)
        let with = try #require(try baselinePoints(copy.archive, later))
        #expect(with == without + 1, "the partial Monday counts once a run judged it")
    }

    /// Runs `date` with `registry`; the run summaries of the command (revisits first).
    func runDay(_ copy: (archive: String, warehouse: String, folder: String), _ registry: String, _ date: String) throws -> [JSONValue] {
        let result = AACommand.aa([
            "run", "--date", date, "--monitors", "revenue_funnel_demo", "--no-ai", "--json", "--quiet", "--registry", registry,
            "--archive", copy.archive, "--warehouse", copy.warehouse,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONValue.parse(result.stdout).items ?? []
    }

    /// The messages archived for `date`, as their text.
    func messages(_ archive: String, _ date: String) throws -> String {
        (try JSONValue.parse(
            AACommand.aa([
                "history", "--type", "message.sent,message.skipped", "--since", date, "--until", date, "--payload", "--json",
                "--archive", archive,
            ]).stdout
        ).items ?? []).map { $0["payload"]?["message"]?.canonicalString ?? "" }.joined(separator: "\n")
    }

    /// A Monday before the demo's runs, loaded to `factor` and refused by its run under the volume rule; a copy of
    /// the demo and that registry.
    func refusedDay(loadedTo factor: Double) throws -> (copy: (archive: String, warehouse: String, folder: String), registry: String) {
        let copy = demo.copy()
        let registry = try registryWith(#"{"check": "volume", "min_share_of_expected": 0.9}"#)
        try load(copy.warehouse, "2026-04-27", to: factor)
        #expect(try runDay(copy, registry, "2026-04-27").first?["status"] == "incomplete")
        return (copy, registry)
    }

    /// No day stays unjudged: the next run looks again at a day an earlier run refused — judged late once its data
    /// has arrived, and said so in the run and its message.
    @Test func aDayWhoseDataArrivesLateIsJudgedByTheNextRun() throws {
        let (copy, registry) = try refusedDay(loadedTo: 0.5)
        let (late, next) = ("2026-04-27", "2026-04-28")
        try load(copy.warehouse, late, to: 2) // the rest of the partition arrives
        let runs = try runDay(copy, registry, next)
        #expect(runs.map { $0["run_date"] } == [.string(late), .string(next)])
        #expect(runs.first?["status"] == "completed")
        #expect(runs.first?["late_note"] == .string("data for \(late) arrived late — judged now"))
        #expect(try messages(copy.archive, late).contains("arrived late — judged now"))
        // Judged: later runs no longer revisit it.
        #expect(try runDay(copy, registry, "2026-04-29").map { $0["run_date"] } == ["2026-04-29"])
    }

    /// A day that stays short is judged as it is once its numbers have not moved for `settle` — before that, a later
    /// run leaves it and says nothing new.
    @Test func aDayThatStaysShortIsJudgedAsItIsOnceItSettles() throws {
        let (copy, patient) = try refusedDay(loadedTo: 0.55)
        let (short, next) = ("2026-04-27", "2026-04-28")
        // Seconds later, under the default settle of 24 h: looked at again, still unjudged.
        let waiting = try runDay(copy, patient, next)
        #expect(waiting.first?["run_date"] == .string(short) && waiting.first?["status"] == "incomplete")
        let settled = try registryWith(#"{"check": "volume", "min_share_of_expected": 0.9, "settle": "0s"}"#)
        let runs = try runDay(copy, settled, next)
        #expect(runs.first?["run_date"] == .string(short) && runs.first?["status"] == "completed")
        let note = try #require(runs.first?["late_note"]?.stringValue)
        #expect(note.hasPrefix("data for \(short) stayed at "), "\(note)")
        #expect(note.hasSuffix(" % of the expected visitors for 0 s: judged as it is"), "\(note)")
        #expect(runs.first?["findings"]?.arrayValue?.contains { $0["alerts"] == true } == true) // a 45 % gap alerts
        #expect(try messages(copy.archive, short).contains("judged as it is"))
    }

    @Test func aDayLoadedToSixtyPercentIsNotJudgedSaysSoOnceAndForceJudgesIt() throws {
        let copy = demo.copy()
        try load(copy.warehouse, Self.day, to: 0.6)
        let registry = try registryWith(#"{"check": "volume", "min_share_of_expected": 0.9}"#)
        let receiver = try SlackReceiver()
        let before = try currentRun(copy.archive)
        // The demo itself ran the day once before its load finished; this test's runs come after.
        let earlier = try events(copy.archive, "data.incomplete").count
        let first = run(copy, registry, environment: ["SLACK_WEBHOOK_URL": receiver.webhook])
        #expect(first.status == 0, "\(first.stderr)")
        let summary = try #require(try JSONValue.parse(first.stdout).items?.first)
        #expect(summary["status"] == "incomplete")
        #expect(summary["findings"]?.arrayValue == [])
        let incomplete = try #require(try events(copy.archive, "data.incomplete").last?["payload"])
        let share = try #require(incomplete["share"]?.doubleValue)
        #expect(abs(share - 0.6) < 0.03, "share \(share)")
        #expect(abs((incomplete["seen"]?.doubleValue ?? 0) / (incomplete["expected"]?.doubleValue ?? 1) - share) < 1e-9)
        #expect(incomplete["judged"] == false)
        #expect(incomplete["metric"] == "visitors")
        #expect(summary["incomplete"]?.stringValue == "\(Int((share * 100).rounded())) % of the expected visitors")
        // Not judged: nothing flagged, and the day's report is still the one it was.
        #expect(try events(copy.archive, "anomaly.flagged").filter { $0["run_id"] == summary["run_id"] }.isEmpty)
        #expect(try currentRun(copy.archive) == before)
        let posts = try receiver.received()
        #expect(posts.count == 1)
        #expect(posts.first?["errors"] == [])
        let text = try JSONValue.parse(posts.first?["body"]?.stringValue ?? "")["text"]?.stringValue ?? ""
        #expect(text.contains("data for \(Self.day) looks incomplete (\(summary["incomplete"]?.stringValue ?? "?")) — not judged"))

        // Still incomplete an hour later: archived again, posted once only.
        #expect(run(copy, registry, environment: ["SLACK_WEBHOOK_URL": receiver.webhook]).status == 0)
        #expect(try receiver.received().count == 1)
        #expect(try events(copy.archive, "data.incomplete").count == earlier + 2)

        // --force judges it: the false alarm the guard holds back.
        let forced = run(copy, registry, ["--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let judged = try #require(try JSONValue.parse(forced.stdout).items?.first)
        #expect(judged["status"] == "completed")
        #expect(judged["findings"]?.arrayValue?.contains { $0["metric"] == "visitors" && $0["severity"] == "critical" } == true)
        #expect(try events(copy.archive, "data.incomplete").last?["payload"]?["judged"] == true)
        #expect(try currentRun(copy.archive) == judged["run_id"]?.stringValue)
        #expect(AACommand.aa(["verify", "--archive", copy.archive]).status == 0)
        let export = copy.folder + "/events.ndjson"
        #expect(AACommand.aa(["export", "--output", export, "--archive", copy.archive]).status == 0)
        let checked = AACommand.run(
            AACommand.python,
            AACommand.pythonPrefix + [
                AACommand.repository + "/Tests/schema/validate_archive.py", export, AACommand.repository + "/schemas", registry,
            ])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        #expect(try JSONValue.parse(checked.stdout)["by_type"]?["data.incomplete"]?.intValue == Int64(earlier + 3))
    }

    @Test func aLatePartitionThatLoadsDuringTheWaitIsJudgedOnceComplete() throws {
        let copy = demo.copy()
        try load(copy.warehouse, Self.day, to: 0.5)
        let registry = try registryWith(#"{"check": "volume", "wait": "30s", "poll": "1s"}"#)
        let sqlite = try #require(AACommand.sqlite3)
        let warehouse = copy.warehouse
        let columns = ["visitors", "requests", "quotes", "hires"].map { "\($0) = \($0) * 2" }
        let load = [
            warehouse, "UPDATE funnel_daily SET \(columns.joined(separator: ", ")), revenue = revenue * 2 WHERE ds = '\(Self.day)'",
        ]
        let earlier = try events(copy.archive, "data.incomplete").count
        // A readiness signal, not a guessed pause: the partition loads once aa says it found it short and will look again.
        let loaded = Mutex(false)
        let result = run(copy, registry) { line in
            guard line.contains("checking again"), !loaded.withLock({ $0 }) else { return }
            #expect(AACommand.run(sqlite, load).status == 0)
            loaded.withLock { $0 = true }
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(loaded.withLock { $0 }, "aa never said it would check again")
        #expect(try JSONValue.parse(result.stdout).items?.first?["status"] == "completed")
        #expect(result.stderr.contains("% of the expected visitors); checking again in 1s (30s of the wait left)"))
        #expect(try events(copy.archive, "data.incomplete").count == earlier) // loaded in time: nothing recorded
    }

    @Test func theSqlCheckReadsWhenTheDataWasLoadedThrough() throws {
        let copy = demo.copy()
        let sqlite = try #require(AACommand.sqlite3)
        _ = AACommand.run(
            sqlite, [copy.warehouse, "CREATE TABLE loads(loaded_at TEXT); INSERT INTO loads VALUES ('\(Self.day) 14:00:00')"])
        let registry = try registryWith(#"{"check": "sql", "sql": "SELECT MAX(loaded_at) FROM loads"}"#)
        let partial = run(copy, registry)
        #expect(try JSONValue.parse(partial.stdout).items?.first?["status"] == "incomplete")
        #expect(try events(copy.archive, "data.incomplete").last?["payload"]?["loaded_through"]?.stringValue == "\(Self.day) 14:00:00")
        // Not loaded, so nothing was pulled: the day's four pulls are the demo's own run's.
        #expect(try events(copy.archive, "data.pulled").filter { $0["run_date"]?.stringValue == Self.day }.count == 4)
        _ = AACommand.run(sqlite, [copy.warehouse, "INSERT INTO loads VALUES ('2026-07-01T03:10:00Z')"])
        let loaded = run(copy, registry)
        #expect(try JSONValue.parse(loaded.stdout).items?.first?["status"] == "completed")

        for (sql, fragment) in [
            ("SELECT NULL", "returned no value"), ("SELECT 'banana'", "returned 'banana', which is not a timestamp"),
        ] {
            let bad = run(copy, try registryWith(#"{"check": "sql", "sql": "\#(sql)"}"#))
            #expect(bad.status == 1)
            #expect(bad.stderr.contains(fragment), "\(bad.stderr)")
        }
    }

    @Test func aBadCompletenessBlockIsRefusedNamingItsPath() throws {
        for (block, fragment) in [
            (#"{"check": "rows"}"#, "completeness.check"), (#"{"check": "volume", "wait": "25h"}"#, "is longer than a day"),
            (#"{"check": "volume", "wait": "2 days"}"#, "must be a duration such as 30s, 10m or 2h"),
            (#"{"check": "sql"}"#, "is required by the sql check"), (#"{"check": "sql", "sql": "SELECT 1; DROP TABLE x"}"#, "without ';'"),
            (#"{"check": "volume", "metric": "revenue"}"#, "must name a count metric"),
            (#"{"check": "volume", "min_share_of_expected": 1.5}"#, "must be at most 1"),
        ] {
            let result = AACommand.aa(["monitors", "validate", "--registry", try registryWith(block)])
            #expect(result.status == 2, "\(block)")
            #expect(result.stderr.contains(fragment), "\(block): \(result.stderr)")
        }
    }

    @Test func aWarehouseLockedByItsLoaderIsWaitedForNotFailed() throws {
        let copy = demo.copy()
        let sqlite = try #require(AACommand.sqlite3)
        let warehouse = copy.warehouse
        // The loader says when it holds the lock (a readiness signal, not a guessed pause), then holds it 2 s; a child
        // of its shell says it, unbuffered (sqlite3 buffers what it prints itself into a pipe until it exits).
        let loader = Process()
        loader.executableURL = URL(fileURLWithPath: sqlite)
        loader.arguments = [warehouse, "BEGIN EXCLUSIVE;", ".shell echo locked", ".shell sleep 2", "COMMIT;"]
        let ready = Pipe()
        loader.standardOutput = ready
        try loader.run()
        defer { loader.waitUntilExit() }
        #expect(String(decoding: ready.fileHandleForReading.availableData, as: UTF8.self) == "locked\n")
        let started = Date()
        let result = run(copy, try RegistryCopy.make { $0 }, ["--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("database is locked"))
        #expect(try JSONValue.parse(result.stdout).items?.first?["status"] == "dry-run")
        #expect(Date().timeIntervalSince(started) > 0.8, "the lock was not held while the run read")
    }
}
