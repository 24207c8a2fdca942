/// A sorted multiset of doubles with a fixed capacity: the trailing windows of the engine, kept sorted
/// so medians are O(1) and MADs O(n/2), whether built at once or slid a day at a time.
struct SortedWindow {
    private(set) var storage: UnsafeMutablePointer<Double>
    private(set) var count = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        storage = .allocate(capacity: self.capacity)
    }

    func deallocate() { storage.deallocate() }

    mutating func removeAll() { count = 0 }

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
    mutating func insert(_ x: Double) {
        let value = x + 0.0
        guard count < capacity else { return }
        let at = lowerBound(value)
        (storage + at + 1).update(from: storage + at, count: count - at)
        storage[at] = value
        count += 1
    }

    /// Removes one element equal to `x`, if present.
    mutating func remove(_ x: Double) {
        let value = x + 0.0
        let at = lowerBound(value)
        guard at < count, storage[at] == value else { return }
        (storage + at).update(from: storage + at + 1, count: count - at - 1)
        count -= 1
    }

    /// Median, NaN when empty.
    var median: Double {
        guard count > 0 else { return .nan }
        return count % 2 == 1 ? storage[count / 2] : (storage[count / 2 - 1] + storage[count / 2]) / 2
    }

    /// Median absolute deviation around `center`.
    ///
    /// The deviations left of `center` (read leftwards) and right of it are two sorted runs; their k-th
    /// smallest is found by binary search on how many come from the left run, in O(log n).
    func mad(around center: Double) -> Double {
        guard count > 0 else { return .nan }
        let split = lowerBound(center)
        let leftCount = split
        let rightCount = count - split
        // left(i): i-th smallest deviation on the left; right(j): on the right.
        func left(_ i: Int) -> Double { i < 0 ? -.infinity : i >= leftCount ? .infinity : center - storage[split - 1 - i] }
        func right(_ j: Int) -> Double { j < 0 ? -.infinity : j >= rightCount ? .infinity : storage[split + j] - center }
        // Take `take` smallest deviations overall; `i` of them from the left run.
        func partition(_ take: Int) -> Int {
            var low = max(0, take - rightCount)
            var high = min(take, leftCount)
            while low < high {
                let i = (low + high) >> 1
                if left(i) < right(take - i - 1) { low = i + 1 } else { high = i }
            }
            return low
        }
        let upper = count / 2
        let take = upper + 1
        let i = partition(take)
        let kth = max(left(i - 1), right(take - i - 1))  // the (upper)-th smallest, 0-based
        if count % 2 == 1 { return kth }
        // The one below it: the largest of the `upper` smallest.
        let i2 = partition(upper)
        let below = max(left(i2 - 1), right(upper - i2 - 1))
        return (below + kth) / 2
    }

    /// Sum and sum of squares in sorted order with four fixed lanes: the same bits on every path, and
    /// four independent additions in flight instead of one long dependency chain.
    var sums: (sum: Double, squares: Double) {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var q0 = 0.0, q1 = 0.0, q2 = 0.0, q3 = 0.0
        var k = 0
        while k + 4 <= count {
            let a = storage[k], b = storage[k + 1], c = storage[k + 2], d = storage[k + 3]
            s0 += a; s1 += b; s2 += c; s3 += d
            q0 += a * a; q1 += b * b; q2 += c * c; q3 += d * d
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
