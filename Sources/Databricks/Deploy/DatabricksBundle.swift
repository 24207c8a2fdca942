import CanonicalJSON
import Context
import Foundation

/// What `aa databricks push` sends and where each piece lands under the target folder: the release binary as
/// `bin/aa`, everything in `queries/` and `schemas/`, and `databricks/orchestrator.py` as the notebook
/// `orchestrator`.
package struct DatabricksBundle: Sendable {
    /// One file to push.
    package struct Item: Sendable, Equatable {
        /// Path on this machine (or, for a generated file, what it describes).
        package let local: String
        /// Path under the target folder: `bin/aa`, `queries/monitors.json`, `orchestrator`.
        package let remote: String
        package let notebook: Bool
        /// The content of a file made by the push itself (the binary's requirements), instead of reading `local`.
        package var generated: Data? = nil
    }

    package let items: [Item]

    /// The notebook's local source, relative to the repository.
    package static let notebookSource = "databricks/orchestrator.py"
    /// The notebook's name in the workspace.
    package static let notebookName = "orchestrator"
    /// What the pushed binary needs (``ELFRequirements/json``), beside it, so `run` can check a cluster before submitting.
    package static let requirementsName = "bin/aa.requirements.json"

    /// Collects the bundle from a repository checkout; `binary` is the executable to ship, `requirements` what it needs.
    package static func collect(repository: String, binary: String, requirements: ELFRequirements) throws(PipelineError) -> DatabricksBundle
    {
        let notebook = repository + "/" + notebookSource
        guard FileManager.default.fileExists(atPath: notebook) else {
            throw PipelineError(.usage, "\(notebook) is missing; run `aa databricks push` from the repository's top folder")
        }
        var items = [
            Item(local: binary, remote: "bin/aa", notebook: false),
            Item(
                local: binary + " (its requirements)", remote: requirementsName, notebook: false,
                generated: Data((requirements.json.canonicalString + "\n").utf8)),
            Item(local: notebook, remote: notebookName, notebook: true),
        ]
        for folder in ["queries", "schemas"] {
            let root = repository + "/" + folder
            guard let walker = FileManager.default.enumerator(atPath: root) else {
                throw PipelineError(.usage, "\(root) is missing; run `aa databricks push` from the repository's top folder")
            }
            let files = walker.compactMap { $0 as? String }.filter { name in
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isFolder) && !isFolder.boolValue
                    && !name.hasPrefix(".")
            }
            items += files.sorted().map { Item(local: root + "/" + $0, remote: folder + "/" + $0, notebook: false) }
        }
        return DatabricksBundle(items: items)
    }

    /// The local path a workspace object under the folder comes back to on `pull` (nil for what is not ours to pull: the binary).
    package static func localPath(forRemote relative: String) -> String? {
        if relative == notebookName { return notebookSource }
        if relative.hasPrefix("queries/") || relative.hasPrefix("schemas/") { return relative.contains("..") ? nil : relative }
        return nil
    }
}
