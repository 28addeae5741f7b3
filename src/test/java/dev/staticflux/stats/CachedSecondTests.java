package dev.staticflux.stats;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CachedSecondTests {

	private static final DateTimeFormatter PATTERN = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private final CachedSecond cached = new CachedSecond(PATTERN);

	@Test
	void formatsEachSecondAsTheFormatterDoesAcrossADaylightSavingChange() {
		// Paris leaves summer time at 01:00 UTC on 25 October 2026: 02:59:59 +0200 is
		// followed by 02:00:00 +0100.
		long last = Instant.parse("2026-10-25T00:59:59Z").getEpochSecond();

		assertThat(format(last, PARIS)).isEqualTo("25/Oct/2026:02:59:59 +0200");
		assertThat(format(last + 1, PARIS)).isEqualTo("25/Oct/2026:02:00:00 +0100");
		assertThat(format(last, PARIS)).isEqualTo("25/Oct/2026:02:59:59 +0200");
	}

	@Test
	void formatsTheSameSecondInEachZoneItIsAskedFor() {
		long second = Instant.parse("2026-12-31T23:30:00Z").getEpochSecond();

		assertThat(format(second, PARIS)).isEqualTo("01/Jan/2027:00:30:00 +0100");
		assertThat(format(second, ZoneId.of("America/New_York"))).isEqualTo("31/Dec/2026:18:30:00 -0500");
		assertThat(format(second, ZoneId.of("Asia/Kolkata"))).isEqualTo("01/Jan/2027:05:00:00 +0530");
		assertThat(format(second, ZoneId.of("UTC"))).isEqualTo("31/Dec/2026:23:30:00 +0000");
	}

	@Test
	void threadsFormattingNeighbouringSecondsEachGetTheirOwn() throws InterruptedException {
		long start = Instant.parse("2026-11-26T12:05:09Z").getEpochSecond();
		ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread thread = new Thread(() -> {
				for (int i = 0; i < 20_000; i++) {
					long second = start + (i % 3);
					String text = format(second, PARIS);
					String expected = PATTERN.format(Instant.ofEpochSecond(second).atZone(PARIS));
					if (!text.equals(expected)) {
						wrong.add(text + " for " + expected);
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}

		assertThat(wrong).isEmpty();
	}

	private String format(long epochSecond, ZoneId zone) {
		return new String(cached.format(epochSecond, zone), StandardCharsets.US_ASCII);
	}

}
