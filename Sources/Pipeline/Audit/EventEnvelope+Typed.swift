import Context
import EventArchive

extension EventEnvelope {
    /// The payload as `P` (``decode(_:)``, which upcasts old versions); a payload that does not decode is a damaged
    /// archive, so the sentence points at `aa verify`.
    package func typed<P: EventPayload>(_ type: P.Type) throws(PipelineError) -> P {
        do throws(PayloadError) {
            return try decode(P.self)
        } catch {
            throw PipelineError(.runtime, "event \(eventId) cannot be read (\(error.message)); run `aa verify`")
        }
    }
}

extension Array where Element == EventEnvelope {
    /// The payload of the first event of `type`, typed; nil when there is none.
    package func first<P: EventPayload>(_ payload: P.Type, of type: EventType? = nil) throws(PipelineError) -> P? {
        guard let event = first(where: { event in type.map { event.type == $0 } ?? P.eventTypes.contains(event.type) }) else {
            return nil
        }
        return try event.typed(payload)
    }

    /// The payloads of every event whose type `P` serves, typed, in order.
    package func all<P: EventPayload>(_ payload: P.Type) throws(PipelineError) -> [P] {
        var out: [P] = []
        for event in self where P.eventTypes.contains(event.type) { out.append(try event.typed(payload)) }
        return out
    }
}
