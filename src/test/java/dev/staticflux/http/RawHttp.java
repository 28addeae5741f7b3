package dev.staticflux.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so request targets reach the server exactly as written: no client normalises
 * {@code ..}, percent escapes or backslashes. Reads responses by {@code Content-Length}, which is what the
 * engine always sends.
 */
final class RawHttp implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private RawHttp(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	/** Opens a keep-alive connection to the server on localhost. */
	static RawHttp connect(int port) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout(10_000);
		return new RawHttp(socket);
	}

	/** One request on a new connection that is closed afterwards. */
	static Response exchange(int port, String method, String target, String... headers) throws IOException {
		try (RawHttp http = connect(port)) {
			return http.send(method, target, headers);
		}
	}

	/**
	 * Sends a request and reads its response on this connection.
	 * @param headers extra header lines such as {@code "Range: bytes=0-1"}
	 */
	Response send(String method, String target, String... headers) throws IOException {
		StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		boolean host = false;
		for (String header : headers) {
			request.append(header).append("\r\n");
			host |= header.regionMatches(true, 0, "Host:", 0, 5);
		}
		if (!host) {
			request.append("Host: localhost\r\n");
		}
		out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
		return read(method.equals("HEAD"));
	}

	private Response read(boolean head) throws IOException {
		String statusLine = line();
		if (statusLine == null) {
			throw new IOException("connection closed before a response");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = line(); line != null && !line.isEmpty(); line = line()) {
			int colon = line.indexOf(':');
			headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
					(a, b) -> a + ", " + b);
		}
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		byte[] body = new byte[0];
		String length = headers.get("content-length");
		if (!head && status != 204 && status != 304 && length != null) {
			body = in.readNBytes(Integer.parseInt(length));
		}
		return new Response(status, headers, body);
	}

	private String line() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0) {
			if (b == '\n') {
				String text = bytes.toString(StandardCharsets.ISO_8859_1);
				return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
			}
			bytes.write(b);
		}
		return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Waits for the server to close this connection.
	 * @return whether it did within the socket timeout
	 */
	boolean closedByServer() throws IOException {
		try {
			return in.read() < 0;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// a reset is a close too
			return true;
		}
	}

	void timeout(int millis) throws IOException {
		socket.setSoTimeout(millis);
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}

	/** A response; header names in lower case. */
	record Response(int status, Map<String, String> headers, byte[] body) {

		String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}

		String text() {
			return new String(body, StandardCharsets.UTF_8);
		}

	}

}
