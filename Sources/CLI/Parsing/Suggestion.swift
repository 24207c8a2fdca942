/// "Did you mean …?" for a misspelt command or option: the closest known name within a small edit distance.
enum Suggestion {
    /// The candidate nearest to `word` (one edit for short words, two for longer ones, or a unique prefix match), if any.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let prefixed = candidates.filter { $0.hasPrefix(word) }
        if word.count >= 3, prefixed.count == 1 { return prefixed[0] }
        let allowed = word.count <= 4 ? 1 : 2
        let scored = candidates.map { (name: $0, distance: distance(word, $0)) }.filter { $0.distance <= allowed }
        return scored.min { ($0.distance, $0.name) < ($1.distance, $1.name) }?.name
    }

    /// " (did you mean X?)" or nothing, to follow an unknown name in a sentence.
    static func hint(for word: String, in candidates: [String]) -> String {
        nearest(to: word, in: candidates).map { " (did you mean \($0)?)" } ?? ""
    }

    /// Levenshtein distance between two strings (insertions, deletions and substitutions count one each).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
