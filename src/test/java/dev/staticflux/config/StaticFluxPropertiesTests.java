package dev.staticflux.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import dev.staticflux.config.StaticFluxProperties.AccessLog;
import dev.staticflux.config.StaticFluxProperties.Cache;
import dev.staticflux.config.StaticFluxProperties.Dashboard;
import dev.staticflux.config.StaticFluxProperties.Limit;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StaticFluxPropertiesTests {

	/**
	 * Regression: messages printed 2147483648B and PT0.05S for values written 2GB and
	 * 50ms.
	 */
	@Test
	void messagesQuoteSizesAndDurationsInTheUnitsPeopleWrite() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Cache(DataSize.ofMegabytes(1), DataSize.ofGigabytes(2), Duration.ofSeconds(1), true,
					List.of()))
			.withMessage("staticflux.cache.max-file-size: 2GB (expected: <= max-size 1MB)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Dashboard(true, "/dashboard", Duration.ofMillis(50), List.of(), 16))
			.withMessage("staticflux.dashboard.interval: 50ms (expected: >= 100ms)");
		assertThatIllegalArgumentException().isThrownBy(() -> new Limit(1, 1, Duration.ZERO, Duration.ofSeconds(1)))
			.withMessage("staticflux.limit.queue-timeout: 0s (expected: > 0)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AccessLog(true, Path.of("a.log"), DataSize.ofBytes(0), 1, AccessLog.Format.JSON))
			.withMessage("staticflux.access-log.max-file-size: 0B (expected: > 0)");
	}

}
