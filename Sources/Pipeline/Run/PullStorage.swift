import CanonicalJSON
import Context
import Digest
import EventArchive
import MonitorEngine

/// How a run's pulls are archived: whole, or as a delta against the same dimension's pull in the previous current
/// run (the pull restatements are checked against), whichever is smaller. A daily run re-pulls its whole lookback
/// window, so rows already archived are not stored again; `result_hash` still covers every row.
struct PullStorage {
    let reader: ArchiveReader?
    /// The previous current run's `data.pulled` event of each dimension.
    let bases: [String: String]

    init(reader: ArchiveReader?, previous: ArchivedPulls?) {
        self.reader = reader
        bases = Dictionary((previous?.pulls ?? []).map { ($0.dimension, $0.eventId) }, uniquingKeysWith: { first, _ in first })
    }

    /// The `data.pulled` payload of `query`'s `result` as it is archived.
    ///
    /// A pull whose base ends a chain of ``PullResolver/longestChain`` deltas is stored whole, so rebuilding any
    /// pull stays bounded.
    func payload(_ query: RenderedQuery, _ result: QueryResult) throws(PipelineError) -> DataPulled {
        let rows = result.rows.map { JSONValue.array($0) }
        // Serialised once: hashed for `result_hash`, and its size is what storing the rows whole costs.
        let text = JSONValue.array(rows).canonicalString
        let whole = DataPulled(query, result, rows: rows, resultHash: SHA256Digest.hex(text))
        guard let reader, let baseId = bases[query.dimension],
            let base = try reader.wrap({ () throws(ArchiveError) in try reader.pulls.base(baseId) }),
            base.chain < PullResolver.longestChain
        else { return whole }
        let delta = PullDelta(baseEventId: baseId, from: base.rows, to: rows)
        guard delta.json.canonicalBytes.count < text.utf8.count else { return whole }
        var stored = whole
        stored.rows = .delta(delta)
        return stored
    }
}
