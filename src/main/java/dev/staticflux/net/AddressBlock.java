package dev.staticflux.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;

/**
 * A block of IP addresses in CIDR notation, IPv4 ({@code 10.0.0.0/8}) or IPv6
 * ({@code fc00::/7}); a single address without a prefix length is a block of one. Only
 * literals: a host name is refused rather than looked up. Bits after the prefix must be
 * zero, so a typo such as {@code 10.0.0.1/8} fails at start instead of allowing more than
 * was meant. An IPv4 client seen as an IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3},
 * as on a dual-stack socket) matches the IPv4 blocks.
 *
 * @param network the block's first address, 4 or 16 bytes
 * @param prefixLength how many leading bits an address must share with {@code network}
 */
public record AddressBlock(byte[] network, int prefixLength) {

	/**
	 * @param text a block such as {@code 192.168.0.0/16}, {@code ::1/128} or
	 * {@code 127.0.0.1}
	 * @return the block
	 * @throws IllegalArgumentException when the text is not a block, with the reason
	 */
	public static AddressBlock parse(String text) {
		String value = text.trim();
		int slash = value.indexOf('/');
		byte[] network = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? value : value.substring(0, slash));
		if (network == null) {
			throw new IllegalArgumentException("not an IP address literal");
		}
		network = unmapped(network);
		int bits = network.length * 8;
		int prefix = bits;
		if (slash >= 0) {
			String length = value.substring(slash + 1);
			if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)
					|| Integer.parseInt(length) > bits) {
				throw new IllegalArgumentException("prefix length must be 0 to " + bits);
			}
			prefix = Integer.parseInt(length);
		}
		if (!Arrays.equals(masked(network, prefix), network)) {
			throw new IllegalArgumentException("bits are set after the prefix");
		}
		return new AddressBlock(network, prefix);
	}

	/** Whether the address is in this block; {@code null} never is. */
	public boolean contains(@Nullable InetAddress address) {
		if (address == null) {
			return false;
		}
		byte[] bytes = unmapped(address.getAddress());
		return bytes.length == network.length && Arrays.equals(masked(bytes, prefixLength), network);
	}

	private static byte[] masked(byte[] address, int prefix) {
		byte[] masked = address.clone();
		for (int i = 0; i < masked.length; i++) {
			int keep = Math.max(0, Math.min(8, prefix - i * 8));
			masked[i] &= (byte) (0xff << (8 - keep));
		}
		return masked;
	}

	/**
	 * The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}); any
	 * other unchanged.
	 */
	private static byte[] unmapped(byte[] address) {
		if (address.length != 16) {
			return address;
		}
		for (int i = 0; i < 10; i++) {
			if (address[i] != 0) {
				return address;
			}
		}
		return (address[10] == (byte) 0xff && address[11] == (byte) 0xff) ? Arrays.copyOfRange(address, 12, 16)
				: address;
	}

	@Override
	public byte[] network() {
		return network.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AddressBlock block && prefixLength == block.prefixLength
				&& Arrays.equals(network, block.network);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(network) + prefixLength;
	}

	@Override
	public String toString() {
		try {
			return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
