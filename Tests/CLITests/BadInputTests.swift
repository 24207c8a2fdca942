import Foundation
import TestSupport
import Testing

/// Each bad input: one clear sentence on stderr, a non-zero exit, and the archive unchanged.
@Suite struct BadInputTests {
    let demo = DemoFixture.shared

    /// Runs `aa` against a private copy of the demo archive and checks the failure contract.
    func expectRefusal(
        _ arguments: [String], status: Int32 = 2, mentions: [String], registry: String? = nil, archive: String? = nil,
        warehouse: String? = nil, environment: [String: String] = [:], way: InProcess.Way = .binary
    ) throws {
        _ = demo.demoResult
        let copy = demo.copy()
        let archivePath = archive ?? copy.archive
        let before = try? Data(contentsOf: URL(fileURLWithPath: archivePath))
        var args = arguments + ["--archive", archivePath, "--warehouse", warehouse ?? copy.warehouse]
        if let registry { args += ["--registry", registry] }
        let result = InProcess.aa(args, environment: environment, way: way)
        #expect(result.status == status, "exit \(result.status): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr should be one sentence: \(result.stderr)")
        #expect(result.stderr.hasPrefix("aa: error: "))
        for word in mentions { #expect(result.stderr.contains(word), "stderr should mention \(word): \(result.stderr)") }
        let after = try? Data(contentsOf: URL(fileURLWithPath: archivePath))
        #expect(before == after, "the archive changed")
    }

    /// A registry copy in a temporary folder with `edit` applied to its text, plus the templates.
    func registry(_ edit: (String) -> String, template: String? = nil) throws -> String {
        try RegistryCopy.make(edit, demoTemplate: template)
    }

    let run = ["run", "--date", "2026-06-30", "--monitors", "revenue_funnel_demo", "--quiet"]

    @Test func malformedRegistry() throws {
        try expectRefusal(run, mentions: ["monitors.json", "not valid JSON"], registry: try registry { String($0.dropLast(3)) })
    }

    @Test func schemaInvalidRegistryNamesTheJSONPath() throws {
        let path = try registry { $0.replacingOccurrences(of: "\"baseline_weeks\": 6", with: "\"baseline_weeks\": \"six\"") }
        try expectRefusal(run, mentions: ["monitors.json", "$.monitors[0].detection.baseline_weeks", "whole number"], registry: path)
    }

    @Test func aSlackDestinationThatIsSetButCannotWorkIsRefusedBeforeTheRun() throws {
        try expectRefusal(run, mentions: ["SLACK_WEBHOOK_URL", "http(s) URL"], environment: ["SLACK_WEBHOOK_URL": "ftp://x"])
        try expectRefusal(run, mentions: ["SLACK_WEBHOOK_URL"], environment: ["SLACK_WEBHOOK_URL": "hooks.slack.com/services/T/B/X"])
        try expectRefusal(
            run, mentions: ["SLACK_BOT_TOKEN", "SLACK_CHANNEL", "revenue_funnel_demo"], environment: ["SLACK_BOT_TOKEN": "xoxb-test"])
        try expectRefusal(
            run, mentions: ["AA_SLACK_API_URL"],
            environment: ["SLACK_BOT_TOKEN": "xoxb-test", "SLACK_CHANNEL": "#alerts", "AA_SLACK_API_URL": "slack"])
        try expectRefusal(["deliver", "--pending"], mentions: ["SLACK_WEBHOOK_URL"], environment: ["SLACK_WEBHOOK_URL": "ftp://x"])
    }

    @Test func anArchiveTruncatedToNothingIsNotReplacedByANewOne() throws {
        let copy = demo.copy()
        #expect(FileManager.default.createFile(atPath: copy.archive, contents: Data()))
        for command in [run, ["label", "an_x", "--as", "true_positive"], ["verify"], ["alerts"]] {
            try expectRefusal(command, mentions: ["is an empty file, not an archive", "truncated"], archive: copy.archive)
            #expect((try FileManager.default.attributesOfItem(atPath: copy.archive)[.size] as? Int) == 0)
        }
    }

    @Test func aDroppedReadModelIsNamedToReadersAndMadeAgainByWriters() throws {
        let sqlite = try #require(AACommand.sqlite3)
        func dropped() -> (archive: String, warehouse: String) {
            let copy = demo.copy()
            #expect(AACommand.run(sqlite, [copy.archive, "DROP TABLE p_alerts; DROP TABLE p_labels"]).status == 0)
            return (copy.archive, copy.warehouse)
        }
        for reader in [["verify"], ["alerts"], ["report", "--monitor", "revenue_funnel_demo", "--date", DemoFixture.end]] {
            try expectRefusal(
                reader, status: 1, mentions: ["lacks its read model p_alerts", "aa projections rebuild"], archive: dropped().archive)
        }
        for writer in [["projections", "rebuild"], run + ["--resend"]] {
            let copy = dropped()
            let result = AACommand.aa(writer + ["--archive", copy.archive, "--warehouse", copy.warehouse])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("lacked its read model p_alerts, p_labels"), "\(result.stderr)")
            let verify = AACommand.aa(["verify", "--archive", copy.archive])
            #expect(verify.status == 0 && verify.stdout.contains("projections replay identically: ok"), "\(verify.stdout)")
            #expect(AACommand.aa(["alerts", "--since", "2026-05-01", "--archive", copy.archive]).stdout.contains("an_"))
        }
    }

