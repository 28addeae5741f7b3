package dev.staticflux.compression;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.staticflux.files.ContentCoding;

import static dev.staticflux.files.ContentCoding.BR;
import static dev.staticflux.files.ContentCoding.GZIP;
import static dev.staticflux.files.ContentCoding.ZSTD;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class CodecsTests {

	@Test
	void loadsEveryCodingOnThisMachine() {
		Codecs codecs = Codecs.load(List.of(ZSTD, BR, GZIP), Map.of(GZIP, 6, BR, 6, ZSTD, 9));

		assertThat(codecs.available(ZSTD)).isTrue();
		assertThat(codecs.available(BR)).isTrue();
		assertThat(codecs.available(GZIP)).isTrue();
	}

	@Test
	void leavesOutACodingWhoseNativeLibraryCannotLoadWithOneWarning(CapturedOutput output) {
		Codecs codecs = Codecs.load(List.of(ZSTD, BR, GZIP), coding -> switch (coding) {
			case BR -> throw new UnsatisfiedLinkError("no brotli in java.library.path");
			case ZSTD -> new ZstdCodec(3);
			default -> new GzipCodec(6);
		});

		assertThat(codecs.available(BR)).isFalse();
		assertThat(codecs.available(ZSTD)).isTrue();
		assertThat(codecs.available(GZIP)).isTrue();
		assertThat(output.getOut().lines().filter(line -> line.contains("Compression: 'br' is left out"))).hasSize(1)
			.allSatisfy(line -> assertThat(line).contains("WARN").contains("no brotli in java.library.path"));
	}

	@Test
	void leavesOutACodingWhoseClassCannotInitialise(CapturedOutput output) {
		Codecs codecs = Codecs.load(List.of(ZSTD), coding -> {
			throw new NoClassDefFoundError("Could not initialize class com.github.luben.zstd.util.Native");
		});

		assertThat(codecs.available(ZSTD)).isFalse();
		assertThat(output.getOut()).contains("Compression: 'zstd' is left out");
	}

	@Test
	void leavesOutACodecThatLoadsButFailsItsProbe() {
		Codec broken = new Codec() {
			@Override
			public ContentCoding coding() {
				return BR;
			}

			@Override
			public int level() {
				return 5;
			}

			@Override
			public byte[] encode(byte[] source) {
				throw new IllegalStateException("encoder state corrupt");
			}
		};

		assertThat(Codecs.load(List.of(BR), coding -> broken).available(BR)).isFalse();
	}

}
