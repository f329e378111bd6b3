package dev.r1lat.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.RetryInfo;
import dev.r1lat.ingest.gateway.NettyHttp;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * OTLP/HTTP on Netty: {@code POST /v1/traces} with a binary protobuf or OTLP/JSON body, gzip
 * accepted, answered in the request's encoding: 200 with an {@code ExportTraceServiceResponse}
 * (partial success when spans were rejected); 400 undecodable; 401 token; 413 over {@code
 * gateway.max-request-bytes} (Netty's aggregator refuses it while reading); 415 other content type
 * or encoding; 429 busy and 503 Kafka unavailable, both with {@code Retry-After} and a RetryInfo
 * detail. {@code GET /health} and {@code GET /metrics} show the OTLP counters. The body is
 * aggregated (at most the byte limit) on the event loop and decoded on an admission worker.
 */
public final class OtlpHttpServer implements AutoCloseable {
  public static final String PATH = "/v1/traces";
  private static final JsonFormat.Printer JSON =
      JsonFormat.printer()
          .omittingInsignificantWhitespace()
          .usingTypeRegistry(TypeRegistry.newBuilder().add(RetryInfo.getDescriptor()).build());

  private final OtlpIngest ingest;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private Channel channel;

  OtlpHttpServer(OtlpIngest ingest) {
    this.ingest = ingest;
  }

  OtlpHttpServer start(String bind, int port) throws IOException {
    channel =
        NettyHttp.bind(
            group,
            new InetSocketAddress(bind, port),
            () ->
                new ChannelHandler[] {
                  new HttpObjectAggregator(ingest.maxRequestBytes()), new Handler()
                });
    return this;
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String path = req.uri().split("\\?", 2)[0];
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      if (path.equals(PATH) && req.method().equals(HttpMethod.POST)) {
        traces(ctx, req, keepAlive);
      } else if (path.equals("/health") && req.method().equals(HttpMethod.GET)) {
        StringBuilder b = new StringBuilder("{\"status\":\"UP\"");
        ingest
            .metrics()
            .counters()
            .forEach((k, v) -> b.append(",\"").append(k).append("\":").append(v));
        send(ctx, 200, "application/json", bytes(b.append('}').toString()), keepAlive, 0);
      } else if (path.equals("/metrics") && req.method().equals(HttpMethod.GET)) {
        send(
            ctx,
            200,
            "text/plain; version=0.0.4; charset=utf-8",
            bytes(ingest.metrics().prometheus()),
            keepAlive,
            0);
      } else if (path.equals(PATH)) {
        send(ctx, 405, "text/plain", bytes("use POST"), keepAlive, 0);
      } else {
        send(ctx, 404, "text/plain", bytes("not found; POST " + PATH), keepAlive, 0);
      }
    }

    private void traces(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
      String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
      String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
      boolean json = OtlpDecoder.isJson(type);
      var refused = ingest.authorize(req.headers().get(HttpHeaderNames.AUTHORIZATION));
      if (refused.isPresent()) {
        answer(ctx, refused.get(), json, keepAlive);
        return;
      }
      if (!OtlpDecoder.isSupported(type)) {
        answer(
            ctx,
            OtlpOutcome.unsupported(
                "Content-Type must be application/x-protobuf or application/json, was " + type),
            true,
            keepAlive);
        return;
      }
      boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
      if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
        answer(
            ctx,
            OtlpOutcome.unsupported(
                "unsupported Content-Encoding " + encoding + "; use gzip or none"),
            json,
            keepAlive);
        return;
      }
      byte[] body = new byte[req.content().readableBytes()];
      req.content().readBytes(body);
      InputStream in = new ByteBufInputStream(Unpooled.wrappedBuffer(body), true);
      ingest
          .export(in, json, gzip, json ? "http/json" : "http/protobuf")
          .whenComplete(
              (o, e) ->
                  answer(
                      ctx,
                      o != null ? o : OtlpOutcome.unavailable("internal error: " + e, 0, 0, 0),
                      json,
                      keepAlive));
    }

    private void answer(ChannelHandlerContext ctx, OtlpOutcome o, boolean json, boolean keepAlive) {
      Message m =
          o.result() == OtlpOutcome.Result.OK
              ? OtlpAnswers.response(o)
              : OtlpAnswers.status(o, ingest.retryAfterSeconds());
      long retryAfter = o.result().retryable() ? ingest.retryAfterSeconds() : 0;
      send(
          ctx,
          o.result().httpStatus(),
          json ? "application/json" : "application/x-protobuf",
          json ? bytes(print(m)) : m.toByteArray(),
          keepAlive,
          retryAfter);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static String print(Message m) {
    try {
      return JSON.print(m);
    } catch (InvalidProtocolBufferException e) {
      return "{}";
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void send(
      ChannelHandlerContext ctx,
      int status,
      String type,
      byte[] body,
      boolean keepAlive,
      long retryAfter) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (retryAfter > 0) {
      r.headers()
          .set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfter).toLowerCase(Locale.ROOT));
    }
    if (keepAlive) {
      HttpUtil.setKeepAlive(r, true);
      ctx.writeAndFlush(r);
    } else {
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
