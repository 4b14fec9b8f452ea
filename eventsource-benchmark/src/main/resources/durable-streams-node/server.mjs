// The Durable Streams reference server, in memory, on 127.0.0.1 and the port given as
// the first argument; compression off, as the starter's SSE responses are not compressed.
import { DurableStreamTestServer } from "@durable-streams/server"

const server = new DurableStreamTestServer({ port: Number(process.argv[2]), host: "127.0.0.1", compression: false })
console.log("Durable Streams reference server at " + (await server.start()))
