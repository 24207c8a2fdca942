import Context
import Foundation

/// Brings the notebook, `queries/` and `schemas/` back from the workspace folder — or, when they were pushed to a
/// volume, `queries/` and `schemas/` from there — into the local tree (the seed's `make pull`), writing only files
/// whose content differs. The binary is not pulled: it is built here.
package struct DatabricksPull {
    package let client: DatabricksClient
    package let folder: String
    /// The `/Volumes/…` folder `push --volume` used, or nil.
    package let volume: String?
    /// The repository checkout to write into.
    package let repository: String
    package var dryRun = false

    package init(client: DatabricksClient, folder: String, volume: String?, repository: String) {
        self.client = client
        self.folder = folder
        self.volume = volume
        self.repository = repository
    }

    /// One pulled file: its local path and whether it changed.
    package struct Outcome: Sendable {
        package let local: String
        package let changed: Bool
    }

    package func run() throws(PipelineError) -> [Outcome] {
        let objects: [WorkspaceObject]
        do { objects = try client.listWorkspaceTree(folder) } catch  where error.kind == .notFound {
            throw PipelineError(
                .notFound,
                "\(folder) does not exist in \(client.credential.host.absoluteString); push first with `make push`, or name the folder "
                    + "with --workspace-path"
            )
        }
        var outcomes: [Outcome] = []
        for object in objects where object.type == "FILE" || object.type == "NOTEBOOK" {
            guard object.path.hasPrefix(folder + "/"), volume == nil || object.type == "NOTEBOOK",
                let local = DatabricksBundle.localPath(forRemote: String(object.path.dropFirst(folder.count + 1)))
            else { continue }
            outcomes.append(try write(try client.exportFromWorkspace(object.path, notebook: object.type == "NOTEBOOK"), to: local))
        }
        if let volume {
            let files: [String]
            do { files = try client.listVolumeTree(volume) } catch  where error.kind == .notFound {
                throw PipelineError(
                    .notFound,
                    "\(volume) does not exist in \(client.credential.host.absoluteString); push first with `make push VOLUME=\(volume)`")
            }
            for file in files where file.hasPrefix(volume + "/") {
                guard let local = DatabricksBundle.localPath(forRemote: String(file.dropFirst(volume.count + 1))) else { continue }
                outcomes.append(try write(try client.downloadFromVolume(file), to: local))
            }
        }
        return outcomes
    }

    /// Writes `content` to `local` (relative to the repository) unless it is already there, or this is a dry run.
    func write(_ content: Data, to local: String) throws(PipelineError) -> Outcome {
        let path = repository + "/" + local
        let changed = FileManager.default.contents(atPath: path) != content
        if changed && !dryRun {
            try? FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            do { try content.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                throw PipelineError(.runtime, "cannot write \(path): \(error.localizedDescription)")
            }
        }
        return Outcome(local: local, changed: changed)
    }
}
