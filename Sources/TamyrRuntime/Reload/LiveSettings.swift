package import TamyrCore

/// What a reload hands the aggregation thread: the configuration with the new
/// live keys (``ConfigurationChange/applied``), from which it takes SLA targets,
/// the group cap, alert rules and the status interval.
package struct LiveSettings: Sendable {
    package var configuration: TamyrConfiguration
}

/// What a reload hands the ingest thread's ZAP handler: the allow-lists read again.
package struct LiveAllowLists: Sendable {
    package var producers: ClientAllowList?
    package var consumers: ClientAllowList?
}
