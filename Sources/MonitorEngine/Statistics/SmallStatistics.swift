/// Order statistics on small samples, written for the engine's inner loop (no allocation).
enum SmallStatistics {
    /// Median of the first `count` values of `buffer`, which it sorts in place; NaN when empty.
    static func median(_ buffer: UnsafeMutablePointer<Double>, _ count: Int) -> Double {
        guard count > 0 else { return .nan }
        insertionSort(buffer, count)
        return count % 2 == 1 ? buffer[count / 2] : (buffer[count / 2 - 1] + buffer[count / 2]) / 2
    }

    /// Median absolute deviation around `center` of the first `count` values; reuses the buffer.
    static func mad(_ buffer: UnsafeMutablePointer<Double>, _ count: Int, center: Double) -> Double {
        guard count > 0 else { return .nan }
        for i in 0..<count { buffer[i] = abs(buffer[i] - center) }
        return median(buffer, count)
    }

    static func insertionSort(_ a: UnsafeMutablePointer<Double>, _ count: Int) {
        guard count > 1 else { return }
        for i in 1..<count {
            let x = a[i]
            var j = i - 1
            while j >= 0 && a[j] > x {
                a[j + 1] = a[j]
                j -= 1
            }
            a[j + 1] = x
        }
    }
}
