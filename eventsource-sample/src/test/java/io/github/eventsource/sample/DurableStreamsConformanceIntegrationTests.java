package io.github.eventsource.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public conformance suite of the Durable Streams protocol and the official client
 * ({@link DurableStreamsConformanceSuite}) against the sample's {@code durable-streams}
 * profile: every test listed in {@code passing.txt} must pass (docs/durable-streams.md lists the
 * others and why); the client's round trip ({@code client-roundtrip.mjs}) must end well.
 * Skipped when {@code node} or {@code npm} is missing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("durable-streams")
class DurableStreamsConformanceIntegrationTests {

	@LocalServerPort
	private int port;

	@Test
	void passesTheConformanceSuite() throws Exception {
		DurableStreamsConformanceSuite.Result result = DurableStreamsConformanceSuite.install()
			.run("http://localhost:" + this.port, "single");
		assertThat(result.passed()).containsAll(DurableStreamsConformanceSuite.expectedToPass());
	}

	@Test
	void officialClientGetsEveryItemOnceAcrossAReaderRestart() throws Exception {
		DurableStreamsConformanceSuite suite = DurableStreamsConformanceSuite.install();
		assertThat(suite.runClientRoundTrip("http://localhost:" + this.port))
			.as("node client-roundtrip.mjs, see %s", suite.log())
			.isZero();
	}

}
