package dev.staticflux.stats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP/1.x over a plain socket, for what the JDK client cannot send: {@code Connection: close}, HTTP/1.0, bad requests. */
final class RawHttp {

	private RawHttp() {
	}

	/** Sends {@code request} on a new connection and reads the response until the server closes it. */
	static Response exchangeUntilClose(int port, String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			byte[] all = socket.getInputStream().readAllBytes();
			String text = new String(all, StandardCharsets.ISO_8859_1);
			int headerEnd = text.indexOf("\r\n\r\n");
			return new Response(status(text), text.substring(0, headerEnd), all.length - headerEnd - 4);
		}
	}

	/** Sends {@code request} on an open connection and reads one response delimited by its Content-Length. */
	static Response exchangeKeepingOpen(Socket socket, String request) throws IOException {
		socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("closed before the end of the headers");
			}
			head.write(b);
		}
		String headers = head.toString(StandardCharsets.ISO_8859_1);
		int length = contentLength(headers);
		in.readNBytes(length);
		return new Response(status(headers), headers, length);
	}

	private static int status(String response) {
		return Integer.parseInt(response.substring(9, 12));
	}

	private static int contentLength(String headers) {
		for (String line : headers.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				return Integer.parseInt(line.substring(15).trim());
			}
		}
		throw new IllegalStateException("no Content-Length in " + headers);
	}

	/**
	 * @param status the status code
	 * @param headers the status line and headers
	 * @param bodyBytes the body bytes received
	 */
	record Response(int status, String headers, int bodyBytes) {
	}

}
