package com.interview.api.common;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link IsoTimestamps} writes exactly what {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes. */
class IsoTimestampsTest {

  private static void assertSame(OffsetDateTime t) {
    assertThat(IsoTimestamps.format(t)).as(t.toString()).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
  }

  @Test
  void theFractionLosesItsTrailingZerosAndVanishesWhenZero() {
    OffsetDateTime t = OffsetDateTime.of(2026, 12, 6, 2, 16, 5, 0, ZoneOffset.UTC);
    assertThat(IsoTimestamps.format(t)).isEqualTo("2026-12-06T02:16:05Z");
    assertThat(IsoTimestamps.format(t.withNano(120_000_000))).isEqualTo("2026-12-06T02:16:05.12Z");
    assertThat(IsoTimestamps.format(t.withNano(123_456_000))).isEqualTo("2026-12-06T02:16:05.123456Z");
    assertThat(IsoTimestamps.format(t.withNano(1))).isEqualTo("2026-12-06T02:16:05.000000001Z");
    for (int nano : new int[] {1, 10, 100_000_000, 999_999_999, 100_000, 500_000, 7_000}) {
      assertSame(t.withNano(nano));
    }
  }

  @Test
  void everyOtherInstantAndOffsetAsTheFormatterWritesIt() {
    SplittableRandom random = new SplittableRandom(14);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      Instant at = Instant.ofEpochSecond(random.nextLong(min, max + 1),
        random.nextBoolean() ? random.nextInt(1_000_000) * 1000 : random.nextInt(1_000_000_000));
      assertSame(OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      assertSame(OffsetDateTime.ofInstant(at, ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 3600, 18 * 3600 + 1))));
    }
    // outside what the hand-written path takes: the formatter's own text
    assertSame(OffsetDateTime.of(-1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    assertSame(OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    assertSame(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2)));
  }
}
