package dev.r1lat.ingest.gateway;

import java.io.IOException;
import java.io.InputStream;

/** Reads at most {@code limit} bytes; one more is an error, not a silent truncation. */
public final class BoundedInputStream extends InputStream {
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("body too large");
    }
  }

  private final InputStream in;
  private final long limit;
  private long count;

  BoundedInputStream(InputStream in, long limit) {
    this.in = in;
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0 && ++count > limit) {
      throw new TooLarge();
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
    if (n > 0) {
      count += n;
      if (count > limit) {
        throw new TooLarge();
      }
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
