import Foundation
import TestSupport
import Testing

/// The bad-input campaign: each row is a command line (and environment) a user may get wrong, the exit code it must
/// give, a phrase its one-sentence error must hold, and — checked by ``BadInputTests/expectRefusal`` — an archive
/// left byte for byte as it was. The rows test the command line's logic, so they run in-process; one row in ten also
/// runs as the real binary, to show the two ways agree.
@Suite struct BadInputCampaignTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let status: Int32
        let phrase: String
        let environment: [String: String]

        init(_ arguments: [String], _ status: Int32, _ phrase: String, _ environment: [String: String] = [:]) {
            self.arguments = arguments
            self.status = status
            self.phrase = phrase
            self.environment = environment
        }

        var testDescription: String {
            environment.map { "\($0.key)=\($0.value) " }.sorted().joined() + "aa " + arguments.joined(separator: " ")
        }
    }

    static let cases: [Case] = [
        Case(["run", "--date", "2026-13-01"], 2, "'2026-13-01'"),
        Case(["run", "--date", "yesterday"], 2, "'yesterday'"),
        Case(["run", "--date", "2099-01-01"], 2, "is not over yet"),
        Case(["run", "--date"], 2, "--date"),
        Case(["run", "--monitors"], 2, "--monitors"),
        Case(["run", "--monitors", "nope"], 3, "'nope'"),
        Case(["run", "--monitors", "revenue_funnel_demo,nope"], 3, "'nope'"),
        Case(["run", "--model"], 2, "--model"),
        Case(["run", "--bogus"], 2, "--bogus"),
        Case(["run", "--date", "2026-11-20", "--date", "2026-11-21"], 2, "was given twice"),
        Case(["run", "--dry-run", "--dry-run=yes"], 2, "takes no value"),
        Case(["run", "extra-positional"], 2, "'extra-positional'"),
        Case(["run", "--wait", "soon"], 2, "'soon'"),
        // Readers never wait for a writer (they read beside it): --wait is a writer's option only.
        Case(["alerts", "--wait", "5"], 2, "unknown option --wait for `aa alerts`"),
        Case(["why", "an_x", "--wait"], 2, "unknown option --wait for `aa why`"),
        Case(["rebuild"], 2, "--monitor"),
        Case(["rebuild", "--monitor", "revenue_funnel_demo"], 2, "--from"),
        Case(["rebuild", "--monitor", "nope", "--from", "2026-11-01"], 3, "'nope'"),
        Case(["rebuild", "--monitor", "revenue_funnel_demo", "--from", "2026-11-10", "--to", "2026-11-01"], 2, "--from"),
        Case(["rebuild", "--monitor", "revenue_funnel_demo", "--from", "banana"], 2, "'banana'"),
        Case(["rebuild", "--monitor", "revenue_funnel_demo", "--from", "2020-01-01", "--to", "2020-01-31"], 3, "no archived pulls"),
        Case(["backtest"], 2, "--monitor"),
        Case(["backtest", "--monitor", "revenue_funnel_demo", "--data", "/nonexistent.csv"], 2, "cannot read /nonexistent.csv; check"),
        Case(["backtest", "--monitor", "revenue_funnel_demo", "--from", "2026-11-10", "--to", "2026-11-01"], 2, "is after --to"),
        Case(["backtest", "--monitor", "nope", "--from", "2026-11-01"], 3, "'nope'"),
        Case(["backtest", "--monitor", "revenue_funnel_demo", "--threads", "0"], 2, "--threads"),
        Case(["backtest", "--monitor", "revenue_funnel_demo", "--threads", "many"], 2, "--threads"),
        Case(["label"], 2, "`aa label` needs an"),
        Case(["label", "an_nope", "--as", "true_positive"], 3, "no anomaly with id an_nope"),
        Case(["label", "an_nope"], 2, "--as"),
        Case(["label", "an_nope", "--as", "maybe"], 2, "'maybe'"),
        Case(["why"], 2, "needs an anomaly id"),
        Case(["why", "an_nope"], 3, "no anomaly with id"),
        Case(["why", "an_nope", "extra"], 2, "'extra'"),
        Case(["report"], 2, "--monitor"),
        Case(["report", "--monitor", "revenue_funnel_demo", "--date", "2026-11-20", "--format", "pdf"], 2, "'pdf'"),
        Case(["report", "--monitor", "nope", "--date", "2026-11-20"], 3, "no completed run of nope"),
        Case(["report", "--monitor", "revenue_funnel_demo", "--date", "1999-01-01"], 3, "no completed run"),
        Case(["history", "--type", "bogus"], 3, "'bogus'"),
        Case(["history", "--monitor", "nope"], 3, "'nope'"),
        Case(["history", "--since", "banana"], 2, "'banana'"),
        Case(["history", "--limit", "-1"], 2, "'-1'"),
        Case(["alerts", "--since", "banana"], 2, "'banana'"),
        Case(["alerts", "--monitor", "nope"], 3, "'nope'"),
        Case(["narratives"], 2, "--monitor"),
        Case(["narratives", "diff"], 2, "takes two analysis ids"),
        Case(["narratives", "diff", "--monitor", "revenue_funnel_demo", "--date", "banana"], 2, "--date"),
        Case(["precision", "--monitor", "nope"], 3, "'nope'"),
        Case(["precision"], 2, "--monitor"),
        Case(["restatements", "--monitor", "nope"], 3, "'nope'"),
        Case(["restatements", "--since", "tomorrowish"], 2, "'tomorrowish'"),
        Case(["cost", "--since", "banana"], 2, "'banana'"),
        Case(["cost", "--monitor", "nope"], 3, "'nope'"),
        Case(["export", "--since", "banana"], 2, "'banana'"),
        Case(["export", "--type", "bogus"], 3, "'bogus'"),
        Case(["export", "--run", "run_nope"], 3, "'run_nope'"),
        Case(["sync", "--window"], 2, "--window goes with --pull"),
        Case(["sync", "--pull", "--window"], 2, "name it with --monitor"),
        Case(["sync", "--pull", "--monitor", "revenue_funnel", "--window", "--since", "7d"], 2, "cannot be used together"),
        Case(["sync", "--pull", "--monitor", "nope", "--window"], 2, "no monitor named 'nope'"),
        Case(["sync", "--pull", "--monitor", "revenue_funnel", "--window", "--date", "2999-01-01"], 2, "is not over yet"),
        Case(["export", "--output", "/nonexistent/dir/x.ndjson"], 1, "cannot write /nonexistent/dir/x.ndjson (No such file"),
        Case(["verify", "extra"], 2, "'extra'"),
        Case(["projections", "bogus"], 2, "'bogus'"),
        Case(["projections", "rebuild", "extra"], 2, "'extra'"),
        Case(["monitors", "bogus"], 2, "'bogus'"),
        Case(["monitors", "render", "--monitor", "nope"], 3, "'nope'"),
        Case(["monitors", "render"], 2, "--monitor"),
        Case(["monitors", "render", "--monitor", "revenue_funnel_demo", "--date", "banana"], 2, "'banana'"),
        Case(["site", "--since", "banana"], 2, "'banana'"),
        Case(["site", "--monitor", "nope"], 3, "'nope'"),
        Case(["site", "--publish", "ftp://x"], 2, "'ftp://x'"),
        Case(["site", "--publish", "gs://"], 2, "names no valid bucket"),
        Case(["deliver"], 2, "--pending"),
        Case(["deliver", "--pending", "--preview"], 2, "cannot be used together"),
        Case(["sync", "--status", "--pull"], 2, "cannot be used together"),
        Case(["sync", "--pull", "--since", "banana"], 2, "'banana'"),
        Case(["archive"], 2, "knows `init` and `recover`"),
        Case(["archive", "bogus"], 2, "knows `init` and `recover`"),
        Case(["archive", "init", "--from", "x"], 2, "--from"),
        Case(["reanalyze"], 2, "--monitor"),
        Case(["reanalyze", "--monitor", "nope", "--from", "7d"], 3, "'nope'"),
        Case(["demo", "--end", "banana"], 2, "'banana'"),
        Case(["demo", "--history", "0"], 2, "'0'"),
        Case(["demo", "--history", "many"], 2, "'many'"),
        Case(["completions", "bogus"], 2, "'bogus'"),
        Case(["databricks", "bogus"], 2, "'bogus'"),
        Case(["databricks", "run", "--cluster-id"], 2, "--cluster-id"),
        Case(["auth", "bogus"], 2, "knows only `status`"),
        Case(["bogus"], 2, "'bogus'"),
        Case(["--bogus"], 2, "'--bogus'"),
        Case(["help", "bogus"], 2, "'bogus'"),
        Case(
            ["run", "--date", "2026-06-20", "--monitors", "revenue_funnel_demo"], 2, "SLACK_WEBHOOK_URL", ["SLACK_WEBHOOK_URL": "ftp://x"]),
        Case(["run", "--date", "2026-06-20", "--monitors", "revenue_funnel_demo"], 2, "SLACK_CHANNEL", ["SLACK_BOT_TOKEN": "xoxb-test"]),
        Case(["run", "--date", "2026-06-20", "--monitors", "revenue_funnel_demo"], 2, "OPENAI_BASE_URL", ["OPENAI_BASE_URL": "notaurl"]),
        Case(
            ["run", "--date", "2026-06-20", "--monitors", "revenue_funnel_demo"], 2, "AA_REPORT_BASE_URL", ["AA_REPORT_BASE_URL": "ftp://x"]
        ),
        Case(
            ["run", "--date", "2026-06-20", "--monitors", "revenue_funnel"], 2, "GOOGLE_APPLICATION_CREDENTIALS",
            ["GOOGLE_APPLICATION_CREDENTIALS": "/nonexistent.json"]),
        Case(["site", "--publish", "gs://b/p", "--quiet"], 2, "STORAGE_EMULATOR_HOST", ["STORAGE_EMULATOR_HOST": "nope"]),
        Case(
            ["run", "--date", "2026-06-20", "--monitors", "revenue_funnel_demo"], 2, "AA_SLACK_API_URL",
            ["AA_SLACK_API_URL": "slack", "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_CHANNEL": "#a"]),
        Case(["deliver", "--pending"], 2, "SLACK_WEBHOOK_URL", ["SLACK_WEBHOOK_URL": "ftp://x"]),
        Case(["run", "--wait", "-5", "--date", "2026-06-20"], 2, "--wait takes seconds"),
        Case(["narratives", "--monitor", "nope"], 3, "'nope'"),
        // Addresses from the environment are read strictly: nothing added to the request, nothing sent in the clear.
        Case(day, 2, "control character", ["SLACK_WEBHOOK_URL": "http://127.0.0.1:9/x\r\nX-Injected: 1"]),
        Case(day, 2, "control character", ["SLACK_WEBHOOK_URL": "http://127.0.0.1:9/x\u{1B}[2J"]),
        Case(day, 2, "has a space", ["SLACK_WEBHOOK_URL": "http://127.0.0.1:9/services/a b"]),
        Case(day, 2, "port 99999", ["SLACK_WEBHOOK_URL": "http://localhost:99999/x"]),
        Case(day, 2, "port 0", ["SLACK_WEBHOOK_URL": "http://localhost:0/x"]),
        Case(day, 2, "user name or password", ["SLACK_WEBHOOK_URL": "https://user:secret@hooks.example/x"]),
        Case(day, 2, "outside ASCII", ["SLACK_WEBHOOK_URL": "https://hooks.example/\u{202E}x"]),
        Case(day, 2, "OPENAI_BASE_URL", ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1\r\nX-Injected: 1"]),
        Case(day, 2, "port 70000", ["OPENAI_BASE_URL": "http://127.0.0.1:70000/v1"]),
        Case(day, 2, "OPENAI_BASE_URL", ["OPENAI_BASE_URL": "http://me:pw@127.0.0.1:9/v1"]),
        Case(day, 2, "AA_AI_TIMEOUT", ["OPENAI_API_KEY": "sk-test", "AA_AI_TIMEOUT": "1e308"]),
        Case(day, 2, "AA_AI_TIMEOUT", ["OPENAI_API_KEY": "sk-test", "AA_AI_TIMEOUT": "inf"]),
        Case(
            day, 2, "AA_SLACK_API_URL",
            ["AA_SLACK_API_URL": "http://127.0.0.1:9/api\nX: y", "SLACK_BOT_TOKEN": "xoxb-t", "SLACK_CHANNEL": "#a"]),
        Case(day, 2, "AA_REPORT_BASE_URL", ["AA_REPORT_BASE_URL": "https://site.example/\treports/"]),
        Case(
            ["site", "--publish", "gs://b/p", "--quiet"], 2, "STORAGE_EMULATOR_HOST", ["STORAGE_EMULATOR_HOST": "http://127.0.0.1:1234567"]),
        Case(day, 2, "control character", ["SLACK_WEBHOOK_URL": "https://hooks.example/x\u{7F}"]),
        Case(day, 2, "has a space", ["SLACK_WEBHOOK_URL": "https://hooks.example/x y?z=1"]),
        Case(day, 2, "has a space", ["SLACK_WEBHOOK_URL": "https://hooks.example/services/T/B/X "]),
        Case(day, 2, "port", ["SLACK_WEBHOOK_URL": "https://hooks.example:123456/x"]),
        Case(day, 2, "user name or password", ["SLACK_WEBHOOK_URL": "https://token@hooks.example/x"]),
        Case(day, 2, "OPENAI_BASE_URL", ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1 X"]),
        Case(day, 2, "OPENAI_BASE_URL", ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1\tX"]),
        Case(day, 2, "OPENAI_BASE_URL", ["OPENAI_BASE_URL": "http://127.0.0.1:0/v1"]),
        Case(day, 2, "OPENAI_BASE_URL", ["OPENAI_BASE_URL": "file:///etc/passwd"]),
        Case(day, 2, "AA_AI_TIMEOUT", ["OPENAI_API_KEY": "sk-test", "AA_AI_TIMEOUT": "0"]),
        Case(day, 2, "AA_AI_TIMEOUT", ["OPENAI_API_KEY": "sk-test", "AA_AI_TIMEOUT": "-1"]),
        Case(day, 2, "AA_AI_TIMEOUT", ["OPENAI_API_KEY": "sk-test", "AA_AI_TIMEOUT": "3601"]),
        Case(day, 2, "AA_AI_TIMEOUT", ["OPENAI_API_KEY": "sk-test", "AA_AI_TIMEOUT": "nan"]),
        Case(day, 2, "AA_REPORT_BASE_URL", ["AA_REPORT_BASE_URL": "https://me:pw@site.example/"]),
        Case(day, 2, "AA_REPORT_BASE_URL", ["AA_REPORT_BASE_URL": "https://site.example:0/"]),
        Case(
            day, 2, "AA_SLACK_API_URL",
            ["AA_SLACK_API_URL": "https://slack.example:99999/api", "SLACK_BOT_TOKEN": "xoxb-t", "SLACK_CHANNEL": "#a"]),
        Case(
            ["site", "--publish", "gs://b/p", "--quiet"], 2, "STORAGE_EMULATOR_HOST",
            ["STORAGE_EMULATOR_HOST": "http://127.0.0.1:4443\r\nX: y"]),
        // Filters and ranges that name nothing, or days no run could be about.
        Case(["history", "--run", "run_nope"], 3, "no run with id 'run_nope'"),
        Case(["history", "--run", "run_2026-01-01_x_00000000", "--json"], 3, "no run with id"),
        Case(["demo", "--end", "1900-03-01"], 2, "is before 1970-01-01"),
        Case(["demo", "--end", "9999-12-31"], 2, "is not over yet"),
        Case(["run", "--date", "1969-12-31"], 2, "is before 1970-01-01"),
        Case(
            ["rebuild", "--monitor", "revenue_funnel_demo", "--from", "2026-06-01", "--to", "9999-12-31"], 2,
            "--to 9999-12-31 is not over yet"),
        Case(["rebuild", "--monitor", "revenue_funnel_demo", "--from", "1950-01-01"], 2, "--from 1950-01-01 is before"),
        Case(["backtest", "--monitor", "revenue_funnel_demo", "--to", "9999-12-31"], 2, "--to 9999-12-31 is not over yet"),
        Case(
            ["backtest", "--monitor", "revenue_funnel_demo", "--from", "1900-01-01", "--to", "2026-06-01"], 2, "--from 1900-01-01 is before"
        ),
        Case(["reanalyze", "--monitor", "revenue_funnel_demo", "--from", "2026-06-01", "--to", "3000-01-01"], 2, "--to 3000-01-01"),
        Case(["demo", "--end", "1969-12-31"], 2, "is before 1970-01-01"),
        Case(
            ["backtest", "--monitor", "revenue_funnel_demo", "--from", "1969-01-01", "--to", "1970-02-01"], 2, "--from 1969-01-01 is before"
        ),
        Case(
            ["rebuild", "--monitor", "revenue_funnel_demo", "--from", "2026-06-01", "--to", "2999-01-01", "--dry-run"], 2, "--to 2999-01-01"
        ),
        Case(["reanalyze", "--monitor", "revenue_funnel_demo", "--from", "1950-01-01"], 2, "--from 1950-01-01 is before"),
        // Waits, registry paths and outputs that cannot work.
        Case(["run", "--wait", "1e308", "--date", "2026-06-20"], 2, "--wait takes seconds"),
        Case(["run", "--wait", "nan", "--date", "2026-06-20"], 2, "--wait takes seconds"),
        Case(["label", "an_x", "--as", "expected", "--wait", "86401"], 2, "--wait takes seconds"),
        Case(["label", "an_x", "--as", "true_positive", "--wait", "-1"], 2, "--wait takes seconds"),
        Case(["monitors", "--registry", "/dev/zero"], 2, "not a regular file"),
        Case(["monitors", "--registry", "/tmp"], 2, "not a regular file"),
        Case(["run", "--date", "2026-06-20", "--registry", "/"], 2, "not a regular file"),
        Case(["monitors", "--registry", "/nonexistent/monitors.json"], 3, "No such file"),
        Case(["export", "--output", "/dev/full"], 1, "No space left on device"),
        Case(["site", "--out", "/etc/hostname", "--quiet"], 2, "is a file; give --out a folder"),
        // Run ids and names that carry escape sequences.
        Case(["history", "--run", "run_2026-06-30_revenue_funnel_demo_ffffffff"], 3, "no run with id"),
        Case(["history", "--run", "run_nope", "--type", "run.started"], 3, "no run with id"),
        Case(["run", "--date", "2026-06-20", "--monitors", "revenue_funnel_demo\u{1B}[2J"], 3, "‹U+001B›[2J"),
        Case(["why", "an_\u{202E}x"], 3, "an_‹U+202E›x"),
    ]

    static let day = ["run", "--date", "2026-06-20", "--monitors", "revenue_funnel_demo"]

    @Test func theTableHasAtLeastOneHundredAndFiftyRows() { #expect(Self.cases.count >= 150) }

    @Test(arguments: cases)
    func refused(_ bad: Case) throws {
        try BadInputTests().expectRefusal(
            bad.arguments, status: bad.status, mentions: [bad.phrase], environment: bad.environment, way: .inProcess)
        if Self.cases.firstIndex(where: { $0.testDescription == bad.testDescription }).map({ $0 % 10 == 0 }) == true {
            try BadInputTests().expectRefusal(bad.arguments, status: bad.status, mentions: [bad.phrase], environment: bad.environment)
        }
    }
}
