package io.github.eventsource.durable;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.eventsource.durable.internal.StreamStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client may send that the protocol refuses, one case a test: each is answered
 * with the protocol's status (and its headers), and none leaves more in the store than
 * its bounds, however much the client sent.
 */
@SpringBootTest(classes = DurableStreamsBadInputIntegrationTests.Application.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.durable-streams.path=/streams", "eventsource.durable-streams.anonymous-writes=true",
				"eventsource.durable-streams.max-streams=50", "eventsource.durable-streams.max-append-size=64KB",
				"eventsource.durable-streams.max-stream-size=256KB", "eventsource.durable-streams.max-total-size=1MB" })
class DurableStreamsBadInputIntegrationTests {

	private static final int MAX_APPEND = 64 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	DurableStreams streams;

	@Autowired
	StreamStore store;

	@BeforeEach
	void createStream() {
		this.streams.create("bad", "text/plain", null);
		this.streams.appendText("bad", "such text");
	}

	@AfterEach
	void deleteStreams() {
		this.streams.delete("bad");
		assertThat(this.store.bytes()).isZero();
	}

	@Test
	void readFromAMalformedOffsetIs400() throws Exception {
		for (String offset : List.of("abc", "1,2", "-2", "now1", "0000000000000000_", "_0000000000000001",
				"99999999999999999999999999_0", "0000000000000000_9999999999999999")) {
			for (String mode : List.of("", "&live=long-poll", "&live=sse")) {
				assertThat(send("GET", "/bad?offset=" + offset + mode, null, null).statusCode())
					.as("offset %s%s", offset, mode)
					.isEqualTo(400);
			}
		}
		assertThat(send("GET", "/bad?offset=-1&offset=-1", null, null).statusCode()).isEqualTo(400);
		assertThat(send("GET", "/bad?live=sse", null, null).statusCode()).as("live without an offset").isEqualTo(400);
		assertThat(send("GET", "/bad?offset=-1&live=websocket", null, null).statusCode()).isEqualTo(400);
		assertThat(send("GET", "/bad?offset=-1", null, null).body()).isEqualTo("such text");
	}

