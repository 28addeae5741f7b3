package dev.staticflux.files;

import java.util.Locale;
import java.util.Map;

/**
 * Content types by file extension. Text types carry {@code charset=utf-8}; an unknown extension is
 * {@code application/octet-stream}, which with {@code nosniff} makes browsers download rather than guess.
 */
public final class MediaTypes {

	/** The type of a file whose extension is unknown. */
	public static final String DEFAULT = "application/octet-stream";

	private static final String UTF8 = ";charset=utf-8";

	private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
			Map.entry("html", "text/html" + UTF8), Map.entry("htm", "text/html" + UTF8),
			Map.entry("css", "text/css" + UTF8), Map.entry("js", "text/javascript" + UTF8),
			Map.entry("mjs", "text/javascript" + UTF8), Map.entry("json", "application/json"),
			Map.entry("map", "application/json"), Map.entry("webmanifest", "application/manifest+json"),
			Map.entry("txt", "text/plain" + UTF8), Map.entry("md", "text/markdown" + UTF8),
			Map.entry("csv", "text/csv" + UTF8), Map.entry("xml", "application/xml"),
			Map.entry("rss", "application/rss+xml"), Map.entry("atom", "application/atom+xml"),
			Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
			Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
			Map.entry("avif", "image/avif"), Map.entry("ico", "image/x-icon"), Map.entry("bmp", "image/bmp"),
			Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"), Map.entry("woff", "font/woff"),
			Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"), Map.entry("otf", "font/otf"),
			Map.entry("eot", "application/vnd.ms-fontobject"), Map.entry("pdf", "application/pdf"),
			Map.entry("wasm", "application/wasm"), Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"),
			Map.entry("webm", "video/webm"), Map.entry("ogv", "video/ogg"), Map.entry("mp3", "audio/mpeg"),
			Map.entry("m4a", "audio/mp4"), Map.entry("ogg", "audio/ogg"), Map.entry("oga", "audio/ogg"),
			Map.entry("wav", "audio/wav"), Map.entry("flac", "audio/flac"), Map.entry("zip", "application/zip"),
			Map.entry("gz", "application/gzip"), Map.entry("tar", "application/x-tar"),
			Map.entry("br", "application/octet-stream"), Map.entry("7z", "application/x-7z-compressed"),
			Map.entry("yaml", "application/yaml"), Map.entry("yml", "application/yaml"),
			Map.entry("toml", "application/toml"), Map.entry("ics", "text/calendar" + UTF8),
			Map.entry("vtt", "text/vtt" + UTF8), Map.entry("jsonld", "application/ld+json"));

	private MediaTypes() {
	}

	/**
	 * The {@code Content-Type} for a file name.
	 * @param fileName a name such as {@code app.min.js}
	 * @return the header value, never {@code null}
	 */
	public static String forFileName(String fileName) {
		int dot = fileName.lastIndexOf('.');
		if (dot < 0 || dot == fileName.length() - 1) {
			return DEFAULT;
		}
		return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
	}

}
