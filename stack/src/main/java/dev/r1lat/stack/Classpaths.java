package dev.r1lat.stack;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Classpath entries (jar or classes directory) that hold given classes, for child JVMs. */
final class Classpaths {
  private Classpaths() {}

  static String of(Class<?>... classes) {
    return Arrays.stream(classes)
        .map(Classpaths::location)
        .distinct()
        .collect(Collectors.joining(java.io.File.pathSeparator));
  }

  private static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException | NullPointerException e) {
      throw new StackException("cannot locate the jar of " + c.getName(), e);
    }
  }
}
