import Foundation

/// Reads `events` rows straight from the pages of a SQLite file (and its `-wal`), without SQLite: what salvage falls
/// back on when the file is too damaged for SQLite to read its schema — a truncated file loses pages that the schema,
/// the B-tree's inner pages or another table may have needed, while most leaf pages of the event log survive.
///
/// Every table leaf page is read; a row counts as an event when it has the `events` table's fifteen columns (in
/// `ArchiveSchema`'s order: the payload last) and its content hashes to its own `hash`, so stray rows of other tables and torn pages are never taken for events.
/// Format: <https://www.sqlite.org/fileformat2.html> (B-tree pages, cells, overflow chains, records, the WAL).
struct RawEventPages {
    private var pages: [Int: [UInt8]] = [:]
    private var usable = 0

    /// The pages of `path` and of its `-wal` (later frames replacing earlier versions), or nil when it is not a
    /// SQLite file.
    init?(path: String) {
        guard let file = FileManager.default.contents(atPath: path), file.count >= 100,
            file.starts(with: Array("SQLite format 3\u{0}".utf8))
        else { return nil }
        let bytes = [UInt8](file)
        let raw = Int(bytes[16]) << 8 | Int(bytes[17])
        let size = raw == 1 ? 65_536 : raw
        guard size >= 512 else { return nil }
        usable = size - Int(bytes[20])
        var number = 1
        var offset = 0
        while offset + size <= bytes.count {
            pages[number] = Array(bytes[offset..<(offset + size)])
            number += 1
            offset += size
        }
        // WAL frames: a 32-byte header, then per frame 24 bytes (page number first) and the page.
        if let wal = FileManager.default.contents(atPath: path + "-wal").map([UInt8].init), wal.count > 32 {
            var frame = 32
            while frame + 24 + size <= wal.count {
                let page = Self.bigEndian(wal, frame, 4)
                if page > 0 { pages[page] = Array(wal[(frame + 24)..<(frame + 24 + size)]) }
                frame += 24 + size
            }
        }
    }

    /// Every row found that is an intact event, by position.
    func events() -> [EventEnvelope] {
        var found: [String: EventEnvelope] = [:]
        for (number, page) in pages {
            let header = number == 1 ? 100 : 0
            guard page.count > header + 8, page[header] == 0x0D else { continue }
            let cells = Self.bigEndian(page, header + 3, 2)
            for index in 0..<cells {
                let pointer = header + 8 + 2 * index
                guard pointer + 2 <= page.count else { break }
                let cell = Self.bigEndian(page, pointer, 2)
                if let event = event(in: page, at: cell), event.computedHash == event.hash { found[event.eventId] = event }
            }
        }
        return found.values.sorted { $0.position < $1.position }
    }

    /// The event in the table-leaf cell at `offset`, or nil when the cell is not an `events` row or cannot be read.
    private func event(in page: [UInt8], at offset: Int) -> EventEnvelope? {
        var cursor = offset
        guard let length = Self.varint(page, &cursor), let rowid = Self.varint(page, &cursor), length > 0, length < 1 << 30
        else { return nil }
        guard let payload = self.payload(page, from: cursor, length: Int(length)) else { return nil }
        guard let values = Self.record(payload), values.count == 15 else { return nil }
        func text(_ i: Int) -> String? {
            if case .text(let t) = values[i] { return t }
            return nil
        }
        func integer(_ i: Int) -> Int64? {
            if case .integer(let n) = values[i] { return n }
            return nil
        }
        guard let eventId = text(1), let origin = text(2), let sequence = integer(3), let runId = text(4), let monitor = text(5),
            let runDate = text(6), let typeName = text(7), let type = EventType(rawValue: typeName), let version = integer(8),
            let occurredAt = text(9), let prevHash = text(12), let hash = text(13), let payloadText = text(14)
        else { return nil }
        return EventEnvelope(
            position: Int64(bitPattern: rowid), eventId: eventId, origin: origin, sequence: sequence, runId: runId, monitor: monitor,
            runDate: runDate, type: type, schemaVersion: Int(version), occurredAt: occurredAt, logicVersion: text(10),
            causationId: text(11), payloadText: payloadText, prevHash: prevHash, hash: hash)
    }

    /// The cell's payload: the part stored on the page, then its overflow chain; nil when a page of it is missing.
    private func payload(_ page: [UInt8], from start: Int, length: Int) -> [UInt8]? {
        let most = usable - 35
        var local = length
        if length > most {
            let least = (usable - 12) * 32 / 255 - 23
            let spill = least + (length - least) % (usable - 4)
            local = spill <= most ? spill : least
        }
        guard start + local <= page.count else { return nil }
        var bytes = Array(page[start..<(start + local)])
        guard local < length else { return bytes }
        guard start + local + 4 <= page.count else { return nil }
        var next = Self.bigEndian(page, start + local, 4)
        var hops = 0
        while bytes.count < length {
            hops += 1
            guard next > 0, hops < 1 << 20, let overflow = pages[next], overflow.count >= 4 else { return nil }
            let take = min(usable - 4, length - bytes.count)
            bytes += overflow[4..<(4 + take)]
            next = Self.bigEndian(overflow, 0, 4)
        }
        return bytes
    }

    private enum Value {
        case null
        case integer(Int64)
        case real
        case text(String)
        case blob
    }

    /// The values of a record (header of serial types, then the body).
    private static func record(_ payload: [UInt8]) -> [Value]? {
        var cursor = 0
        guard let headerSize = varint(payload, &cursor), headerSize <= payload.count else { return nil }
        var types: [UInt64] = []
        while cursor < Int(headerSize) {
            guard let type = varint(payload, &cursor) else { return nil }
            types.append(type)
        }
        var body = Int(headerSize)
        var values: [Value] = []
        for type in types {
            let size: Int
            switch type {
            case 0, 8, 9: size = 0
            case 1, 2, 3, 4: size = Int(type)
            case 5: size = 6
            case 6, 7: size = 8
            case 10, 11: return nil
            default: size = Int((type - 12) / 2)
            }
            guard body + size <= payload.count else { return nil }
            switch type {
            case 0: values.append(.null)
            case 8: values.append(.integer(0))
            case 9: values.append(.integer(1))
            case 1...6:
                var n = Int64(Int8(bitPattern: payload[body]))
                for byte in payload[(body + 1)..<(body + size)] { n = n << 8 | Int64(byte) }
                values.append(.integer(n))
            case 7: values.append(.real)
            default:
                if type % 2 == 1 {
                    values.append(.text(String(decoding: payload[body..<(body + size)], as: UTF8.self)))
                } else {
                    values.append(.blob)
                }
            }
            body += size
        }
        return values
    }

    /// A SQLite varint (1–9 bytes, big-endian, high bit continues) at `cursor`, which it advances.
    private static func varint(_ bytes: [UInt8], _ cursor: inout Int) -> UInt64? {
        var value: UInt64 = 0
        for i in 0..<9 {
            guard cursor < bytes.count else { return nil }
            let byte = bytes[cursor]
            cursor += 1
            if i == 8 { return value << 8 | UInt64(byte) }
            value = value << 7 | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 { return value }
        }
        return value
    }

    private static func bigEndian(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> Int {
        guard offset + width <= bytes.count else { return 0 }
        return bytes[offset..<(offset + width)].reduce(0) { $0 << 8 | Int($1) }
    }
}
