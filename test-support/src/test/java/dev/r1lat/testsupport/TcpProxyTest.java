package dev.r1lat.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

  @Test
  void shouldHoldBytesWhileHungAndDeliverThemOnResumeWithTheConnectionOpen() throws Exception {
    try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        TcpProxy proxy = new TcpProxy("127.0.0.1", echo.getLocalPort())) {
      Thread server =
          new Thread(
              () -> {
                try (Socket s = echo.accept()) {
                  s.getInputStream().transferTo(s.getOutputStream());
                } catch (Exception e) {
                  // test ends
                }
              });
      server.setDaemon(true);
      server.start();
      try (Socket client = new Socket("127.0.0.1", proxy.port())) {
        client.setSoTimeout(500);
        OutputStream out = client.getOutputStream();
        InputStream in = client.getInputStream();
        out.write('a');
        assertThat(in.read()).isEqualTo('a');

        proxy.hang();
        out.write('b');
        boolean timedOut = false;
        try {
          in.read();
        } catch (SocketTimeoutException e) {
          timedOut = true;
        }
        assertThat(timedOut).as("no byte passes while hung").isTrue();

        proxy.resume();
        client.setSoTimeout(5_000);
        assertThat(in.read()).isEqualTo('b');
      }
      assertThat(proxy.connections()).isEqualTo(1);
    }
  }
}
