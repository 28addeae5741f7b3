package dev.staticflux.compression;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.Resolution;

import static dev.staticflux.files.ContentCoding.BR;
import static dev.staticflux.files.ContentCoding.GZIP;
import static dev.staticflux.files.ContentCoding.ZSTD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CompressorTests {

	private static final byte[] SCRIPT = ("export function greet(name) { return `Hello, ${name}!`; }\n".repeat(2000))
		.getBytes(StandardCharsets.UTF_8);

	private static final Resolution VERSION = version(1_000);

	private final Map<ContentCoding, AtomicInteger> runs = new EnumMap<>(ContentCoding.class);

	private final CountDownLatch gate = new CountDownLatch(1);

	@Test
	void compressesOncePerCodingUnderOneHundredSimultaneousFirstRequests() throws Exception {
		Compressor compressor = new Compressor(countingCodecs(true));
		List<ContentCoding> codings = List.of(ZSTD, BR, GZIP);
		Map<Integer, ByteBuffer> results = new ConcurrentHashMap<>();
		AtomicInteger inside = new AtomicInteger();
		List<Thread> requests = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			int request = i;
			Thread thread = new Thread(() -> {
				inside.incrementAndGet();
				results.put(request, compressor.compress(VERSION, codings.get(request % 3), ByteBuffer.wrap(SCRIPT)));
			});
			thread.start();
			requests.add(thread);
		}
		awaitAllWaiting(requests, inside);
		gate.countDown();
		for (Thread request : requests) {
			request.join(TimeUnit.SECONDS.toMillis(30));
		}

		assertThat(runs.get(ZSTD)).hasValue(1);
		assertThat(runs.get(BR)).hasValue(1);
		assertThat(runs.get(GZIP)).hasValue(1);
		assertThat(results).hasSize(100);
		for (int i = 0; i < 100; i++) {
			assertThat(Decoding.decode(codings.get(i % 3), results.get(i))).isEqualTo(SCRIPT);
			assertThat(results.get(i)).isSameAs(results.get(i % 3));
		}
		assertThat(compressor.statistics().compressed()).isEqualTo(3);
		assertThat(compressor.statistics().bytesIn()).isEqualTo(3L * SCRIPT.length);
	}

	@Test
	void compressesEachNewVersionOfAFileAgain() {
		Compressor compressor = new Compressor(countingCodecs(false));

		compressor.compress(VERSION, ZSTD, ByteBuffer.wrap(SCRIPT));
		compressor.compress(version(2_000), ZSTD, ByteBuffer.wrap(SCRIPT));

		assertThat(runs.get(ZSTD)).hasValue(2);
	}

	@Test
	void returnsTheCodedBytesInADirectBufferAndLeavesTheSourceUntouched() {
		Compressor compressor = new Compressor(countingCodecs(false));
		ByteBuffer source = ByteBuffer.allocateDirect(SCRIPT.length).put(SCRIPT).flip();

		ByteBuffer coded = compressor.compress(VERSION, GZIP, source);

		assertThat(coded.isDirect()).isTrue();
		assertThat(coded.remaining()).isLessThan(SCRIPT.length / 10);
		assertThat(source.position()).isZero();
		assertThat(source.remaining()).isEqualTo(SCRIPT.length);
	}

	@Test
	void givesNothingWhenTheCodingDoesNotMakeTheFileSmallerButCountsTheRun() {
		byte[] random = new byte[64 * 1024];
		new Random(17).nextBytes(random);
		Compressor compressor = new Compressor(countingCodecs(false));

		assertThat(compressor.compress(VERSION, ZSTD, ByteBuffer.wrap(random))).isNull();
		assertThat(compressor.statistics()).satisfies(statistics -> {
			assertThat(statistics.compressed()).isEqualTo(1);
			assertThat(statistics.bytesIn()).isEqualTo(random.length);
			assertThat(statistics.bytesOut()).isGreaterThanOrEqualTo(random.length);
		});
	}

	@Test
	void passesAFailureToTheCallerAndTriesAgainOnTheNextCall() {
		AtomicInteger calls = new AtomicInteger();
		Codec failingOnce = new Codec() {
			@Override
			public ContentCoding coding() {
				return GZIP;
			}

			@Override
			public int level() {
				return 6;
			}

			@Override
			public byte[] encode(byte[] source) throws IOException {
				if (source.length == SCRIPT.length && calls.getAndIncrement() == 0) {
					throw new IOException("out of memory in the encoder");
				}
				return new GzipCodec(6).encode(source);
			}
		};
		Compressor compressor = new Compressor(Codecs.load(List.of(GZIP), coding -> failingOnce));

		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> compressor.compress(VERSION, GZIP, ByteBuffer.wrap(SCRIPT)))
			.withMessageContaining("out of memory in the encoder");
		assertThat(compressor.compress(VERSION, GZIP, ByteBuffer.wrap(SCRIPT))).isNotNull();
	}

	@Test
	void countsBytesInAndOut() {
		Compressor compressor = new Compressor(countingCodecs(false));

		ByteBuffer coded = compressor.compress(VERSION, BR, ByteBuffer.wrap(SCRIPT));

		assertThat(compressor.statistics()).isEqualTo(new CompressionStatistics(1, SCRIPT.length, coded.remaining()));
		assertThat(compressor.statistics().ratio()).isLessThan(0.1);
	}

	/**
	 * Real codecs that count their runs and, when gated, hold each run until the gate
	 * opens.
	 */
	private Codecs countingCodecs(boolean gated) {
		Map<ContentCoding, Codec> real = Map.of(ZSTD, new ZstdCodec(3), BR, new BrotliCodec(5), GZIP, new GzipCodec(6));
		for (ContentCoding coding : real.keySet()) {
			runs.put(coding, new AtomicInteger());
		}
		return Codecs.load(List.of(ZSTD, BR, GZIP), coding -> new Codec() {
			@Override
			public ContentCoding coding() {
				return coding;
			}

			@Override
			public int level() {
				return real.get(coding).level();
			}

			@Override
			public byte[] encode(byte[] source) throws IOException {
				if (source.length >= SCRIPT.length / 2) {
					// not the start-up probe
					runs.get(coding).incrementAndGet();
					if (gated) {
						await(gate);
					}
				}
				return real.get(coding).encode(source);
			}
		});
	}

	/**
	 * Waits until every thread has entered the compressor and is parked: in a codec at
	 * the gate, or waiting for one.
	 */
	private static void awaitAllWaiting(List<Thread> threads, AtomicInteger inside) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (inside.get() < threads.size()
				|| threads.stream().anyMatch(thread -> thread.getState() != Thread.State.WAITING)) {
			assertThat(System.nanoTime()).as("all requests waiting").isLessThan(deadline);
			Thread.sleep(5);
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Resolution version(long lastModified) {
		return new Resolution(Resolution.Kind.FILE, Path.of("/srv/www/app.js"), "app.js", SCRIPT.length, lastModified,
				null);
	}

}
