package dev.staticflux.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MediaTypesTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			index.html  | text/html;charset=utf-8
			page.htm    | text/html;charset=utf-8
			site.css    | text/css;charset=utf-8
			app.js      | text/javascript;charset=utf-8
			module.mjs  | text/javascript;charset=utf-8
			data.json   | application/json
			logo.svg    | image/svg+xml
			a.png       | image/png
			a.jpg       | image/jpeg
			a.jpeg      | image/jpeg
			a.gif       | image/gif
			a.webp      | image/webp
			a.avif      | image/avif
			favicon.ico | image/x-icon
			f.woff      | font/woff
			f.woff2     | font/woff2
			notes.txt   | text/plain;charset=utf-8
			feed.xml    | application/xml
			doc.pdf     | application/pdf
			mod.wasm    | application/wasm
			v.mp4       | video/mp4
			v.webm      | video/webm
			s.mp3       | audio/mpeg
			app.js.map  | application/json
			""")
	void typeFollowsTheExtension(String name, String type) {
		assertThat(MediaTypes.forFileName(name)).isEqualTo(type);
	}

	@Test
	void extensionIsCaseInsensitive() {
		assertThat(MediaTypes.forFileName("PHOTO.JPG")).isEqualTo("image/jpeg");
	}

	@Test
	void lastExtensionWins() {
		assertThat(MediaTypes.forFileName("app.min.css")).isEqualTo("text/css;charset=utf-8");
	}

	@ParameterizedTest
	@ValueSource(strings = { "README", "archive.unknownext", "trailingdot.", "x.exe" })
	void unknownOrMissingExtensionIsOctetStream(String name) {
		assertThat(MediaTypes.forFileName(name)).isEqualTo(MediaTypes.DEFAULT).isEqualTo("application/octet-stream");
	}

	@Test
	void binaryTypesCarryNoCharset() {
		assertThat(MediaTypes.forFileName("a.png")).doesNotContain("charset");
	}

}
