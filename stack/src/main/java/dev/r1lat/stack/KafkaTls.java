package dev.r1lat.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * TLS material of the secured local broker, made once per state dir: a private CA, the broker's key
 * pair with a certificate the CA signed for {@code 127.0.0.1} and {@code localhost} (so clients
 * keep hostname verification on), and a trust store holding only that CA. The JDK's {@code keytool}
 * makes the keys and signs; the stores are assembled with {@link KeyStore}, which saves four JVM
 * starts. Store passwords reach keytool through its environment, never its argv.
 */
final class KafkaTls {
  static final String STORE_TYPE = "PKCS12";
  private static final String PASSWORD_ENV = "R1LAT_TLS_STOREPASS";
  private static final String STORE = "-storetype PKCS12 -storepass:env " + PASSWORD_ENV;
  private static final String SAN = "SAN=dns:localhost,ip:127.0.0.1";

  private final Path dir;
  private final String storePassword;

  KafkaTls(Path securityDir, String storePassword) {
    this.dir = securityDir.resolve("tls");
    this.storePassword = storePassword;
  }

  Path keystore() {
    return dir.resolve("broker.p12");
  }

  Path truststore() {
    return dir.resolve("truststore.p12");
  }

  /** The CA certificate in PEM, for clients that take {@code ssl.truststore.type=PEM}. */
  Path caPem() {
    return dir.resolve("ca.pem");
  }

  String storePassword() {
    return storePassword;
  }

  /** Creates the CA, the broker key store and the trust store unless they exist. */
  void ensure() {
    if (Files.exists(keystore()) && Files.exists(truststore())) {
      return;
    }
    try {
      StackCredentials.createPrivateDir(dir);
      for (String f : List.of("ca.p12", "key.p12", "broker.p12", "truststore.p12", "broker.csr")) {
        Files.deleteIfExists(dir.resolve(f));
      }
      // the two key pairs are independent: make them side by side
      CompletableFuture<Void> ca =
          CompletableFuture.runAsync(
              () ->
                  keytool(
                      "-genkeypair -alias ca -keyalg RSA -keysize 2048 -validity 3650"
                          + " -dname CN=r1lat-local-stack-CA -ext bc:c"
                          + " -ext ku:c=keyCertSign,cRLSign -keystore ca.p12 "
                          + STORE));
      keytool(
          "-genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 825 -dname CN=localhost"
              + " -ext "
              + SAN
              + " -keystore key.p12 "
              + STORE);
      keytool("-certreq -alias broker -keystore key.p12 -file broker.csr " + STORE);
      try {
        ca.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof StackException se ? se : e;
      }
      keytool(
          "-gencert -alias ca -keystore ca.p12 -infile broker.csr -outfile broker.crt -rfc"
              + " -validity 825 -ext "
              + SAN
              + " -ext ku:c=digitalSignature,keyEncipherment -ext eku=serverAuth,clientAuth "
              + STORE);
      assembleStores();
      // the CA's private key is needed no more: nothing else will ever be signed with it
      for (String f : List.of("ca.p12", "key.p12", "broker.csr")) {
        Files.deleteIfExists(dir.resolve(f));
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new StackException("cannot make the TLS material in " + dir + ": " + e, e);
    }
  }

  /** broker.p12: the broker key with its chain (broker, CA); truststore.p12 and ca.pem: the CA. */
  private void assembleStores() throws IOException, GeneralSecurityException {
    char[] password = storePassword.toCharArray();
    Certificate caCert = load("ca.p12").getCertificate("ca");
    KeyStore keyOnly = load("key.p12");
    Key key = keyOnly.getKey("broker", password);
    Certificate brokerCert;
    try (InputStream in = Files.newInputStream(dir.resolve("broker.crt"))) {
      brokerCert = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore broker = KeyStore.getInstance(STORE_TYPE);
    broker.load(null, null);
    broker.setKeyEntry("broker", key, password, new Certificate[] {brokerCert, caCert});
    store(broker, keystore());
    KeyStore trust = KeyStore.getInstance(STORE_TYPE);
    trust.load(null, null);
    trust.setCertificateEntry("ca", caCert);
    store(trust, truststore());
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(caCert.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    Files.writeString(caPem(), pem, StandardCharsets.US_ASCII);
  }

  private KeyStore load(String file) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance(STORE_TYPE);
    try (InputStream in = Files.newInputStream(dir.resolve(file))) {
      ks.load(in, storePassword.toCharArray());
    }
    return ks;
  }

  private void store(KeyStore ks, Path file) throws IOException, GeneralSecurityException {
    StackCredentials.writePrivate(file, "");
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, storePassword.toCharArray());
    }
  }

  /** Runs keytool with space-separated arguments (none of ours contains a space). */
  private void keytool(String args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args.split(" ")));
    Path log = dir.resolve("keytool.log");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().put(PASSWORD_ENV, storePassword);
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new StackException("keytool " + cmd.get(1) + " failed; see " + log);
      }
    } catch (IOException e) {
      throw new StackException("cannot run keytool: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    }
  }
}
