package dev.r1lat.sink.write;

import dev.r1lat.sink.write.TimingColumns.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The raw events of one range as Native columns, written once while the range is decoded ({@link
 * TimingNativeEncoder} parses each message straight into them). A row is an index into the block
 * ({@link TimingRow}); a batch or a bisected part of it is a run of consecutive rows, so its Native
 * block is a slice of every column, copied as is: the rows are never parsed again, however often an
 * insert is retried or halved. Not thread-safe: one range, one writer thread.
 */
public final class TimingBlock {
  static final Kind[] FIELDS =
      TimingColumns.ALL.stream().map(TimingColumns.Column::kind).toArray(Kind[]::new);

  /** Bytes per row of a fixed-width column's data, 0 for a variable-width one (strings). */
  private static final int[] WIDTHS = Arrays.stream(FIELDS).mapToInt(TimingBlock::width).toArray();

  final BinaryOut[] data = new BinaryOut[FIELDS.length];
  final BinaryOut[] nulls = new BinaryOut[FIELDS.length];

  /** For a variable-width column: its data size after each whole row; null for fixed width. */
  private final int[][] ends = new int[FIELDS.length][];

  private int rows;

  /** A block sized for about {@code expectedRows} rows (it grows past them). */
  public TimingBlock(int expectedRows) {
    int n = Math.max(1, expectedRows);
    for (int i = 0; i < FIELDS.length; i++) {
      // a label or an id is a few bytes: a larger guess is zeroed memory for nothing, a smaller
      // one a copy or two while the column grows
      data[i] = new BinaryOut(n * (WIDTHS[i] == 0 ? 8 : WIDTHS[i]));
      nulls[i] = FIELDS[i].nullable() ? new BinaryOut(n) : null;
      ends[i] = WIDTHS[i] == 0 ? new int[n] : null;
    }
  }

  private static int width(Kind k) {
    return switch (k) {
      case STRING, NULLABLE_STRING, ENUM -> 0;
      case BOOL, NULLABLE_BOOL -> 1;
      case NULLABLE_UINT32 -> 4;
      case MILLIS, NULLABLE_DOUBLE, DOUBLE -> 8;
    };
  }

  /** Whole rows written so far. */
  public int rows() {
    return rows;
  }

  /** Seals the row the parser has just written into every column; returns its index. */
  int endRow() {
    for (int i = 0; i < FIELDS.length; i++) {
      if (ends[i] != null) {
        if (rows == ends[i].length) {
          ends[i] = Arrays.copyOf(ends[i], rows * 2);
        }
        ends[i][rows] = data[i].size();
      }
    }
    return rows++;
  }

  /** Undoes a row the parser abandoned half-way: every column back to its last whole row. */
  void dropPartialRow() {
    for (int i = 0; i < FIELDS.length; i++) {
      data[i].truncate(start(i, rows));
      if (nulls[i] != null) {
        nulls[i].truncate(rows);
      }
    }
  }

  /** Where row {@code row} starts in column {@code i}'s data (or where the next row would). */
  private int start(int i, int row) {
    if (WIDTHS[i] != 0) {
      return row * WIDTHS[i];
    }
    return row == 0 ? 0 : ends[i][row - 1];
  }

  /** Consecutive rows {@code from..to-1} of one block. */
  private record Run(TimingBlock block, int from, int to) {
    int dataBytes(int i) {
      return block.start(i, to) - block.start(i, from);
    }
  }

  /**
   * One Native block of {@code rows}, in their order: per column, the slice of each run of
   * consecutive rows of one block (one run for a whole range or a bisected part of it).
   */
  public static BinaryOut encode(List<TimingRow> rows, List<String> columns) {
    if (columns.size() != FIELDS.length) {
      throw new IllegalArgumentException("request_timings has " + FIELDS.length + " columns");
    }
    List<Run> runs = runs(rows);
    int size = 1024;
    for (Run r : runs) {
      for (int i = 0; i < FIELDS.length; i++) {
        size += r.dataBytes(i) + (FIELDS[i].nullable() ? r.to() - r.from() : 0);
      }
    }
    BinaryOut out = new BinaryOut(size);
    out.varint(FIELDS.length);
    out.varint(rows.size());
    for (int i = 0; i < FIELDS.length; i++) {
      out.string(columns.get(i));
      out.string(FIELDS[i].nativeType());
      if (FIELDS[i].nullable()) {
        for (Run r : runs) {
          out.append(r.block().nulls[i], r.from(), r.to() - r.from());
        }
      }
      for (Run r : runs) {
        out.append(r.block().data[i], r.block().start(i, r.from()), r.dataBytes(i));
      }
    }
    return out;
  }

  private static List<Run> runs(List<TimingRow> rows) {
    List<Run> runs = new ArrayList<>();
    int n = rows.size();
    int k = 0;
    while (k < n) {
      TimingRow first = rows.get(k++);
      int to = first.index() + 1;
      while (k < n && rows.get(k).block() == first.block() && rows.get(k).index() == to) {
        to++;
        k++;
      }
      runs.add(new Run(first.block(), first.index(), to));
    }
    return runs;
  }
}
