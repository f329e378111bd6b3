package dev.r1lat.schema;

/**
 * What a decoder does with a throwable it did not expect: the record is poison unless the JVM or
 * the deployment is. A dead letter is right for anything the bytes can cause; the exceptions below
 * are not caused by the bytes, and turning them into dead letters would divert every following
 * record too (a broken classpath) or hide a dying JVM, so they propagate.
 */
final class DecodeFailures {
  private static final int MAX_REASON = 300;

  private DecodeFailures() {}

  /**
   * True for what must propagate: {@link VirtualMachineError} (out of memory, internal error; the
   * bounds checks keep any record from sizing an allocation, so an OutOfMemoryError here means the
   * heap is exhausted by something else), {@link LinkageError} (a broken deployment fails every
   * record alike) and ThreadDeath (the thread is being stopped). A {@link StackOverflowError} is
   * not fatal: the stack is already unwound, and only the record's nesting can cause it.
   */
  static boolean isFatal(Throwable t) {
    if (t instanceof StackOverflowError) {
      return false;
    }
    return t instanceof VirtualMachineError
        || t instanceof LinkageError
        || t.getClass().getName().equals("java.lang.ThreadDeath");
  }

  /** Rethrows {@code t} if fatal, else returns it wrapped with a one-line reason. */
  static InvalidRecordException wrap(String what, Throwable t) {
    if (isFatal(t)) {
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(t);
    }
    return new InvalidRecordException(
        oneLine(what + ": " + t.getClass().getSimpleName() + ": " + t.getMessage()), t);
  }

  /** A reason fit for a dead-letter header and a log line: no line breaks, bounded length. */
  static String oneLine(String reason) {
    String flat = reason.replaceAll("\\s+", " ").trim();
    return flat.length() <= MAX_REASON ? flat : flat.substring(0, MAX_REASON - 3) + "...";
  }
}
