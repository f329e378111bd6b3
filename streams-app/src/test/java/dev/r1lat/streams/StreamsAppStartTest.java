package dev.r1lat.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamsAppStartTest {

  @Test
  void shouldWarnWhenTheInputTopicKeepsProducerTimestamps() {
    assertThat(StreamsApp.timestampTypeWarning("r1.request-timings", "CreateTime"))
        .startsWith("WARNING: r1.request-timings has message.timestamp.type=CreateTime")
        .contains("LogAppendTime");
    assertThat(StreamsApp.timestampTypeWarning("r1.request-timings", "LogAppendTime")).isNull();
    assertThat(StreamsApp.timestampTypeWarning("r1.request-timings", null)).isNull();
  }
}
