import CanonicalJSON

/// The archive table's columns, `schemas/bigquery/events.json`, built in so `aa archive init` needs no file at run
/// time. A test keeps it equal to the schema file.
enum ArchiveTableSchema {
    static let fields: [JSONValue] = (try? JSONValue.parse(text))?.arrayValue ?? []

    static let text = #"""
        [{"name":"event_id","type":"STRING","mode":"REQUIRED","description":"Unique, deterministic where the step is; reads dedupe on it"},{"name":"origin","type":"STRING","mode":"REQUIRED","description":"Archive that wrote the event"},{"name":"sequence","type":"INT64","mode":"REQUIRED","description":"Gap-free position in the origin's log"},{"name":"run_id","type":"STRING","mode":"REQUIRED"},{"name":"monitor","type":"STRING","mode":"REQUIRED"},{"name":"run_date","type":"DATE","mode":"REQUIRED","description":"Monitored day"},{"name":"type","type":"STRING","mode":"REQUIRED"},{"name":"schema_version","type":"INT64","mode":"REQUIRED"},{"name":"occurred_at","type":"TIMESTAMP","mode":"REQUIRED","description":"Partitioning column (DAY)"},{"name":"logic_version","type":"STRING","mode":"NULLABLE"},{"name":"causation_id","type":"STRING","mode":"NULLABLE"},{"name":"payload","type":"JSON","mode":"REQUIRED"},{"name":"prev_hash","type":"STRING","mode":"REQUIRED"},{"name":"hash","type":"STRING","mode":"REQUIRED"}]
        """#
}
