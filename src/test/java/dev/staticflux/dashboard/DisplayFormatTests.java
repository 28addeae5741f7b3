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
	void writesBytesInDecimalUnitsWithOneDecimalBelowAHundred() {
		assertThat(DisplayFormat.bytes(999)).isEqualTo("999 B");
		assertThat(DisplayFormat.bytes(1_500)).isEqualTo("1.5 kB");
		assertThat(DisplayFormat.bytes(320_000)).isEqualTo("320 kB");
		assertThat(DisplayFormat.bytes(2_250_000_000L)).isEqualTo("2.3 GB");
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
