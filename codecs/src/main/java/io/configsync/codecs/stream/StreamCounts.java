package io.configsync.codecs.stream;

/** What an {@link OrderedStream} saw, for metrics and state pages. Read on the stream's context. */
public final class StreamCounts {

  long outOfOrder;
  long gapsDetected;
  long staleIgnored;
  long eventsReplayed;
  long fullReloads;
  long resumes;

  /** Events received with a revision lower than one received before them: a diagnostic. */
  public long outOfOrder() {
    return outOfOrder;
  }

  /** Events received whose previous message had not been received: holes seen in the live stream. */
  public long gapsDetected() {
    return gapsDetected;
  }

  /** Events received that were already applied. */
  public long staleIgnored() {
    return staleIgnored;
  }

  /** Events that pages of the log brought. */
  public long eventsReplayed() {
    return eventsReplayed;
  }

  /** Full loads begun, retries included. */
  public long fullReloads() {
    return fullReloads;
  }

  public long resumes() {
    return resumes;
  }
}
