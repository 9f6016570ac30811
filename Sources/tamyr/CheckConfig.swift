import ArgumentParser
import Foundation
import TamyrCore
import TamyrRuntime
import ZeroMQ

extension TamyrCommand {
    struct CheckConfig: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-config",
            abstract: "Validate a tamyrd configuration file and explain what is wrong with it.",
            discussion: "Exit status 0 when valid, 78 (EX_CONFIG) when not. Environment overrides (TAMYR_*) apply, as in tamyrd."
        )

        @Argument(help: "The YAML configuration file.")
        var file: String?

        @Flag(help: "List every key with its default and meaning, then exit.")
        var keys = false

        func run() throws {
            if keys {
                for key in ConfigurationKeys.all {
                    let note = key.reserved ? " (validated; takes effect with the window engine)" : ""
                    print("\(key.path) = \(key.defaultText)\n    \(key.summary)\(note)\n    env: \(key.environmentName)")
                }
                return
            }
            guard let file else { throw ValidationError("give a configuration file, or --keys") }
            do {
                let settings = try ConfigurationLoader.load(path: file)
                let credentials = try CurveCredentials.load(for: settings)
                print("\(file): ok")
                print("  ingest:  pull \(list(settings.ingest.pull.map(\.text))), subscribe \(list(settings.ingest.subscribe.map(\.text)))")
                print("  publish: \(list(settings.publish.bind.map(\.text))), status every \(DurationText.format(millis: settings.publish.statusEveryMillis))")
                print("  snapshot: \(list(settings.publish.snapshot.map(\.text)))")
                print("  windows: \(list(settings.windows.all.map(\.name)))")
                print("  domains: \(list(settings.kpi.domains))")
                if let credentials {
                    func keys(_ allowList: ClientAllowList?) -> String {
                        allowList.map { "CURVE, \($0.keys.count) client keys from \($0.source)" } ?? "plain"
                    }
                    print("  curve:   ingest \(keys(credentials.producers)); publish \(keys(credentials.consumers))")
                    print("           tamyrd's public key (clients' --server-key): \(credentials.server.publicKey)")
                }
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(78)
            }
        }

        private func list(_ items: [String]) -> String { items.isEmpty ? "none" : items.joined(separator: ", ") }
    }
}
