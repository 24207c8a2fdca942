import CanonicalJSON

/// `metrics.computed` (`schemas/events/metrics.computed.schema.json`, version 2): every cell's statistics as columns.
public struct MetricsComputed: SingleEventPayload, Equatable {
    public static let eventType: EventType = .metricsComputed

    public var engineVersion: String
    /// The cells in `CellColumns` form (read them with `CellColumns.objects`).
    public var cells: JSONValue
    public var cellCount: Int64
    public var notes: [String]
    public var labelsExcluded: Int64
    public var pullEventIds: [String]

    public init(engineVersion: String, cells: JSONValue, cellCount: Int64, notes: [String], labelsExcluded: Int64, pullEventIds: [String]) {
        self.engineVersion = engineVersion
        self.cells = cells
        self.cellCount = cellCount
        self.notes = notes
        self.labelsExcluded = labelsExcluded
        self.pullEventIds = pullEventIds
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "metrics.computed")
        engineVersion = try f.string("engine_version")
        cells = try f.object("cells")
        cellCount = try f.int("cell_count")
        notes = try f.strings("notes")
        labelsExcluded = try f.int("labels_excluded")
        pullEventIds = try f.strings("pull_event_ids")
    }

    public var json: JSONValue {
        [
            "engine_version": .string(engineVersion), "cells": cells, "cell_count": .int(cellCount), "notes": .strings(notes),
            "labels_excluded": .int(labelsExcluded), "pull_event_ids": .strings(pullEventIds),
        ]
    }
}