    @Test func aWarehouseThatIsNotADatabaseIsRefusedBeforeTheRun() throws {
        let folder = AACommand.temporaryFolder()
        try "ds,platform\n2026-06-01,web\n".write(toFile: folder + "/rows.csv", atomically: true, encoding: .utf8)
        #expect(FileManager.default.createFile(atPath: folder + "/empty.sqlite", contents: Data()))
        let cases = [
            (folder + "/rows.csv", "not a SQLite database"), (folder + "/empty.sqlite", "an empty file"), (folder, "a folder"),
            ("/dev/null", "an empty file"),
        ]
        for (path, problem) in cases {
            try expectRefusal(run, mentions: ["reads the warehouse \(path), which is \(problem)", "--warehouse FILE"], warehouse: path)
        }
    }

    @Test func aForgedLastEventIsNeverBuiltUponAndAnUnknownFormatIsRefused() throws {
        let sqlite = try #require(AACommand.sqlite3)
        let copy = demo.copy()
        let forge =
            "INSERT INTO events SELECT position + 1, 'ev_forged', origin, sequence + 1, run_id, monitor, run_date, 'anomaly.labeled', "
            + "schema_version, occurred_at, logic_version, causation_id, hash, 'forged', "
            + "'{\"anomaly_id\":\"an_x\",\"label\":\"true_positive\"}' FROM events WHERE position = (SELECT max(position) FROM events)"
        #expect(AACommand.run(sqlite, [copy.archive, forge]).status == 0)
        for writer in [run + ["--resend"], ["label", "an_x", "--as", "false_positive"], ["projections", "rebuild"]] {
            try expectRefusal(
                writer, status: 1, mentions: ["last event (ev_forged) does not match its hash", "aa verify"], archive: copy.archive)
        }
        for version in ["abc", "-1", ""] {
            let other = demo.copy()
            #expect(
                AACommand.run(sqlite, [other.archive, "UPDATE meta SET value = '\(version)' WHERE key = 'format_version'"]).status == 0)
            try expectRefusal(["alerts"], mentions: ["format_version of '\(version)'", "which no aa wrote"], archive: other.archive)
        }
    }

    /// Registry text that would break names, pages, SQL or delivery later: each refused with its JSON path.
    @Test(arguments: [
        ("\"name\": \"revenue_funnel_demo\"", "\"name\": \"\(String(repeating: "m", count: 300))\"", "$.monitors[1].name"),
        ("\"name\": \"revenue_funnel_demo\"", "\"name\": \"demo\\u200b\"", "$.monitors[1].name"),
        ("\"name\": \"visitors\"", "\"name\": \"\"", "$.monitors[0].metrics[0].name"),
        ("\"name\": \"visitors\"", "\"name\": \"visi\\ntors\"", "$.monitors[0].metrics[0].name"),
        ("\"name\": \"visitors\"", "\"name\": \"visitors \\u202e\"", "$.monitors[0].metrics[0].name"),
        ("\"name\": \"platform\"", "\"name\": \"plat form\"", "$.monitors[0].dimensions[1].name"),
        ("\"name\": \"platform\"", "\"name\": \"\"", "$.monitors[0].dimensions[1].name"),
        ("\"level\": \"warning\"", "\"level\": \"\"", "$.monitors[0].detection.severity[0].level"),
        ("\"level\": \"warning\"", "\"level\": \"warn\\ting\"", "$.monitors[0].detection.severity[0].level"),
        ("\"columns\": [", "\"columns\": [\"revenue\", ", "$.monitors[0].columns[5]"),
        ("\"columns\": [", "\"columns\": [\"two words\", ", "$.monitors[0].columns[0]"),
        ("\"version\": 1", "\"version\": 99", "$.version"),
        ("\"version\": 1", "\"version\": \"1\"", "$.version"),
        ("\"mention\": []", "\"mention\": [1]", "$.monitors[0].alerting.mention[0]"),
        ("\"mention\": []", "\"mention\": [\"@oncall\", null]", "$.monitors[0].alerting.mention[1]"),
        ("\"mention\": []", "\"mention\": [\"\"]", "$.monitors[0].alerting.mention[0]"),
    ])
    func registryNamesAndListsThatWouldBreakLaterAreRefused(find: String, replace: String, path: String) throws {
        let registry = try registry { text in
            guard let range = text.range(of: find) else { return text }
            return text.replacingCharacters(in: range, with: replace)
        }
        #expect(try String(contentsOfFile: registry, encoding: .utf8).contains(replace))
        try expectRefusal(run, mentions: ["monitors.json", path], registry: registry)
    }

    @Test func aTemplateWithASecondStatementIsRefused() throws {
        let demo = try String(contentsOfFile: AACommand.repository + "/queries/revenue_funnel_demo.sql", encoding: .utf8)
        for tail in ["; DROP TABLE funnel_daily", ";\nDELETE FROM funnel_daily;", "; -- fine\n SELECT 1"] {
            let registry = try registry({ $0 }, template: demo + tail)
            try expectRefusal(run, mentions: ["revenue_funnel_demo.sql", "more than one SQL statement"], registry: registry)
        }
        // A final ';', and ';' inside a string or a comment, are one statement.
        for fine in [";\n", " -- a; b\n", "\n/* x; y */"] {
            let registry = try registry({ $0 }, template: demo + fine)
            let result = AACommand.aa(
                run + [
                    "--dry-run", "--registry", registry, "--archive", AACommand.temporaryFolder() + "/a.sqlite", "--warehouse",
                    self.demo.warehouse,
                ])
            #expect(result.status == 0, "\(fine.debugDescription): \(result.stderr)")
        }
    }

    @Test func aDateBeforeTheDataStartsIsRefusedWithNothingArchived() throws {
        try expectRefusal(
            ["run", "--date", "1990-01-01", "--monitors", "revenue_funnel_demo", "--quiet"],
            mentions: ["no rows", "1990-01-01", "before its data starts"])
    }

    /// A day past the warehouse's last loaded day says so, naming that day, instead of blaming the completeness query.
    @Test func aDatePastTheDataIsRefusedAsNotLoadedWithNothingArchived() throws {
        let after = "2026-07-03" // three days after DemoFixture.end
        try expectRefusal(
            ["run", "--date", after, "--monitors", "revenue_funnel_demo", "--quiet"],
            mentions: ["no rows", after, "its data ends on \(DemoFixture.end)", "once the day is loaded"])
    }

    @Test func noCommandIsAUsageError() throws {
        let result = AACommand.aa([])
        #expect(result.status == 2)
        #expect(result.stderr == "aa: error: no command given; run `aa --help` to list commands, or `aa demo` to start\n")
    }

    @Test func registryTextThatWouldReachTheSQLOrBloatEveryRunIsRefused() throws {
        for bad in ["platform; DROP TABLE funnel_daily", "platform -- all", " "] {
            let path = try registry { $0.replacingOccurrences(of: "\"sql\": \"platform\"", with: "\"sql\": \"\(bad)\"") }
            try expectRefusal(run, mentions: ["dimensions[1].sql", "one SQL expression"], registry: path)
        }
        let table = try registry {
            $0.replacingOccurrences(of: "analytics.funnel_events", with: "analytics.funnel_events` WHERE 1=1 --")
        }
        try expectRefusal(run, mentions: ["template_variables.funnel_table", "table or dataset name"], registry: table)
        let long = String(repeating: "x", count: 50_000)
        let described = try registry {
            $0.replacingOccurrences(of: "Daily revenue funnel on the embedded demo warehouse", with: long)
        }
        try expectRefusal(run, mentions: ["description", "50000 bytes", "keep registry strings under"], registry: described)
    }

    @Test func aFolderOrAnUnreadableFileGetsASentenceThatSaysWhatItIs() throws {
        let folder = AACommand.temporaryFolder()
        for command in [["history"], run] {
            let result = AACommand.aa(command + ["--archive", folder, "--warehouse", demo.warehouse])
            #expect(result.status == 2)
            #expect(result.stderr.contains("is a folder, not an archive file"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder + ".lock"))
        }
        let binary = folder + "/rows.csv"
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x2C, 0x0A]).write(to: URL(fileURLWithPath: binary))
        try expectRefusal(["backtest", "--monitor", "revenue_funnel_demo", "--data", binary], mentions: ["binary data", "rows.csv"])
        try expectRefusal(["backtest", "--monitor", "revenue_funnel_demo", "--data", folder], mentions: ["is a folder, not a CSV file"])
    }

    @Test func aTruncatedArchiveIsCalledDamagedAndPointsAtTheWayBack() throws {
        let copy = demo.copy()
        let whole = try Data(contentsOf: URL(fileURLWithPath: demo.archive))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: copy.archive))
        for command in [["history"], ["verify"], run] {
            let result = AACommand.aa(command + ["--archive", copy.archive, "--warehouse", copy.warehouse])
            #expect(result.status == 1)
            #expect(result.stderr.contains("is damaged"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("aa archive recover --from"))
        }
    }

    @Test func unknownMonitor() throws {
        try expectRefusal(["run", "--monitors", "nope", "--date", "2026-06-30"], status: 3, mentions: ["nope", "revenue_funnel_demo"])
    }

    @Test func templateWithAnUnknownPlaceholder() throws {
        let path = try registry(
            { $0 }, template: "SELECT ds, {{dimension}} AS dimension_value FROM {{warehouse_table}} WHERE ds = @run_date")
        try expectRefusal(run, mentions: ["{{warehouse_table}}"], registry: path)
    }

    @Test func templateFileMissing() throws {
        let path = try registry { $0.replacingOccurrences(of: "revenue_funnel_demo.sql", with: "missing.sql") }
        try expectRefusal(run, mentions: ["missing.sql", "cannot be read"], registry: path)
    }

    @Test func badDate() throws {
        try expectRefusal(["run", "--date", "2026-02-30", "--monitors", "revenue_funnel_demo"], mentions: ["2026-02-30", "YYYY-MM-DD"])
    }

    @Test func futureDate() throws {
        try expectRefusal(["run", "--date", "2999-01-01", "--monitors", "revenue_funnel_demo"], mentions: ["2999-01-01", "not over yet"])
    }

    @Test func archivePathNotWritable() throws {
        let file = AACommand.temporaryFolder() + "/plain-file"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        try expectRefusal(run, status: 1, mentions: ["is a file, not a folder", "--archive"], archive: file + "/archive.sqlite")
    }

    @Test func fileThatIsNotAnArchive() throws {
        let file = AACommand.temporaryFolder() + "/notes.sqlite"
        try String(repeating: "not a database ", count: 20).write(toFile: file, atomically: true, encoding: .utf8)
        try expectRefusal(run, mentions: ["is not an aa archive"], archive: file)
        try expectRefusal(["alerts"], mentions: ["is not an aa archive"], archive: file)
    }

    @Test func archiveFromANewerAA() throws {
        let sqlite3 = try #require(AACommand.sqlite3)
        let copy = demo.copy()
        _ = AACommand.run(sqlite3, [copy.archive, "UPDATE meta SET value = '7' WHERE key = 'format_version'"])
        try expectRefusal(run, mentions: ["newer aa", "upgrade"], archive: copy.archive)
    }

    @Test func missingArchiveForAQuery() throws {
        try expectRefusal(
            ["alerts"], status: 3, mentions: ["no archive", "aa demo"], archive: AACommand.temporaryFolder() + "/none.sqlite")
    }

    @Test func missingDemoWarehouse() throws {
        _ = demo.demoResult
        let copy = demo.copy()
        let before = try Data(contentsOf: URL(fileURLWithPath: copy.archive))
        let result = AACommand.aa(run + ["--archive", copy.archive, "--warehouse", copy.folder + "/none.sqlite"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("does not exist; run `aa demo`"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy.archive)) == before)
    }

    @Test func unknownAnomalyId() throws {
        try expectRefusal(["why", "an_000000000000"], status: 3, mentions: ["an_000000000000", "aa alerts"])
    }

    @Test func unknownOptionAndMissingValue() throws {
        try expectRefusal(["run", "--dates", "2026-06-30"], mentions: ["--dates", "aa run --help"])
        try expectRefusal(["report", "--monitor"], mentions: ["--monitor needs a value"])
    }

    @Test func aSecondRunWhileOneHoldsTheArchiveIsRefused() throws {
        let copy = demo.copy()
        let descriptor = open(copy.archive + ".lock", O_RDWR | O_CREAT, 0o644)
        defer { close(descriptor) }
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        // A stale pid in the file does not fool it: the holder is named as the kernel sees it (this test process).
        _ = "4242\n".withCString { write(descriptor, $0, 5) }
        try expectRefusal(run, status: 1, mentions: ["another aa process (pid \(getpid()))", "--wait"], archive: copy.archive)
    }
}

