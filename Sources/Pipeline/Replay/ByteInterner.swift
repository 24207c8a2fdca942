/// Numbers distinct byte strings in the order they are first seen, looked up by their bytes: a CSV reader
/// recognises a slice it has seen without building a `String` for every row.
///
/// Open addressing over one arena of bytes; the hash is Swift's seeded `Hasher`, so a file cannot be written
/// to make lookups collide, and the numbering does not depend on it.
struct ByteInterner {
    private var arena: [UInt8] = []
    /// Entry `i` is `arena[starts[i]..<starts[i + 1]]`.
    private var starts: [Int] = [0]
    /// Entry numbers by hash slot, -1 for an empty slot; the capacity is a power of two, at most half full.
    private var slots = [Int32](repeating: -1, count: 64)

    /// Entries so far.
    var count: Int { starts.count - 1 }

    /// The number of `bytes`, and whether it is new (numbered now, `count - 1`).
    mutating func index(of bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, isNew: Bool) {
        var slot = Self.hash(bytes) & (slots.count - 1)
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if arena[starts[entry]..<starts[entry + 1]].elementsEqual(bytes) { return (entry, false) }
            slot = (slot + 1) & (slots.count - 1)
        }
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        slots[slot] = Int32(count - 1)
        if count * 2 > slots.count { grow() }
        return (count - 1, true)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for entry in 0..<count {
            var slot = arena.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[starts[entry]..<starts[entry + 1]])) }
            slot &= slots.count - 1
            while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(entry)
        }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return hasher.finalize()
    }
}
