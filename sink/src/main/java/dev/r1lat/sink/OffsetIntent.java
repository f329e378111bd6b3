package dev.r1lat.sink;

import java.util.OptionalLong;

/**
 * The write-ahead note the sink keeps in Kafka's committed-offset metadata (see DESIGN.md): before
 * inserting offsets [first, last] of a partition it commits offset {@code first} with metadata
 * {@code pending=last}; after the insert it commits {@code last + 1} with empty metadata. Whoever
 * consumes the partition next and finds a pending note replays exactly [first, last] as one batch,
 * so the replay carries the same dedup token and ClickHouse drops it if it had landed.
 */
public final class OffsetIntent {
  static final String PREFIX = "r1lat-sink/v1 pending=";

  private OffsetIntent() {}

  public static String pending(long lastOffset) {
    return PREFIX + lastOffset;
  }

  /** The pending batch's last offset, if the metadata is such a note. */
  public static OptionalLong parse(String metadata) {
    if (metadata == null || !metadata.startsWith(PREFIX)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(metadata.substring(PREFIX.length()).trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
