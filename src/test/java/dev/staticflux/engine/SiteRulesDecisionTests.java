package dev.staticflux.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.HttpStatus;

import dev.staticflux.compression.CompressionPolicy;
import dev.staticflux.cache.FileCache;
import dev.staticflux.cache.TestFileCaches;
import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.files.HostRoots;
import dev.staticflux.rules.ServerHeader;
import dev.staticflux.rules.SiteRulesByHost;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the site rules sit among the core's decisions, without any server. */
class SiteRulesDecisionTests {

	private static final String NAVIGATION = "text/html,*/*;q=0.8";

	@TempDir
	Path root;

	private FileCache cache;

	private FileEngine engine;

	@BeforeEach
	void engine() throws IOException {
		Files.writeString(root.resolve("index.html"), "shell");
		Files.writeString(root.resolve("a.txt"), "a");
		Map<String, String> settings = new HashMap<>(Map.of("staticflux.root", root.toString(), "staticflux.fallback",
				"/index.html", "staticflux.redirects[0].from", "/old/{*rest}", "staticflux.redirects[0].to",
				"/new{rest}", "staticflux.headers[0].pattern", "**", "staticflux.headers[0].name", "X-Frame-Options",
				"staticflux.headers[0].value", "DENY"));
		StaticFluxProperties properties = new Binder(new MapConfigurationPropertySource(settings))
			.bind("staticflux", StaticFluxProperties.class)
			.get();
		cache = TestFileCaches.synchronous(1024, false);
		engine = new FileEngine(new FileEngine.EngineSettings(false, false, List.of(), CompressionPolicy.OFF),
				new HostRoots(root, List.of()), cache, new CommonHeaders(Clock.systemUTC(), ServerHeader.of("")),
				new SiteRulesByHost(properties));
	}

	@Test
	void redirectIsDecidedAtOnceBeforeAnyLookup() {
		Decision decision = engine.decide(new Request("GET", "/old/a.txt?x=1", Map.of()));

		Reply reply = ((Decision.Respond) decision).reply();
		assertThat(reply.status()).isEqualTo(HttpStatus.MOVED_PERMANENTLY);
		assertThat(header(reply, "Location")).isEqualTo("/new/a.txt?x=1");
		assertThat(header(reply, "X-Frame-Options")).isEqualTo("DENY");
		assertThat(header(reply, "Server")).isNull();
	}

	@Test
	void navigationThatFindsNothingChecksForLinksOutOfTheRootThenLooksUpTheFallback() {
		Decision check = performLookups(engine.decide(new Request("GET", "/app/route", Map.of("accept", NAVIGATION))));
		assertThat(check).isInstanceOf(Decision.Check.class);

		Decision served = performLookups(((Decision.Check) check).then().apply(false));

		Reply reply = ((Decision.Respond) served).reply();
		assertThat(reply.status()).isEqualTo(HttpStatus.OK);
		assertThat(StandardCharsets.UTF_8.decode(((Reply.Memory) reply.body()).buffer().duplicate()).toString())
			.isEqualTo("shell");
		assertThat(header(reply, "Vary")).isEqualTo("Accept");
		assertThat(header(reply, "X-Frame-Options")).isEqualTo("DENY");
	}

	@Test
	void pathThroughALinkOutOfTheRootKeepsIts404() {
		Decision check = performLookups(engine.decide(new Request("GET", "/link/x", Map.of("accept", NAVIGATION))));

		Decision blocked = performLookups(((Decision.Check) check).then().apply(true));

		assertThat(((Decision.Respond) blocked).reply().status()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void requestThatIsNoNavigationGetsA404ThatVariesWithAccept() {
		Decision decision = performLookups(engine.decide(new Request("GET", "/app.js", Map.of("accept", "*/*"))));

		Reply reply = ((Decision.Respond) decision).reply();
		assertThat(reply.status()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(header(reply, "Vary")).isEqualTo("Accept");
	}

	@Test
	void headerRulesGoOnRepliesDecidedBeforeThePathCheckToo() {
		Reply notAllowed = ((Decision.Respond) performLookups(engine.decide(new Request("POST", "/a.txt", Map.of()))))
			.reply();
		Reply options = ((Decision.Respond) engine.decide(new Request("OPTIONS", "/a.txt", Map.of()))).reply();

		assertThat(notAllowed.status()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
		assertThat(header(notAllowed, "X-Frame-Options")).isEqualTo("DENY");
		assertThat(options.status()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(header(options, "X-Frame-Options")).isEqualTo("DENY");
	}

	private Decision performLookups(Decision decision) {
		while (decision instanceof Decision.Lookup lookup) {
			decision = lookup.then().apply(cache.lookup(lookup.key()).block());
		}
		return decision;
	}

	private static String header(Reply reply, String name) {
		List<String> headers = reply.headerList();
		for (int i = 0; i < headers.size(); i += 2) {
			if (headers.get(i).equalsIgnoreCase(name)) {
				return headers.get(i + 1);
			}
		}
		return null;
	}

	/**
	 * A request as an adapter would present it.
	 *
	 * @param headers field values by lower-case name
	 */
	private record Request(String method, String rawTarget, Map<String, String> headers) implements FileRequest {

		@Override
		public String host() {
			return "localhost";
		}

		@Override
		public String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}

		@Override
		public InetSocketAddress clientAddress() {
			return null;
		}

		@Override
		public String protocol() {
			return "HTTP/1.1";
		}

	}

}
