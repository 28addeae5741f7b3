package dev.staticflux.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.staticflux.testsupport.HeadlessChromium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives the dashboard in a real headless Chromium; skipped where Chromium is missing.
 */
class DashboardBrowserIntegrationTests extends DashboardServerTestSupport {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@BeforeAll
	static void site() throws IOException {
		Path www = Files.createDirectories(directory.resolve("www"));
		Files.writeString(www.resolve("index.html"), "<!DOCTYPE html><title>home</title><p>Hello</p>");
		Files.writeString(www.resolve("site.css"), "body { margin: 0; }\n".repeat(2_000));
		Files.write(www.resolve("photo.jpg"), new byte[300_000]);
	}

	private final HttpClient http = HttpClient.newHttpClient();

	private ChromeDriver browser;

	@BeforeEach
	void startBrowser() throws IOException {
		this.browser = HeadlessChromium.start("the dashboard's browser test", directory, "--hide-scrollbars");
		this.browser.manage().window().setSize(new Dimension(1440, 1120));
	}

	@AfterEach
	void quitBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void showsTheServerLiveAndItsChartsGrowWithTraffic() throws Exception {
		this.browser.get(url("/dashboard"));
		await().atMost(PATIENCE)
			.until(() -> "live".equals(this.browser.findElement(By.id("status")).getDomAttribute("data-state")));
		await().atMost(PATIENCE).until(() -> chartPoints("chart-rps") >= 2);
		long totalBefore = displayedTotal();
		int pointsBefore = chartPoints("chart-rps");

		int sent = sendTraffic();

		await().atMost(PATIENCE).until(() -> displayedTotal() >= totalBefore + sent);
		assertThat(displayedTotal()).isGreaterThanOrEqualTo(totalBefore + sent);
		assertThat(chartPoints("chart-rps")).isGreaterThan(pointsBefore);
		assertThat(List.of("chart-throughput", "chart-latency", "chart-hit"))
			.allSatisfy(chart -> assertThat(chartPoints(chart)).isGreaterThan(pointsBefore));
		assertThat(this.browser.findElement(By.cssSelector("[data-field=statusCodes]")).getText()).contains("200",
				"404");
		// site.css is sent gzipped: its repeated lines shrink to almost nothing.
		await().atMost(PATIENCE).until(() -> !"none yet".equals(field("compressionSaving")));
		assertThat(field("compressionSaving")).matches("9[0-9]\\.[0-9]%");
		assertThat(field("compressionBytesSaved")).matches("[0-9.]+KB");
		assertThat(field("compressions")).matches("[1-9][0-9,]* compressions?");
		assertThat(this.browser.findElement(By.cssSelector(".limiter")).getText())
			.contains("0 slow clients cut off (send timeout)");

		Path screenshot = screenshot("dashboard.png");
		// The README's picture is refreshed only on request
		// (-Ddashboard.screenshot.update=true), so that a test
		// run never changes a tracked file.
		if (Boolean.getBoolean("dashboard.screenshot.update")) {
			Path docs = Files.createDirectories(Path.of("docs", "images"));
			Files.copy(screenshot, docs.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
		}
	}

	@Test
	void fitsAPhoneScreenInDarkMode() throws IOException {
		this.browser.manage().window().setSize(new Dimension(390, 1600));
		this.browser.executeCdpCommand("Emulation.setEmulatedMedia",
				Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
		this.browser.get(url("/dashboard"));
		await().atMost(PATIENCE).until(() -> chartPoints("chart-rps") >= 2);

		Object overflow = this.browser
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
		Object background = this.browser.executeScript("return getComputedStyle(document.body).backgroundColor;");
		assertThat(((Number) overflow).intValue()).as("horizontal overflow in pixels").isLessThanOrEqualTo(0);
		assertThat(background).isEqualTo("rgb(11, 16, 32)");
		screenshot("dashboard-phone-dark.png");
	}

	/**
	 * Bursts of requests for real files (and a few missing ones), rising then falling,
	 * over a few seconds, accepting gzip.
	 */
	private int sendTraffic() throws InterruptedException {
		List<String> paths = List.of("/", "/site.css", "/photo.jpg", "/site.css", "/", "/missing.html");
		int sent = 0;
		for (int burst = 0; burst < 12; burst++) {
			int size = 10 + 8 * Math.min(burst, 12 - burst);
			CompletableFuture<?>[] responses = new CompletableFuture<?>[size];
			for (int i = 0; i < size; i++) {
				HttpRequest request = HttpRequest.newBuilder(URI.create(url(paths.get(i % paths.size()))))
					.header("Accept-Encoding", "gzip")
					.build();
				responses[i] = this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
			}
			CompletableFuture.allOf(responses).join();
			sent += size;
			Thread.sleep(400);
		}
		return sent;
	}

	private long displayedTotal() {
		return Long.parseLong(field("totalRequests").replace(",", ""));
	}

	private String field(String name) {
		return this.browser.findElement(By.cssSelector("[data-field=" + name + "]")).getText();
	}

	private int chartPoints(String chartId) {
		return Integer.parseInt(this.browser.findElement(By.id(chartId)).getDomAttribute("data-points"));
	}

	private Path screenshot(String name) throws IOException {
		Path target = Files.createDirectories(Path.of("target"));
		return Files.copy(this.browser.getScreenshotAs(OutputType.FILE).toPath(), target.resolve(name),
				StandardCopyOption.REPLACE_EXISTING);
	}

}
