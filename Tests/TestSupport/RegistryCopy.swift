import Foundation

/// A copy of the repository's registry and templates in a temporary folder, edited for one test.
public enum RegistryCopy {
    /// Writes `edit(monitors.json)` and the templates (the demo template replaced by `demoTemplate`, if given)
    /// to a new folder and returns the registry's path.
    public static func make(_ edit: (String) -> String, demoTemplate: String? = nil, bigQueryTemplate: ((String) -> String)? = nil) throws
        -> String
    {
        let folder = AACommand.temporaryFolder()
        let text = try String(contentsOfFile: AACommand.repository + "/queries/monitors.json", encoding: .utf8)
        try edit(text).write(toFile: folder + "/monitors.json", atomically: true, encoding: .utf8)
        for file in ["revenue_funnel_daily.sql", "revenue_funnel_demo.sql"] {
            var sql = try String(contentsOfFile: AACommand.repository + "/queries/" + file, encoding: .utf8)
            if file == "revenue_funnel_demo.sql", let demoTemplate { sql = demoTemplate }
            if file == "revenue_funnel_daily.sql", let bigQueryTemplate { sql = bigQueryTemplate(sql) }
            try sql.write(toFile: folder + "/" + file, atomically: true, encoding: .utf8)
        }
        return folder + "/monitors.json"
    }

    /// A registry whose warning threshold is `warning` and critical threshold `critical`.
    public static func thresholds(warning: String, critical: String) throws -> String {
        try make {
            $0.replacingOccurrences(of: "\"threshold\": 4.5", with: "\"threshold\": \(warning)")
                .replacingOccurrences(of: "\"threshold\": 9", with: "\"threshold\": \(critical)")
        }
    }
}
