/// A nested command such as `aa narratives diff`: shown by `aa help narratives diff` and `aa narratives diff --help`.
struct ActionSpec: Sendable {
    let name: String
    let summary: String
    let usage: String
    var examples: [String] = []
}
