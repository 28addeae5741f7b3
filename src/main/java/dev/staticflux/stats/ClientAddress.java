package dev.staticflux.stats;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.ConnectionInformation;
import reactor.netty.http.server.logging.AccessLogArgProvider;

/**
 * The client address of an access-log line: the IP address as Reactor Netty resolves it
 * (the TCP peer, or the forwarded client when {@code server.forward-headers-strategy} is
 * set), without port; the host name of an unresolved address; any other address as it
 * prints itself; {@code -} for none. The text of the last IP address is kept, since
 * consecutive responses mostly go to the same clients and formatting an address costs
 * more than comparing it (a scoped IPv6 address is not kept); safe from any thread.
 */
final class ClientAddress {

	private volatile Text last = new Text(InetAddress.getLoopbackAddress(),
			InetAddress.getLoopbackAddress().getHostAddress());

	String of(AccessLogArgProvider response) {
		ConnectionInformation connection = response.connectionInformation();
		SocketAddress address = (connection != null) ? connection.remoteAddress() : response.remoteAddress();
		if (address instanceof InetSocketAddress inet) {
			InetAddress ip = inet.getAddress();
			return (ip != null) ? text(ip) : inet.getHostString();
		}
		return (address != null) ? address.toString() : "-";
	}

	private String text(InetAddress ip) {
		Text text = last;
		if (text.ip.equals(ip)) {
			return text.text;
		}
		String formatted = ip.getHostAddress();
		// An IPv6 address's equality leaves out its scope, which its text includes.
		if (!(ip instanceof Inet6Address v6) || (v6.getScopeId() == 0 && v6.getScopedInterface() == null)) {
			last = new Text(ip, formatted);
		}
		return formatted;
	}

	private record Text(InetAddress ip, String text) {
	}

}
