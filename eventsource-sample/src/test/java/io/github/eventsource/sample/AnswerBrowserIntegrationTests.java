package io.github.eventsource.sample;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer page in a real headless Chromium: reloading it mid-answer continues the same
 * generation where it was, and the page ends with the whole answer once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AnswerBrowserIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final int TOKENS = 40;

	@LocalServerPort
	int port;

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
	void reloadMidAnswerContinuesTheSameGeneration() {
		this.browser = HeadlessChromium.start();
		this.browser.get("http://localhost:" + this.port + "/answer.html?id=" + UUID.randomUUID());
		new WebDriverWait(this.browser, TIMEOUT).until((driver) -> indexes(driver).size() >= 5);
		String generation = this.browser.findElement(By.id("generation")).getText();
		List<Integer> beforeReload = indexes(this.browser);
		assertThat(beforeReload.size()).isLessThan(TOKENS);
		this.browser.navigate().refresh();
		new WebDriverWait(this.browser, TIMEOUT)
			.until((driver) -> "done".equals(driver.findElement(By.id("state")).getText()));
		assertThat(this.browser.findElement(By.id("generation")).getText()).isEqualTo(generation);
		assertThat(indexes(this.browser)).containsExactlyElementsOf(IntStream.range(0, TOKENS).boxed().toList());
	}

	private static List<Integer> indexes(WebDriver browser) {
		return browser.findElements(By.cssSelector("#answer span"))
			.stream()
			.map((word) -> Integer.valueOf(word.getDomAttribute("data-index")))
			.toList();
	}

}
