package dev.r1lat.sink.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sql/ migrations packaged into the sink jar (resources under {@code sql/}), in version order.
 * The same bytes as the repository's sql/ folder: the sink pom copies that folder as a resource.
 */
public final class Migrations {
  private static final String ROOT = "sql";

  private Migrations() {}

  public static List<Migration> bundled() {
    URL url = Migrations.class.getClassLoader().getResource(ROOT);
    if (url == null) {
      throw new IllegalStateException("no sql/ resources on the classpath (sink jar incomplete)");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        return fromJar(uri);
      }
      return fromDirectory(Path.of(uri));
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad resource URL " + url, e);
    }
  }

  private static List<Migration> fromJar(URI uri) {
    FileSystem fs;
    try {
      fs = FileSystems.getFileSystem(uri);
    } catch (FileSystemNotFoundException e) {
      try {
        fs = FileSystems.newFileSystem(uri, Map.of());
      } catch (IOException io) {
        throw new UncheckedIOException(io);
      }
    }
    return fromDirectory(fs.getPath(ROOT));
  }

  static List<Migration> fromDirectory(Path dir) {
    List<Migration> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sql")).toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          out.add(Migration.of(f.getFileName().toString(), text));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migrations from " + dir, e);
    }
    out.sort(Comparator.comparingInt(Migration::version));
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i).version() == out.get(i - 1).version()) {
        throw new IllegalStateException("two migrations with version " + out.get(i).version());
      }
    }
    return List.copyOf(out);
  }
}
