package dev.staticflux.cache;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;

import dev.staticflux.compression.CompressionPolicy;
import dev.staticflux.compression.Compressor;
import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.files.CacheControlRules;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.FileResolver;
import dev.staticflux.files.MediaTypes;

/**
 * Wires both lookups: the shared {@link FileCache} and {@link DiskLookup}. The engine
 * uses the cache when {@code staticflux.cache.max-size} is above zero; the cache bean
 * exists either way (empty when off) so its endpoint and metrics always do.
 */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

	@Bean
	EntryLoader entryLoader(StaticFluxProperties properties, MediaTypes mediaTypes, CompressionPolicy compressionPolicy,
			Compressor compressor) {
		FileResolver resolver = new FileResolver(properties.indexFiles(), properties.followSymlinks(),
				properties.directoryListing());
		return new EntryLoader(resolver, new CacheControlRules(properties.cacheControl()), mediaTypes,
				properties.precompressed().stream().map(ContentCoding::of).toList(),
				properties.cache().maxFileSize().toBytes(), Ticker.systemTicker(), compressionPolicy, compressor);
	}

	@Bean
	FileCache fileCache(StaticFluxProperties properties, EntryLoader loader, Scheduler fileIoScheduler) {
		Duration revalidateAfter = properties.cache().revalidateAfter();
		DirectMemoryCheck.warnIfTooSmall(properties.cache().maxSize().toBytes());
		return new FileCache(loader, fileIoScheduler::schedule, Ticker.systemTicker(),
				properties.cache().maxSize().toBytes(), revalidateAfter.toNanos());
	}

	@Bean
	DiskLookup diskLookup(EntryLoader loader) {
		return new DiskLookup(loader);
	}

	@Bean
	MeterBinder fileCacheMetrics(FileCache fileCache) {
		return registry -> {
			CaffeineCacheMetrics.monitor(registry, fileCache.caffeine(), "files");
			Gauge.builder("staticflux.cache.bytes", fileCache, cache -> cache.statistics().bytes())
				.description("Bytes held by the file cache (bodies plus per-entry overhead)")
				.baseUnit("bytes")
				.register(registry);
		};
	}

	@Bean
	FileCacheEndpoint fileCacheEndpoint(FileCache fileCache) {
		return new FileCacheEndpoint(fileCache);
	}

}
