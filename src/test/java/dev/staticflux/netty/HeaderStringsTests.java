package dev.staticflux.netty;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HeaderStringsTests {

	@Test
	void encodesTheSameHeadAsTheValidatingMapWithStrings() {
		List<String> fields = List.of("Date", "Tue, 01 Dec 2026 15:00:00 GMT", "Content-Type", "text/plain", "ETag",
				"\"400-19ad1\"", "Content-Length", "1024", "X-Latin", "caf\u00e9", "X-Wide", "\u20ac and \ttab");

		assertThat(head(copied(fields))).isEqualTo(head(validatingSet(fields)));
	}

	@Test
	void aRepeatedNameReplacesTheEarlierFieldAsSetWould() {
		List<String> fields = List.of("Link", "</a.css>", "Vary", "Accept-Encoding", "link", "</b.css>");

		HttpHeaders copied = copied(fields);

		assertThat(copied.getAll("Link")).containsExactly("</b.css>");
		assertThat(head(copied)).isEqualTo(head(validatingSet(fields)));
	}

	@Test
	void refusesAValueThatWouldSplitTheResponse() {
		assertThatIllegalArgumentException().isThrownBy(() -> copied(List.of("Location", "/a\r\nSet-Cookie: x=1")))
			.withMessageContaining("header value");
	}

	@Test
	void refusesANameThatIsNotAToken() {
		assertThatIllegalArgumentException().isThrownBy(() -> copied(List.of("Bad Name", "x")))
			.withMessageContaining("header name");
		assertThatIllegalArgumentException().isThrownBy(() -> copied(List.of("", "x")));
	}

	@Test
	void aValueRefusedOnceIsRefusedAgain() {
		List<String> fields = List.of("X-Split", "a\nb");
		assertThatIllegalArgumentException().isThrownBy(() -> copied(fields));

		assertThatIllegalArgumentException().isThrownBy(() -> copied(fields));
	}

	@Test
	void staysExactWithMoreDistinctValuesThanSlots() {
		List<String> fields = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			fields.clear();
			fields.add("ETag");
			fields.add("\"" + Integer.toHexString(i * 7919) + "\"");
			assertThat(copied(fields).get("ETag")).isEqualTo(fields.get(1));
		}
	}

	@Test
	void findsARequestHeaderByAnyCaseOfItsName() {
		HttpHeaders request = HeaderStrings.UNCHECKED.newHeaders().add("accept-encoding", "gzip");

		assertThat(request.get(HeaderStrings.name("Accept-Encoding"))).isEqualTo("gzip");
	}

	private static HttpHeaders copied(List<String> fields) {
		HttpHeaders headers = HeaderStrings.UNCHECKED.newHeaders();
		HeaderStrings.copy(fields, headers);
		return headers;
	}

	private static HttpHeaders validatingSet(List<String> fields) {
		HttpHeaders headers = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK).headers();
		for (int i = 0; i < fields.size(); i += 2) {
			headers.set(fields.get(i), fields.get(i + 1));
		}
		return headers;
	}

	private static String head(HttpHeaders headers) {
		EmbeddedChannel channel = new EmbeddedChannel(new HttpResponseEncoder());
		channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers));
		ByteBuf encoded = channel.readOutbound();
		try {
			return encoded.toString(StandardCharsets.ISO_8859_1);
		}
		finally {
			encoded.release();
			channel.finishAndReleaseAll();
		}
	}

}
