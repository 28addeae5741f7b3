package dev.staticflux.stats;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import dev.staticflux.cache.CacheStatistics;
import dev.staticflux.compression.CompressionStatistics;
import dev.staticflux.config.StaticFluxProperties.AccessLog;
import dev.staticflux.config.StaticFluxProperties.AccessLog.Format;

import static dev.staticflux.stats.ResponseAccounting.bodyBytes;
import static org.assertj.core.api.Assertions.assertThat;

class ResponseAccountingTests {

	@Test
	void aResponseWithABodyCountsItsLength() {
		assertThat(bodyBytes("GET", "200", 1234)).isEqualTo(1234);
		assertThat(bodyBytes("GET", "206", 100)).isEqualTo(100);
		assertThat(bodyBytes("GET", "404", 57)).isEqualTo(57);
		assertThat(bodyBytes("POST", "405", 0)).isZero();
	}

	@Test
	void aHeadResponseSendsNoBodyWhateverItsContentLength() {
		assertThat(bodyBytes("HEAD", "200", 1234)).isZero();
	}

	@Test
	void notModifiedNoContentAndInformationalResponsesSendNoBody() {
		assertThat(bodyBytes("GET", "304", 1234)).isZero();
		assertThat(bodyBytes("GET", "204", 10)).isZero();
		assertThat(bodyBytes("GET", "101", 10)).isZero();
	}

	@Test
	void anUnknownLengthCountsAsZero() {
		assertThat(bodyBytes("GET", "200", -1)).isZero();
		assertThat(bodyBytes(null, "400", -1)).isZero();
	}

	/**
	 * A response answered below Reactor Netty hands over its arrival time as a number;
	 * its line shows it in the clock's zone, the server's.
	 */
	@Test
	void logsAResponseWrittenBelowReactorNettyInTheClocksZone(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("access.log");
		AccessLogWriter writer = new AccessLogWriter(
				new AccessLog(true, file, DataSize.ofMegabytes(1), 1, Format.COMBINED));
		Instant start = Instant.parse("2026-11-26T12:05:09.250Z");
		Clock clock = Clock.fixed(start.plusMillis(7), ZoneId.of("Europe/Paris"));
		StatsRecorder recorder = new StatsRecorder(clock, AdmissionStatistics.NONE, () -> CacheStatistics.DISABLED,
				() -> CompressionStatistics.NONE, () -> 0);
		ResponseAccounting accounting = new ResponseAccounting(recorder, clock, writer,
				AccessLogFormat.of(Format.COMBINED));
		FakeAccessLogArgs response = new FakeAccessLogArgs();
		response.accessDateTime = null;
		response.requestHeaders.put("User-Agent", "wrk");

		accounting.completed(response, start.toEpochMilli() * 1_000);
		writer.close();

		assertThat(file).hasContent(
				"192.0.2.7 - - [26/Nov/2026:13:05:09 +0100] \"GET /index.html HTTP/1.1\" 200 1234 \"-\" \"wrk\" 7");
		assertThat(recorder.snapshot().totalRequests()).isEqualTo(1);
	}

}
