package dev.r1lat.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DecodeFailuresTest {

  @Test
  void shouldTurnWhatARecordCanCauseIntoAnInvalidRecordWithOneLine() {
    for (Throwable t :
        new Throwable[] {
          new AssertionError("a\nb"),
          new StackOverflowError(),
          new IllegalStateException("x"),
          new Exception("checked")
        }) {
      InvalidRecordException e = DecodeFailures.wrap("corrupt RequestTiming body", t);
      assertThat(e.getMessage()).startsWith("corrupt RequestTiming body: ").doesNotContain("\n");
      assertThat(e.getCause()).isSameAs(t);
      assertThat(e.reasonClass()).isEqualTo(InvalidRecordException.UNDECODABLE);
    }
  }

  @Test
  void shouldLetJvmAndDeploymentErrorsPropagate() {
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    assertThatThrownBy(() -> DecodeFailures.wrap("x", oom)).isSameAs(oom);
    NoClassDefFoundError linkage = new NoClassDefFoundError("dev/r1lat/Gone");
    assertThatThrownBy(() -> DecodeFailures.wrap("x", linkage)).isSameAs(linkage);
  }

  @Test
  void shouldBoundTheReasonLength() {
    assertThat(DecodeFailures.oneLine("y".repeat(10_000))).hasSize(300).endsWith("...");
  }
}
