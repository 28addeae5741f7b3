package dev.staticflux.http;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.web.util.HtmlUtils;

/**
 * Renders a directory as an HTML page: entries sorted by name, directories first, hidden entries left out
 * when hidden files are denied, names HTML-escaped in text and percent-encoded in links, with sizes and
 * modification dates. Blocking: call it off the event loop.
 */
final class DirectoryListing {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

	private static final int MAX_ENTRIES = 10_000;

	private final boolean showHidden;

	DirectoryListing(boolean showHidden) {
		this.showHidden = showHidden;
	}

	private record Entry(String name, boolean directory, long size, long modified) {
	}

	/**
	 * @param directory the directory to list
	 * @param requestPath the decoded request path, shown as the title
	 */
	byte[] render(Path directory, String requestPath) throws IOException {
		List<Entry> entries = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
			for (Path child : stream) {
				String name = child.getFileName().toString();
				if ((!showHidden && name.startsWith(".")) || entries.size() >= MAX_ENTRIES) {
					continue;
				}
				try {
					BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class);
					entries.add(new Entry(name, attributes.isDirectory(), attributes.size(),
							attributes.lastModifiedTime().toMillis()));
				}
				catch (IOException ex) {
					// vanished or unreadable between listing and stat: leave it out
				}
			}
		}
		entries.sort(Comparator.comparing((Entry e) -> !e.directory()).thenComparing(Entry::name));
		String title = HtmlUtils.htmlEscape("Index of " + requestPath);
		StringBuilder html = new StringBuilder(256 + entries.size() * 160);
		html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(title)
			.append("</title>\n<style>body{font:15px system-ui,sans-serif;margin:2rem}td{padding:.15rem 1rem .15rem 0}"
					+ "td.n{text-align:right;font-variant-numeric:tabular-nums}</style></head>\n<body><h1>")
			.append(title)
			.append("</h1>\n<table>\n<tr><th>Name</th><th>Size</th><th>Modified (UTC)</th></tr>\n");
		if (!requestPath.equals("/")) {
			html.append("<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n");
		}
		for (Entry entry : entries) {
			String suffix = entry.directory() ? "/" : "";
			html.append("<tr><td><a href=\"")
				.append(URLEncoder.encode(entry.name(), StandardCharsets.UTF_8).replace("+", "%20"))
				.append(suffix)
				.append("\">")
				.append(HtmlUtils.htmlEscape(entry.name()))
				.append(suffix)
				.append("</a></td><td class=\"n\">")
				.append(entry.directory() ? "-" : Long.toString(entry.size()))
				.append("</td><td>")
				.append(DATE.format(Instant.ofEpochMilli(entry.modified())))
				.append("</td></tr>\n");
		}
		html.append("</table>\n</body></html>\n");
		return html.toString().getBytes(StandardCharsets.UTF_8);
	}

}
