import CanonicalJSON

extension EventEnvelope {
    /// The payload decoded as `P`, which must be the payload type of this event's type, in the current schema
    /// version of its type whatever version was archived (``PayloadUpcaster``): the one way a payload is read.
    ///
    /// ```swift
    /// let flagged = try event.decode(AnomalyFlagged.self)
    /// ```
    public func decode<P: EventPayload>(_: P.Type) throws(PayloadError) -> P {
        guard P.eventTypes.contains(type) else { throw PayloadError("it is \(type.rawValue), not \(P.self)") }
        return try P(json: PayloadUpcaster.upcast(self))
    }
}

/// Every payload type by the event types it serves.
public enum EventPayloads {
    /// The payload type of `type`.
    public static func type(of type: EventType) -> any EventPayload.Type {
        switch type {
        case .runStarted: RunStarted.self
        case .dataPulled: DataPulled.self
        case .dataIncomplete: DataIncomplete.self
        case .dataRestated: DataRestated.self
        case .metricsComputed: MetricsComputed.self
        case .anomalyFlagged: AnomalyFlagged.self
        case .analysisProduced: AnalysisProduced.self
        case .analysisFailed: AnalysisFailed.self
        case .messageSent, .messageFailed, .messageSkipped, .messageSending, .messageUnknown: MessageRecord.self
        case .runCompleted: RunCompleted.self
        case .runFailed: RunFailed.self
        case .anomalyLabeled: AnomalyLabeled.self
        }
    }

    /// `json` decoded as the payload of `type`.
    public static func decode(_ json: JSONValue, as type: EventType) throws(PayloadError) -> any EventPayload {
        try Self.type(of: type).init(json: json)
    }
}
