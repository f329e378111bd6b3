package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTest {

  @Test
  void shouldSumEverySampleOfOneMetricAcrossLabels() {
    String text =
        "# HELP r1lat_duplicates_total x\n"
            + "# TYPE r1lat_duplicates_total counter\n"
            + "r1lat_duplicates_total{partition=\"0\"} 3.0\n"
            + "r1lat_duplicates_total{partition=\"1\"} 4.0\n"
            + "r1lat_duplicates_total_created 1.7E9\n"
            + "r1lat_records_in_total 10.0\n";

    assertThat(Prometheus.sum(text, "r1lat_duplicates_total")).isEqualTo(7.0);
    assertThat(Prometheus.sum(text, "r1lat_missing_total")).isZero();
  }
}
