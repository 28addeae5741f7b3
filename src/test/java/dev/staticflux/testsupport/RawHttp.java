package dev.staticflux.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what no real client sends: request targets exactly as
 * written (no client normalises {@code ..}, percent escapes or backslashes),
 * {@code Connection: close}, HTTP/1.0, malformed or pipelined requests. Every read has a
 * timeout, so a server that hangs fails the test instead of blocking it.
 * <p>
 * Two ways to talk:
 * <ul>
 * <li>{@link #exchange(int, String, String, String...)} and {@link #open(int)}: one
 * request at a time on a keep-alive {@link Connection}, each response read by its
 * {@code Content-Length}, which is what the engine always sends;</li>
 * <li>{@code new RawHttp(port)} and {@link #exchange(byte[], boolean...)}: any bytes in
 * one write, then everything up to the server's close, split into responses
 * afterwards.</li>
 * </ul>
 */
public final class RawHttp {

	/** Generous: the machine may be busy; a hang still fails, just later. */
	public static final int READ_TIMEOUT_MILLIS = 15_000;

	/**
	 * The read timeout of a {@link Connection}, until {@link Connection#timeout(int)}
	 * changes it.
	 */
	private static final int CONNECTION_TIMEOUT_MILLIS = 10_000;

	private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

	private final int port;

	/**
	 * A client for the server on localhost at {@code port}; it connects anew for each
	 * exchange.
	 */
	public RawHttp(int port) {
		this.port = port;
	}

	/** Opens a keep-alive connection to the server on localhost. */
	public static Connection open(int port) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout(CONNECTION_TIMEOUT_MILLIS);
		return new Connection(socket);
	}

	/**
	 * One request on a new connection that is closed afterwards.
	 * @see Connection#send(String, String, String...)
	 */
	public static Response exchange(int port, String method, String target, String... headers) throws IOException {
		try (Connection connection = open(port)) {
			return connection.send(method, target, headers);
		}
	}

	/** A request line plus headers, ending the head with CRLF CRLF; nothing is added. */
	public static byte[] request(String method, String target, String... headerLines) {
		StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		for (String line : headerLines) {
			head.append(line).append("\r\n");
		}
		return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	/** A GET with {@code Host} and {@code Connection: close}. */
	public static byte[] get(String target) {
		return request("GET", target, "Host: localhost", "Connection: close");
	}

	public static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * A socket connected to the server, with {@link #READ_TIMEOUT_MILLIS} for connecting
	 * and reading.
	 */
	public Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
		socket.setSoTimeout(READ_TIMEOUT_MILLIS);
		return socket;
	}

	/**
	 * Sends the bytes in one write, then reads until the server closes the connection.
	 * @param headRequests for each expected response, in order, whether it answers a HEAD
	 * (no body)
	 * @return the responses parsed from everything received
	 */
	public Exchange exchange(byte[] raw, boolean... headRequests) throws IOException {
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			try {
				out.write(raw);
				out.flush();
			}
			catch (SocketException ex) {
				// The server may answer and close before it has read everything (an
				// overlong request line).
			}
			byte[] received = readToEnd(socket.getInputStream());
			return new Exchange(received, parse(received, headRequests));
		}
	}

	/** Reads until end of stream; a reset after some bytes counts as the end. */
	public static byte[] readToEnd(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[64 * 1024];
		try {
			for (int n; (n = in.read(buffer)) >= 0;) {
				bytes.write(buffer, 0, n);
			}
		}
		catch (SocketException ex) {
			if (bytes.size() == 0) {
				throw ex;
			}
		}
		return bytes.toByteArray();
	}

	/**
	 * Splits a byte stream into responses, each body delimited by its
	 * {@code Content-Length} (none for 204, 304 and HEAD); bytes that do not form a whole
	 * head end the list, and a body cut short ends it too.
	 * @param headRequests for each expected response, in order, whether it answers a HEAD
	 * (no body)
	 */
	public static List<Response> parse(byte[] data, boolean... headRequests) {
		List<Response> responses = new ArrayList<>();
		int offset = 0;
		while (offset < data.length) {
			int end = indexOf(data, offset, END_OF_HEAD);
			if (end < 0) {
				break;
			}
			String head = new String(data, offset, end - offset, StandardCharsets.ISO_8859_1);
			String[] lines = head.split("\r\n");
			long length = 0;
			for (int i = 1; i < lines.length; i++) {
				String line = lines[i].toLowerCase(Locale.ROOT);
				if (line.startsWith("content-length:")) {
					length = Long.parseLong(line.substring("content-length:".length()).trim());
				}
			}
			int status = status(lines[0]);
			boolean noBody = status == 304 || status == 204
					|| (responses.size() < headRequests.length && headRequests[responses.size()]);
			int bodyStart = end + END_OF_HEAD.length;
			int bodyLength = noBody ? 0 : (int) Math.min(length, data.length - bodyStart);
			byte[] body = Arrays.copyOfRange(data, bodyStart, bodyStart + bodyLength);
			responses.add(new Response(lines[0], status, head, body, noBody || bodyLength == length));
			offset = bodyStart + bodyLength;
		}
		return responses;
	}

	public static boolean contains(byte[] data, byte[] pattern) {
		return indexOf(data, 0, pattern) >= 0;
	}

	private static int indexOf(byte[] data, int from, byte[] pattern) {
		outer: for (int i = from; i <= data.length - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (data[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static int status(String statusLine) {
		return Integer.parseInt(statusLine.split(" ", 3)[1]);
	}

	/**
	 * A keep-alive connection that sends one request at a time and reads its response by
	 * {@code Content-Length}.
	 */
	public static final class Connection implements AutoCloseable {

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		private Connection(Socket socket) throws IOException {
			this.socket = socket;
			this.in = socket.getInputStream();
			this.out = socket.getOutputStream();
		}

		/**
		 * Sends a request and reads its response on this connection;
		 * {@code Host: localhost} is added unless a {@code Host} line is given.
		 * @param headers extra header lines such as {@code "Range: bytes=0-1"}
		 */
		public Response send(String method, String target, String... headers) throws IOException {
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

		private Response read(boolean headRequest) throws IOException {
			String statusLine = line();
			if (statusLine == null) {
				throw new IOException("connection closed before a response");
			}
			StringBuilder head = new StringBuilder(statusLine);
			for (String line = line(); line != null && !line.isEmpty(); line = line()) {
				head.append("\r\n").append(line);
			}
			int status = status(statusLine);
			Response bodiless = new Response(statusLine, status, head.toString(), new byte[0], true);
			String length = bodiless.header("Content-Length");
			if (headRequest || status == 204 || status == 304 || length == null) {
				return bodiless;
			}
			int expected = Integer.parseInt(length);
			byte[] body = in.readNBytes(expected);
			return new Response(statusLine, status, bodiless.head(), body, body.length == expected);
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
		 * @return whether it did within the read timeout
		 */
		public boolean closedByServer() throws IOException {
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

		/** Changes the read timeout, 10 seconds until then. */
		public void timeout(int millis) throws IOException {
			socket.setSoTimeout(millis);
		}

		@Override
		public void close() throws IOException {
			socket.close();
		}

	}

	/** Everything received on one connection. */
	public record Exchange(byte[] received, List<Response> responses) {

		public String text() {
			return new String(received, StandardCharsets.ISO_8859_1);
		}

		public Response only() {
			if (responses.size() != 1) {
				throw new AssertionError("expected one response, got " + responses.size() + ": " + text());
			}
			return responses.get(0);
		}

		/**
		 * How many bytes arrived after the first response's head: its body however it was
		 * delimited, when the server answered once and closed.
		 */
		public int bytesAfterFirstHead() {
			return received.length - responses.get(0).head().length() - END_OF_HEAD.length;
		}

	}

	/**
	 * One parsed response.
	 *
	 * @param statusLine the status line, such as {@code HTTP/1.1 200 OK}
	 * @param head the status line and the header lines, joined by CRLF, without the blank
	 * line that ends them
	 * @param complete whether the whole body announced by {@code Content-Length} arrived
	 */
	public record Response(String statusLine, int status, String head, byte[] body, boolean complete) {

		/**
		 * The header fields by lower-case name; a repeated field's values joined by
		 * {@code ", "}.
		 */
		public Map<String, String> headers() {
			Map<String, String> headers = new LinkedHashMap<>();
			String[] lines = head.split("\r\n");
			for (int i = 1; i < lines.length; i++) {
				String line = lines[i];
				int colon = line.indexOf(':');
				headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
						line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
			}
			return headers;
		}

		/**
		 * A header field's value, found by any case of its name; {@code null} if absent.
		 */
		public String header(String name) {
			return headers().get(name.toLowerCase(Locale.ROOT));
		}

		public String bodyText() {
			return new String(body, StandardCharsets.UTF_8);
		}

		@Override
		public String toString() {
			return statusLine;
		}

	}

}
