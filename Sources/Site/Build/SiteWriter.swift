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

    /// Refuses a folder that is a file, before anything is built.
    package func checkFolder() throws(PipelineError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw PipelineError(.usage, "\(folder) is a file; give --out a folder (it is created if missing)")
        }
    }

    /// The prefix of the temporary file each page is written to before it replaces the page: a write killed half
    /// way leaves one, which the next write removes.
    static let temporaryPrefix = ".aa-site-tmp."

    package func write(_ files: [SiteFile]) throws(PipelineError) -> Outcome {
        let fm = FileManager.default
        try checkFolder()
        removeLeftovers()
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
                let temporary =
                    ((target as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
                        Self.temporaryPrefix + "\(getpid()).\((target as NSString).lastPathComponent)")
                try file.bytes.write(to: URL(fileURLWithPath: temporary))
                guard rename(temporary, target) == 0 else {
                    unlink(temporary)
                    throw CocoaError(.fileWriteUnknown)
                }
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

    /// Removes the temporary files of writes that were killed before they renamed them into place (those of a
    /// process still running are its own business).
    func removeLeftovers() {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return }
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard name.hasPrefix(Self.temporaryPrefix) else { continue }
            let pid = Int32(name.dropFirst(Self.temporaryPrefix.count).prefix { $0 != "." }) ?? 0
            if pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH) { try? FileManager.default.removeItem(atPath: path(relative)) }
        }
    }

    func path(_ relative: String) -> String { (folder as NSString).appendingPathComponent(relative) }
}
