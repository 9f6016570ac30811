extension WindowEngine {
    /// Takes what a reload may change without a restart from `configuration`:
    /// SLA targets, the group cap and the alert rules. Everything else in it
    /// (windows, domains, breakdowns, lateness) must equal what the engine was
    /// built with; ``ConfigurationChange`` keeps those out of a reload.
    ///
    /// Open windows keep every event already added: an event's SLA verdict was
    /// taken with the targets in force when it arrived, so a window spanning
    /// the reload mixes both; the group cap applies to windows closed from now on.
    package mutating func applyLive(_ configuration: TamyrConfiguration) {
        let fresh = Settings(configuration, applicantKey: settings.applicantKey)
        settings.slaDefaultMicros = fresh.slaDefaultMicros
        settings.slaDomainMicros = fresh.slaDomainMicros
        settings.slaServiceMicros = fresh.slaServiceMicros
        settings.maxGroups = fresh.maxGroups
        settings.alertRules = fresh.alertRules
        serviceTargets = ServiceTargets(fresh.slaServiceMicros)
        paneSafetyCap = Pane.safetyCap(maxGroups: fresh.maxGroups)
        alerts.replaceRules(fresh.alertRules)
    }
}
