import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// The conventions of swift-argument-parser tools, checked in-process (pinned clock) and through the binary.
@Suite struct CLIConventionsTests {
    static let registry = AACommand.repository + "/queries/monitors.json"

    @Test func todayComesFromTheInjectedClock() {
        let render = InProcess.aa(
            ["monitors", "render", "--monitor", "revenue_funnel_demo", "--date", "1d", "--registry", Self.registry], today: "2026-11-21")
        #expect(render.status == 0)
        #expect(render.stdout.contains("@run_date DATE = '2026-11-20', @start_date DATE = '2026-08-21'"))
        let notOver = InProcess.aa(
            ["monitors", "render", "--monitor", "revenue_funnel_demo", "--date", "2026-11-20", "--registry", Self.registry],
            today: "2026-11-20")
        #expect(notOver.status == 2)
        #expect(
            notOver.stderr == "aa: error: --date 2026-11-20 is not over yet (today is 2026-11-20 UTC); monitor a day up to 2026-11-19\n")
    }

    @Test func doubleDashEndsTheOptions() {
        let result = InProcess.aa(["monitors", "--", "--json"], today: "2026-11-21")
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown subcommand '--json' for `aa monitors`"))
        #expect(result.stdout.isEmpty)
    }

    @Test func misspeltCommandsAndOptionsGetASuggestion() {
        let command = InProcess.aa(["alrts"], today: "2026-11-21")
        #expect(command.status == 2)
        #expect(command.stderr == "aa: error: unknown command 'alrts' (did you mean alerts?); run `aa --help` to list commands\n")
        let option = InProcess.aa(["alerts", "--sinse", "7d"], today: "2026-11-21")
        #expect(option.status == 2)
        #expect(option.stderr.contains("unknown option --sinse for `aa alerts` (did you mean --since?)"))
        let unrelated = InProcess.aa(["frobnicate"], today: "2026-11-21")
        #expect(!unrelated.stderr.contains("did you mean"))
    }

    @Test func shortVersionFlagMatchesTheLongOne() {
        let short = InProcess.aa(["-V"], today: "2026-11-21")
        let long = InProcess.aa(["--version"], today: "2026-11-21")
        #expect(short.status == 0)
        #expect(short.stdout.hasPrefix("aa "))
        #expect(short.stdout == long.stdout)
    }

    @Test func helpShowsANestedCommand() {
        let nested = InProcess.aa(["help", "narratives", "diff"], today: "2026-11-21")
        #expect(nested.status == 0)
        #expect(nested.stdout.contains("Usage: aa narratives diff (A B | --monitor M D1 [D2])"))
        #expect(!nested.stdout.contains("Usage: aa narratives --monitor M [--from D]"))
        #expect(InProcess.aa(["narratives", "diff", "--help"], today: "2026-11-21").stdout == nested.stdout)
        let parent = InProcess.aa(["help", "narratives"], today: "2026-11-21")
        #expect(parent.stdout.contains("Commands (`aa help narratives <command>` for one):\n  diff"))
        let unknown = InProcess.aa(["help", "narratives", "dif"], today: "2026-11-21")
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "aa: error: `aa narratives` has no command 'dif' (it has diff)\n")
    }

    @Test func aRepeatedSingleValueOptionIsRefused() {
        let result = InProcess.aa(["alerts", "--since", "3d", "--since", "4d"], today: "2026-11-21")
        #expect(result.status == 2)
        #expect(result.stderr == "aa: error: --since was given twice (3d and 4d); give it once\n")
    }

    @Test func conflictingOptionsAreRefused() {
        let result = InProcess.aa(
            ["report", "--monitor", "m", "--date", "2026-11-20", "--format", "md", "--json", "--archive", "/nonexistent/a.sqlite"],
            today: "2026-11-21")
        #expect(result.status == 2)
        #expect(result.stderr == "aa: error: --format md and --json cannot be used together; choose one\n")
        let range = InProcess.aa(
            ["backtest", "--monitor", "revenue_funnel_demo", "--data", "rows.csv", "--from", "30d", "--registry", Self.registry],
            today: "2026-11-21")
        #expect(range.status == 2)
        #expect(range.stderr == "aa: error: --data and --from cannot be used together; choose one\n")
        let both = InProcess.aa(["deliver", "--preview", "--pending", "--monitor", "m"], today: "2026-11-21")
        #expect(both.status == 2)
        #expect(both.stderr == "aa: error: --preview and --pending cannot be used together; choose one\n")
    }

    @Test func filtersThatNameNothingSaySo() {
        let fixture = DemoFixture.shared
        let monitor = InProcess.aa(["alerts", "--monitor", "revenue_funnel_dem"] + fixture.paths, today: "2026-07-01")
        #expect(monitor.status == 3)
        #expect(monitor.stderr.contains("no run of a monitor named 'revenue_funnel_dem' is archived"))
        #expect(monitor.stderr.contains("(did you mean revenue_funnel_demo?)"))
        let type = InProcess.aa(["history", "--type", "bogus"] + fixture.paths, today: "2026-07-01")
        #expect(type.status == 3)
        #expect(type.stderr.hasPrefix("aa: error: there is no event type 'bogus'; types are run.started, data.pulled"))
        let known = InProcess.aa(
            ["alerts", "--monitor", "revenue_funnel_demo", "--since", "60d", "--json"] + fixture.paths, today: "2026-07-01")
        #expect(known.status == 0)
        #expect(known.stdout.contains("\"monitor\": \"revenue_funnel_demo\""))
    }

    @Test func aSliceIsAcceptedAsTheTablesPrintIt() throws {
        let fixture = DemoFixture.shared
        let alerts = InProcess.aa(["alerts", "--since", "60d", "--json"] + fixture.paths, today: "2026-07-01")
        let line = try #require(alerts.stdout.split(separator: "\n").first { $0.contains("\"anomaly_id\"") })
        let id = String(line.split(separator: "\"")[3])
        let show = InProcess.aa(["history", "--type", "anomaly.flagged", "--json", "--payload"] + fixture.paths, today: "2026-07-01")
        #expect(show.status == 0)
        let why = InProcess.aa(["why", id] + fixture.paths, today: "2026-07-01")
        let header = try #require(why.stdout.split(separator: "\n").dropFirst().first)
        // "  metric [dimension=slice] went …": ask for the same finding by date, metric and dimension=slice.
        let bracket = try #require(header.firstIndex(of: "["))
        let metric = header[..<bracket].trimmingCharacters(in: .whitespaces)
        let qualified = String(header[header.index(after: bracket)...].prefix { $0 != "]" })
        let date = try #require(why.stdout.split(separator: "\n").first?.split(separator: " ").last)
        let byName = InProcess.aa(
            ["why", "--monitor", "revenue_funnel_demo", "--date", String(date), "--metric", metric, "--slice", qualified]
                + fixture.paths, today: "2026-07-01")
        #expect(byName.status == 0)
        #expect(byName.stdout.hasPrefix("Anomaly "))
        let bare = InProcess.aa(
            [
                "why", "--monitor", "revenue_funnel_demo", "--date", String(date), "--metric", metric, "--slice",
                String(qualified.split(separator: "=").last ?? ""),
            ] + fixture.paths, today: "2026-07-01")
        #expect(bare.stdout == byName.stdout)
    }

    @Test func dashReadsTheRegistryFromStandardInput() throws {
        let registry = try String(contentsOfFile: Self.registry, encoding: .utf8)
        let piped = AACommand.run(AACommand.binary, ["monitors", "list", "--registry", "-"], input: registry)
        let file = AACommand.aa(["monitors", "list", "--registry", Self.registry])
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("revenue_funnel_demo"))
        #expect(piped.stdout == file.stdout)
    }

    @Test func dashReadsBacktestDataFromStandardInputAndExportWritesToStandardOutput() throws {
        let csv = try String(contentsOfFile: DemoFixture.csv, encoding: .utf8)
        let arguments = ["backtest", "--monitor", "revenue_funnel_demo", "--json", "--quiet"]
        let piped = AACommand.run(AACommand.binary, arguments + ["--data", "-"], input: csv)
        let file = AACommand.aa(arguments + ["--data", DemoFixture.csv])
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("\"days\": 200,\n  \"findings\": [\n    {"))
        #expect(piped.stdout == file.stdout)
        let fixture = DemoFixture.shared
        let dash = AACommand.aa(["export", "--output", "-", "--type", "run.completed"] + fixture.paths)
        let plain = AACommand.aa(["export", "--type", "run.completed"] + fixture.paths)
        #expect(dash.status == 0)
        #expect(dash.stdout.split(separator: "\n").count == 61) // 60 days, the last one run twice (before its load finished)
        #expect(dash.stdout == plain.stdout)
    }

    @Test func bashCompletionCompletesCommandsNestedCommandsAndOptions() throws {
        let script = InProcess.aa(["completions", "bash"], today: "2026-11-21")
        #expect(script.status == 0)
        let file = AACommand.temporaryFolder() + "/aa.bash"
        try script.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        func complete(_ words: [String]) -> String {
            let list = words.map { "'\($0)'" }.joined(separator: " ")
            let body = "source '\(file)'; COMP_WORDS=(\(list)); COMP_CWORD=\(words.count - 1); _aa; echo \"${COMPREPLY[*]}\""
            return AACommand.run("/bin/bash", ["-c", body]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(complete(["aa", "narr"]) == "narratives")
        #expect(complete(["aa", "narratives", "d"]) == "diff")
        #expect(complete(["aa", "alerts", "--si"]) == "--since")
        #expect(complete(["aa", "backtest", "--da"]) == "--data")
    }

    @Test func zshAndFishCompletionsNameEveryCommandAndOption() {
        let zsh = InProcess.aa(["completions", "zsh"], today: "2026-11-21").stdout
        let fish = InProcess.aa(["completions", "fish"], today: "2026-11-21").stdout
        #expect(zsh.hasPrefix("#compdef aa\n"))
        for command in ["run", "alerts", "narratives", "completions"] {
            #expect(zsh.contains("        \(command)) entries=("))
            #expect(fish.contains("complete -c aa -n __fish_use_subcommand -a \(command) -d '"))
        }
        #expect(zsh.contains("'--since:run dates on or after D (YYYY-MM-DD or Nd; default 30d)'"))
        #expect(fish.contains("complete -c aa -n '__fish_seen_subcommand_from narratives' -a diff -d '"))
        let refused = InProcess.aa(["completions", "tcsh"], today: "2026-11-21")
        #expect(refused.status == 2)
        #expect(refused.stderr == "aa: error: no completions for 'tcsh'; use bash, zsh or fish\n")
    }
}

/// What bash completes, run for real: the generated script sourced in bash with `aa` on the PATH, words set as
/// a shell would set them.
@Suite struct CompletionValueTests {
    static let fixture = DemoFixture.shared

    static func complete(_ words: [String]) throws -> [String] {
        let folder = AACommand.temporaryFolder()
        try FileManager.default.createSymbolicLink(atPath: folder + "/aa", withDestinationPath: AACommand.binary)
        try AACommand.aa(["completions", "bash"]).stdout.write(toFile: folder + "/aa.bash", atomically: true, encoding: .utf8)
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let script =
            "source \(folder)/aa.bash; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _aa; printf '%s\\n' \"${COMPREPLY[@]}\""
        let environment = [
            "PATH": folder + ":/usr/bin:/bin", "AA_ARCHIVE": fixture.copy().archive,
            "AA_REGISTRY": AACommand.repository + "/queries/monitors.json",
        ]
        let result = AACommand.run("/bin/bash", ["-c", script], environment: environment)
        return result.stdout.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    @Test func monitorNamesFixedChoicesAndAnomalyIdsComplete() throws {
        #expect(try Self.complete(["aa", "alerts", "--monitor", ""]) == ["revenue_funnel", "revenue_funnel_demo"])
        #expect(try Self.complete(["aa", "run", "--monitors", "revenue_funnel_d"]) == ["revenue_funnel_demo"])
        #expect(try Self.complete(["aa", "report", "--format", ""]) == ["md", "json"])
        #expect(try Self.complete(["aa", "label", "an_x", "--as", "f"]) == ["false_positive"])
        let alerts = try JSONValue.parse(
            AACommand.aa(["alerts", "--since", "2000-01-01", "--json", "--archive", Self.fixture.copy().archive]).stdout)
        let ids = Set((alerts.items ?? []).compactMap { $0["anomaly_id"]?.stringValue })
        let completed = try Self.complete(["aa", "why", "an_"])
        #expect(!ids.isEmpty && Set(completed) == ids, "\(completed.count) completed, \(ids.count) current")
        // After the id, options again.
        #expect(try Self.complete(["aa", "why", "an_x", "--js"]) == ["--json"])
    }
}

/// Tables fit the terminal and colour severities there; pipes get every column whole and no escape codes.
@Suite struct TerminalOutputTests {
    static let paths = DemoFixture.shared.paths
    /// `line` as the terminal shows it: without colour codes.
    static func visible(_ line: String) -> String { line.replacing(/\u{1B}\[[0-9;]*m/, with: "") }

    static func alerts(_ environment: [String: String], _ extra: [String] = []) -> [String] {
        let result = InProcess.aa(["alerts", "--since", "60d"] + extra + paths, today: "2026-07-01", environment: environment)
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func aTableFitsEightyColumnsWithSeveritiesInColour() {
        let lines = Self.alerts(["COLUMNS": "80", "CLICOLOR_FORCE": "1"])
        #expect(lines.count > 5)
        for line in lines {
            #expect(Self.visible(line).count <= 80, "\(line)")
        }
        #expect(lines.contains { $0.contains("\u{1B}[31mcritical\u{1B}[0m") })
        #expect(lines.last == "(hidden to fit: monitor, status, value, baseline; --wide shows all)")
        #expect(lines.first == "date        anomaly          severity  metric        slice             change")
    }

    /// At 80 columns `aa history` keeps when and for which day an event happened, and lets the long ids go first.
    @Test func historyAtEightyColumnsKeepsTheTimesAndDropsTheIds() {
        let result = InProcess.aa(["history", "--since", "60d"] + Self.paths, today: "2026-07-01", environment: ["COLUMNS": "80"])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count > 5 && lines.allSatisfy { $0.count <= 80 }, "\(lines.prefix(3))")
        let header = lines.first ?? ""
        #expect(header.contains("occurred_at") && header.contains("run_date") && !header.contains("event_id"), "\(header)")
        let note = lines.last ?? ""
        #expect(note.hasPrefix("(hidden to fit:") && note.contains("event_id") && !note.contains("occurred_at"), "\(note)")
    }

    @Test func wideKeepsEveryColumnAndAPipeGetsNoColour() {
        let wide = Self.alerts(["COLUMNS": "80"], ["--wide"])
        let piped = Self.alerts([:])
        #expect(wide == piped)
        #expect(piped.contains { $0.count > 80 })
        #expect(!piped.contains { $0.contains("\u{1B}[") || $0.contains("hidden to fit") })
        let noColour = Self.alerts(["COLUMNS": "80", "CLICOLOR_FORCE": "1", "NO_COLOR": "1"])
        #expect(!noColour.contains { $0.contains("\u{1B}[") })
        #expect(noColour.allSatisfy { $0.count <= 80 } && !noColour.isEmpty)
    }
}
