import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.Http3SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A small, bounded HTTP load client on Reactor Netty, for HTTP/3 where no packaged tool speaks it (Debian's
 * h2load is built without QUIC): CONNECTIONS connections, each with STREAMS requests in flight, for DURATION
 * seconds or REQUESTS requests, whichever ends first, against one URL. The same client speaks h3, h2 and
 * HTTP/1.1 (STREAMS connections per "connection" there, one request each in flight), so the protocols can be
 * compared by one tool on one machine. It trusts any certificate: for benchmarks against 127.0.0.1 only.
 *
 * Prints one line: protocol, requests, errors, req/s, latency p50/p99/max in ms, body MB/s.
 * Run through bench/h3load.sh, which builds the classpath.
 */
public final class H3Load {

	public static void main(String[] args) {
		String url = arg(args, 0, "https://localhost:8443/");
		String protocol = arg(args, 1, "h3");
		int connections = Integer.parseInt(arg(args, 2, "2"));
		int streams = Integer.parseInt(arg(args, 3, "16"));
		Duration duration = Duration.ofSeconds(Long.parseLong(arg(args, 4, "5")));
		long maxRequests = Long.parseLong(arg(args, 5, "1000000"));
		int threads = Integer.parseInt(arg(args, 6, "1"));

		LoopResources loops = LoopResources.create("h3load", threads, true);
		boolean multiplexed = !protocol.equals("h1");
		int pools = multiplexed ? connections : connections * streams;
		List<HttpClient> clients = new ArrayList<>();
		List<ConnectionProvider> providers = new ArrayList<>();
		for (int i = 0; i < pools; i++) {
			ConnectionProvider provider = ConnectionProvider.create("h3load-" + i, 1);
			providers.add(provider);
			clients.add(client(HttpClient.create(provider).runOn(loops), protocol));
		}
		// Warm-up: one request per connection, so that handshakes are not measured.
		Flux.fromIterable(clients).flatMap(c -> request(c, url)).blockLast(Duration.ofSeconds(30));

		long deadline = System.nanoTime() + duration.toNanos();
		AtomicLong issued = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		AtomicLong bytes = new AtomicLong();
		long[] latencies = new long[(int) Math.min(maxRequests, 20_000_000)];
		AtomicLong done = new AtomicLong();
		int perClient = multiplexed ? streams : 1;
		long start = System.nanoTime();
		Flux.fromIterable(clients)
			.flatMap(client -> Flux.range(0, perClient)
				.flatMap(lane -> Flux.<Long>generate(sink -> {
					if (System.nanoTime() < deadline && issued.incrementAndGet() <= maxRequests) {
						sink.next(System.nanoTime());
					}
					else {
						sink.complete();
					}
				}).concatMap(sent -> request(client, url).doOnNext(length -> {
					bytes.addAndGet(length);
					long index = done.getAndIncrement();
					if (index < latencies.length) {
						latencies[(int) index] = System.nanoTime() - sent;
					}
				}).onErrorResume(ex -> {
					errors.incrementAndGet();
					return Mono.empty();
				}), 1), perClient), clients.size())
			.blockLast(duration.plusSeconds(60));
		double seconds = (System.nanoTime() - start) / 1e9;
		int recorded = (int) Math.min(done.get(), latencies.length);
		long[] sorted = Arrays.copyOf(latencies, recorded);
		Arrays.sort(sorted);
		System.out.printf(Locale.ROOT, "%s requests=%d errors=%d req/s=%.0f p50=%.2fms p99=%.2fms max=%.2fms MB/s=%.1f%n",
				protocol, done.get(), errors.get(), done.get() / seconds, percentile(sorted, 0.50),
				percentile(sorted, 0.99), recorded == 0 ? 0 : sorted[recorded - 1] / 1e6, bytes.get() / seconds / 1e6);
		providers.forEach(ConnectionProvider::dispose);
		loops.dispose();
	}

	private static HttpClient client(HttpClient client, String protocol) {
		switch (protocol) {
			case "h3":
				return client.protocol(HttpProtocol.HTTP3)
					.secure(spec -> spec.sslContext(Http3SslContextSpec.forClient()
						.configure(b -> b.trustManager(InsecureTrustManagerFactory.INSTANCE))))
					.http3Settings(spec -> spec.idleTimeout(Duration.ofSeconds(30))
						.maxData(64L * 1024 * 1024)
						.maxStreamDataBidirectionalLocal(16L * 1024 * 1024)
						.maxStreamsBidirectional(1000));
			case "h2":
				return client.protocol(HttpProtocol.H2)
					.secure(spec -> spec.sslContext(Http2SslContextSpec.forClient()
						.configure(b -> b.trustManager(InsecureTrustManagerFactory.INSTANCE))));
			case "h1":
				return client.protocol(HttpProtocol.HTTP11)
					.secure(spec -> spec.sslContext(Http11SslContextSpec.forClient()
						.configure(b -> b.trustManager(InsecureTrustManagerFactory.INSTANCE))));
			default:
				throw new IllegalArgumentException("protocol: " + protocol + " (expected: h3, h2 or h1)");
		}
	}

	/** One GET; the body length, or an error for a status other than 2xx. */
	private static Mono<Long> request(HttpClient client, String url) {
		return client.get().uri(url).responseSingle((response, body) -> {
			if (response.status().code() / 100 != 2) {
				return Mono.error(new IllegalStateException("status " + response.status()));
			}
			return body.map(b -> (long) b.readableBytes()).defaultIfEmpty(0L);
		});
	}

	private static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(p * sorted.length) - 1;
		return sorted[Math.max(0, rank)] / 1e6;
	}

	private static String arg(String[] args, int index, String fallback) {
		return (args.length > index) ? args[index] : fallback;
	}

}
