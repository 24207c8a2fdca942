/// A word-level diff of two texts (longest common subsequence), for comparing narratives.
package enum WordDiff {
    /// One run of words that both texts share, or that only one has.
    package struct Piece: Sendable, Equatable {
        package enum Op: String, Sendable {
            case same = "="
            case removed = "-"
            case added = "+"
        }
        package let op: Op
        package let text: String
    }

    /// Pieces that turn `a` into `b`, adjacent words of the same kind joined.
    package static func diff(_ a: String, _ b: String) -> [Piece] {
        let x = a.split(whereSeparator: \.isWhitespace).map(String.init)
        let y = b.split(whereSeparator: \.isWhitespace).map(String.init)
        // lengths[i][j]: LCS length of x[i...] and y[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in stride(from: x.count - 1, through: 0, by: -1) {
            for j in stride(from: y.count - 1, through: 0, by: -1) {
                lengths[i][j] = x[i] == y[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var words: [(Piece.Op, String)] = []
        var i = 0
        var j = 0
        while i < x.count || j < y.count {
            if i < x.count && j < y.count && x[i] == y[j] {
                words.append((.same, x[i]))
                i += 1
                j += 1
            } else if i < x.count && (j == y.count || lengths[i + 1][j] >= lengths[i][j + 1]) {
                words.append((.removed, x[i]))
                i += 1
            } else {
                words.append((.added, y[j]))
                j += 1
            }
        }
        var pieces: [Piece] = []
        for (op, word) in words {
            if let last = pieces.last, last.op == op {
                pieces[pieces.count - 1] = Piece(op: op, text: last.text + " " + word)
            } else {
                pieces.append(Piece(op: op, text: word))
            }
        }
        return pieces
    }

}
