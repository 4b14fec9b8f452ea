package io.github.eventsource.sample;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten streams of one page in a real headless Chromium, through the {@code h2} profile:
 * all of them deliver, as they share one HTTP/2 connection, where over HTTP/1.1 the
 * browser's six connections per origin would leave some waiting.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("h2")
class Http2BrowserIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	/**
	 * Opens {@code /wow/0} to {@code /wow/9} and keeps the data of each first event.
	 */
	private static final String OPEN_TEN_STREAMS = """
			window.received = [];
			for (let n = 0; n < 10; n++) {
				const source = new EventSource('/wow/' + n);
				source.onmessage = (event) => { window.received.push(event.data); source.close(); };
			}
			""";

	@LocalServerPort
	int port;

	private ChromeDriver browser;

	@BeforeAll
	static void requireChromium() {
		HeadlessChromium.assumeInstalled();
	}

	@BeforeEach
	void openBrowser() {
		// the sample's demo certificate is self-signed
		this.browser = HeadlessChromium.start("--ignore-certificate-errors");
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void tenStreamsOfOnePageAllDeliver() {
		// the demo page holds a stream of its own, to /
		this.browser.get("https://localhost:" + this.port + "/demo.html");
		new WebDriverWait(this.browser, TIMEOUT)
			.until((driver) -> "open".equals(driver.findElement(By.id("state")).getText()));
		assertThat(this.browser.executeScript("return performance.getEntriesByType('navigation')[0].nextHopProtocol"))
			.isEqualTo("h2");
		this.browser.executeScript(OPEN_TEN_STREAMS);
		new WebDriverWait(this.browser, TIMEOUT).until((driver) -> received().size() == 10);
		assertThat(received()).containsExactlyInAnyOrder("such Wow 0", "such Wow 1", "such Wow 2", "such Wow 3",
				"such Wow 4", "such Wow 5", "such Wow 6", "such Wow 7", "such Wow 8", "such Wow 9");
	}

	@SuppressWarnings("unchecked")
	private List<String> received() {
		return (List<String>) this.browser.executeScript("return window.received");
	}

}
