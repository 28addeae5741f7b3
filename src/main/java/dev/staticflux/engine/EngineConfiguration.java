package dev.staticflux.engine;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.staticflux.cache.DiskLookup;
import dev.staticflux.cache.FileCache;
import dev.staticflux.compression.CompressionPolicy;
import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.config.StaticFluxProperties.HiddenFiles;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.HostRoots;
import dev.staticflux.rules.ServerHeader;
import dev.staticflux.rules.SiteRulesByHost;

/** The engine core, for both adapters. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

	@Bean
	HostRoots hostRoots(StaticFluxProperties properties) {
		return new HostRoots(properties.root(), properties.hosts());
	}

	/** Memory first when the cache is on; otherwise every lookup goes to disk. */
	@Bean
	FileEngine fileEngine(StaticFluxProperties properties, HostRoots hostRoots, FileCache fileCache,
			DiskLookup diskLookup, SiteRulesByHost siteRules, ServerHeader serverHeader,
			CompressionPolicy compressionPolicy) {
		FileEngine.EngineSettings settings = new FileEngine.EngineSettings(
				properties.hiddenFiles() == HiddenFiles.ALLOW, properties.followSymlinks(),
				properties.precompressed().stream().map(ContentCoding::of).toList(), compressionPolicy);
		return new FileEngine(settings, hostRoots, properties.cache().enabled() ? fileCache : diskLookup,
				new CommonHeaders(Clock.systemUTC(), serverHeader), siteRules);
	}

}
