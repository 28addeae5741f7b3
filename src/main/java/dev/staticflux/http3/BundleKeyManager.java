package dev.staticflux.http3;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

/**
 * The key manager of an SSL bundle as it is now: {@link #update} swaps in a reloaded
 * bundle's ({@code spring.ssl.bundle.*.reload-on-update}). The QUIC codec asks its key
 * manager for the certificate and key at every handshake, so new connections get the new
 * certificate while open ones keep theirs, as on the TCP server.
 */
final class BundleKeyManager extends X509ExtendedKeyManager {

	private volatile X509ExtendedKeyManager current;

	BundleKeyManager(String bundleName, SslBundle bundle) {
		this.current = keyManagerOf(bundleName, bundle);
	}

	void update(String bundleName, SslBundle bundle) {
		this.current = keyManagerOf(bundleName, bundle);
	}

	private static X509ExtendedKeyManager keyManagerOf(String bundleName, SslBundle bundle) {
		for (KeyManager keyManager : bundle.getManagers().getKeyManagers()) {
			if (keyManager instanceof X509ExtendedKeyManager x509) {
				return x509;
			}
		}
		throw new IllegalStateException("server.ssl.bundle: '" + bundleName
				+ "' has no X.509 key manager (expected: a key store or PEM certificate with its private key)");
	}

	@Override
	public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
		return current.chooseEngineServerAlias(keyType, issuers, engine);
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return current.chooseServerAlias(keyType, issuers, socket);
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		return current.getServerAliases(keyType, issuers);
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		return current.getCertificateChain(alias);
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		return current.getPrivateKey(alias);
	}

	@Override
	public @Nullable String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
		return null;
	}

	@Override
	public @Nullable String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
		return null;
	}

	@Override
	public String @Nullable [] getClientAliases(String keyType, Principal[] issuers) {
		return null;
	}

}
