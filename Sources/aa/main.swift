import Foundation
import Pipeline

/// Every subcommand, in `aa --help` order.
let commands: [CommandSpec] = [
    RunCommand.spec, DemoCommand.spec, MonitorsCommand.spec, AlertsCommand.spec, WhyCommand.spec, ReportCommand.spec,
    NarrativesCommand.spec, HistoryCommand.spec, DeliverCommand.spec, RebuildCommand.spec, ReanalyzeCommand.spec, AuthCommand.spec,
    ArchiveCommand.spec, SyncCommand.spec, DatabricksCommand.spec, BacktestCommand.spec, LabelCommand.spec, PrecisionCommand.spec,
    ExportCommand.spec, VerifyCommand.spec, ProjectionsCommand.spec,
]

let console = Console(environment: ProcessInfo.processInfo.environment)
exit(Dispatcher.main(Array(CommandLine.arguments.dropFirst()), commands: commands, console: console))
