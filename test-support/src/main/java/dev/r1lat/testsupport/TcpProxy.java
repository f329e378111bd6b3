package dev.r1lat.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of one service (ClickHouse's HTTP port), that can stop
 * forwarding: while hung, connections stay open and new ones are accepted, but no byte passes in
 * either direction — a network that hangs rather than refuses. Bytes read while hung are held and
 * delivered when it resumes, as a stalled network delivers them late.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private final AtomicLong connections = new AtomicLong();
  private volatile boolean hung;
  private volatile boolean closed;

  public TcpProxy(String targetHost, int targetPort) throws IOException {
    this.target = new InetSocketAddress(targetHost, targetPort);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "tcp-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far. */
  public long connections() {
    return connections.get();
  }

  /** Stops forwarding; connections stay open. */
  public void hang() {
    hung = true;
  }

  /** Forwards again, starting with what was held. */
  public void resume() {
    synchronized (gate) {
      hung = false;
      gate.notifyAll();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, "up");
        pump(upstream, client, "down");
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection close
      }
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  awaitOpen();
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // one side closed: close the other
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-" + direction);
    t.setDaemon(true);
    t.start();
  }

  private void awaitOpen() throws InterruptedException {
    synchronized (gate) {
      while (hung && !closed) {
        gate.wait(500);
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    resume();
    server.close();
    sockets.forEach(TcpProxy::closeQuietly);
  }
}
