import CanonicalJSON
import Foundation

/// Turns one registry entry into a validated ``Monitor``.
enum MonitorParser {
    static func parse(_ value: JSONValue, path: String, file: String) throws(RegistryError) -> Monitor {
        var r = try JSONObjectReader(value, path: path, file: file)
        let name = try r.name("name")
        let description = try r.optionalString("description") ?? ""
        guard let source = try r.optionalEnum("source", Monitor.Source.self) else {
            throw r.fail("source", "is required ('bigquery' or 'sqlite')")
        }
        let template = try r.string("template")
        let lookback = try r.optionalInt("lookback_days", in: 7...730) ?? 56
        let dimensions = try parseDimensions(&r)
        let columns = try parseColumns(&r)
        let metrics = try parseMetrics(&r, columns: columns)
        var detection = (DetectionConfig(), [String: DetectionConfig]())
        if var d = try r.optionalObject("detection") {
            detection = try DetectionParser.parse(&d, base: DetectionConfig(), metrics: metrics.map(\.name))
        }
        // A run sees lookback_days + 7 days, so a longer seasonal baseline would be cut short on the run day.
        let overrides = detection.1.sorted { $0.key < $1.key }.map { ("detection.overrides.\($0.key)", $0.value) }
        let configs = [("detection", detection.0)] + overrides
        for (where_, config) in configs where config.baselineWeeks * 7 > lookback {
            throw RegistryError(
                file: file, path: "\(path).\(where_).baseline_weeks",
                message:
                    "needs \(config.baselineWeeks * 7) days of history but lookback_days is \(lookback); raise lookback_days or lower "
                    + "baseline_weeks"
            )
        }
        let expected = try parseExpectedDays(&r)
        let alerting = try parseAlerting(&r)
        var variables: [String: String] = [:]
        if var vars = try r.optionalObject("template_variables") {
            for key in vars.members.keys.sorted() {
                let value = try vars.string(key)
                // Pasted into the SQL as a name: only what a (project:dataset.table) path may hold.
                guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.:$".contains($0)) }) else {
                    throw vars.fail(key, "must be a table or dataset name (letters, digits, _ - . : $), got '\(value.prefix(40))'")
                }
                variables[key] = value
            }
        }
        let analyst = try parseAnalyst(&r)
        let bigquery = try parseBigQuery(&r)
        let completeness = try CompletenessRule.parse(&r, metrics: metrics)
        try r.rejectUnknownKeys()
        var monitor = Monitor(
            name: name, description: description, source: source, template: template, lookbackDays: lookback,
            dimensions: dimensions, columns: columns, metrics: metrics, detection: detection.0,
            metricDetection: detection.1, expectedDays: expected, alerting: alerting, templateVariables: variables,
            config: value)
        monitor.analyst = analyst
        monitor.bigquery = bigquery
        monitor.completeness = completeness
        return monitor
    }

    private static func parseBigQuery(_ r: inout JSONObjectReader) throws(RegistryError) -> BigQuerySettings {
        guard var b = try r.optionalObject("bigquery") else { return BigQuerySettings() }
        var settings = BigQuerySettings()
        settings.project = try b.optionalString("project")
        settings.location = try b.optionalString("location")
        if let bytes = try b.optionalNumber("maximum_bytes_billed", atLeast: 1) {
            guard bytes == bytes.rounded(), bytes < 9e18 else { throw b.fail("maximum_bytes_billed", "expected a whole number of bytes") }
            settings.maximumBytesBilled = Int64(bytes)
        }
        settings.usdPerTiB = try b.optionalNumber("usd_per_tib", atLeast: 0) ?? settings.usdPerTiB
        try b.rejectUnknownKeys()
        return settings
    }

    private static func parseAnalyst(_ r: inout JSONObjectReader) throws(RegistryError) -> AnalystSettings {
        guard var a = try r.optionalObject("analyst") else { return AnalystSettings() }
        var settings = AnalystSettings()
        settings.model = try a.optionalString("model")
        if settings.model?.isEmpty == true { throw a.fail("model", "is empty; name a model or use null for AA_AI_MODEL") }
        settings.maxTurns = try a.optionalInt("max_turns", in: 1...20) ?? settings.maxTurns
        settings.tokenBudget = try a.optionalInt("token_budget", in: 500...10_000_000) ?? settings.tokenBudget
        try a.rejectUnknownKeys()
        return settings
    }

    private static func parseDimensions(_ r: inout JSONObjectReader) throws(RegistryError) -> [Monitor.Dimension] {
        guard let list = try r.optionalArray("dimensions"), !list.isEmpty else {
            throw r.fail("dimensions", "is required: a non-empty array of {\"name\", \"sql\"}")
        }
        var result: [Monitor.Dimension] = []
        for (i, item) in list.enumerated() {
            var d = try JSONObjectReader(item, path: "\(r.path).dimensions[\(i)]", file: r.file)
            let dim = Monitor.Dimension(name: try d.name("name"), expression: try d.string("sql"))
            try d.rejectUnknownKeys()
            let sql = dim.expression.trimmingCharacters(in: .whitespacesAndNewlines)
            if sql.isEmpty || sql.contains(";") || sql.contains("--") || sql.contains("/*") {
                throw d.fail("sql", "must be one SQL expression (a column, or a quoted constant such as 'all'), without ';' or comments")
            }
            if result.contains(where: { $0.name == dim.name }) { throw d.fail("name", "duplicate dimension '\(dim.name)'") }
            result.append(dim)
        }
        return result
    }

    private static func parseColumns(_ r: inout JSONObjectReader) throws(RegistryError) -> [String] {
        guard let list = try r.optionalArray("columns"), !list.isEmpty else {
            throw r.fail("columns", "is required: the base columns the template returns besides ds and dimension_value")
        }
        var columns: [String] = []
        for (i, item) in list.enumerated() {
            guard let c = item.stringValue else { throw r.fail("columns[\(i)]", "expected a column name") }
            guard JSONObjectReader.isName(c) else { throw r.fail("columns[\(i)]", JSONObjectReader.nameRule(c)) }
            if columns.contains(c) { throw r.fail("columns[\(i)]", "duplicate column '\(c)'; list each column once") }
            columns.append(c)
        }
        return columns
    }

    private static func parseMetrics(_ r: inout JSONObjectReader, columns: [String]) throws(RegistryError) -> [MetricDefinition] {
        guard let list = try r.optionalArray("metrics"), !list.isEmpty else {
            throw r.fail("metrics", "is required: a non-empty array of metric definitions")
        }
        var metrics: [MetricDefinition] = []
        for (i, item) in list.enumerated() {
            var m = try JSONObjectReader(item, path: "\(r.path).metrics[\(i)]", file: r.file)
            let name = try m.name("name")
            guard let kind = try m.optionalEnum("kind", MetricDefinition.Kind.self) else {
                throw m.fail("kind", "is required ('count', 'sum' or 'ratio')")
            }
            func column(_ key: String) throws(RegistryError) -> String {
                let c = try m.string(key)
                guard columns.contains(c) else {
                    throw m.fail(key, "names column '\(c)', which is not in columns (\(columns.joined(separator: ", ")))")
                }
                return c
            }
            let metric: MetricDefinition
            if kind == .ratio {
                metric = MetricDefinition(
                    name: name, kind: kind, column: try column("numerator"), denominator: try column("denominator"),
                    volumeColumn: try m.optionalString("volume_column"), unit: try m.optionalString("unit"),
                    description: try m.optionalString("description") ?? "")
            } else {
                metric = MetricDefinition(
                    name: name, kind: kind, column: try column("column"), volumeColumn: try m.optionalString("volume_column"),
                    unit: try m.optionalString("unit"), description: try m.optionalString("description") ?? "")
            }
            if !columns.contains(metric.volumeColumn) { throw m.fail("volume_column", "names an unknown column '\(metric.volumeColumn)'") }
            try m.rejectUnknownKeys()
            if metrics.contains(where: { $0.name == name }) { throw m.fail("name", "duplicate metric '\(name)'") }
            metrics.append(metric)
        }
        return metrics
    }

    private static func parseExpectedDays(_ r: inout JSONObjectReader) throws(RegistryError) -> [Monitor.ExpectedDay] {
        var result: [Monitor.ExpectedDay] = []
        for (i, item) in (try r.optionalArray("expected_days") ?? []).enumerated() {
            var e = try JSONObjectReader(item, path: "\(r.path).expected_days[\(i)]", file: r.file)
            let text = try e.string("date")
            guard let day = Day(text) else { throw e.fail("date", "'\(text)' is not a YYYY-MM-DD date") }
            result.append(.init(day: day, reason: try e.optionalString("reason") ?? "expected"))
            try e.rejectUnknownKeys()
        }
        return result
    }

    /// `alerting.reaction_labels`: emoji names as Slack spells them (no colons) → a label.
    private static func parseReactionLabels(_ r: inout JSONObjectReader) throws(RegistryError) -> [String: String] {
        var mapping: [String: String] = [:]
        for name in r.members.keys.sorted() {
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-+'".contains($0)) }) else {
                throw r.fail(name, "is not an emoji name as Slack spells it (letters, digits, _ - + ' and no colons, e.g. \"-1\")")
            }
            guard let label = try r.optionalString(name), Monitor.Alerting.labels.contains(label) else {
                throw r.fail(name, "must be one of " + Monitor.Alerting.labels.joined(separator: ", "))
            }
            mapping[name] = label
        }
        guard !mapping.isEmpty else { throw r.fail("", "names no reaction; leave reaction_labels out for the defaults") }
        return mapping
    }

    private static func parseAlerting(_ r: inout JSONObjectReader) throws(RegistryError) -> Monitor.Alerting {
        guard var a = try r.optionalObject("alerting") else { return Monitor.Alerting() }
        var alerting = Monitor.Alerting()
        if let env = try a.optionalString("webhook_env") {
            guard !env.contains("://") else {
                throw a.fail("webhook_env", "names an environment variable, not a URL; never write a webhook URL in the registry")
            }
            alerting.webhookEnv = env
        }
        for (i, mention) in (try a.optionalArray("mention") ?? []).enumerated() {
            guard let text = mention.stringValue, !text.isEmpty, text.utf8.count <= 200 else {
                throw a.fail("mention[\(i)]", "expected a non-empty string such as \"@oncall\" or \"<!subteam^S0123>\"")
            }
            alerting.mentions.append(text)
        }
        alerting.maxFindings = try a.optionalInt("max_findings", in: 1...40) ?? 8
        alerting.postAllClear = try a.optionalBool("post_all_clear") ?? false
        alerting.channel = try a.optionalString("channel")
        alerting.materialRestatement = try a.optionalNumber("material_restatement", atLeast: 0) ?? alerting.materialRestatement
        if let text = try a.optionalString("delivery") {
            guard let guarantee = Monitor.DeliveryGuarantee(rawValue: text) else {
                throw a.fail("delivery", "must be at_least_once (the default) or at_most_once, got '\(text)'")
            }
            alerting.delivery = guarantee
        }
        if var reactions = try a.optionalObject("reaction_labels") {
            alerting.reactionLabels = try parseReactionLabels(&reactions)
        }
        for (i, user) in (try a.optionalArray("labelers") ?? []).enumerated() {
            guard let id = user.stringValue, id.count >= 2, id.first == "U" || id.first == "W",
                id.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) })
            else { throw a.fail("labelers[\(i)]", "must be a Slack user id such as U024BE7LH (profile → ⋮ → Copy member ID)") }
            alerting.labelers.append(id)
        }
        try a.rejectUnknownKeys()
        return alerting
    }
}
