package dev.r1lat.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ClickHouse as a shared library: the npm package {@code @chdb/lib-linux-x64-gnu}, whose {@code
 * libchdb.so} is the full ClickHouse engine. Downloaded once from the npm registry into the cache
 * folder (outside the source tree), checked against the registry's sha512 integrity, and reused by
 * every clone and test run.
 */
final class ChdbDistribution {
  static final String REGISTRY = "https://registry.npmjs.org/@chdb/lib-linux-x64-gnu";
  private static final Pattern INTEGRITY =
      Pattern.compile("\"integrity\"\\s*:\\s*\"sha512-([^\"]+)\"");

  private final Path cacheDir;
  private final String version;

  ChdbDistribution(Path cacheDir, String version) {
    this.cacheDir = cacheDir;
    this.version = version;
  }

  Path library() {
    return cacheDir.resolve("chdb-" + version).resolve("package/libchdb.so");
  }

  /** The library path, downloading and unpacking it first if it is not in the cache. */
  Path ensure(java.util.function.Consumer<String> progress) {
    Path lib = library();
    if (Files.isRegularFile(lib)) {
      return lib;
    }
    Path target = lib.getParent().getParent();
    try {
      Files.createDirectories(cacheDir);
      HttpClient http =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(20))
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
      String expected = integrity(http);
      Path tgz = cacheDir.resolve("chdb-" + version + ".tgz.part");
      progress.accept(
          "downloading ClickHouse engine (@chdb/lib-linux-x64-gnu@"
              + version
              + ", ~180 MB) into "
              + cacheDir
              + " (once)");
      download(http, tgz, expected);
      Path tmp = Files.createTempDirectory(cacheDir, "unpack");
      run(new ProcessBuilder("tar", "-xzf", tgz.toString(), "-C", tmp.toString()));
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      Files.delete(tgz);
      return lib;
    } catch (IOException e) {
      throw new StackException(
          "could not fetch the ClickHouse engine from "
              + REGISTRY
              + "/"
              + version
              + ": "
              + e.getMessage()
              + " (is registry.npmjs.org reachable?)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while fetching ClickHouse", e);
    }
  }

  private String integrity(HttpClient http) throws IOException, InterruptedException {
    HttpResponse<String> meta =
        http.send(
            HttpRequest.newBuilder(URI.create(REGISTRY + "/" + version)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (meta.statusCode() != 200) {
      throw new IOException(
          "registry answered HTTP " + meta.statusCode() + " for version " + version);
    }
    Matcher m = INTEGRITY.matcher(meta.body());
    if (!m.find()) {
      throw new IOException("registry metadata has no sha512 integrity");
    }
    return m.group(1);
  }

  private void download(HttpClient http, Path tgz, String expectedSha512)
      throws IOException, InterruptedException {
    String name = "lib-linux-x64-gnu-" + version + ".tgz";
    HttpResponse<InputStream> res =
        http.send(
            HttpRequest.newBuilder(URI.create(REGISTRY + "/-/" + name)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (res.statusCode() != 200) {
      throw new IOException("download answered HTTP " + res.statusCode());
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-512");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new java.security.DigestInputStream(res.body(), sha)) {
      Files.copy(in, tgz, StandardCopyOption.REPLACE_EXISTING);
    }
    String actual = Base64.getEncoder().encodeToString(sha.digest());
    if (!actual.equals(expectedSha512)) {
      Files.deleteIfExists(tgz);
      throw new IOException("checksum mismatch for " + name + " (download corrupted?)");
    }
  }

  private static void run(ProcessBuilder pb) throws IOException, InterruptedException {
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", pb.command()) + " failed: " + out);
    }
  }
}
