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

  @Override
  protected BatchWriter writerRefusingMoreDaysThan(int n) {
    writer.refuseMoreDistinctThan(
        n,
        id -> id.substring(0, id.indexOf('-')),
        "Too many partitions for single INSERT block (more than " + n + ")");
    return writer;
  }
}
