// The suite, against the server at CONFORMANCE_TEST_URL (set by DurableStreamsConformanceIntegrationTests)
import { runConformanceTests } from "@durable-streams/server-conformance-tests"

runConformanceTests({ baseUrl: process.env.CONFORMANCE_TEST_URL })
