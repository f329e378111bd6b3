package dev.r1lat.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The OpenAPI document's event schema against what the JSON reader accepts and requires. */
class OpenApiTest {
  static final JsonNode EVENT = OpenApi.document().at("/components/schemas/RequestTiming");

  static Map<String, JsonNode> properties() {
    Map<String, JsonNode> out = new TreeMap<>();
    EVENT.get("properties").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  static List<String> required() {
    List<String> out = new ArrayList<>();
    EVENT.get("required").forEach(n -> out.add(n.asText()));
    return out;
  }

  /** A value of the property's documented type. */
  static JsonNode sample(JsonNode property) {
    if (property.has("enum")) {
      return property.get("enum").get(0);
    }
    JsonNode type = property.get("type");
    String t = type.isArray() ? type.get(0).asText() : type.asText();
    var f = TimingJson.mapper().getNodeFactory();
    return switch (t) {
      case "string" -> f.textNode("x");
      case "integer" -> f.numberNode(1);
      case "number" -> f.numberNode(1.5);
      case "boolean" -> f.booleanNode(true);
      default -> throw new AssertionError("undocumented type " + t);
    };
  }

  static ObjectNode every() {
    ObjectNode o = TimingJson.mapper().createObjectNode();
    properties().forEach((name, p) -> o.set(name, sample(p)));
    return o;
  }

  @Test
  void shouldDocumentExactlyTheFieldsTheReaderKnows() {
    assertThat(properties().keySet())
        .containsExactlyInAnyOrderElementsOf(
            RequestTiming.getClassSchema().getFields().stream().map(f -> f.name()).toList());
    assertThat(EVENT.get("additionalProperties").asBoolean(true)).isFalse();
    ObjectNode unknown = every().put("gpuTemperature", 71);
    assertThat(TimingJson.fromJson(every()).ok()).isTrue(); // every documented type is readable
    assertThat(TimingJson.fromJson(unknown).violations())
        .extracting(v -> v.field())
        .containsExactly("gpuTemperature");
  }

  @Test
  void shouldRequireExactlyWhatTheReaderRequires() {
    List<String> requiredByReader = new ArrayList<>();
    for (String name : properties().keySet()) {
      ObjectNode without = every();
      without.remove(name);
      if (!TimingJson.fromJson(without).ok()) {
        requiredByReader.add(name);
      }
    }
    assertThat(required()).containsExactlyInAnyOrderElementsOf(requiredByReader);
  }

  @Test
  void shouldDocumentNullabilityAndStatusSymbolsAsTheReaderReadsThem() {
    properties()
        .forEach(
            (name, p) -> {
              ObjectNode withNull = every().putNull(name);
              boolean nullable = p.get("type").isArray();
              // a null where the reader wants a value is "required"; a documented null is fine
              assertThat(TimingJson.fromJson(withNull).ok())
                  .as(name)
                  .isEqualTo(nullable || p.has("default"));
            });
    List<String> symbols = new ArrayList<>();
    properties().get("status").get("enum").forEach(s -> symbols.add(s.asText()));
    assertThat(symbols)
        .containsExactlyElementsOf(Arrays.stream(RequestStatus.values()).map(Enum::name).toList());
  }

  @Test
  void shouldServeTheDocumentAtOpenapiJson() throws Exception {
    try (IngestGateway gateway =
        new IngestGateway(
                GatewayConfig.defaults("t").withPort(0),
                new MockProducer<>(
                    true,
                    null,
                    new StringSerializer(),
                    AvroSerde.of(RequestTiming.class).serializer()))
            .start()) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(gateway.uri().resolve(IngestGateway.OPENAPI_PATH)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(TimingJson.mapper().readTree(r.body())).isEqualTo(OpenApi.document());
      assertThat(OpenApi.document().at("/paths/~1v1~1timings/post/responses").fieldNames())
          .toIterable()
          .containsExactly("202", "400", "401", "413", "415", "429", "503");
    }
  }
}
