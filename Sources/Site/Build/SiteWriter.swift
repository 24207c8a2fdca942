import CanonicalJSON
import Context
import Foundation
import MonitorEngine

/// Writes a built site into a folder, touching only files whose bytes changed, and removes the pages an
/// earlier build wrote that this one no longer has (listed in the folder's `.aa-site` manifest; nothing else
/// in the folder is ever removed).
package struct SiteWriter {
    package let folder: String

    package init(folder: String) { self.folder = folder }

    static let manifest = ".aa-site"

    /// What a write did.
    package struct Outcome: Sendable, Equatable {
        package var written: [String] = []
        package var unchanged = 0
        package var removed: [String] = []
    }

    package func write(_ files: [SiteFile]) throws(PipelineError) -> Outcome {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw PipelineError(.usage, "\(folder) is a file; give --out a folder (it is created if missing)")
        }
        var outcome = Outcome()
        let previous = Set(
            ((try? String(contentsOfFile: path(Self.manifest), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init))
        let listing = SiteFile(path: Self.manifest, text: files.map(\.path).sorted().joined(separator: "\n") + "\n")
        for file in files + [listing] {
            let target = path(file.path)
            if fm.contents(atPath: target) == file.bytes {
                if file.path != Self.manifest { outcome.unchanged += 1 }
                continue
            }
            do {
                try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try file.bytes.write(to: URL(fileURLWithPath: target), options: .atomic)
            } catch {
                throw PipelineError(
                    .runtime, "cannot write \(target): \(error.localizedDescription); check the folder's permissions and free space")
            }
            if file.path != Self.manifest { outcome.written.append(file.path) }
        }
        let kept = Set(files.map(\.path))
        for stale in previous.subtracting(kept).sorted() where !stale.isEmpty && !stale.contains("..") {
            if (try? fm.removeItem(atPath: path(stale))) != nil { outcome.removed.append(stale) }
        }
        return outcome
    }

    func path(_ relative: String) -> String { (folder as NSString).appendingPathComponent(relative) }
}
