package dev.staticflux.compression;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import com.github.luben.zstd.Zstd;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.staticflux.files.ContentCoding;

import static org.assertj.core.api.Assertions.assertThat;

class CodecTests {

	private static final byte[] TEXT = ("function hello(name) { return 'Hello, ' + name + '!'; }\n".repeat(400))
		.getBytes(StandardCharsets.UTF_8);

	@Nested
	class Gzip {

		@ParameterizedTest(name = "level {0}")
		@ValueSource(ints = { 1, 6, 9 })
		void decodesToTheSourceWithTheJdkGzipReader(int level) throws IOException {
			byte[] coded = new GzipCodec(level).encode(TEXT);

			assertThat(coded.length).isLessThan(TEXT.length / 4);
			assertThat(gunzip(coded)).isEqualTo(TEXT);
		}

		@Test
		void writesTheRfc1952HeaderWithoutNameOrTime() {
			byte[] coded = new GzipCodec(6).encode(TEXT);

			assertThat(coded).startsWith(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
		}

		@Test
		void marksTheExtremeLevelsInTheExtraFlags() {
			assertThat(new GzipCodec(9).encode(TEXT)[8]).isEqualTo((byte) 2);
			assertThat(new GzipCodec(1).encode(TEXT)[8]).isEqualTo((byte) 4);
		}

		@Test
		void endsWithTheCrcAndTheLengthOfTheSource() {
			byte[] coded = new GzipCodec(6).encode(TEXT);
			java.util.zip.CRC32 crc = new java.util.zip.CRC32();
			crc.update(TEXT);

			assertThat(littleEndian(coded, coded.length - 8)).isEqualTo((int) crc.getValue());
			assertThat(littleEndian(coded, coded.length - 4)).isEqualTo(TEXT.length);
		}

		@Test
		void encodesEmptyAndIncompressibleInput() throws IOException {
			byte[] random = new byte[100_000];
			new Random(17).nextBytes(random);

			assertThat(gunzip(new GzipCodec(6).encode(new byte[0]))).isEmpty();
			assertThat(gunzip(new GzipCodec(6).encode(random))).isEqualTo(random);
		}

		private static int littleEndian(byte[] bytes, int offset) {
			return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8 | (bytes[offset + 2] & 0xff) << 16
					| (bytes[offset + 3] & 0xff) << 24;
		}

	}

	@Test
	void brotliDecodesToTheSource() throws IOException {
		byte[] coded = new BrotliCodec(6).encode(TEXT);

		assertThat(coded.length).isLessThan(TEXT.length / 4);
		assertThat(Decoding.decode(ContentCoding.BR, coded)).isEqualTo(TEXT);
	}

	@Test
	void zstdDecodesToTheSourceAndRecordsItsSize() throws IOException {
		byte[] coded = new ZstdCodec(9).encode(TEXT);

		assertThat(coded.length).isLessThan(TEXT.length / 4);
		assertThat(Zstd.getFrameContentSize(coded)).isEqualTo(TEXT.length);
		assertThat(Zstd.decompress(coded, TEXT.length)).isEqualTo(TEXT);
	}

	private static byte[] gunzip(byte[] coded) throws IOException {
		return Decoding.decode(ContentCoding.GZIP, coded);
	}

}