/// Bad input for rebuild, backtest and labels: one sentence, non-zero exit, archive unchanged.
@Suite struct ReplayBadInputTests {
    let base = BadInputTests()

    @Test func rebuildWithARegistryThatDoesNotParse() throws {
        let registry = try base.registry { String($0.dropLast(5)) }
        try base.expectRefusal(
            ["rebuild", "--monitor", "revenue_funnel_demo", "--from", "2026-06-01"], mentions: ["not valid JSON"], registry: registry)
    }

    @Test func rebuildOverARangeWithNoArchivedPulls() throws {
        try base.expectRefusal(
            ["rebuild", "--monitor", "revenue_funnel_demo", "--from", "2020-01-01", "--to", "2020-01-31"], status: 3,
            mentions: ["no archived pulls", "2020-01-01"])
    }

    @Test func backtestCSVWithAMissingColumn() throws {
        let csv = AACommand.temporaryFolder() + "/rows.csv"
        try "ds,dimension,dimension_value,visitors,requests,quotes,hires\n2026-01-01,total,all,1,1,1,1\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        try base.expectRefusal(["backtest", "--monitor", "revenue_funnel_demo", "--data", csv], mentions: ["no column 'revenue'"])
    }

    @Test func backtestCSVWithANonNumericValueNamesLineAndColumn() throws {
        let csv = AACommand.temporaryFolder() + "/rows.csv"
        try
            "ds,dimension,dimension_value,visitors,requests,quotes,hires,revenue\n2026-01-01,total,all,1,1,1,1,2.5\n2026-01-02,total,all,1,lots,1,1,2.5\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        try base.expectRefusal(
            ["backtest", "--monitor", "revenue_funnel_demo", "--data", csv], mentions: ["line 3, column requests", "'lots'"])
    }

    @Test func labelOnAnUnknownAnomaly() throws {
        try base.expectRefusal(["label", "an_ffffffffffff", "--as", "true_positive"], status: 3, mentions: ["an_ffffffffffff"])
        try base.expectRefusal(["label", "an_ffffffffffff", "--as", "maybe"], mentions: ["true_positive, false_positive or expected"])
    }
}

