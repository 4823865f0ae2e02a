import Foundation
import Plugins
import StreamrunCommands
import TopologyDSL

/// Loads a topology file with the built-in plugins, printing every diagnostic to stderr on failure.
enum TopologyFileLoading {
    static func load(_ path: String, plugins: PluginRegistry = StreamrunPlugins.registry) -> TopologyGraph? {
        do {
            return try TopologyLoader(plugins: plugins).load(file: path)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            let count = error.diagnostics.count
            FileHandle.standardError.write(Data("\(count) error\(count == 1 ? "" : "s") in \(path)\n".utf8))
            return nil
        }
    }
}
