package dev.r1lat.ingest.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP port standing in for a Kafka bootstrap address: while frozen it accepts connections and
 * never answers (a broker that hangs: no refusal, no reset, just silence); once thawed it forwards
 * new connections to the real broker. Frozen connections are closed on thaw, as a restarted broker
 * would drop them.
 */
final class FreezableProxy implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> sockets = new ArrayList<>();
  private volatile InetSocketAddress target;

  FreezableProxy() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "freezable-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** From now on, forward to {@code bootstrap} ("host:port"). */
  synchronized void thaw(String bootstrap) throws IOException {
    String[] hp = bootstrap.split(":");
    target = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
    for (Socket s : sockets) {
      s.close();
    }
    sockets.clear();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        InetSocketAddress to = target;
        if (to == null) {
          synchronized (this) {
            sockets.add(client); // held open, never read
          }
        } else {
          Socket broker = new Socket(to.getAddress(), to.getPort());
          pump(client, broker);
          pump(broker, client);
        }
      } catch (IOException e) {
        // closed, or the broker refused: the client sees its connection end
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // one side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "freezable-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public synchronized void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
