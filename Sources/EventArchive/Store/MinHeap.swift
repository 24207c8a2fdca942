/// A binary min-heap under a caller's ordering: `push` and `pop` in O(log n).
struct MinHeap<Element> {
    private var items: [Element] = []
    private let less: (Element, Element) -> Bool

    /// An empty heap ordered by `less` (the smallest element pops first).
    init(by less: @escaping (Element, Element) -> Bool) {
        self.less = less
    }

    mutating func push(_ element: Element) {
        items.append(element)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the smallest element, or nil when the heap is empty.
    mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let smallest = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smaller = parent
            if left < items.count, less(items[left], items[smaller]) { smaller = left }
            if right < items.count, less(items[right], items[smaller]) { smaller = right }
            guard smaller != parent else { return smallest }
            items.swapAt(parent, smaller)
            parent = smaller
        }
    }
}
