// The Durable Streams reference server, in memory, on 127.0.0.1 and the port given as
// the first argument; compression off, as the starter's SSE responses are not compressed.
import { DurableStreamTestServer } from "@durable-streams/server"

const server = new DurableStreamTestServer({ port: Number(process.argv[2]), host: "127.0.0.1", compression: false })
console.log("Durable Streams reference server at " + (await server.start()))
// what Node's HTTP server refuses is logged (its default answers 400 and closes, silently)
server.server?.on("clientError", (error, socket) => {
  console.error("clientError " + error.code + ": " + error.message)
  socket.destroy()
})
