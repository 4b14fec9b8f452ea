package io.github.eventsource.sample;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat room page in a real headless Chromium: two pages see each other's messages
 * and who is in the room, and a page that comes back gets exactly what it missed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "eventsource.heartbeat.interval=1s")
class ChatBrowserIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@LocalServerPort
	int port;

	private String page;

	private ChromeDriver alice;

	private ChromeDriver bob;

	@BeforeAll
	static void requireChromium() {
		HeadlessChromium.assumeInstalled();
	}

	@BeforeEach
	void openBrowsers() {
		this.page = "http://localhost:" + this.port + "/chat.html?room=" + UUID.randomUUID();
		this.alice = HeadlessChromium.start();
		this.bob = HeadlessChromium.start();
	}

	@AfterEach
	void closeBrowsers() {
		if (this.alice != null) {
			this.alice.quit();
		}
		if (this.bob != null) {
			this.bob.quit();
		}
	}

	@Test
	void messageTypedInOnePageAppearsInBoth() {
		join(this.alice);
		join(this.bob);
		say(this.alice, "such chat");
		awaitMessages(this.alice, "such chat");
		awaitMessages(this.bob, "such chat");
	}

	@Test
	void pageThatComesBackGetsWhatItMissed() {
		join(this.alice);
		join(this.bob);
		say(this.alice, "before");
		awaitMessages(this.bob, "before");
		this.bob.get("about:blank");
		say(this.alice, "missed one");
		say(this.alice, "missed two");
		awaitMessages(this.alice, "before", "missed one", "missed two");
		join(this.bob);
		awaitMessages(this.bob, "missed one", "missed two");
	}

	@Test
	void pagesShowWhoIsInTheRoom() {
		join(this.alice);
		awaitPresence(this.alice, 1);
		join(this.bob);
		awaitPresence(this.bob, 2);
		awaitPresence(this.alice, 2);
		assertThat(members(this.alice)).isEqualTo(members(this.bob));
		this.bob.get("about:blank");
		awaitPresence(this.alice, 1);
	}

	private void awaitPresence(WebDriver browser, int count) {
		new WebDriverWait(browser, TIMEOUT).until((driver) -> String.valueOf(count)
			.equals(driver.findElement(By.id("count")).getText()) && members(driver).size() == count);
		assertThat(members(browser)).hasSize(count).allMatch((member) -> member.startsWith("guest-"));
	}

	private static List<String> members(WebDriver browser) {
		String text = browser.findElement(By.id("members")).getText();
		return text.isEmpty() ? List.of() : List.of(text.split(", "));
	}

	private void join(WebDriver browser) {
		browser.get(this.page);
		new WebDriverWait(browser, TIMEOUT)
			.until((driver) -> "open".equals(driver.findElement(By.id("state")).getText()));
	}

	private void say(WebDriver browser, String text) {
		int before = messages(browser).size();
		WebElement input = browser.findElement(By.id("text"));
		input.sendKeys(text, Keys.ENTER);
		new WebDriverWait(browser, TIMEOUT).until((driver) -> messages(driver).size() > before);
	}

	private void awaitMessages(WebDriver browser, String... expected) {
		new WebDriverWait(browser, TIMEOUT).until((driver) -> messages(driver).equals(List.of(expected)));
		assertThat(messages(browser)).containsExactly(expected);
	}

	private static List<String> messages(WebDriver browser) {
		return browser.findElements(By.cssSelector("#messages li")).stream().map(WebElement::getText).toList();
	}

}
