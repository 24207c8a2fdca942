import CanonicalJSON
import Context
import EventArchive

/// Collects one run's events in order, chaining each to the one it was derived from.
struct RunRecorder {
    let runId: String
    let monitor: String
    let runDate: String
    let logicVersion: String
    let clock: WallClock
    private(set) var drafts: [EventDraft] = []

    package init(runId: String, monitor: String, runDate: String, logicVersion: String, clock: WallClock) {
        self.runId = runId
        self.monitor = monitor
        self.runDate = runDate
        self.logicVersion = logicVersion
        self.clock = clock
    }

    /// Notes, in `run.started`, the archived run a replay reads its rows from.
    mutating func noteSource(runId source: String) { noteOption("source_run_id", .string(source)) }

    /// Adds an option to `run.started` (a replay's source, a re-analysis's model).
    mutating func noteOption(_ key: String, _ value: JSONValue) {
        guard let first = drafts.first, var payload = first.payload.objectValue else { return }
        var options = payload["options"]?.objectValue ?? [:]
        options[key] = value
        payload["options"] = .object(options)
        drafts[0] = EventDraft(
            eventId: first.eventId, runId: first.runId, monitor: first.monitor, runDate: first.runDate, type: first.type,
            occurredAt: first.occurredAt, logicVersion: first.logicVersion, causationId: first.causationId, payload: .object(payload))
    }

    /// Records an event and returns its id, for use as a later event's cause.
    @discardableResult
    mutating func record(_ type: EventType, subject: String = "", derived: Bool = false, cause: String? = nil, _ payload: JSONValue)
        -> String
    {
        let id = EventDraft.makeId(runId: runId, type: type, subject: subject)
        drafts.append(
            EventDraft(
                eventId: id, runId: runId, monitor: monitor, runDate: runDate, type: type, occurredAt: clock.timestamp(),
                logicVersion: derived || type == .runStarted || type == .runCompleted ? logicVersion : nil, causationId: cause,
                payload: payload))
        return id
    }
}
