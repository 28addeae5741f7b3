package dev.staticflux.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisplayFormatTests {

	@Test
	void groupsThousandsInCounts() {
		assertThat(DisplayFormat.count(0)).isEqualTo("0");
		assertThat(DisplayFormat.count(1_234_567)).isEqualTo("1,234,567");
	}

	@Test
	void writesBytesInTheLogsBinaryUnitsWithOneDecimalBelowAHundred() {
		assertThat(DisplayFormat.bytes(999)).isEqualTo("999B");
		assertThat(DisplayFormat.bytes(1_536)).isEqualTo("1.5KB");
		assertThat(DisplayFormat.bytes(320 * 1024)).isEqualTo("320KB");
		assertThat(DisplayFormat.bytes(2.25 * 1024 * 1024 * 1024)).isEqualTo("2.3GB");
	}

	/**
	 * Regression: the log said 156.1MB where the dashboard said 164 MB for the same bytes
	 * (both use Units now).
	 */
	@Test
	void writesBytesAsTheStatsLogDoes() {
		assertThat(DisplayFormat.bytes(163_682_713)).isEqualTo("156MB");
	}

	@Test
	void writesSubMillisecondLatenciesInMicroseconds() {
		assertThat(DisplayFormat.latency(0.123)).isEqualTo("0.123");
		assertThat(DisplayFormat.latency(1.254)).isEqualTo("1.25");
		assertThat(DisplayFormat.latency(12.34)).isEqualTo("12.3");
		assertThat(DisplayFormat.latency(140.2)).isEqualTo("140");
		assertThat(DisplayFormat.latency(0)).isEqualTo("0");
	}

	@Test
	void dropsTheDecimalOfLargeRates() {
		assertThat(DisplayFormat.decimal(12.34)).isEqualTo("12.3");
		assertThat(DisplayFormat.decimal(1234.5)).isEqualTo("1,235");
	}

	@Test
	void writesRatiosAsPercentages() {
		assertThat(DisplayFormat.percent(0.9731)).isEqualTo("97.3%");
		assertThat(DisplayFormat.percent(0)).isEqualTo("0.0%");
	}

	@Test
	void writesDurationsWithTheirTwoLargestUnits() {
		assertThat(DisplayFormat.duration(12)).isEqualTo("12s");
		assertThat(DisplayFormat.duration(249)).isEqualTo("4m 09s");
		assertThat(DisplayFormat.duration(5 * 3600 + 7 * 60 + 30)).isEqualTo("5h 07m");
		assertThat(DisplayFormat.duration(2 * 86_400 + 3 * 3600 + 59)).isEqualTo("2d 03h");
	}

}
