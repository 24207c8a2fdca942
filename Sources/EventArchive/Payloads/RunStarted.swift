import CanonicalJSON

/// `run.started` (`schemas/events/run.started.schema.json`): what a run is about to compute, and with which versions.
public struct RunStarted: SingleEventPayload, Equatable {
    public static let eventType: EventType = .runStarted

    /// `schedule`, `manual`, `rebuild`, `reanalyze`, … (the schema's enum).
    public var trigger: String
    /// The run's options; a replay adds `source_run_id`, a re-analysis its model.
    public var options: [String: JSONValue]
    /// The monitor's registry entry as it was.
    public var config: JSONValue
    public var configHash: String
    public var template: String
    public var templateHash: String
    public var registry: String
    public var codeVersion: String
    public var engineVersion: String

    public init(
        trigger: String, options: [String: JSONValue], config: JSONValue, configHash: String, template: String, templateHash: String,
        registry: String, codeVersion: String, engineVersion: String
    ) {
        self.trigger = trigger
        self.options = options
        self.config = config
        self.configHash = configHash
        self.template = template
        self.templateHash = templateHash
        self.registry = registry
        self.codeVersion = codeVersion
        self.engineVersion = engineVersion
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "run.started")
        trigger = try f.string("trigger")
        options = try f.object("options").objectValue ?? [:]
        config = try f.object("config")
        configHash = try f.string("config_hash")
        template = try f.string("template")
        templateHash = try f.string("template_hash")
        registry = try f.string("registry")
        codeVersion = try f.string("code_version")
        engineVersion = try f.string("engine_version")
    }

    public var json: JSONValue {
        [
            "trigger": .string(trigger), "options": .object(options), "config": config, "config_hash": .string(configHash),
            "template": .string(template), "template_hash": .string(templateHash), "registry": .string(registry),
            "code_version": .string(codeVersion), "engine_version": .string(engineVersion),
        ]
    }

    /// The archived run a replay read its rows from (`options.source_run_id`).
    public var sourceRunId: String? { options["source_run_id"]?.stringValue }
}
