/// A sorted multiset of doubles with a fixed capacity: the trailing windows of the engine, kept sorted
/// so medians are O(1) and MADs O(n/2), whether built at once or slid a day at a time.
struct SortedWindow {
    private(set) var storage: UnsafeMutablePointer<Double>
    /// Room for ``sort()``'s merges.
    private let scratch: UnsafeMutablePointer<Double>
    private(set) var count = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        storage = .allocate(capacity: self.capacity)
        scratch = .allocate(capacity: self.capacity)
    }

    func deallocate() {
        storage.deallocate()
        scratch.deallocate()
    }

    mutating func removeAll() { count = 0 }

    /// Writes the window's values, in order, to `buffer`.
    func copy(to buffer: UnsafeMutablePointer<Double>) { buffer.update(from: storage, count: count) }

    /// Replaces the contents with `count` sorted values read from `buffer` (as ``copy(to:)`` wrote them).
    mutating func copy(from buffer: UnsafePointer<Double>, count: Int) {
        storage.update(from: buffer, count: min(count, capacity))
        self.count = min(count, capacity)
    }

    /// First index whose value is not less than `x`.
    private func lowerBound(_ x: Double) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) >> 1
            if storage[mid] < x { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Inserts `x` (−0 is stored as +0 so every path sums the same bits).
    ///
    /// Shifts with a plain loop: windows are short, and libc's memmove is slow at the overlapping backward
    /// copy an insert needs (it was a quarter of a backtest's time).
    mutating func insert(_ x: Double) {
        let value = x + 0.0
        guard count < capacity else { return }
        var j = count
        while j > 0 && storage[j - 1] > value {
            storage[j] = storage[j - 1]
            j -= 1
        }
        storage[j] = value
        count += 1
    }

    /// Adds `x` at the end, unsorted (−0 stored as +0); ``sort()`` must follow before the window is read.
    mutating func append(_ x: Double) {
        guard count < capacity else { return }
        storage[count] = x + 0.0
        count += 1
    }

    /// Sorts what ``append(_:)`` added into the same contents as inserting one by one (equal doubles are the same
    /// bits: −0 was stored as +0, NaN never): runs of eight through a sorting network, then bottom-up merges through
    /// the scratch buffer, both without data-dependent branches, which random-ordered windows would mispredict.
    mutating func sort() {
        let run = 8
        var start = 0
        while start + run <= count {
            Self.sortEight(storage + start)
            start += run
        }
        var k = start + 1
        while k < count {
            let x = storage[k]
            var j = k
            while j > start && storage[j - 1] > x {
                storage[j] = storage[j - 1]
                j -= 1
            }
            storage[j] = x
            k += 1
        }
        var from = storage
        var to = scratch
        var width = run
        while width < count {
            var left = 0
            while left < count {
                let middle = min(left + width, count)
                let right = min(left + 2 * width, count)
                var a = left
                var b = middle
                var out = left
                while a < middle && b < right {
                    let x = from[a]
                    let y = from[b]
                    let takeRight = y < x
                    to[out] = takeRight ? y : x
                    b += takeRight ? 1 : 0
                    a += takeRight ? 0 : 1
                    out += 1
                }
                while a < middle {
                    to[out] = from[a]
                    a += 1
                    out += 1
                }
                while b < right {
                    to[out] = from[b]
                    b += 1
                    out += 1
                }
                left = right
            }
            swap(&from, &to)
            width *= 2
        }
        if from != storage { storage.update(from: from, count: count) }
    }

    /// Batcher's odd–even merge network for eight values: 19 compare-exchanges as min/max pairs.
    @inline(__always)
    private static func sortEight(_ p: UnsafeMutablePointer<Double>) {
        @inline(__always) func exchange(_ i: Int, _ j: Int) {
            let a = p[i]
            let b = p[j]
            p[i] = Swift.min(a, b)
            p[j] = Swift.max(a, b)
        }
        exchange(0, 1)
        exchange(2, 3)
        exchange(4, 5)
        exchange(6, 7)
        exchange(0, 2)
        exchange(1, 3)
        exchange(4, 6)
        exchange(5, 7)
        exchange(1, 2)
        exchange(5, 6)
        exchange(0, 4)
        exchange(1, 5)
        exchange(2, 6)
        exchange(3, 7)
        exchange(2, 4)
        exchange(3, 5)
        exchange(1, 2)
        exchange(3, 4)
        exchange(5, 6)
    }

    /// Removes one element equal to `x`, if present.
    mutating func remove(_ x: Double) {
        let value = x + 0.0
        var at = lowerBound(value)
        guard at < count, storage[at] == value else { return }
        while at + 1 < count {
            storage[at] = storage[at + 1]
            at += 1
        }
        count -= 1
    }

    /// Median, NaN when empty.
    var median: Double {
        guard count > 0 else { return .nan }
        return count % 2 == 1 ? storage[count / 2] : (storage[count / 2 - 1] + storage[count / 2]) / 2
    }

    /// The smallest value, NaN when empty.
    var lowest: Double { count > 0 ? storage[0] : .nan }

    /// The largest value, NaN when empty.
    var highest: Double { count > 0 ? storage[count - 1] : .nan }

    /// Median absolute deviation around `center`.
    func mad(around center: Double) -> Double {
        guard count > 0 else { return .nan }
        let upper = count / 2
        let kth = deviation(around: center, rank: upper)
        if count % 2 == 1 { return kth }
        return (deviation(around: center, rank: upper - 1) + kth) / 2
    }

    /// The absolute deviation from `center` of rank `rank` (0-based, ascending): `count / 2` gives the MAD's, a high
    /// rank a tail quantile of the deviations.
    ///
    /// The deviations left of `center` (read leftwards) and right of it are two sorted runs; their k-th
    /// smallest is found by binary search on how many come from the left run, in O(log n).
    func deviation(around center: Double, rank: Int) -> Double {
        guard count > 0 else { return .nan }
        let split = lowerBound(center)
        let leftCount = split
        let rightCount = count - split
        // left(i): i-th smallest deviation on the left; right(j): on the right.
        func left(_ i: Int) -> Double { i < 0 ? -.infinity : i >= leftCount ? .infinity : center - storage[split - 1 - i] }
        func right(_ j: Int) -> Double { j < 0 ? -.infinity : j >= rightCount ? .infinity : storage[split + j] - center }
        // Take the `take` smallest deviations overall; `low` of them from the left run.
        let take = min(max(rank, 0), count - 1) + 1
        var low = max(0, take - rightCount)
        var high = min(take, leftCount)
        while low < high {
            let i = (low + high) >> 1
            if left(i) < right(take - i - 1) { low = i + 1 } else { high = i }
        }
        return max(left(low - 1), right(take - low - 1))
    }

    /// Sum and sum of squares in sorted order with four fixed lanes: the same bits on every path, and
    /// four independent additions in flight instead of one long dependency chain.
    var sums: (sum: Double, squares: Double) {
        var s0 = 0.0
        var s1 = 0.0
        var s2 = 0.0
        var s3 = 0.0
        var q0 = 0.0
        var q1 = 0.0
        var q2 = 0.0
        var q3 = 0.0
        var k = 0
        while k + 4 <= count {
            let a = storage[k]
            let b = storage[k + 1]
            let c = storage[k + 2]
            let d = storage[k + 3]
            s0 += a
            s1 += b
            s2 += c
            s3 += d
            q0 += a * a
            q1 += b * b
            q2 += c * c
            q3 += d * d
            k += 4
        }
        while k < count {
            let a = storage[k]
            s0 += a
            q0 += a * a
            k += 1
        }
        return ((s0 + s1) + (s2 + s3), (q0 + q1) + (q2 + q3))
    }
}
