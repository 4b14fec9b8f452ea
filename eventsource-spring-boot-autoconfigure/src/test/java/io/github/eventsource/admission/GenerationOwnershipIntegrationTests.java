package io.github.eventsource.admission;

import java.time.Duration;
import java.util.UUID;

import io.github.eventsource.delivery.RawSocket;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What makes a generation and whose it is: the query parameters are part of it, and a
 * generation belongs to the principal that started it unless the endpoint shares it.
 */
@SpringBootTest(classes = AdmissionEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class GenerationOwnershipIntegrationTests {

	private static final Duration WITHIN = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	@Test
	void anotherPromptOnTheSamePathIsAnotherGeneration() throws Exception {
		String id = UUID.randomUUID().toString();
		try (RawSocket a = open("/answers/" + id + "?prompt=a", "data: 1:a:0");
				RawSocket b = open("/answers/" + id + "?prompt=b", "data: 2:b:0")) {
			assertThat(a.readUntil("data: 1:a:3", WITHIN)).doesNotContain(":b:");
		}
		assertThat(AdmissionEndpoints.started.get(id)).hasValue(2);
	}

	@Test
	void theSamePathAndPromptIsTheSameGenerationForTheSameUser() throws Exception {
		String id = UUID.randomUUID().toString();
		try (RawSocket first = open("/answers/" + id + "?prompt=a", "data: 1:a:0", "X-User", "alice");
				RawSocket second = open("/answers/" + id + "?prompt=a", "data: 1:a:0", "X-User", "alice")) {
			assertThat(AdmissionEndpoints.started.get(id)).hasValue(1);
		}
	}

	@Test
	void aUsersGenerationIsReadByNeitherAnotherUserNorAnAnonymousClient() throws Exception {
		String id = UUID.randomUUID().toString();
		String path = "/answers/" + id + "?prompt=secret";
		try (RawSocket alice = open(path, "data: 1:secret:0", "X-User", "alice");
				RawSocket bob = open(path, "data: 2:secret:0", "X-User", "bob");
				RawSocket anonymous = open(path, "data: 3:secret:0")) {
			assertThat(bob.readUntil("data: 2:secret:3", WITHIN)).doesNotContain("data: 1:");
			assertThat(anonymous.readUntil("data: 3:secret:3", WITHIN)).doesNotContain("data: 1:")
				.doesNotContain("data: 2:");
		}
		assertThat(AdmissionEndpoints.started.get(id)).hasValue(3);
	}

	@Test
	void anAnonymousGenerationIsNotReadByAUser() throws Exception {
		String id = UUID.randomUUID().toString();
		try (RawSocket anonymous = open("/answers/" + id + "?prompt=evil", "data: 1:evil:0");
				RawSocket alice = open("/answers/" + id + "?prompt=evil", "data: 2:evil:0", "X-User", "alice")) {
			assertThat(alice.readUntil("data: 2:evil:3", WITHIN)).doesNotContain("data: 1:");
		}
	}

	@Test
	void aSharedEndpointsGenerationIsReadByEveryClient() throws Exception {
		String id = UUID.randomUUID().toString();
		try (RawSocket alice = open("/shared/" + id, "data: 1::0", "X-User", "alice");
				RawSocket bob = open("/shared/" + id, "data: 1::0", "X-User", "bob");
				RawSocket anonymous = open("/shared/" + id, "data: 1::0")) {
			assertThat(AdmissionEndpoints.started.get(id)).hasValue(1);
		}
	}

	/**
	 * Open a stream and read it until an expected first event.
	 */
	private RawSocket open(String path, String first, String... headers) throws Exception {
		RawSocket socket = RawSocket.open(this.port, path, headers);
		socket.readUntil(first, WITHIN);
		return socket;
	}

}
