import CanonicalJSON

/// Rebuilds the rows of archived `data.pulled` events: a whole pull's rows as stored, a delta pull's from its base's
/// rows, following the chain back to a whole pull. Rebuilt rows are kept (up to ``capacity`` rows, oldest dropped
/// first), so reading days in order — a rebuild, a backtest, `aa verify` — rebuilds each pull once.
///
/// ```swift
/// let resolver = PullResolver(store: store)
/// let rows = try resolver.rows(of: event, pulled: try event.decode(DataPulled.self)).rows
/// ```
public final class PullResolver {
    /// A pull's whole rows, and how many deltas lie between it and the whole pull its chain starts from.
    public struct Rebuilt: Sendable {
        public let rows: [JSONValue]
        public let chain: Int
    }

    /// The longest chain a new delta may extend: past it a pull is stored whole, so rebuilding any pull reads at
    /// most this many deltas and one whole pull.
    public static let longestChain = 30

    let store: ArchiveStore
    /// Rows kept at most, summed over the kept pulls.
    let capacity: Int
    private var kept: [String: Rebuilt] = [:]
    private var order: [String] = []
    private var keptRows = 0

    public init(store: ArchiveStore, capacity: Int = 1_000_000) {
        self.store = store
        self.capacity = capacity
    }

    /// The whole rows of `event`, whose payload is `pulled`.
    ///
    /// - Throws: ``ArchiveError`` (`corrupt`) when a base is missing, is not an earlier pull, or does not have the
    ///   rows the delta copies.
    public func rows(of event: EventEnvelope, pulled: DataPulled) throws(ArchiveError) -> Rebuilt {
        if let hit = kept[event.eventId] { return hit }
        let rebuilt: Rebuilt
        switch pulled.rows {
        case .whole(let rows):
            rebuilt = Rebuilt(rows: rows, chain: 0)
            // Pulls archived before schema version 1 are read through the caller's upcast; they are never a base.
            guard event.schemaVersion >= 1 else { return rebuilt }
        case .delta(let delta):
            guard let base = try base(delta.baseEventId, before: event) else {
                throw ArchiveError(
                    .corrupt,
                    "pull \(event.eventId) is stored against \(delta.baseEventId), which is not an earlier data.pulled event of this "
                        + "archive; run `aa verify`, or restore the archive it came from whole")
            }
            do throws(PayloadError) {
                rebuilt = Rebuilt(rows: try delta.apply(to: base.rows), chain: base.chain + 1)
            } catch {
                throw ArchiveError(.corrupt, "pull \(event.eventId) cannot be rebuilt: \(error.message); run `aa verify`")
            }
        }
        keep(event.eventId, rebuilt)
        return rebuilt
    }

    /// The rebuilt rows of the archived pull `eventId`, or nil when it is not a pull a delta can be stored against
    /// (not archived, not `data.pulled`, or from before schema version 1).
    public func base(_ eventId: String) throws(ArchiveError) -> Rebuilt? {
        try base(eventId, before: nil)
    }

    private func base(_ eventId: String, before event: EventEnvelope?) throws(ArchiveError) -> Rebuilt? {
        if let hit = kept[eventId] { return hit }
        guard let found = try store.event(id: eventId), found.type == .dataPulled, found.schemaVersion >= 1,
            event.map({ found.position < $0.position }) ?? true
        else { return nil }
        let pulled: DataPulled
        do throws(PayloadError) { pulled = try DataPulled(json: found.payload) } catch {
            throw ArchiveError(.corrupt, "event \(eventId) cannot be read (\(error.message)); run `aa verify`")
        }
        return try rows(of: found, pulled: pulled)
    }

    private func keep(_ eventId: String, _ rebuilt: Rebuilt) {
        kept[eventId] = rebuilt
        order.append(eventId)
        keptRows += rebuilt.rows.count
        while keptRows > capacity, order.count > 1 {
            let dropped = order.removeFirst()
            keptRows -= kept.removeValue(forKey: dropped)?.rows.count ?? 0
        }
    }
}
