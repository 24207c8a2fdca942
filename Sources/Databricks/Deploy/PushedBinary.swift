import CanonicalJSON
import Context
import Foundation

/// What the binary `push` left in a folder (or volume) needs, read back from `bin/aa.requirements.json`, so
/// `aa databricks run` can refuse a cluster whose runtime could not start it before a run is submitted.
package enum PushedBinary {
    /// The requirements pushed beside the binary; nil when that push predates them.
    package static func requirements(client: DatabricksClient, folder: String, volume: String?) throws(PipelineError) -> ELFRequirements? {
        let data: Data
        do {
            if let volume {
                data = try client.downloadFromVolume(volume + "/" + DatabricksBundle.requirementsName)
            } else {
                data = try client.exportFromWorkspace(folder + "/" + DatabricksBundle.requirementsName, notebook: false)
            }
        } catch  where error.kind == .notFound {
            return nil
        }
        return (try? JSONValue.parse(String(decoding: data, as: UTF8.self))).flatMap(ELFRequirements.init(json:))
    }
}
