package dev.staticflux.compression;

import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.files.ContentCoding;

/**
 * Wires compression on the fly from {@code staticflux.compression}. The coded bytes live
 * in the file cache, so with the cache off ({@code staticflux.cache.max-size: 0}) nothing
 * is compressed on the fly and only precompressed variants go out compressed; files above
 * {@code staticflux.cache.max-file-size} go out as they are.
 */
@Configuration(proxyBeanMethods = false)
class CompressionConfiguration {

	@Bean
	Codecs codecs(StaticFluxProperties properties) {
		StaticFluxProperties.Compression compression = properties.compression();
		if (!compression.enabled() || !properties.cache().enabled()) {
			return Codecs.load(List.of(), Map.of());
		}
		StaticFluxProperties.Levels levels = compression.levels();
		return Codecs.load(codings(compression), Map.of(ContentCoding.GZIP, levels.gzip(), ContentCoding.BR,
				levels.br(), ContentCoding.ZSTD, levels.zstd()));
	}

	/**
	 * Checks {@code staticflux.compression.types} even when compression is off: a mistake
	 * there stops start-up.
	 */
	@Bean
	CompressionPolicy compressionPolicy(StaticFluxProperties properties, Codecs codecs) {
		StaticFluxProperties.Compression compression = properties.compression();
		List<ContentCoding> working = codings(compression).stream().filter(codecs::available).toList();
		return new CompressionPolicy(working, compression.types(), compression.minSize().toBytes(),
				properties.cache().maxFileSize().toBytes());
	}

	@Bean
	Compressor compressor(Codecs codecs) {
		return new Compressor(codecs);
	}

	private static List<ContentCoding> codings(StaticFluxProperties.Compression compression) {
		return compression.codings().stream().map(ContentCoding::of).toList();
	}

}
