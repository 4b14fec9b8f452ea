// The official client against the server at CONFORMANCE_TEST_URL (run by DurableStreamsConformanceIntegrationTests):
// an IdempotentProducer appends ITEMS items while a reader follows by SSE, stops (after a fifth of them at least)
// and saves its offset; the producer appends the rest and closes the stream; a second reader resumes from the
// saved offset until the stream is closed. Every item must arrive exactly once, in order.
import { DurableStream, IdempotentProducer, stream } from "@durable-streams/client"

const ITEMS = 500
const url = `${process.env.CONFORMANCE_TEST_URL}/v1/stream/client-roundtrip-${Date.now()}`

function read(offset, stopAfter) {
  return new Promise(async (resolve, reject) => {
    const items = []
    const timer = setTimeout(() => reject(new Error(`timed out after ${items.length} items`)), 30_000)
    const res = await stream({ url, offset, live: "sse" })
    const unsubscribe = res.subscribeJson(async (batch) => {
      items.push(...batch.items.map((item) => item.n))
      if (items.length >= stopAfter || batch.streamClosed) {
        clearTimeout(timer)
        unsubscribe()
        res.cancel?.()
        resolve({ items, offset: batch.offset })
      }
    })
  })
}

const handle = await DurableStream.create({ url, contentType: "application/json" })
const firstReader = read("-1", ITEMS / 5)
const producer = new IdempotentProducer(handle, "roundtrip-producer", {
  onError: (err) => {
    console.error("append failed:", err)
    process.exit(1)
  },
})
const appendAll = async (from, to) => {
  for (let n = from; n <= to; n++) {
    producer.append(JSON.stringify({ n }))
  }
  await producer.flush()
}
await appendAll(1, ITEMS / 2)
const first = await firstReader
await appendAll(ITEMS / 2 + 1, ITEMS)
await producer.close()
const second = await read(first.offset, Number.MAX_SAFE_INTEGER)
const all = [...first.items, ...second.items]
const expected = Array.from({ length: ITEMS }, (_, i) => i + 1)
if (JSON.stringify(all) !== JSON.stringify(expected)) {
  console.error(`FAIL: ${all.length} items, first reader ${first.items.length}, second ${second.items.length}`)
  process.exit(1)
}
console.log(`OK: ${ITEMS} items exactly once, ${first.items.length} before the reader restarted at ${first.offset}`)
process.exit(0)
