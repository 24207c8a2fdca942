import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Pipeline
import Slack

/// `aa labels pull`: the team's reactions on the alerts posted in bot mode, archived as labels.
enum LabelsCommand {
    static let spec = CommandSpec(
        name: "labels", summary: "Turn reactions on the alerts aa posted (bot mode) into labels: 👎 false positive, ✅ true positive.",
        usage: "aa labels pull [--monitors a,b] [--json]",
        options: [.wait, .monitors.taking("A,B").explained("only these monitors (default: every monitor posting in bot mode)")],
        examples: ["aa labels pull", "aa labels pull --monitors revenue_funnel --json"], maxPositionals: 1,
        actions: [
            ActionSpec(
                name: "pull", summary: "Read the bot channel's reactions and append a label per alert and reacting user, once.",
                usage: "aa labels pull [--monitors a,b] [--json]", examples: ["aa labels pull"])
        ], run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        guard invocation.arguments.positionals.first == "pull" else {
            throw PipelineError(.usage, "`aa labels` needs an action: `aa labels pull` reads the reactions on the posted alerts")
        }
        let loaded = try invocation.registry()
        var monitors = loaded.registry.monitors
        if let names = invocation.arguments.list(.monitors) {
            monitors = []
            for name in names { monitors.append(try loaded.monitor(name)) }
        }
        let delivery = RoutedDelivery(monitors: monitors, environment: console.environment, printer: { _ in })
        try delivery.check(monitors)
        let bots = delivery.bots(for: monitors)
        guard !bots.isEmpty else {
            throw PipelineError(
                .config,
                "reactions are read in bot mode: set SLACK_BOT_TOKEN and SLACK_CHANNEL (or the monitor's alerting.channel); "
                    + "a webhook cannot read its channel")
        }
        let results = try invocation.writing(create: false) { (store) throws(PipelineError) in
            try pull(bots, store: store, clock: invocation.clock)
        }
        if invocation.json {
            console.json(.array(results.map(json)), as: .labelsPull)
        } else {
            for result in results { console.out(text(result)) }
        }
        return results.contains { if case .failure = $0.pull { true } else { false } } ? 1 : 0
    }

    /// One bot channel's pull: the monitors posting in it, and the labels its reactions gave or why it was not read.
    typealias ChannelPull = (channel: String, monitors: [Monitor], pull: Result<ReactionLabels.Pull, PipelineError>)

    /// Reads each bot channel's reactions once and takes the labels they give its monitors' alerts: what `aa labels
    /// pull` does, and `aa run` first in bot mode so the day's baselines already leave out what the team called
    /// incidents.
    static func pull(_ bots: [(Monitor, SlackBotDelivery)], store: ArchiveStore, clock: WallClock) throws(PipelineError) -> [ChannelPull] {
        var results: [ChannelPull] = []
        for channel in Set(bots.map(\.1.channel)).sorted() {
            let posting = bots.filter { $0.1.channel == channel }
            guard let bot = posting.first?.1 else { continue }
            let monitors = posting.map(\.0)
            switch bot.reactedMessages() {
            case .failure(let failure): results.append((channel, monitors, .failure(PipelineError(.runtime, failure.sentence))))
            case .success(let messages):
                let pull = try ReactionLabels(monitors: monitors, store: store, clock: clock).take(messages)
                results.append((channel, monitors, .success(pull)))
            }
        }
        return results
    }

    static func json(_ entry: ChannelPull) -> JSONValue {
        var object: [String: JSONValue] = ["channel": .string(entry.channel), "monitors": .strings(entry.monitors.map(\.name))]
        switch entry.pull {
        case .failure(let error): object["error"] = .string(error.message)
        case .success(let pull):
            object["appended"] = .int(Int64(pull.appended))
            object["skipped"] = .strings(pull.skipped)
            object["labels"] = .array(
                pull.labels.map { l in
                    [
                        "monitor": .string(l.monitor), "anomaly_id": .string(l.anomalyId), "label": .string(l.label),
                        "user": .string(l.user), "reaction": .string(l.reaction), "appended": .bool(l.appended),
                    ]
                })
        }
        return .object(object)
    }

    static func text(_ entry: ChannelPull) -> String {
        switch entry.pull {
        case .failure(let error): return "\(entry.channel): \(error.message)"
        case .success(let pull):
            let taken = pull.labels.count - pull.appended
            var lines = [
                "\(entry.channel): \(pull.appended) label(s) appended from reactions" + (taken > 0 ? ", \(taken) already taken" : "")
            ]
            lines += pull.labels.filter(\.appended).map {
                "  \($0.monitor) \($0.anomalyId) \($0.label) (:\($0.reaction): by \($0.user))"
            }
            lines += pull.skipped.map { "  skipped: \($0)" }
            return lines.joined(separator: "\n")
        }
    }
}