	@Test
	void appendLargerThanTheBoundIs413WhateverLengthItDeclares() throws Exception {
		try (RawHttp http = new RawHttp(this.port)) {
			assertThat(http.answerTo("POST /streams/bad HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
					+ "Content-Length: 1073741824\r\n", "only a little".getBytes(StandardCharsets.US_ASCII)))
				.as("1 GB declared")
				.isEqualTo(413);
		}
		try (RawHttp http = new RawHttp(this.port)) {
			byte[] chunk = ("10000\r\n" + "y".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
			assertThat(http.answerTo("POST /streams/bad HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
					+ "Transfer-Encoding: chunked\r\n", chunk, chunk, "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
				.as("128 KB chunked, no length declared")
				.isEqualTo(413);
		}
		try (RawHttp http = new RawHttp(this.port)) {
			assertThat(http.answerTo("PUT /streams/huge HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
					+ "Content-Length: " + (MAX_APPEND + 1) + "\r\n", "z".repeat(MAX_APPEND + 1).getBytes(StandardCharsets.US_ASCII)))
				.as("create")
				.isEqualTo(413);
		}
		assertThat(send("HEAD", "/huge", null, null).statusCode()).isEqualTo(404);
		assertThat(this.store.bytes()).isEqualTo("such text".length());
	}

	@Test
	void appendPastTheStreamsBoundIs413() throws Exception {
		String almost = "w".repeat(MAX_APPEND);
		int status = 0;
		for (int i = 0; i < 5 && status != 413; i++) {
			status = send("POST", "/bad", "text/plain", almost).statusCode();
		}
		assertThat(status).isEqualTo(413);
		assertThat(this.store.bytes()).isLessThanOrEqualTo(256 * 1024);
	}

	@Test
	void createPastTheTotalBytesBoundIs413AndTheStreamsCreatedKeepWorking() throws Exception {
		String body = "v".repeat(60 * 1024);
		int created = 0;
		int status = 201;
		for (; status == 201 && created < 50; created++) {
			status = send("PUT", "/full-" + created, "text/plain", body).statusCode();
		}
		assertThat(status).as("after %d creates", created).isEqualTo(413);
		assertThat(this.store.bytes()).isLessThanOrEqualTo(1024 * 1024);
		assertThat(send("POST", "/bad", "text/plain", body).statusCode()).as("append once full").isEqualTo(413);
		assertThat(send("GET", "/full-0?offset=-1", null, null).body()).isEqualTo(body);
		for (int i = 0; i < created; i++) {
			this.streams.delete("full-" + i);
		}
		assertThat(send("POST", "/bad", "text/plain", body).statusCode()).as("append once room again")
			.isEqualTo(204);
	}

	@Test
	void appendOfAnotherContentTypeIs409() throws Exception {
		assertThat(send("POST", "/bad", "application/json", "{\"wow\":1}").statusCode()).isEqualTo(409);
		assertThat(send("POST", "/bad", "text/html", "<p>").statusCode()).isEqualTo(409);
		assertThat(send("POST", "/bad", "TEXT/PLAIN; charset=utf-8", " ok").statusCode()).as("parameters and case")
			.isEqualTo(204);
		assertThat(send("POST", "/bad", null, "no type").statusCode()).as("no content type").isEqualTo(400);
		assertThat(send("PUT", "/bad", "application/json", null).statusCode()).as("create with another type")
			.isEqualTo(409);
	}

	@Test
	void emptyAppendIs400() throws Exception {
		assertThat(send("POST", "/bad", "text/plain", "").statusCode()).isEqualTo(400);
		assertThat(send("POST", "/bad", "text/plain", null).statusCode()).isEqualTo(400);
	}

	@Test
	void appendToAClosedStreamIs409WithItsEnd() throws Exception {
		String end = this.streams.close("bad");
		HttpResponse<String> refused = send("POST", "/bad", "text/plain", "too late");
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.headers().firstValue("Stream-Closed")).hasValue("true");
		assertThat(refused.headers().firstValue("Stream-Next-Offset")).hasValue(end);
		assertThat(send("GET", "/bad?offset=-1", null, null).body()).isEqualTo("such text");
		assertThat(send("DELETE", "/bad", null, null).statusCode()).as("delete a closed stream").isEqualTo(204);
		assertThat(send("GET", "/bad?offset=-1", null, null).statusCode()).isEqualTo(404);
	}

	@Test
	void appendOfAStaleProducerEpochIs403WithTheCurrentEpoch() throws Exception {
		assertThat(producer("p", "3", "0").statusCode()).isEqualTo(200);
		HttpResponse<String> stale = producer("p", "2", "1");
		assertThat(stale.statusCode()).isEqualTo(403);
		assertThat(stale.headers().firstValue("Producer-Epoch")).hasValue("3");
	}

	@Test
	void appendOfANewProducerEpochNotStartingAtZeroIs400() throws Exception {
		assertThat(producer("q", "0", "0").statusCode()).isEqualTo(200);
		assertThat(producer("q", "1", "5").statusCode()).isEqualTo(400);
		assertThat(producer("q", "-1", "0").statusCode()).as("negative epoch").isEqualTo(400);
		assertThat(producer("q", "9007199254740992", "0").statusCode()).as("past 2^53-1").isEqualTo(400);
	}

	@Test
	void appendWithAProducerSequenceGapIs409WithTheExpectedSequence() throws Exception {
		assertThat(producer("r", "0", "0").statusCode()).isEqualTo(200);
		HttpResponse<String> gap = producer("r", "0", "2");
		assertThat(gap.statusCode()).isEqualTo(409);
		assertThat(gap.headers().firstValue("Producer-Expected-Seq")).hasValue("1");
		assertThat(gap.headers().firstValue("Producer-Received-Seq")).hasValue("2");
		assertThat(producer("r", "0", "0").statusCode()).as("a duplicate").isEqualTo(204);
	}

	private HttpResponse<String> producer(String id, String epoch, String seq) throws Exception {
		return new DurableStreamsHttp(this.port).producer("/bad", id, epoch, seq);
	}

	private HttpResponse<String> send(String method, String path, String contentType, String body)
			throws Exception {
		return new DurableStreamsHttp(this.port).send(method, path, contentType, body);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
