import ArgumentParser

@main
struct TamyrCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tamyr",
        abstract: "Tamyr's companion tool: send test streams, watch KPIs, check configurations, make CURVE keys.",
        subcommands: [Produce.self, Watch.self, CheckConfig.self, Keygen.self]
    )
}
