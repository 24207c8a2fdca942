import Foundation

/// The figures of a past `make bench`, per mode (full or quick), kept in `Benchmarks/baseline.json` so a
/// later run can say which figures regressed.
enum BenchBaseline {
    static let path = "Benchmarks/baseline.json"

    /// The saved figures of `mode`, nil when there are none.
    static func load(mode: String) -> [String: Double]? {
        guard let data = FileManager.default.contents(atPath: path),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let figures = root[mode] as? [String: Double]
        else { return nil }
        return figures
    }

    /// Replaces the figures of `mode`, keeping the other mode's.
    static func save(_ figures: [String: Double], mode: String) throws {
        var root: [String: Any] = [:]
        if let data = FileManager.default.contents(atPath: path),
            let existing = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            root = existing
        }
        root[mode] = figures
        let data = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])
        try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
        print("baseline for the \(mode) run saved to \(path)")
    }
}
