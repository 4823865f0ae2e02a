internal import Foundation
import StreamrunSinkTables
internal import PostgresNIO

/// Where and as whom to connect, parsed from `postgres://user:password@host:port/database`.
struct PostgresAddress: Sendable, Hashable {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String?

    /// Parses a `postgres://` (or `postgresql://`) URL; TLS is not supported (`sslmode` may only be
    /// `disable`).
    init(url text: String) throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw PostgresSinkError(
                "'url' must look like postgres://user:password@host:5432/database", code: .badParameters)
        }
        guard let host = url.host, !host.isEmpty else {
            throw PostgresSinkError("'url' has no host", code: .badParameters)
        }
        guard let username = url.user, !username.isEmpty else {
            throw PostgresSinkError("'url' has no user name", code: .badParameters)
        }
        for item in url.queryItems ?? [] {
            guard item.name == "sslmode", item.value == "disable" else {
                throw PostgresSinkError(
                    "'url' parameter '\(item.name)=\(item.value ?? "")' is not supported (only sslmode=disable)",
                    code: .badParameters)
            }
        }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = url.port ?? 5432
        guard (1...65535).contains(port) else {
            throw PostgresSinkError("'url' has a bad port \(port)", code: .badParameters)
        }
        self.username = username
        password = url.password
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? nil : path
    }

    /// How postgres-nio connects here: no TLS, at most 5 s to connect.
    var configuration: PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable)
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// The address without the password, for messages.
    var redacted: String { "postgres://\(username)@\(host):\(port)/\(database ?? "")" }
}
