package dev.staticflux.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.limit.ConcurrencyLimiter;
import dev.staticflux.limit.LimitRejectedException;
import dev.staticflux.limit.Permit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StatsConfigurationTests {

	@TempDir
	Path logs;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class, StatsConfiguration.class);

	@Test
	void theRecorderIsTheStatsSource() {
		runner.withPropertyValues("staticflux.access-log.file=" + logs.resolve("access.log"))
			.run((context) -> assertThat(context.getBean(StatsSource.class))
				.isSameAs(context.getBean(StatsRecorder.class)));
	}

	@Test
	void theSnapshotShowsTheLimitersPermitsAndRejections() {
		runner.withPropertyValues("staticflux.access-log.file=" + logs.resolve("access.log"))
			.withBean(ConcurrencyLimiter.class,
					() -> new ConcurrencyLimiter(
							new StaticFluxProperties.Limit(1, 0, Duration.ofSeconds(5), Duration.ofSeconds(1)),
							new SimpleMeterRegistry()))
			.run((context) -> {
				ConcurrencyLimiter limiter = context.getBean(ConcurrencyLimiter.class);
				StatsSource stats = context.getBean(StatsSource.class);
				Permit permit = limiter.acquire().block();
				assertThatExceptionOfType(LimitRejectedException.class).isThrownBy(() -> limiter.acquire().block());

				assertThat(stats.snapshot().inFlight()).isEqualTo(1);
				assertThat(stats.snapshot().queued()).isZero();
				assertThat(stats.snapshot().rejected()).isEqualTo(1);
				permit.release();
				assertThat(stats.snapshot().inFlight()).isZero();
			});
	}

	@Test
	void theAccessLogFileIsCreatedWhenEnabled() {
		Path file = logs.resolve("access.log");
		runner.withPropertyValues("staticflux.access-log.file=" + file).run((context) -> {
			assertThat(context).hasSingleBean(AccessLogWriter.class);
			assertThat(file).exists();
		});
	}

	@Test
	void aDisabledAccessLogWritesNoFileAtAll() {
		Path file = logs.resolve("access.log");
		runner.withPropertyValues("staticflux.access-log.enabled=false", "staticflux.access-log.file=" + file)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(AccessLogWriter.class);
				assertThat(file).doesNotExist();
			});
		assertThat(logs).isEmptyDirectory();
	}

	@Test
	void anAccessLogThatCannotBeOpenedStopsStartUpNamingTheKey() throws IOException {
		Path notADirectory = Files.writeString(logs.resolve("plain-file"), "x");
		runner.withPropertyValues("staticflux.access-log.file=" + notADirectory.resolve("access.log"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith(
						"staticflux.access-log.file: cannot open " + notADirectory.resolve("access.log")));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(StaticFluxProperties.class)
	static class Properties {

	}

}
