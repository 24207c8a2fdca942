import Context
import Foundation

/// The `aa` command line as a library: the executable calls ``main(_:console:clock:)``, and tests call it in-process
/// with a captured console and a pinned clock.
package enum AA {
    /// Every subcommand, in `aa --help` order.
    static let commands: [CommandSpec] = [
        RunCommand.spec, DemoCommand.spec, MonitorsCommand.spec, AlertsCommand.spec, WhyCommand.spec, ReportCommand.spec,
        NarrativesCommand.spec, HistoryCommand.spec, DeliverCommand.spec, RebuildCommand.spec, ReanalyzeCommand.spec,
        AuthCommand.spec, ArchiveCommand.spec, SyncCommand.spec, DatabricksCommand.spec, BacktestCommand.spec, LabelCommand.spec,
        LabelsCommand.spec,
        PrecisionCommand.spec, CostCommand.spec, RestatementsCommand.spec, ExportCommand.spec, SiteCommand.spec, VerifyCommand.spec,
        ProjectionsCommand.spec,
        CompletionsCommand.spec,
    ]

    /// Runs one command line (without the program name) and returns the exit status.
    package static func main(_ arguments: [String], environment: [String: String], clock: WallClock) -> Int32 {
        Dispatcher.main(arguments, commands: commands, console: Console(environment: environment), clock: clock)
    }

    /// Runs one command line against `console` and returns the exit status.
    static func main(_ arguments: [String], console: Console, clock: WallClock) -> Int32 {
        Dispatcher.main(arguments, commands: commands, console: console, clock: clock)
    }
}
