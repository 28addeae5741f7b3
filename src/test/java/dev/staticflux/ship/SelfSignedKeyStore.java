package dev.staticflux.ship;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A self-signed certificate for {@code localhost} in a PKCS12 key store, made by the
 * running JDK's {@code keytool} so the tests need no certificate library and no file in
 * the repository.
 */
public final class SelfSignedKeyStore {

	public static final String BUNDLE = "web";

	private static final String ALIAS = "staticflux";

	private static final String PASSWORD = "test-only-password";

	private final Path file;

	private SelfSignedKeyStore(Path file) {
		this.file = file;
	}

	public static SelfSignedKeyStore generate(Path directory) throws IOException, InterruptedException {
		Path file = directory.resolve("server.p12");
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname",
				"secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
				"-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.isRegularFile(file)) {
			throw new IllegalStateException("keytool did not make a key store: " + output);
		}
		return new SelfSignedKeyStore(file);
	}

	/**
	 * Serves this certificate through the SSL bundle {@value #BUNDLE}, as an operator
	 * would configure it.
	 */
	public void registerAsServerBundle(DynamicPropertyRegistry registry) {
		String prefix = "spring.ssl.bundle.jks." + BUNDLE;
		registry.add(prefix + ".keystore.location", () -> this.file.toUri().toString());
		registry.add(prefix + ".keystore.type", () -> "PKCS12");
		registry.add(prefix + ".keystore.password", () -> PASSWORD);
		registry.add(prefix + ".key.alias", () -> ALIAS);
		registry.add("server.ssl.bundle", () -> BUNDLE);
	}

	/**
	 * The self-signed certificate, for clients that take a trusted certificate rather
	 * than a context.
	 */
	public X509Certificate certificate() throws IOException, GeneralSecurityException {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(this.file)) {
			keyStore.load(in, PASSWORD.toCharArray());
		}
		return (X509Certificate) keyStore.getCertificate(ALIAS);
	}

	/** A client context that trusts this certificate, and nothing else. */
	public SSLContext clientContext() throws IOException, GeneralSecurityException {
		KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
		trusted.load(null, null);
		trusted.setCertificateEntry(ALIAS, certificate());
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trustManagers.getTrustManagers(), null);
		return context;
	}

}
