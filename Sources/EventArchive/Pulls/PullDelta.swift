import CanonicalJSON

/// A pull stored against an earlier one: the `data.pulled` event whose rows it starts from (its base) and the
/// segments that rebuild its own rows in order — runs of the base's rows copied by position, and rows the base
/// did not have, written out. A daily run re-pulls its whole lookback window, so all but the newest day's rows
/// are usually copies.
///
/// ```swift
/// let delta = PullDelta(baseEventId: id, from: yesterday, to: today)
/// try delta.apply(to: yesterday) == today   // true
/// ```
public struct PullDelta: Equatable, Sendable {
    /// One piece of the rebuilt rows.
    public enum Segment: Equatable, Sendable {
        /// `count` rows of the base from position `start`.
        case copy(start: Int, count: Int)
        /// Rows written out.
        case rows([JSONValue])
    }

    /// The `data.pulled` event whose (rebuilt) rows the segments copy from.
    public var baseEventId: String
    public var segments: [Segment]

    public init(baseEventId: String, segments: [Segment]) {
        self.baseEventId = baseEventId
        self.segments = segments
    }

    /// The segments that turn `base` into `rows`: every row found in `base` (compared as canonical JSON, so a copy
    /// is the same bytes) is copied, runs of consecutive positions as one segment.
    public init(baseEventId: String, from base: [JSONValue], to rows: [JSONValue]) {
        let baseKeys = base.map(\.canonicalString)
        let keys = rows.map(\.canonicalString)
        var position: [String: Int] = [:]
        position.reserveCapacity(baseKeys.count)
        for (index, key) in baseKeys.enumerated() where position[key] == nil { position[key] = index }
        var segments: [Segment] = []
        var written: [JSONValue] = []
        var index = 0
        while index < rows.count {
            guard let start = position[keys[index]] else {
                written.append(rows[index])
                index += 1
                continue
            }
            if !written.isEmpty { segments.append(.rows(written)) }
            written = []
            var count = 1
            while index + count < rows.count, start + count < base.count,
                keys[index + count] == baseKeys[start + count]
            {
                count += 1
            }
            segments.append(.copy(start: start, count: count))
            index += count
        }
        if !written.isEmpty { segments.append(.rows(written)) }
        self.init(baseEventId: baseEventId, segments: segments)
    }

    /// The rows the segments rebuild from `base`, the base's own rows fully rebuilt.
    ///
    /// - Throws: ``PayloadError`` when a copy reaches past the end of `base` (the base is not the pull it was
    ///   stored against).
    public func apply(to base: [JSONValue]) throws(PayloadError) -> [JSONValue] {
        var rows: [JSONValue] = []
        for segment in segments {
            switch segment {
            case .copy(let start, let count):
                guard start >= 0, count > 0, start + count <= base.count else {
                    throw PayloadError(
                        "a copy of rows \(start)..<\(start + count) reaches past the \(base.count) rows of base pull \(baseEventId)")
                }
                rows.append(contentsOf: base[start..<(start + count)])
            case .rows(let written):
                rows.append(contentsOf: written)
            }
        }
        return rows
    }

    /// Rows written out rather than copied.
    public var writtenRows: Int {
        segments.reduce(0) { total, segment in
            if case .rows(let written) = segment { return total + written.count }
            return total
        }
    }

    /// As archived: `{"base_event_id", "segments": [{"copy": [start, count]} | {"rows": [[…], …]}]}`.
    public var json: JSONValue {
        let pieces = segments.map { segment -> JSONValue in
            switch segment {
            case .copy(let start, let count): ["copy": [.int(Int64(start)), .int(Int64(count))]]
            case .rows(let written): ["rows": .array(written)]
            }
        }
        return ["base_event_id": .string(baseEventId), "segments": .array(pieces)]
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "data.pulled rows_delta")
        baseEventId = try f.string("base_event_id")
        segments = try f.array("segments").map { (piece) throws(PayloadError) -> Segment in
            if let copy = piece["copy"]?.arrayValue, copy.count == 2, let start = copy[0].intValue, let count = copy[1].intValue {
                return .copy(start: Int(start), count: Int(count))
            }
            if let written = piece["rows"]?.arrayValue { return .rows(written) }
            throw PayloadError("a data.pulled rows_delta segment is neither {\"copy\": [start, count]} nor {\"rows\": […]}")
        }
    }
}
