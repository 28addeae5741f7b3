package dev.staticflux.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real headless Chromium for browser tests: Debian's {@code chromium} and
 * {@code chromium-driver} ({@code .ci/run} installs them). Selenium Manager is never
 * asked for anything: both paths are given.
 */
public final class HeadlessChromium {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private HeadlessChromium() {
	}

	/**
	 * Starts a browser with a fresh profile, or skips the calling test where Chromium or
	 * its driver is missing.
	 * @param test what needs the browser, for the skip message, such as
	 * {@code "the HTTP/3 browser test"}
	 * @param directory where the throw-away profile goes
	 * @param arguments Chromium switches beyond the headless, quiet defaults
	 */
	public static ChromeDriver start(String test, Path directory, String... arguments) throws IOException {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Skipped: " + test + " needs Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
						+ " (Debian packages chromium and chromium-driver; .ci/run installs them)");
		System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
					"--user-data-dir=" + Files.createTempDirectory(directory, "chromium-profile"))
			.addArguments(arguments);
		return new ChromeDriver(service, options);
	}

}
