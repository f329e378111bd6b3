package dev.r1lat.ingest.gateway;

import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A request body as a blocking stream for the admission worker, fed by Netty's event loop as the
 * chunks arrive. Back-pressure is the channel's: when more than {@value #HIGH} bytes wait unread,
 * the channel stops reading from the socket (TCP flow control slows the client) until the worker
 * has taken them below {@value #LOW}. So the body is parsed as it arrives and never held whole, as
 * on the JDK server. Once the exchange is answered, what is still unread or arrives later is
 * discarded ({@link #discard}), so the client, still sending, reads its answer instead of a reset.
 */
final class BodyStream extends InputStream {
  static final int HIGH = 256 * 1024;
  static final int LOW = 64 * 1024;

  private final Channel channel;
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private byte[] current;
  private int pos;
  private long buffered;
  private boolean ended;
  private boolean discarding;
  private String failure;

  BodyStream(Channel channel) {
    this.channel = channel;
  }

  /** Event loop: one more chunk of the body. */
  synchronized void offer(byte[] chunk) {
    if (discarding || failure != null || chunk.length == 0) {
      return;
    }
    chunks.add(chunk);
    buffered += chunk.length;
    if (buffered > HIGH) {
      channel.config().setAutoRead(false);
    }
    notifyAll();
  }

  /** Event loop: the last chunk arrived. */
  synchronized void end() {
    ended = true;
    notifyAll();
  }

  synchronized boolean ended() {
    return ended;
  }

  /** The connection went away: a waiting worker gets an IOException. */
  synchronized void fail(String why) {
    failure = why;
    notifyAll();
  }

  /** The exchange is answered: drop what is buffered and everything still to come. */
  synchronized void discard() {
    discarding = true;
    chunks.clear();
    current = null;
    buffered = 0;
    channel.config().setAutoRead(true);
    notifyAll();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (current == null || pos == current.length) {
      if (!chunks.isEmpty()) {
        current = chunks.poll();
        pos = 0;
        continue;
      }
      if (ended || discarding) {
        return -1; // a complete body stays readable after the client hung up
      }
      if (failure != null) {
        throw new IOException(failure);
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading the body");
      }
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, buf, off, n);
    pos += n;
    buffered -= n;
    if (buffered < LOW && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
    return n;
  }
}
