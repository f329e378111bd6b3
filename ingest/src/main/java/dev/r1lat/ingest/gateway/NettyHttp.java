package dev.r1lat.ingest.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/** How the gateway's HTTP listeners (the JSON endpoint, OTLP/HTTP) are bound on Netty. */
public final class NettyHttp {
  private NettyHttp() {}

  /**
   * Listens on {@code address}: each connection gets the HTTP/1.1 codec, answers to {@code Expect:
   * 100-continue}, then the handlers {@code handlers} makes for it (fresh per connection: they hold
   * the connection's request state). Returns once bound.
   *
   * @throws IOException the address could not be bound (Netty's own sync would throw the
   *     BindException undeclared, past a caller's catch of unchecked exceptions)
   */
  public static Channel bind(
      EventLoopGroup group, InetSocketAddress address, Supplier<ChannelHandler[]> handlers)
      throws IOException {
    ChannelFuture bound =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpServerExpectContinueHandler())
                        .addLast(handlers.get());
                  }
                })
            .bind(address)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IOException("could not listen on " + address, bound.cause());
    }
    return bound.channel();
  }
}
