package dev.staticflux.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.staticflux.cache.DiskLookup;
import dev.staticflux.cache.FileKey;
import dev.staticflux.testsupport.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.BDDMockito.given;

/**
 * An I/O failure while looking a file up (a disk error, not a missing file) answers 500
 * with the error page and nothing about the failure: no exception text, no path. The disk
 * lookup (cache off) is made to fail, since a real disk error cannot be provoked reliably
 * in a test.
 */
@TestPropertySource(properties = "staticflux.cache.max-size=0")
class IoFailureIntegrationTests extends FileEngineContract {

	@MockitoBean
	DiskLookup diskLookup;

	@Test
	void ioFailureAnswers500WithoutLeakingTheCause() throws Exception {
		given(diskLookup.find(any(FileKey.class), anyBoolean())).willReturn(CompletableFuture
			.failedFuture(new UncheckedIOException(new IOException("EIO reading /secret/disk/path"))));

		try (RawHttp.Connection connection = RawHttp.open(port)) {
			RawHttp.Response response = connection.send("GET", "/text.txt");

			assertThat(response.status()).isEqualTo(500);
			assertThat(response.headers()).containsEntry("content-type", "text/html;charset=utf-8")
				.containsEntry("server", "staticflux");
			assertThat(response.bodyText()).contains("<h1>500 Internal Server Error</h1>")
				.doesNotContain("EIO", "/secret", "Exception", "at dev.", "text.txt");
			assertThat(connection.send("HEAD", "/text.txt").status()).isEqualTo(500);
		}
	}

}
