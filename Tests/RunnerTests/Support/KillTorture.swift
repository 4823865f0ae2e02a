import Foundation

/// Kills a running topology with SIGKILL at random moments while several clients post commands,
/// restarting it each time, then checks every key against the acknowledged commands: a value below
/// the acknowledged sum lost a command; above it, the difference must be the sum of some of the
/// key's uncertain commands (a connection broken mid-request may count once or not at all), else a
/// command was counted twice.
struct KillTorture {
    /// What the clients post and how a key's value is read back.
    struct Workload {
        var keys: [String]
        /// The command path and JSON body adding `amount` to `key`.
        var command: @Sendable (_ key: String, _ amount: Int, _ serial: Int) -> (path: String, body: String)
        /// The query path of `key`.
        var query: @Sendable (_ key: String) -> String
        /// The value in a query's JSON reply.
        var value: @Sendable ([String: Any]) -> Int?
    }

    struct Outcome: CustomStringConvertible {
        var acknowledged: [String: Int] = [:]
        /// The amount of each uncertain command, per key.
        var uncertainAmounts: [String: [Int]] = [:]
        var observed: [String: Int] = [:]
        var kills = 0

        var uncertain: [String: Int] { uncertainAmounts.mapValues { $0.reduce(0, +) } }
        var lost: [String] { acknowledged.keys.filter { (observed[$0] ?? 0) < acknowledged[$0, default: 0] }.sorted() }
        var doubled: [String] {
            acknowledged.keys.filter { key in
                let extra = (observed[key] ?? 0) - acknowledged[key, default: 0]
                return extra > 0 && !Self.subsetSums(uncertainAmounts[key] ?? []).contains(extra)
            }.sorted()
        }

        /// Every sum of some of `amounts` (each taken once or not at all).
        static func subsetSums(_ amounts: [Int]) -> Set<Int> {
            amounts.reduce(into: Set([0])) { sums, amount in sums.formUnion(sums.map { $0 + amount }) }
        }
        var commands: Int { acknowledged.values.reduce(0, +) }

        var description: String {
            acknowledged.keys.sorted().map { key in
                "\(key): observed \(observed[key].map(String.init) ?? "none"), acknowledged \(acknowledged[key, default: 0]), "
                    + "uncertain \(uncertain[key, default: 0])"
            }.joined(separator: "\n")
        }
    }

    /// Kills per run: `STREAMRUN_TORTURE_KILLS` (scripts/torture.sh sets 20), else a CI-sized default.
    static var kills: Int { ProcessInfo.processInfo.environment["STREAMRUN_TORTURE_KILLS"].flatMap { Int($0) } ?? 4 }

    let workload: Workload
    var clients = 4
    var kills = KillTorture.kills
    /// Starts (or restarts) the server on the data directory and port.
    let start: @Sendable (_ directory: String, _ port: Int) async throws -> ServerProcess

    /// The tally the clients keep.
    private actor Ledger {
        var outcome = Outcome()
        var serial = 0
        func nextSerial() -> Int {
            serial += 1
            return serial
        }
        func acknowledge(_ key: String, _ amount: Int) { outcome.acknowledged[key, default: 0] += amount }
        func uncertain(_ key: String, _ amount: Int) { outcome.uncertainAmounts[key, default: []].append(amount) }
    }

    private final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }

    func run() async throws -> Outcome {
        let directory = TemporaryDirectory.make()
        let port = LoopbackPort.free()
        var server = try await start(directory, port)
        let ledger = Ledger()
        let done = Flag()
        let workload = self.workload
        for key in workload.keys { await ledger.acknowledge(key, 0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    while !done.isSet {
                        let key = workload.keys.randomElement()!
                        let amount = Int.random(in: 1...3)
                        let (path, body) = workload.command(key, amount, await ledger.nextSerial())
                        do {
                            let reply = try await HTTPRequest.send(
                                "POST", port: port, path, body: Data(body.utf8),
                                contentType: "application/json", timeout: 5,
                                freshConnection: true)
                            if reply.status == 200 {
                                await ledger.acknowledge(key, amount)
                            } else if reply.status >= 500 {
                                await ledger.uncertain(key, amount)
                            }
                        } catch is HTTPRequest.CannotConnect {
                            try? await Task.sleep(for: .milliseconds(20))  // nothing was sent
                        } catch {
                            await ledger.uncertain(key, amount)
                        }
                    }
                }
            }
            defer { done.set() }
            for _ in 0..<kills {
                try await Task.sleep(for: .milliseconds(Int.random(in: 300...1500)))
                server.kill()
                server = try await start(directory, port)
            }
            try await Task.sleep(for: .milliseconds(500))
            done.set()
            try await group.waitForAll()
        }
        var outcome = await ledger.outcome
        outcome.kills = kills
        // A clean stop and start commits everything; then wait until every input is processed.
        server.terminate()
        server = try await start(directory, port)
        defer { server.terminate() }
        try await Self.waitUntilCaughtUp(server)
        for key in workload.keys {
            let reply = try await server.get(workload.query(key))
            if reply.status == 200, let json = reply.json { outcome.observed[key] = workload.value(json) }
        }
        return outcome
    }

    /// Waits until no local task has input left, twice in a row with commits in between (records a
    /// task wrote to a repartition topic become visible at its commit).
    static func waitUntilCaughtUp(_ server: ServerProcess, seconds: Double = 60) async throws {
        var settled = 0
        try await Eventually.wait("all input processed", seconds: seconds) {
            let lag = try await Self.lag(server)
            settled = lag == 0 ? settled + 1 : 0
            if settled < 2 { try await Task.sleep(for: .milliseconds(700)) }
            return settled >= 2
        }
    }

    /// The total lag of the server's tasks, from `/metadata`.
    static func lag(_ server: ServerProcess) async throws -> Int {
        let metadata = try await server.get("/metadata").json ?? [:]
        var lag = 0
        for case let task as [String: Any] in metadata["tasks"] as? [Any] ?? [] {
            for case let partition as [String: Any] in task["partitions"] as? [Any] ?? [] {
                lag += partition["lag"] as? Int ?? 1
            }
        }
        return metadata["ready"] as? Bool == true ? lag : Int.max
    }
}
