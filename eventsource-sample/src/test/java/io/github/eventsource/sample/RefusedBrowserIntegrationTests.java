package io.github.eventsource.sample;

import java.time.Duration;
import java.util.UUID;

import io.github.eventsource.core.internal.SessionRegistry;
import io.github.eventsource.test.AutoConfigureEventSourceTestClient;
import io.github.eventsource.test.EventSourceTestClient;
import io.github.eventsource.test.EventSourceTestStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A page whose {@code EventSource} was refused for load, in a real headless Chromium:
 * refused by the connection limit, or by the bound on generations, it is told to
 * reconnect, and it receives events within 10 s of room being made, without a reload.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eventsource.limits.max-connections=2", "eventsource.limits.max-connections-per-address=2",
				"eventsource.limits.retry-after=1s", "eventsource.resumable.max-generations=1",
				"eventsource.resumable.grace=1s", "eventsource.heartbeat.interval=500ms", "sample.answer.tokens=1000" })
@AutoConfigureEventSourceTestClient
class RefusedBrowserIntegrationTests {

	private static final Duration WITHIN = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTestClient client;

	@Autowired
	SessionRegistry sessions;

	private ChromeDriver browser;

	@BeforeAll
	static void requireChromium() {
		HeadlessChromium.assumeInstalled();
	}

	@BeforeEach
	void awaitNoOpenStreams() {
		// the streams of the previous test's page end once the server sees it gone
		await().atMost(WITHIN).until(() -> this.sessions.size() == 0);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void pageRefusedByTheConnectionLimitReceivesEventsOnceASlotIsFree() {
		EventSourceTestStream first = this.client.connect("/amazing");
		try (EventSourceTestStream second = this.client.connect("/amazing")) {
			first.awaitEvent("doge_source");
			second.awaitEvent("doge_source");
			openPage("/amazing", "doge_source");
			awaitRefusedAndReconnecting();
			first.close();
			new WebDriverWait(this.browser, WITHIN).until((driver) -> received() >= 1);
		}
	}

	@Test
	void pageRefusedByTheGenerationBoundReceivesEventsOnceAGenerationIsOver() {
		EventSourceTestStream holder = this.client.connect("/answers/" + UUID.randomUUID());
		holder.awaitEvent("token");
		openPage("/answers/" + UUID.randomUUID(), "token");
		awaitRefusedAndReconnecting();
		holder.close();
		new WebDriverWait(this.browser, WITHIN).until((driver) -> received() >= 1);
	}

	/**
	 * Open a page of the application that streams nothing itself, and an EventSource in
	 * it that counts the events of a name, its errors and its state at each error.
	 */
	private void openPage(String path, String event) {
		this.browser = HeadlessChromium.start();
		this.browser.get("http://localhost:" + this.port + "/actuator/health");
		this.browser.executeScript("""
				window.received = 0; window.errors = 0; window.closed = false;
				const source = new EventSource(arguments[0]);
				source.addEventListener(arguments[1], () => window.received++);
				source.onerror = () => { window.errors++; window.closed = source.readyState === EventSource.CLOSED; };
				""", path, event);
	}

	private void awaitRefusedAndReconnecting() {
		new WebDriverWait(this.browser, WITHIN).until((driver) -> number("window.errors") >= 1);
		assertThat(this.browser.executeScript("return window.closed")).isEqualTo(false);
		assertThat(received()).isZero();
	}

	private long received() {
		return number("window.received");
	}

	private long number(String expression) {
		return ((Number) this.browser.executeScript("return " + expression)).longValue();
	}

}
