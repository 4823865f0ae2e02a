import Synchronization

/// GET requests sent while what they need hangs (a database, a broker), each on a fresh
/// connection, counted as they are answered. Four by default: more than Swift concurrency's
/// threads here (one per core), fewer than the eight connections the test client pools per host (a
/// ninth request would wait in the client).
struct HangingRequests: Sendable {
    private final class Answers: Sendable { let count = Atomic<Int>(0) }
    private let answers = Answers()
    private let requests: [Task<ServerProcess.Reply, any Error>]

    init(_ count: Int = 4, port: Int, path: String) {
        let answers = self.answers
        requests = (0..<count).map { _ in
            Task {
                let reply = try await HTTPRequest.send("GET", port: port, path, timeout: 120, freshConnection: true)
                answers.count.add(1, ordering: .relaxed)
                return reply
            }
        }
    }

    /// How many have been answered so far.
    var answered: Int { answers.count.load(ordering: .relaxed) }

    /// Every reply, once they are all answered.
    func replies() async throws -> [ServerProcess.Reply] {
        var replies: [ServerProcess.Reply] = []
        for request in requests { replies.append(try await request.value) }
        return replies
    }
}
