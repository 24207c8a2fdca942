import CanonicalJSON

/// The order events read back from other archives are imported in, so that an archive hydrated from the BigQuery
/// table verifies whatever its origin ids are: each origin's chain in sequence, and every event after the imported
/// events it depends on — a delta pull after the pull it is stored against, an event after the event that caused it.
/// Among the events whose dependencies are in place, the one written first goes first (`occurred_at`, then origin
/// and sequence), so the archive reads in the order things happened.
///
/// Origin ids are random: ordering by (origin, sequence) alone put a morning's delta pull before its base whenever
/// that morning's origin sorted before the previous one's, and the archive no longer verified.
///
/// ```swift
/// for event in ImportOrder.arrange(events) { … }  // bases before deltas, each origin in sequence
/// ```
enum ImportOrder {
    /// `events` (distinct ids) in an order that respects every dependency among them. Dependencies on events not
    /// in `events` are taken as met (they are already archived, or missing, which the import's checks name). If the
    /// dependencies form a cycle — only a forged table can — the events left over follow in (origin, sequence)
    /// order, and verification refuses the result.
    static func arrange(_ events: [EventEnvelope]) -> [EventEnvelope] {
        var arrangement = Arrangement(events)
        return arrangement.run()
    }

    /// What an event waits for besides its predecessor in its origin: its delta base and its cause.
    static func dependencies(of event: EventEnvelope) -> [String] {
        var found: [String] = []
        if let cause = event.causationId, !cause.isEmpty { found.append(cause) }
        if event.type == .dataPulled, event.payloadText.contains("\"rows_delta\""),
            let base = event.payload["rows_delta"]?["base_event_id"]?.stringValue
        {
            found.append(base)
        }
        return found
    }

    /// Kahn's algorithm over origin chains: a min-heap of ready origin heads, and heads parked on the first
    /// dependency they still wait for.
    private struct Arrangement {
        let events: [EventEnvelope]
        /// Each origin's events (indices into `events`) in sequence order.
        var chains: [[Int]]
        var next: [Int]
        var chainOf: [Int]
        var index: [String: Int] = [:]
        var placed: [Bool]
        var parked: [Int: [Int]] = [:]
        var ready: MinHeap<Int>
        var order: [EventEnvelope] = []

        init(_ events: [EventEnvelope]) {
            self.events = events
            for (i, event) in events.enumerated() { index[event.eventId] = i }
            let byOrigin = Dictionary(grouping: events.indices, by: { events[$0].origin })
            chains = byOrigin.keys.sorted().map { origin in
                byOrigin[origin, default: []].sorted { events[$0].sequence < events[$1].sequence }
            }
            next = Array(repeating: 0, count: chains.count)
            chainOf = Array(repeating: 0, count: events.count)
            for (c, chain) in chains.enumerated() { for i in chain { chainOf[i] = c } }
            placed = Array(repeating: false, count: events.count)
            ready = MinHeap { [events] a, b in
                let (x, y) = (events[a], events[b])
                return (x.occurredAt, x.origin, x.sequence) < (y.occurredAt, y.origin, y.sequence)
            }
        }

        mutating func run() -> [EventEnvelope] {
            order.reserveCapacity(events.count)
            for chain in chains.indices { offerHead(of: chain) }
            while order.count < events.count {
                guard let i = ready.pop() else {
                    // A cycle: what is left goes in chain order; verification names the first event it breaks.
                    for (c, chain) in chains.enumerated() { order += chain[next[c]...].map { events[$0] } }
                    break
                }
                placed[i] = true
                order.append(events[i])
                next[chainOf[i]] += 1
                offerHead(of: chainOf[i])
                for waiter in parked.removeValue(forKey: i) ?? [] { offer(waiter) }
            }
            return order
        }

        mutating func offerHead(of chain: Int) {
            if next[chain] < chains[chain].count { offer(chains[chain][next[chain]]) }
        }

        /// Queues origin head `i` if everything it depends on is placed, else parks it on the first that is not.
        mutating func offer(_ i: Int) {
            for dependency in ImportOrder.dependencies(of: events[i]) {
                if let d = index[dependency], d != i, !placed[d] {
                    parked[d, default: []].append(i)
                    return
                }
            }
            ready.push(i)
        }
    }
}
