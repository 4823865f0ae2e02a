"""Writes the benchmark input: N adjustments and N/2 reservations over K keys to PREFIX{adj,res}
(3 partitions each, created here), JSON keys, 4-byte big-endian int values, murmur2 partitioning."""
import json, struct, sys, time
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic

broker, total_adjustments, keys, prefix = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
admin = AdminClient({"bootstrap.servers": broker})
for future in admin.create_topics([NewTopic(prefix + name, 3, 1) for name in ("adj", "res", "out")]).values():
    future.result()
producer = Producer({"bootstrap.servers": broker, "linger.ms": 20, "partitioner": "murmur2_random",
                     "queue.buffering.max.messages": 1_000_000})
started = time.time()
ten, three = struct.pack(">i", 10), struct.pack(">i", 3)
for i in range(total_adjustments):
    key = json.dumps({"location": "L%d" % (i % 7), "sku": "S%d" % (i % keys)}, separators=(",", ":")).encode()
    producer.produce(prefix + "adj", key=key, value=ten)
    if i % 2 == 0:
        producer.produce(prefix + "res", key=key, value=three)
    if i % 10_000 == 0:
        producer.poll(0)
assert producer.flush(120) == 0
print("loaded %d records in %.1f s" % (total_adjustments * 3 // 2, time.time() - started), flush=True)
