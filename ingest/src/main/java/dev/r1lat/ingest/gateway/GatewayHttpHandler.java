package dev.r1lat.ingest.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;
import java.util.function.Function;

/**
 * One connection of the JSON gateway on Netty. The event loop only routes, checks nothing itself
 * and never blocks: {@code POST /v1/timings} goes to {@link IngestService} with the body as a
 * {@link BodyStream} read on the admission worker; other paths are answered at once. An answer that
 * comes before the body is complete (401, 413, 415, 429) is written, and the rest of the body is
 * read and discarded, up to the byte limit, so the connection stays usable and the client reads its
 * answer; an answer with {@code Connection: close} (the deadline's 503, while a worker may still
 * read) closes the connection after it.
 */
final class GatewayHttpHandler extends ChannelInboundHandlerAdapter {
  /** How a routed answer is written: status, content type, body, extra headers. */
  record Answer(int status, String type, byte[] body, Map<String, String> headers) {}

  private final IngestService service;
  private final Function<HttpRequest, Answer> routes;
  private final long maxDiscard;
  private BodyStream body;
  private boolean keepAlive;
  private boolean answered;
  private boolean closeAfterBody;
  private long discarded;

  GatewayHttpHandler(
      IngestService service, Function<HttpRequest, Answer> routes, long maxDiscardBytes) {
    this.service = service;
    this.routes = routes;
    this.maxDiscard = maxDiscardBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest req) {
        start(ctx, req);
      }
      if (msg instanceof HttpContent content) {
        content(ctx, content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void start(ChannelHandlerContext ctx, HttpRequest req) {
    keepAlive = HttpUtil.isKeepAlive(req);
    answered = false;
    closeAfterBody = false;
    discarded = 0;
    body = new BodyStream(ctx.channel());
    String path = req.uri().split("\\?", 2)[0];
    if (path.equals(IngestGateway.PATH) && req.method().equals(HttpMethod.POST)) {
      BodyStream stream = body;
      service
          .handle(req.headers()::get, () -> stream)
          .whenComplete(
              (reply, e) ->
                  ctx.executor()
                      .execute(
                          () ->
                              write(
                                  ctx,
                                  stream,
                                  IngestGateway.answer(
                                      reply != null ? reply : IngestGateway.internalError(e)))));
    } else {
      write(ctx, body, routes.apply(req));
    }
  }

  private void content(ChannelHandlerContext ctx, HttpContent content) {
    BodyStream stream = body;
    if (stream == null) {
      return;
    }
    int n = content.content().readableBytes();
    if (answered) {
      discarded += n;
      if (discarded > maxDiscard) {
        ctx.close(); // a client that keeps sending after its answer
        return;
      }
    } else if (n > 0) {
      byte[] chunk = new byte[n];
      content.content().readBytes(chunk);
      stream.offer(chunk);
    }
    if (content instanceof LastHttpContent) {
      stream.end();
      if (closeAfterBody) {
        ctx.close();
      }
    }
  }

  /** On the event loop: writes the answer of the exchange {@code stream} belongs to. */
  private void write(ChannelHandlerContext ctx, BodyStream stream, Answer a) {
    if (stream != body || answered) {
      return; // a late answer for an exchange already answered (or closed)
    }
    answered = true;
    boolean close = !keepAlive || "close".equals(a.headers().get("Connection"));
    // answered before the body is in: the rest is read and dropped, then the connection closes
    // (the client is told, so it does not send its next request into a closing connection)
    boolean early = !close && !stream.ended();
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(a.status()),
            Unpooled.wrappedBuffer(a.body()));
    a.headers().forEach((k, v) -> r.headers().set(k, v));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, a.type());
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, a.body().length);
    if (close) {
      r.headers().set(HttpHeaderNames.CONNECTION, "close");
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    } else {
      HttpUtil.setKeepAlive(r, !early);
      closeAfterBody = early;
      ctx.writeAndFlush(r);
      stream.discard(); // what the worker did not read, and what still comes, is dropped
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (body != null) {
      body.fail("the client closed the connection");
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
