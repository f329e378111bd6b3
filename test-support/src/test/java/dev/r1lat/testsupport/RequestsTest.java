package dev.r1lat.testsupport;

import static dev.r1lat.testsupport.Requests.T0;
import static dev.r1lat.testsupport.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import org.junit.jupiter.api.Test;

class RequestsTest {

  @Test
  void shouldBuildAValidRequestWithTheDomainDefaults() {
    RequestTiming t = request().build();

    assertThat(t.getRegion()).isEqualTo("eu-west");
    assertThat(t.getTier()).isEqualTo("H100");
    assertThat(t.getModel()).isEqualTo("deepseek-r1");
    assertThat(t.getStatus()).isEqualTo(RequestStatus.OK);
    assertThat(t.getEventTimeMs()).isEqualTo(T0 + 1_000);
    assertThat(t.getTtftMs()).isNull();
  }

  @Test
  void shouldSetWhatTheTestNamesAndGiveEveryRequestItsOwnId() {
    RequestTiming a = request().region("us-east").tier("A100").ttftMs(420).at(T0).build();
    RequestTiming b = request().build();

    assertThat(a.getRegion()).isEqualTo("us-east");
    assertThat(a.getTier()).isEqualTo("A100");
    assertThat(a.getTtftMs()).isEqualTo(420.0);
    assertThat(a.getEventTimeMs()).isEqualTo(T0);
    assertThat(a.getRequestId()).isNotEqualTo(b.getRequestId());
    assertThat(request().id("r-1").build().getRequestId()).isEqualTo("r-1");
  }
}
