package dev.r1lat.sink.write;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;

class InMemoryBatchWriterTest extends BatchWriterContract {
  private InMemoryBatchWriter writer;

  @BeforeEach
  void freshWriter() {
    writer = new InMemoryBatchWriter();
  }

  @Override
  protected BatchWriter writer() {
    return writer;
  }

  @Override
  protected <R> List<String> keysIn(SinkTable<R> table) {
    return writer.keys(table);
  }

  @Override
  protected String topic() {
    return "t";
  }
}
