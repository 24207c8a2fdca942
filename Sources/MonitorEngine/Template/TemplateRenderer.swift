import Foundation

/// Renders a monitor's SQL template: `{{placeholders}}` become registry SQL, `@parameters` stay named.
///
/// A template is either per dimension (`{{dimension}}`, one query per dimension) or one scan for all of them
/// (`{{dimension_name}}`, `{{dimension_value}}` and `GROUP BY GROUPING SETS ({{grouping_sets}})`): one job,
/// one pass over the table, whatever the number of dimensions.
public struct TemplateRenderer: Sendable {
    public let monitor: Monitor
    public let template: String
    /// File name used in error messages.
    public let templateFile: String

    /// Parameters every template may use.
    public static let knownParameters = ["run_date", "start_date"]

    public init(monitor: Monitor, template: String, templateFile: String) {
        self.monitor = monitor
        self.template = template
        self.templateFile = templateFile
    }

    /// Checks placeholders and parameters once, so a bad template fails before anything runs.
    ///
    /// - Throws: ``RegistryError`` naming the unknown placeholder or parameter.
    public func validate() throws(RegistryError) {
        let known = Set(["dimension"]).union(Self.oneScanPlaceholders).union(monitor.templateVariables.keys)
        for name in placeholders() where !known.contains(name) {
            throw RegistryError(
                file: templateFile, path: nil,
                message: "uses unknown placeholder {{\(name)}}; known placeholders are "
                    + known.sorted().map { "{{\($0)}}" }.joined(separator: ", ")
                    + " (add it to template_variables in the registry)")
        }
        if hasSecondStatement {
            throw RegistryError(
                file: templateFile, path: nil,
                message: "holds more than one SQL statement (code after a ';'); a template is one SELECT, with at most a final ';'")
        }
        for name in parameterNames() where !Self.knownParameters.contains(name) {
            throw RegistryError(
                file: templateFile, path: nil,
                message: "uses unknown query parameter @\(name); templates may use @run_date and @start_date")
        }
        if isOneScan {
            for name in Self.oneScanPlaceholders where !template.contains("{{\(name)}}") {
                throw RegistryError(
                    file: templateFile, path: nil,
                    message: "uses {{grouping_sets}} but not {{\(name)}}; a one-scan template needs {{dimension_name}}, "
                        + "{{dimension_value}} and GROUP BY GROUPING SETS ({{grouping_sets}})")
            }
            if template.contains("{{dimension}}") {
                throw RegistryError(
                    file: templateFile, path: nil,
                    message: "mixes {{dimension}} with {{grouping_sets}}; a one-scan template uses only the latter")
            }
            if monitor.dimensions.filter(\.isConstant).count > 1 {
                throw RegistryError(
                    file: "registry", path: "dimensions",
                    message: "has more than one constant dimension, which one scan cannot tell apart; keep one (the total)")
            }
        } else if !template.contains("{{dimension}}") {
            throw RegistryError(
                file: templateFile, path: nil, message: "never uses {{dimension}}, so every dimension would return the same rows")
        }
    }

    /// The placeholders a one-scan template fills.
    static let oneScanPlaceholders = ["grouping_sets", "dimension_name", "dimension_value"]

    /// Whether the template returns every dimension in one query.
    public var isOneScan: Bool { template.contains("{{grouping_sets}}") }

    /// One query per dimension for `runDate`, with `@start_date` far enough back for every baseline.
    public func render(runDate: Day) throws(RegistryError) -> [RenderedQuery] {
        try validate()
        let parameters = [
            QueryParameter(name: "run_date", type: "DATE", value: runDate.description),
            QueryParameter(name: "start_date", type: "DATE", value: runDate.adding(-monitor.historyDays).description),
        ]
        if isOneScan {
            var values = monitor.templateVariables
            values.merge(oneScanValues()) { _, new in new }
            let names = monitor.dimensions.map(\.name)
            return [
                RenderedQuery(
                    monitor: monitor.name, dimension: names.joined(separator: "+"), sql: substitute(values), parameters: parameters,
                    combines: names)
            ]
        }
        return monitor.dimensions.map { dimension in
            var values = monitor.templateVariables
            values["dimension"] = dimension.expression
            return RenderedQuery(monitor: monitor.name, dimension: dimension.name, sql: substitute(values), parameters: parameters)
        }
    }

    /// `{{grouping_sets}}`, `{{dimension_name}}` and `{{dimension_value}}` for the monitor's dimensions: a set per
    /// dimension (the constant one, the total, groups by day alone), and `GROUPING()` telling the rows apart.
    func oneScanValues() -> [String: String] {
        let grouped = monitor.dimensions.filter { !$0.isConstant }
        let constant = monitor.dimensions.first(where: \.isConstant)
        let sets = monitor.dimensions.map { $0.isConstant ? "(ds)" : "(ds, \($0.expression))" }
        func cases(_ then: (Monitor.Dimension) -> String, otherwise: String) -> String {
            "CASE " + grouped.map { "WHEN GROUPING(\($0.expression)) = 0 THEN \(then($0))" }.joined(separator: " ")
                + " ELSE \(otherwise) END"
        }
        return [
            "grouping_sets": sets.joined(separator: ", "),
            "dimension_name": cases({ "'\($0.name)'" }, otherwise: constant.map { "'\($0.name)'" } ?? "NULL"),
            "dimension_value": cases({ "CAST(\($0.expression) AS STRING)" }, otherwise: constant?.expression ?? "NULL"),
        ]
    }

    private func substitute(_ values: [String: String]) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            out += values[name] ?? ""
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }

    private func placeholders() -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// The template as the SQL parser reads its code: string literals, quoted names and comments blanked out.
    private func code() -> [Unicode.Scalar] {
        var chars = Array(template.unicodeScalars)
        var i = 0
        func blank(until end: Int) {
            while i < min(end, chars.count) {
                if chars[i] != "\n" { chars[i] = " " }
                i += 1
            }
        }
        while i < chars.count {
            let c = chars[i]
            let next = i + 1 < chars.count ? chars[i + 1] : " "
            if c == "'" || c == "\"" || c == "`" {
                let close = chars[(i + 1)...].firstIndex(of: c) ?? chars.count - 1
                blank(until: close + 1)
            } else if c == "-" && next == "-" {
                blank(until: chars[i...].firstIndex(of: "\n") ?? chars.count)
            } else if c == "/" && next == "*" {
                var end = i + 2
                while end + 1 < chars.count, !(chars[end] == "*" && chars[end + 1] == "/") { end += 1 }
                blank(until: end + 2)
            } else {
                i += 1
            }
        }
        return chars
    }

    /// Whether the code holds a second statement: anything but blanks after a `;`.
    private var hasSecondStatement: Bool {
        let chars = code()
        guard let semicolon = chars.firstIndex(of: ";") else { return false }
        return chars[(semicolon + 1)...].contains { !$0.properties.isWhitespace }
    }

    /// `@name` tokens outside string literals and comments.
    private func parameterNames() -> [String] {
        var names: [String] = []
        let chars = code()
        var i = 0
        while i < chars.count {
            guard chars[i] == "@" else {
                i += 1
                continue
            }
            var j = i + 1
            var name = ""
            while j < chars.count, chars[j].properties.isAlphabetic || chars[j] == "_" || ("0"..."9").contains(chars[j]) {
                name.unicodeScalars.append(chars[j])
                j += 1
            }
            if !name.isEmpty { names.append(name) }
            i = j
        }
        return names
    }
}
