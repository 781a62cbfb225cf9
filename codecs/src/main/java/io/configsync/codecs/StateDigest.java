package io.configsync.codecs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * The convergence digest, computed the same way by the backend and by every bot: the lowercase hex
 * SHA-256 of the lines {@code guildId:moduleId:version\n} of every ENABLED module state in scope,
 * sorted by guildId (numerically) then moduleId.
 */
public final class StateDigest {

  /** One enabled (guild, module) and the version held. */
  public record Entry(long guildId, String moduleId, long version) {}

  /** The digest of a set of entries. */
  public record Result(String digest, long count) {}

  public static final Comparator<Entry> ORDER =
      Comparator.comparingLong(Entry::guildId).thenComparing(Entry::moduleId);

  private final MessageDigest sha256;
  private Entry last;
  private long count;
  private Result result;

  private StateDigest() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }

  /** A digest fed entry by entry, in {@link #ORDER} (e.g. from an ordered database cursor). */
  public static StateDigest streaming() {
    return new StateDigest();
  }

  /** The digest of entries in any order. */
  public static Result of(Collection<Entry> entries) {
    StateDigest digest = streaming();
    entries.stream().sorted(ORDER).forEach(digest::add);
    return digest.result();
  }

  /**
   * @throws IllegalStateException if {@code entry} does not come after the previous one, or if
   *     {@link #result()} was already called
   */
  public void add(Entry entry) {
    if (result != null) {
      throw new IllegalStateException("digest already finished: no entry can follow result()");
    }
    if (last != null && ORDER.compare(last, entry) >= 0) {
      throw new IllegalStateException("digest entries out of order: " + last + " then " + entry);
    }
    last = entry;
    count++;
    sha256.update((entry.guildId() + ":" + entry.moduleId() + ":" + entry.version() + "\n")
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Finishes the digest; later calls return the same result (MessageDigest.digest() resets). */
  public Result result() {
    if (result == null) {
      result = new Result(HexFormat.of().formatHex(sha256.digest()), count);
    }
    return result;
  }
}
