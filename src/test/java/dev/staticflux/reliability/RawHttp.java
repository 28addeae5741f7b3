package dev.staticflux.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A deliberately dumb HTTP/1.1 client over a plain socket: it sends exactly the bytes it is given, so tests can
 * send what no real client would, and it parses what comes back strictly enough to count responses. Every read
 * has a timeout, so a server that hangs fails the test instead of blocking it.
 */
final class RawHttp {

	/** Generous: the machine may be busy; a hang still fails, just later. */
	static final int READ_TIMEOUT_MILLIS = 15_000;

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	/** A request line plus headers, ending the head with CRLF CRLF. */
	static byte[] request(String method, String target, String... headerLines) {
		StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		for (String line : headerLines) {
			head.append(line).append("\r\n");
		}
		return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	/** A GET with {@code Host} and {@code Connection: close}. */
	static byte[] get(String target) {
		return request("GET", target, "Host: localhost", "Connection: close");
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
		socket.setSoTimeout(READ_TIMEOUT_MILLIS);
		return socket;
	}

	/**
	 * Sends the bytes in one write, then reads until the server closes the connection.
	 * @param headRequests for each expected response, in order, whether it answers a HEAD (no body)
	 * @return the responses parsed from everything received
	 */
	Exchange exchange(byte[] raw, boolean... headRequests) throws IOException {
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			try {
				out.write(raw);
				out.flush();
			}
			catch (SocketException ex) {
				// The server may answer and close before it has read everything (an overlong request line).
			}
			byte[] received = readToEnd(socket.getInputStream());
			return new Exchange(received, parse(received, headRequests));
		}
	}

	/** Reads until end of stream; a reset after some bytes counts as the end. */
	static byte[] readToEnd(InputStream in) throws IOException {
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

	/** Splits a byte stream into responses; bytes that do not form a whole response end the list. */
	static List<Response> parse(byte[] data, boolean... headRequests) {
		List<Response> responses = new ArrayList<>();
		int offset = 0;
		while (offset < data.length) {
			int end = indexOf(data, offset, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			if (end < 0) {
				break;
			}
			String head = new String(data, offset, end - offset, StandardCharsets.ISO_8859_1);
			String[] lines = head.split("\r\n");
			String[] statusLine = lines[0].split(" ", 3);
			int status = Integer.parseInt(statusLine[1]);
			long length = 0;
			for (int i = 1; i < lines.length; i++) {
				String line = lines[i].toLowerCase(Locale.ROOT);
				if (line.startsWith("content-length:")) {
					length = Long.parseLong(line.substring("content-length:".length()).trim());
				}
			}
			boolean head304 = status == 304 || status == 204
					|| (responses.size() < headRequests.length && headRequests[responses.size()]);
			int bodyStart = end + 4;
			int bodyLength = head304 ? 0 : (int) Math.min(length, data.length - bodyStart);
			byte[] body = Arrays.copyOfRange(data, bodyStart, bodyStart + bodyLength);
			responses.add(new Response(lines[0], status, head, body, head304 || bodyLength == length));
			offset = bodyStart + bodyLength;
		}
		return responses;
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

	static boolean contains(byte[] data, byte[] pattern) {
		return indexOf(data, 0, pattern) >= 0;
	}

	/** Everything received on one connection. */
	record Exchange(byte[] received, List<Response> responses) {

		String text() {
			return new String(received, StandardCharsets.ISO_8859_1);
		}

		Response only() {
			if (responses.size() != 1) {
				throw new AssertionError("expected one response, got " + responses.size() + ": "
						+ text());
			}
			return responses.get(0);
		}

	}

	/**
	 * One parsed response.
	 * @param complete whether the whole body announced by {@code Content-Length} arrived
	 */
	record Response(String statusLine, int status, String head, byte[] body, boolean complete) {

		String bodyText() {
			return new String(body, StandardCharsets.UTF_8);
		}

		@Override
		public String toString() {
			return statusLine;
		}

	}

}
