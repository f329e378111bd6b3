package dev.r1lat.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS material of the secured local broker, made once per state dir with the JDK's {@code keytool}:
 * a private CA, the broker's key pair with a certificate the CA signed for {@code 127.0.0.1} and
 * {@code localhost} (so clients keep hostname verification on), and a trust store holding only that
 * CA. Store passwords reach keytool through its environment, never its argv.
 */
final class KafkaTls {
  static final String STORE_TYPE = "PKCS12";
  private static final String PASSWORD_ENV = "R1LAT_TLS_STOREPASS";
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
      for (String f :
          List.of("ca.p12", "broker.p12", "truststore.p12", "broker.csr", "broker.crt")) {
        Files.deleteIfExists(dir.resolve(f));
      }
    } catch (IOException e) {
      throw new StackException("cannot prepare " + dir + ": " + e.getMessage(), e);
    }
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "3650",
        "-dname",
        "CN=r1lat local stack CA",
        "-ext",
        "bc:c",
        "-ext",
        "ku:c=keyCertSign,cRLSign",
        "-keystore",
        "ca.p12",
        "-storetype",
        STORE_TYPE,
        "-storepass:env",
        PASSWORD_ENV);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-storepass:env",
        PASSWORD_ENV,
        "-file",
        "ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "825",
        "-dname",
        "CN=localhost",
        "-ext",
        SAN,
        "-keystore",
        "broker.p12",
        "-storetype",
        STORE_TYPE,
        "-storepass:env",
        PASSWORD_ENV);
    keytool(
        "-certreq",
        "-alias",
        "broker",
        "-keystore",
        "broker.p12",
        "-storepass:env",
        PASSWORD_ENV,
        "-file",
        "broker.csr");
    keytool(
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-storepass:env",
        PASSWORD_ENV,
        "-infile",
        "broker.csr",
        "-outfile",
        "broker.crt",
        "-rfc",
        "-validity",
        "825",
        "-ext",
        SAN,
        "-ext",
        "ku:c=digitalSignature,keyEncipherment",
        "-ext",
        "eku=serverAuth,clientAuth");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        "ca.pem",
        "-keystore",
        "broker.p12",
        "-storepass:env",
        PASSWORD_ENV);
    keytool(
        "-importcert",
        "-alias",
        "broker",
        "-file",
        "broker.crt",
        "-keystore",
        "broker.p12",
        "-storepass:env",
        PASSWORD_ENV);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        "ca.pem",
        "-keystore",
        "truststore.p12",
        "-storetype",
        STORE_TYPE,
        "-storepass:env",
        PASSWORD_ENV);
    try {
      // the CA's private key is needed no more: nothing else will ever be signed with it
      Files.deleteIfExists(dir.resolve("ca.p12"));
      for (String f : List.of("broker.p12", "truststore.p12")) {
        Files.setPosixFilePermissions(dir.resolve(f), StackCredentials.OWNER_ONLY);
      }
    } catch (IOException e) {
      throw new StackException("cannot finish " + dir + ": " + e.getMessage(), e);
    }
  }

  private void keytool(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
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
        throw new StackException("keytool " + args[0] + " failed; see " + log);
      }
    } catch (IOException e) {
      throw new StackException("cannot run keytool: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    }
  }
}
