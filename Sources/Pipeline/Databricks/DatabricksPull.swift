import Foundation

/// Brings the notebook, `queries/` and `schemas/` back from the workspace folder into the local tree (the seed's
/// `make pull`), writing only files whose content differs. The binary is not pulled: it is built here.
public struct DatabricksPull {
    public let client: DatabricksClient
    public let folder: String
    /// The repository checkout to write into.
    public let repository: String
    public var dryRun = false

    public init(client: DatabricksClient, folder: String, repository: String) {
        self.client = client
        self.folder = folder
        self.repository = repository
    }

    /// One pulled file: its local path and whether it changed.
    public struct Outcome: Sendable {
        public let local: String
        public let changed: Bool
    }

    public func run() throws(PipelineError) -> [Outcome] {
        let objects: [WorkspaceObject]
        do { objects = try client.listWorkspaceTree(folder) } catch where error.kind == .notFound {
            throw PipelineError(.notFound, "\(folder) does not exist in \(client.credential.host.absoluteString); push first with `make push`, or name the folder with --workspace-path")
        }
        var outcomes: [Outcome] = []
        for object in objects where object.type == "FILE" || object.type == "NOTEBOOK" {
            let relative = String(object.path.dropFirst(folder.count + 1))
            guard object.path.hasPrefix(folder + "/"), let local = DatabricksBundle.localPath(forRemote: relative) else { continue }
            let content = try client.exportFromWorkspace(object.path, notebook: object.type == "NOTEBOOK")
            let path = repository + "/" + local
            let changed = FileManager.default.contents(atPath: path) != content
            if changed && !dryRun {
                try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                do { try content.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                    throw PipelineError(.runtime, "cannot write \(path): \(error.localizedDescription)")
                }
            }
            outcomes.append(Outcome(local: local, changed: changed))
        }
        return outcomes
    }
}
