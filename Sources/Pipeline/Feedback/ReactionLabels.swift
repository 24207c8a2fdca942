import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Slack

/// A team's reactions on the alerts aa posted in one bot channel, turned into labels: a 👎 on a message labels each
/// of its alerts `false_positive`, a ✅ `true_positive` (the posting monitor's `alerting.reaction_labels`), as
/// `anomaly.labeled` events whose source is the reacting user. A reaction already taken is not taken twice; one that
/// cannot be taken — its user is not one of `alerting.labelers`, or no monitor of the channel posted the message —
/// is skipped with a sentence.
package struct ReactionLabels {
    /// One label a reaction gave (or had already given) an alert.
    package struct Label: Sendable, Equatable {
        package let monitor: String
        package let anomalyId: String
        package let label: String
        package let user: String
        package let reaction: String
        /// False when this user's reaction had already given the alert this label.
        package let appended: Bool
    }

    /// What a pull of one channel's reactions did.
    package struct Pull: Sendable {
        package var labels: [Label] = []
        package var skipped: [String] = []
        /// Labels appended by this pull.
        package var appended: Int { labels.filter(\.appended).count }
    }

    /// The monitors posting in the channel, by name.
    let monitors: [String: Monitor]
    let store: ArchiveStore
    let clock: WallClock

    package init(monitors: [Monitor], store: ArchiveStore, clock: WallClock) {
        self.monitors = Dictionary(monitors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.store = store
        self.clock = clock
    }

    /// Takes the labels `messages` give the posted alerts of the channel's monitors.
    package func take(_ messages: [ReactedMessage]) throws(PipelineError) -> Pull {
        // Most mornings no message carries a labelling reaction: the archive is not read then.
        let labelling = messages.filter { m in
            m.reactions.contains { r in monitors.values.contains { $0.alerting.reactionLabels[r.name] != nil } }
        }
        guard !labelling.isEmpty else { return Pull() }
        let reader = ArchiveReader(store: store)
        let posted = try postedMessages(reader)
        var latest = try latestLabels(reader)
        var pull = Pull()
        for message in labelling {
            guard let sent = posted[message.ts], let monitor = monitors[sent.monitor] else {
                pull.skipped.append("reactions on message \(message.ts) were skipped: this archive has no alert posted as it")
                continue
            }
            let labelled = message.reactions.compactMap { r in monitor.alerting.reactionLabels[r.name].map { (r, $0) } }
            guard !labelled.isEmpty else { continue }
            let alerts = try alertIds(of: sent, reader)
            if alerts.isEmpty {
                pull.skipped.append("reactions on message \(message.ts) were skipped: it carries no alert to label")
                continue
            }
            for (reaction, label) in labelled {
                for user in reaction.users {
                    if !monitor.alerting.labelers.isEmpty, !monitor.alerting.labelers.contains(user) {
                        pull.skipped.append(
                            ":\(reaction.name): by \(user) on message \(message.ts) was skipped: \(user) is not one of alerting.labelers")
                        continue
                    }
                    for anomalyId in alerts {
                        let source = "slack:\(user)"
                        let key = "\(anomalyId)|\(source)"
                        let fresh = latest[key] != label
                        if fresh {
                            _ = try Labeling.label(
                                anomalyId: anomalyId, as: label, note: "Slack reaction :\(reaction.name): by \(user)", source: source,
                                store: store, clock: clock)
                            latest[key] = label
                        }
                        pull.labels.append(
                            Label(
                                monitor: monitor.name, anomalyId: anomalyId, label: label, user: user, reaction: reaction.name,
                                appended: fresh))
                    }
                }
            }
        }
        return pull
    }

    /// The archive's posted messages (`message.sent` with a bot receipt) by their Slack `ts`.
    private func postedMessages(_ reader: ArchiveReader) throws(PipelineError) -> [String: EventEnvelope] {
        let sent = try reader.wrap { () throws(ArchiveError) in try store.events(EventFilter(types: [.messageSent])) }
        var byTs: [String: EventEnvelope] = [:]
        for event in sent {
            if let ts = try event.typed(MessageRecord.self).receipt["ts"]?.stringValue { byTs[ts] = event }
        }
        return byTs
    }

    /// The latest label each (anomaly, source) gave, from the archive's `anomaly.labeled` events.
    private func latestLabels(_ reader: ArchiveReader) throws(PipelineError) -> [String: String] {
        let events = try reader.wrap { () throws(ArchiveError) in
            try store.events(EventFilter(types: [.anomalyLabeled]))
        }
        var latest: [String: String] = [:]
        for event in events {
            let labeled = try event.typed(AnomalyLabeled.self)
            if let source = labeled.source { latest["\(labeled.anomalyId)|\(source)"] = labeled.label }
        }
        return latest
    }

    /// The anomaly ids of the alerts a posted message carried: its run's alerting findings named in its alert keys.
    private func alertIds(of sent: EventEnvelope, _ reader: ArchiveReader) throws(PipelineError) -> [String] {
        let keys = Set(try sent.typed(MessageRecord.self).alertKeys)
        var ids: [String] = []
        for event in try reader.runEvents(sent.runId, types: [.anomalyFlagged]) {
            let flagged = try event.typed(AnomalyFlagged.self)
            let key = "\(flagged.metric)|\(flagged.dimension)|\(flagged.slice)|\(flagged.severity)"
            if flagged.alerts, keys.contains(key) { ids.append(flagged.anomalyId) }
        }
        return ids
    }
}
