package dev.r1lat.cli;

import dev.r1lat.config.Settings;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.ingest.KafkaProducerConfigs;
import dev.r1lat.ingest.gateway.GatewayConfig;
import dev.r1lat.ingest.gateway.IngestGateway;
import dev.r1lat.ingest.otlp.OtlpReceiver;
import dev.r1lat.ingest.otlp.OtlpSettings;
import dev.r1lat.schema.RequestTiming;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./r1lat gateway}: the HTTP ingest gateway, until Ctrl+C. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Run the HTTP ingest gateway: POST /v1/timings (JSON event or array, gzip accepted) ->"
          + " validated -> Avro -> Kafka; GET /health, GET /openapi.json; and the OTLP traces"
          + " receivers (gRPC :4317, HTTP :4318/v1/traces) that turn vLLM's llm_request spans into"
          + " the same events. Runs until Ctrl+C.",
      "Settings: gateway.port (18480), gateway.bind, gateway.auth-token,"
          + " gateway.max-request-bytes, gateway.max-batch-records, gateway.kafka-timeout,"
          + " gateway.threads, gateway.queue-size, kafka.bootstrap-servers,"
          + " ingest.topic, gateway.otlp-enabled, gateway.otlp-grpc-port, gateway.otlp-http-port,"
          + " gateway.otlp-bind, otlp.* (span mapping); see ./r1lat config."
    })
final class GatewayCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(names = "--port", description = "listen port (default: setting gateway.port)")
  Integer port;

  @Option(names = "--bind", description = "listen address (default: setting gateway.bind)")
  String bind;

  @Option(
      names = "--bootstrap-servers",
      description = "Kafka bootstrap servers (default: setting kafka.bootstrap-servers)")
  String bootstrapServers;

  @Option(names = "--topic", description = "topic (default: setting ingest.topic)")
  String topic;

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new LinkedHashMap<>();
    if (port != null) {
      flags.put(IngestSettings.GATEWAY_PORT.name(), port.toString());
    }
    if (bind != null) {
      flags.put(IngestSettings.GATEWAY_BIND.name(), bind);
    }
    if (bootstrapServers != null) {
      flags.put(IngestSettings.BOOTSTRAP_SERVERS.name(), bootstrapServers);
    }
    if (topic != null) {
      flags.put(IngestSettings.TOPIC.name(), topic);
    }
    Settings settings = config.settings().with(flags);
    GatewayConfig gatewayConfig = GatewayConfig.fromSettings(settings);
    // a gateway answers each request only after the acks: keep the batching delay short
    Map<String, Object> producer =
        KafkaProducerConfigs.reliable(
            settings.get(IngestSettings.BOOTSTRAP_SERVERS),
            "r1lat-gateway",
            Duration.ofMillis(5),
            settings.get(IngestSettings.PUBLISHER_BATCH_BYTES),
            settings.get(IngestSettings.PUBLISHER_COMPRESSION),
            settings.withPrefix("kafka."));
    Producer<String, RequestTiming> kafka = IngestGateway.producer(gatewayConfig, producer);
    IngestGateway gateway = new IngestGateway(gatewayConfig, kafka).start();
    OtlpReceiver otlp =
        settings.get(OtlpSettings.ENABLED)
            ? OtlpReceiver.fromSettings(settings, gatewayConfig, kafka).start()
            : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (otlp != null) {
                    otlp.close(); // first: the gateway closes the shared producer
                  }
                  gateway.close();
                  stopped.countDown();
                }));
    System.out.println(
        "gateway listening on "
            + gateway.uri()
            + " -> kafka "
            + settings.get(IngestSettings.BOOTSTRAP_SERVERS)
            + " topic "
            + gatewayConfig.topic()
            + (gatewayConfig.authRequired() ? " (bearer token required)" : "")
            + "; Ctrl+C stops it");
    if (otlp != null) {
      System.out.println(
          "OTLP traces on "
              + otlp.grpcEndpoint()
              + " (gRPC) and "
              + otlp.httpTracesUri()
              + " (HTTP); point vLLM at it: vllm serve ... --otlp-traces-endpoint "
              + otlp.grpcEndpoint());
    }
    stopped.await();
    return 0;
  }
}
