import EventArchive
import MonitorEngine

/// One option a command accepts, for parsing and for `--help`.
struct OptionSpec: Sendable {
    let name: String
    /// Placeholder for the value (`D`, `FILE`); nil for a flag.
    let value: String?
    let help: String
    /// The value may be left out (`--wait` or `--wait 600`): a following number is taken, anything else is not.
    var optionalValue = false
    /// The values it takes, when they are a fixed few: what a shell completes after it.
    var choices: [String] = []

    static func flag(_ name: String, _ help: String) -> OptionSpec { OptionSpec(name: name, value: nil, help: help) }
    static func value(_ name: String, _ placeholder: String, _ help: String, choices: [String] = []) -> OptionSpec {
        OptionSpec(name: name, value: placeholder, help: help, choices: choices)
    }
    /// An option whose numeric value may be left out; it then reads as the empty string.
    static func optionalNumber(_ name: String, _ placeholder: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, value: placeholder, help: help, optionalValue: true)
    }

    /// `--wait [SECONDS]`, for the commands that write to the archive (a reader never waits: it reads beside a writer).
    static let wait = optionalNumber(
        "--wait", "[SECONDS]", "when another aa is writing to the archive, wait for it (default an hour) instead of refusing")

    /// `--source local|bigquery`, for the commands that can answer from the BigQuery archive table.
    static let source = value(
        "--source", "S", "local (default) or bigquery: answer from the BigQuery archive table (hydrated into a temporary copy)",
        choices: ["local", "bigquery"])
}

/// Options every command accepts.
enum GlobalOptions {
    static let all: [OptionSpec] = [
        .value("--archive", "FILE", "archive file (default .aa/archive.sqlite, or AA_ARCHIVE)"),
        .value("--registry", "FILE", "monitor registry (default queries/monitors.json, or AA_REGISTRY; - reads stdin)"),
        .value(
            "--warehouse", "FILE",
            "SQLite warehouse for `source: sqlite` monitors (default .aa/demo-warehouse.sqlite, or AA_DEMO_WAREHOUSE)"),
        .flag("--json", "machine-readable output on stdout"),
        .flag("--wide", "tables keep every column whole instead of fitting the terminal"),
        .flag("--help", "show this help"),
    ]
}
