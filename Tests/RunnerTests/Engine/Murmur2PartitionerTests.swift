import Runner
import Testing

@Suite struct Murmur2PartitionerTests {
    /// The vectors of Kafka's own UtilsTest.testMurmur2.
    @Test(arguments: [
        ("21", Int32(-973_932_308)),
        ("foobar", -790_332_482),
        ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        ("abc", 479_470_107),
    ])
    func matchesKafkasMurmur2(_ input: String, _ expected: Int32) {
        let hash = Array(input.utf8).withUnsafeBytes { Murmur2Partitioner.hash($0) }
        #expect(hash == expected)
    }

    @Test func partitionsArePositiveModulo() {
        for text in ["21", "foobar", "abc", ""] {
            let p = Murmur2Partitioner.partition(of: Array(text.utf8), partitions: 3)
            #expect((0..<3).contains(p))
        }
    }
}
