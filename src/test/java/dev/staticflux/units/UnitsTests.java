package dev.staticflux.units;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsTests {

	@Test
	void writesASizeExactlyInTheLargestUnitThatDividesIt() {
		assertThat(Units.size(DataSize.ofGigabytes(2))).isEqualTo("2GB");
		assertThat(Units.size(DataSize.ofKilobytes(1536))).isEqualTo("1536KB");
		assertThat(Units.size(DataSize.ofBytes(100))).isEqualTo("100B");
		assertThat(Units.size(DataSize.ofBytes(0))).isEqualTo("0B");
		assertThat(Units.size(DataSize.ofMegabytes(-3))).isEqualTo("-3MB");
	}

	@Test
	void writesADurationExactlyAsSpringReadsIt() {
		assertThat(Units.duration(Duration.ofSeconds(1))).isEqualTo("1s");
		assertThat(Units.duration(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(Units.duration(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(Units.duration(Duration.ofMinutes(2))).isEqualTo("2m");
		assertThat(Units.duration(Duration.ofHours(48))).isEqualTo("2d");
		assertThat(Units.duration(Duration.ofNanos(1500))).isEqualTo("1500ns");
		assertThat(Units.duration(Duration.ZERO)).isEqualTo("0s");
		assertThat(Units.duration(Duration.ofMillis(-5))).isEqualTo("-5ms");
	}

	@Test
	void writesBytesForDisplayInTheSameUnits() {
		assertThat(Units.bytes(512)).isEqualTo("512B");
		assertThat(Units.bytes(1536)).isEqualTo("1.5KB");
		assertThat(Units.bytes(64L * 1024 * 1024)).isEqualTo("64.0MB");
		assertThat(Units.bytes(163_682_713)).isEqualTo("156MB");
	}

	@Test
	void writesLatenciesToThreeSignificantDigits() {
		assertThat(Units.millis(0.123)).isEqualTo("0.123");
		assertThat(Units.millis(1.25)).isEqualTo("1.25");
		assertThat(Units.millis(12.34)).isEqualTo("12.3");
		assertThat(Units.millis(140.4)).isEqualTo("140");
		assertThat(Units.millis(0)).isEqualTo("0");
	}

}
