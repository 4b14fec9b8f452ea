package io.github.eventsource.sample;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling restart, seen from a page in a real headless Chromium: the instance that
 * stops tells its streams to come back after a random short delay and ends them; the
 * page's {@code EventSource} reconnects by itself and receives events from the instance
 * that took its place, within 10 s, without a reload.
 */
class RollingRestartBrowserIntegrationTests {

	private static final Duration WITHIN = Duration.ofSeconds(10);

	private ChromeDriver browser;

	@BeforeAll
	static void requireChromium() {
		HeadlessChromium.assumeInstalled();
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void pageReceivesEventsFromTheNextInstanceWithoutReload() {
		int port;
		try (ConfigurableApplicationContext first = start(0)) {
			port = ((WebServerApplicationContext) first).getWebServer().getPort();
			this.browser = HeadlessChromium.start();
			this.browser.get("http://localhost:" + port + "/actuator/health");
			this.browser.executeScript("""
					window.received = 0; window.closed = false;
					const source = new EventSource('/amazing');
					source.addEventListener('doge_source', () => window.received++);
					source.onerror = () => { window.closed = source.readyState === EventSource.CLOSED; };
					""");
			new WebDriverWait(this.browser, WITHIN).until((driver) -> received() == 1);
		}
		try (ConfigurableApplicationContext next = start(port)) {
			new WebDriverWait(this.browser, WITHIN).until((driver) -> received() >= 2);
			assertThat(this.browser.executeScript("return window.closed")).isEqualTo(false);
		}
	}

	private static ConfigurableApplicationContext start(int port) {
		return new SpringApplicationBuilder(SampleApplication.class)
			.properties("server.port=" + port, "server.shutdown=graceful", "eventsource.shutdown.reconnect-spread=1s",
					"spring.main.banner-mode=off")
			.run();
	}

	private long received() {
		return ((Number) this.browser.executeScript("return window.received")).longValue();
	}

}