/// Bad input for the AI analyst, re-analysis and narrative diffs: one sentence, non-zero exit, archive unchanged.
@Suite struct AnalystBadInputTests {
    let base = BadInputTests()

    @Test func aBaseURLThatIsNotHTTP() throws {
        try base.expectRefusal(
            base.run, mentions: ["OPENAI_BASE_URL is not a usable http(s) URL"], environment: ["OPENAI_BASE_URL": "ftp://models.local/v1"])
    }

    @Test func aTimeoutThatIsNotANumber() throws {
        try base.expectRefusal(
            base.run, mentions: ["AA_AI_TIMEOUT", "'soon'"], environment: ["OPENAI_API_KEY": "k", "AA_AI_TIMEOUT": "soon"])
    }

    @Test func aModelWithoutAnEndpoint() throws {
        try base.expectRefusal(base.run + ["--model", "gpt-4o"], mentions: ["--model needs an AI endpoint", "OPENAI_API_KEY"])
    }

    @Test func analystSettingsOutOfRangeNameTheirPath() throws {
        let registry = try base.registry { $0.replacingOccurrences(of: "\"max_turns\": 6", with: "\"max_turns\": 0") }
        try base.expectRefusal(base.run, mentions: ["analyst.max_turns", "between 1 and 20"], registry: registry)
    }

    @Test func reanalyzeWithoutAnEndpoint() throws {
        try base.expectRefusal(
            ["reanalyze", "--monitor", "revenue_funnel_demo", "--from", "2026-06-01"], mentions: ["needs an AI endpoint"])
    }

    @Test func reanalyzeOverARangeWithNoRuns() throws {
        try base.expectRefusal(
            ["reanalyze", "--monitor", "revenue_funnel_demo", "--from", "2020-01-01", "--to", "2020-01-02"], status: 3,
            mentions: ["no archived run", "2020-01-01"], environment: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1"])
    }

    @Test func diffOfADayWithOneAnalysis() throws {
        try base.expectRefusal(
            ["narratives", "diff", "--monitor", "revenue_funnel_demo", "2026-06-30"], status: 3, mentions: ["one analysis", "aa reanalyze"])
        try base.expectRefusal(["narratives", "diff", "ev_nope", "ev_nada"], status: 3, mentions: ["ev_nope is not an analysis"])
        try base.expectRefusal(
            ["narratives", "diff", "--monitor", "revenue_funnel_demo", "yesterday-ish"], mentions: ["neither an analysis id"])
    }
}
