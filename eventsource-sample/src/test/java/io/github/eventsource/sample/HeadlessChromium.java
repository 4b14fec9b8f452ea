package io.github.eventsource.sample;

import java.io.File;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium and its driver, for the browser tests.
 */
final class HeadlessChromium {

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	private HeadlessChromium() {
	}

	/**
	 * Skip the calling test, with a message that says what to install, unless Chromium
	 * and its driver are there.
	 */
	static void assumeInstalled() {
		assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
				"Skipping the browser test: it needs Debian's chromium and chromium-driver "
						+ "(apt-get install chromium chromium-driver; .ci/run installs them)");
	}

	/**
	 * Start a browser.
	 * @param arguments further command-line arguments of Chromium
	 * @return the browser; quit it when done
	 */
	static ChromeDriver start(String... arguments) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
		options.addArguments(arguments);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

}
