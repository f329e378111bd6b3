package dev.r1lat.bench.ingest;

import dev.r1lat.ingest.TimingJson;
import dev.r1lat.ingest.gateway.GatewayConfig;
import dev.r1lat.ingest.gateway.IngestGateway;
import dev.r1lat.ingest.otlp.OtlpReceiver;
import dev.r1lat.ingest.otlp.SpanMapping;
import dev.r1lat.ingest.otlp.VllmSpanEncoder;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ingest throughput of the gateway's three ways in, in one run on one machine: {@code POST
 * /v1/timings} (JSON), OTLP/HTTP protobuf and OTLP/gRPC, the same simulated requests in batches of
 * {@value #BATCH}, {@value #CLIENTS} concurrent clients, Kafka replaced by an in-memory producer
 * that acknowledges at once (the figure is the gateway's own cost: parse, map, rules, Avro, HTTP).
 * Each way runs a warm-up round first. {@code java -cp ... dev.r1lat.ingest.bench.OtlpGatewayBench
 * [events]}.
 */
public final class OtlpGatewayBench {
  static final int BATCH = 500;
  static final int CLIENTS = 4;

  private OtlpGatewayBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    List<RequestTiming> events =
        FleetSimulator.stream(
                SimulatorConfig.builder()
                    .seed(11)
                    .rate(500)
                    .start(Instant.now().minus(Duration.ofHours(2)))
                    .duration(Duration.ofHours(1))
                    .build())
            .limit(n)
            .toList();
    List<List<RequestTiming>> batches = new ArrayList<>();
    for (int i = 0; i < events.size(); i += BATCH) {
      batches.add(events.subList(i, Math.min(events.size(), i + BATCH)));
    }
    MockProducer<String, RequestTiming> producer =
        new MockProducer<>(
            true, null, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer());
    GatewayConfig config = GatewayConfig.defaults("bench").withPort(0);
    try (IngestGateway json = new IngestGateway(config, producer).start();
        OtlpReceiver otlp =
            new OtlpReceiver(config, SpanMapping.defaults(), "127.0.0.1", 0, 0, producer).start()) {
      List<byte[]> jsonBodies =
          batches.stream()
              .map(
                  b ->
                      b.stream().map(TimingJson::toJson).collect(Collectors.joining(",", "[", "]")))
              .map(String::getBytes)
              .toList();
      List<ExportTraceServiceRequest> otlpRequests =
          batches.stream().map(VllmSpanEncoder::encode).toList();
      List<byte[]> otlpBodies = otlpRequests.stream().map(r -> r.toByteArray()).toList();
      HttpClient http = HttpClient.newHttpClient();
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", otlp.grpcPort()).usePlaintext().build();
      TraceServiceGrpc.TraceServiceBlockingStub grpc = TraceServiceGrpc.newBlockingStub(channel);
      System.out.printf(
          Locale.ROOT,
          "%d events in batches of %d, %d clients, in-memory Kafka%n",
          events.size(),
          BATCH,
          CLIENTS);
      System.out.println("way                     events/s   body bytes/event");
      for (int round = 0; round < 2; round++) {
        boolean report = round == 1;
        run(
            "POST /v1/timings JSON",
            report,
            jsonBodies,
            events.size(),
            i -> post(http, json.uri(), "application/json", jsonBodies.get(i)),
            producer);
        run(
            "OTLP/HTTP protobuf",
            report,
            otlpBodies,
            events.size(),
            i -> post(http, otlp.httpTracesUri(), "application/x-protobuf", otlpBodies.get(i)),
            producer);
        run(
            "OTLP/gRPC",
            report,
            otlpBodies,
            events.size(),
            i -> grpc.export(otlpRequests.get(i)),
            producer);
      }
      channel.shutdownNow();
    }
  }

  interface Send {
    void send(int batch) throws Exception;
  }

  static void post(HttpClient http, URI uri, String type, byte[] body) throws Exception {
    HttpResponse<Void> r =
        http.send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() != 202 && r.statusCode() != 200) {
      throw new IllegalStateException(uri + " answered " + r.statusCode());
    }
  }

  static void run(
      String name,
      boolean report,
      List<byte[]> bodies,
      int events,
      Send send,
      MockProducer<String, RequestTiming> producer)
      throws Exception {
    producer.clear();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    long t0 = System.nanoTime();
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement();
                    i < bodies.size();
                    i = next.getAndIncrement()) {
                  send.send(i);
                }
                return null;
              }));
    }
    for (Future<?> f : clients) {
      f.get();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    if (producer.history().size() != events) {
      throw new IllegalStateException(name + ": " + producer.history().size() + " of " + events);
    }
    if (report) {
      long bytes = bodies.stream().mapToLong(b -> b.length).sum();
      System.out.printf(
          Locale.ROOT, "%-22s %10.0f %18.0f%n", name, events / seconds, (double) bytes / events);
    }
  }
}
