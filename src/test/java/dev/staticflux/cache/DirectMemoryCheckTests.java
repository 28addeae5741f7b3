package dev.staticflux.cache;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DirectMemoryCheckTests {

	private static final long MB = 1024 * 1024;

	@Test
	void saysNothingWhenTheCacheFitsInHalfTheDirectMemory() {
		assertThat(DirectMemoryCheck.warning(64 * MB, 128 * MB)).isNull();
		assertThat(DirectMemoryCheck.warning(0, 16 * MB)).isNull();
	}

	@Test
	void namesTheFlagAndTheSizeNeededWhenTheCacheDoesNotFit() {
		assertThat(DirectMemoryCheck.warning(512 * MB, 128 * MB)).contains("staticflux.cache.max-size (512MB)",
				"(128MB)", "-XX:MaxDirectMemorySize to at least 1024m");
	}

	@Test
	void saysNothingWhenTheBoundIsUnknown() {
		assertThat(DirectMemoryCheck.warning(512 * MB, -1)).isNull();
	}

}
