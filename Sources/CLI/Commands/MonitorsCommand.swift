import CanonicalJSON
import Context
import EventArchive
import Foundation
import GoogleCloud
import MonitorEngine
import Pipeline

/// `aa monitors list|validate|render`: inspect the registry.
enum MonitorsCommand {
    static let spec = CommandSpec(
        name: "monitors", summary: "List, validate, or render the SQL of the monitors in the registry.",
        usage: "aa monitors list | validate | render --monitor M [--date D] [--dry-run]",
        options: [
            .monitor.explained("monitor to render"),
            .date.explained("run date to render for (default yesterday)"),
            .dryRun.explained("render: ask BigQuery how many bytes each query would process (nothing runs or is billed)"),
        ],
        examples: [
            "aa monitors list", "aa monitors validate --registry my/monitors.json",
            "aa monitors render --monitor revenue_funnel --date 2026-11-20",
            "aa monitors render --monitor revenue_funnel --dry-run",
        ],
        maxPositionals: 1,
        actions: [
            ActionSpec(
                name: "list", summary: "List the registry's monitors.", usage: "aa monitors list [--json]", examples: ["aa monitors list"]),
            ActionSpec(
                name: "validate", summary: "Check the registry and every SQL template; one sentence per problem.",
                usage: "aa monitors validate [--registry FILE]", examples: ["aa monitors validate --registry my/monitors.json"]),
            ActionSpec(
                name: "render", summary: "Print a monitor's SQL for a day with its named parameters (nothing runs).",
                usage: "aa monitors render --monitor M [--date D] [--dry-run]",
                examples: ["aa monitors render --monitor revenue_funnel --date 2026-11-20"]),
        ], run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let given = try Options(invocation)
        let loaded = try invocation.registry()
        switch given.action {
        case .list:
            if invocation.json {
                console.json(
                    .array(
                        loaded.registry.monitors.map { m in
                            [
                                "name": .string(m.name), "description": .string(m.description), "source": .string(m.source.rawValue),
                                "template": .string(m.template), "dimensions": .array(m.dimensions.map { .string($0.name) }),
                                "metrics": .array(m.metrics.map { .string($0.name) }), "logic_version": .string(loaded.logicVersion(m)),
                            ]
                        }), as: .monitorsList)
            } else {
                console.table(
                    ["monitor", "source", "template", "dimensions", "metrics"],
                    loaded.registry.monitors.map { m in
                        [m.name, m.source.rawValue, m.template, m.dimensions.map(\.name).joined(separator: ","), String(m.metrics.count)]
                    }, expendable: ["template", "source"])
            }
        case .validate:
            if invocation.json {
                console.json(
                    ["registry": .string(loaded.path), "valid": true, "monitors": .int(Int64(loaded.registry.monitors.count))],
                    as: .monitorsValidate)
            } else {
                console.out("\(loaded.path): \(loaded.registry.monitors.count) monitor(s) valid, templates render")
            }
        case .render(let name, let date, let dryRun):
            let monitor = try loaded.monitor(name)
            let queries: [RenderedQuery]
            do { queries = try loaded.renderer(for: monitor).render(runDate: date) } catch {
                throw PipelineError(.config, error.description)
            }
            var bytes: [Int64?] = []
            if dryRun {
                guard monitor.source == .bigquery else {
                    throw PipelineError(.usage, "--dry-run asks BigQuery; \(monitor.name) reads the demo SQLite warehouse")
                }
                let warehouse = try WarehouseFactory(sqlitePath: invocation.warehousePath, environment: console.environment).warehouse(
                    for: monitor)
                for q in queries { bytes.append(try (warehouse as? BigQueryWarehouse)?.estimate(q) ?? nil) }
            }
            if invocation.json {
                console.json(
                    .array(
                        queries.enumerated().map { i, q in
                            [
                                "dimension": .string(q.dimension), "sql": .string(q.sql),
                                "parameters": .array(
                                    q.parameters.map {
                                        [
                                            "name": .string($0.name), "parameterType": ["type": .string($0.type)],
                                            "parameterValue": ["value": .string($0.value)],
                                        ]
                                    }),
                                "bytes_processed": i < bytes.count ? bytes[i].map { .int($0) } ?? .null : .null,
                            ]
                        }), as: .monitorsRender)
            } else {
                for (i, q) in queries.enumerated() {
                    console.out("-- monitor: \(monitor.name) · dimension: \(q.dimension) · source: \(monitor.source.rawValue)")
                    if i < bytes.count {
                        console.out("-- dry run: would process \(bytes[i].map { Format.bytes($0) } ?? "an unknown number of") bytes")
                    }
                    console.out("-- parameters: " + q.parameters.map { "@\($0.name) \($0.type) = '\($0.value)'" }.joined(separator: ", "))
                    console.out(q.sql.trimmingCharacters(in: .whitespacesAndNewlines) + ";\n")
                }
            }
        }
        return 0
    }

    /// `aa monitors`'s options, read once: which of its three actions, and render's monitor, day and dry run.
    struct Options {
        enum Action {
            case list
            case validate
            case render(monitor: String, date: Day, dryRun: Bool)
        }

        let action: Action

        init(_ invocation: Invocation) throws(PipelineError) {
            let args = invocation.arguments
            switch args.positionals.first ?? "list" {
            case "list": action = .list
            case "validate": action = .validate
            case "render":
                action = .render(
                    monitor: try args.required(.monitor, for: "monitors render"), date: try invocation.runDate(),
                    dryRun: args.flag(.dryRun))
            case let other:
                throw PipelineError(.usage, "unknown subcommand '\(other)' for `aa monitors`; use list, validate or render")
            }
        }
    }
}
