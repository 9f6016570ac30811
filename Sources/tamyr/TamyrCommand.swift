import ArgumentParser

@main
struct TamyrCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tamyr",
        abstract: "Tamyr's companion tool: send test streams, watch KPIs, check configurations.",
        subcommands: [Produce.self, Watch.self, CheckConfig.self]
    )
}
