package dev.staticflux.files;

import java.util.Map;

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
			clip.mov    | video/quicktime
			book.epub   | application/epub+zip
			letter.docx | application/vnd.openxmlformats-officedocument.wordprocessingml.document
			app.apk     | application/vnd.android.package-archive
			live.m3u8   | application/vnd.apple.mpegurl
			""")
	void typeFollowsTheExtension(String name, String type) {
		assertThat(MediaTypes.builtIn().typeOf(name)).isEqualTo(type);
	}

	@Test
	void extensionIsCaseInsensitive() {
		assertThat(MediaTypes.builtIn().typeOf("PHOTO.JPG")).isEqualTo("image/jpeg");
	}

	@Test
	void lastExtensionWins() {
		assertThat(MediaTypes.builtIn().typeOf("app.min.css")).isEqualTo("text/css;charset=utf-8");
	}

	@ParameterizedTest
	@ValueSource(strings = { "README", "archive.unknownext", "trailingdot.", "x.br" })
	void unknownOrMissingExtensionIsOctetStream(String name) {
		assertThat(MediaTypes.builtIn().typeOf(name)).isEqualTo(MediaTypes.DEFAULT)
			.isEqualTo("application/octet-stream");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			setup.exe   | application/x-msdownload
			sheet.ods   | application/vnd.oasis.opendocument.spreadsheet
			song.mid    | audio/midi
			main.c      | text/x-c;charset=utf-8
			""")
	void extensionOutsideTheTableFallsBackToSpringsMediaTypeFactory(String name, String type) {
		assertThat(MediaTypes.builtIn().typeOf(name)).isEqualTo(type);
	}

	@Test
	void operatorsTypeWinsOverTheTableAndIsSentAsWritten() {
		MediaTypes types = new MediaTypes(
				Map.of("js", "application/javascript", "m3u8", "audio/mpegurl", "log", "text/plain"));

		assertThat(types.typeOf("app.js")).isEqualTo("application/javascript");
		assertThat(types.typeOf("LIVE.M3U8")).isEqualTo("audio/mpegurl");
		assertThat(types.typeOf("server.log")).isEqualTo("text/plain");
		assertThat(types.typeOf("a.css")).isEqualTo("text/css;charset=utf-8");
		assertThat(types.overrides()).containsEntry("js", "application/javascript");
	}

	@Test
	void builtInTypesHaveNoOverrides() {
		assertThat(MediaTypes.builtIn().overrides()).isEmpty();
	}

	@Test
	void binaryTypesCarryNoCharset() {
		assertThat(MediaTypes.builtIn().typeOf("a.png")).doesNotContain("charset");
	}

}
