package dev.staticflux.files;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

/**
 * Content types by file extension, in three layers: the operator's
 * {@code staticflux.mime-types}, then a built-in table of the types a web site serves,
 * then Spring's {@link MediaTypeFactory} (the ~770 extensions of its {@code mime.types}).
 * Text types carry {@code charset=utf-8} (an operator's type is sent as written); an
 * extension none of them knows is {@code application/octet-stream}, which with
 * {@code nosniff} makes browsers download rather than guess.
 *
 * <p>
 * A type is looked up when a file's representation is built, once per cached file, not
 * per response; a {@code MediaTypeFactory} answer is remembered per extension, so it is
 * parsed once per extension at most.
 */
public final class MediaTypes {

	/** The type of a file whose extension is unknown. */
	public static final String DEFAULT = "application/octet-stream";

	private static final String UTF8 = ";charset=utf-8";

	private static final String OPEN_XML = "application/vnd.openxmlformats-officedocument.";

	private static final Map<String, String> BUILT_IN = Map.ofEntries(Map.entry("html", "text/html" + UTF8),
			Map.entry("htm", "text/html" + UTF8), Map.entry("css", "text/css" + UTF8),
			Map.entry("js", "text/javascript" + UTF8), Map.entry("mjs", "text/javascript" + UTF8),
			Map.entry("cjs", "text/javascript" + UTF8), Map.entry("json", "application/json"),
			Map.entry("map", "application/json"), Map.entry("webmanifest", "application/manifest+json"),
			Map.entry("txt", "text/plain" + UTF8), Map.entry("md", "text/markdown" + UTF8),
			Map.entry("csv", "text/csv" + UTF8), Map.entry("xml", "application/xml"),
			Map.entry("rss", "application/rss+xml"), Map.entry("atom", "application/atom+xml"),
			Map.entry("xhtml", "application/xhtml+xml"), Map.entry("svg", "image/svg+xml"),
			Map.entry("png", "image/png"), Map.entry("apng", "image/apng"), Map.entry("jpg", "image/jpeg"),
			Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
			Map.entry("avif", "image/avif"), Map.entry("heic", "image/heic"), Map.entry("heif", "image/heif"),
			Map.entry("jxl", "image/jxl"), Map.entry("ico", "image/x-icon"), Map.entry("bmp", "image/bmp"),
			Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"), Map.entry("woff", "font/woff"),
			Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"), Map.entry("otf", "font/otf"),
			Map.entry("eot", "application/vnd.ms-fontobject"), Map.entry("pdf", "application/pdf"),
			Map.entry("epub", "application/epub+zip"), Map.entry("docx", OPEN_XML + "wordprocessingml.document"),
			Map.entry("xlsx", OPEN_XML + "spreadsheetml.sheet"),
			Map.entry("pptx", OPEN_XML + "presentationml.presentation"), Map.entry("wasm", "application/wasm"),
			Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("webm", "video/webm"),
			Map.entry("ogv", "video/ogg"), Map.entry("mov", "video/quicktime"), Map.entry("mkv", "video/x-matroska"),
			Map.entry("m3u8", "application/vnd.apple.mpegurl"), Map.entry("mpd", "application/dash+xml"),
			Map.entry("mp3", "audio/mpeg"), Map.entry("m4a", "audio/mp4"), Map.entry("aac", "audio/aac"),
			Map.entry("ogg", "audio/ogg"), Map.entry("oga", "audio/ogg"), Map.entry("opus", "audio/ogg"),
			Map.entry("wav", "audio/wav"), Map.entry("flac", "audio/flac"), Map.entry("zip", "application/zip"),
			Map.entry("gz", "application/gzip"), Map.entry("tar", "application/x-tar"),
			Map.entry("br", "application/octet-stream"), Map.entry("7z", "application/x-7z-compressed"),
			Map.entry("apk", "application/vnd.android.package-archive"), Map.entry("yaml", "application/yaml"),
			Map.entry("yml", "application/yaml"), Map.entry("toml", "application/toml"),
			Map.entry("ics", "text/calendar" + UTF8), Map.entry("vtt", "text/vtt" + UTF8),
			Map.entry("jsonld", "application/ld+json"), Map.entry("glb", "model/gltf-binary"),
			Map.entry("gltf", "model/gltf+json"));

	private static final MediaTypes BUILT_IN_ONLY = new MediaTypes(Map.of());

	/**
	 * {@code MediaTypeFactory} answers by extension; bounded by the extensions it knows.
	 */
	private static final Map<String, String> FACTORY_ANSWERS = new ConcurrentHashMap<>();

	private final Map<String, String> byExtension;

	private final Map<String, String> overrides;

	/**
	 * @param overrides extension (lower case, without dot) to media type, as validated in
	 * {@code staticflux.mime-types}; they win over the built-in table
	 */
	public MediaTypes(Map<String, String> overrides) {
		Map<String, String> table = new HashMap<>(BUILT_IN);
		table.putAll(overrides);
		this.byExtension = Map.copyOf(table);
		this.overrides = Map.copyOf(overrides);
	}

	/** The types without operator overrides. */
	public static MediaTypes builtIn() {
		return BUILT_IN_ONLY;
	}

	/**
	 * The {@code Content-Type} for a file name.
	 * @param fileName a name such as {@code app.min.js}; only the last extension counts
	 * @return the header value, never {@code null}
	 */
	public String typeOf(String fileName) {
		int dot = fileName.lastIndexOf('.');
		if (dot < 0 || dot == fileName.length() - 1) {
			return DEFAULT;
		}
		String extension = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
		String type = byExtension.get(extension);
		return (type != null) ? type : fromFactory(extension);
	}

	/** The operator's overrides, extension to type. */
	public Map<String, String> overrides() {
		return overrides;
	}

	private static String fromFactory(String extension) {
		String known = FACTORY_ANSWERS.get(extension);
		if (known != null) {
			return known;
		}
		Optional<MediaType> type = MediaTypeFactory.getMediaType("f." + extension);
		if (type.isEmpty()) {
			return DEFAULT;
		}
		MediaType mediaType = type.get();
		String value = "text".equals(mediaType.getType()) && mediaType.getCharset() == null ? mediaType + UTF8
				: mediaType.toString();
		FACTORY_ANSWERS.put(extension, value);
		return value;
	}

}
