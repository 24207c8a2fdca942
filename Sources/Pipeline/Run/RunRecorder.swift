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
    /// What the run did about a crashed run's unresolved post, for its summary.
    var deliveryNote: String?
    /// How many of the drafts are in the archive already: a run commits those up to its delivery intent before it
    /// posts, and the rest at its end.
    private(set) var committed = 0

    /// The drafts not yet in the archive.
    var pending: [EventDraft] { Array(drafts[committed...]) }

    /// Notes that the ``pending`` drafts were appended.
    mutating func markCommitted() { committed = drafts.count }

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
        guard let first = drafts.first, var started = try? RunStarted(json: first.payload) else { return }
        started.options[key] = value
        drafts[0] = EventDraft(
            eventId: first.eventId, runId: first.runId, monitor: first.monitor, runDate: first.runDate, type: first.type,
            occurredAt: first.occurredAt, logicVersion: first.logicVersion, causationId: first.causationId, payload: started.json)
    }

    /// Records an event whose payload type serves one event type, and returns its id, for use as a later event's cause.
    @discardableResult
    mutating func record<P: SingleEventPayload>(_ payload: P, subject: String = "", derived: Bool = false, cause: String? = nil)
        -> String
    {
        record(payload, as: P.eventType, subject: subject, derived: derived, cause: cause)
    }

    /// Records an event of `type` (one of the types `P` serves) and returns its id.
    @discardableResult
    mutating func record<P: EventPayload>(
        _ payload: P, as type: EventType, subject: String = "", derived: Bool = false, cause: String? = nil
    )
        -> String
    {
        let payload = payload.json
        let id = EventDraft.makeId(runId: runId, type: type, subject: subject)
        drafts.append(
            EventDraft(
                eventId: id, runId: runId, monitor: monitor, runDate: runDate, type: type, occurredAt: clock.timestamp(),
                logicVersion: derived || type == .runStarted || type == .runCompleted ? logicVersion : nil, causationId: cause,
                payload: payload))
        return id
    }
}
