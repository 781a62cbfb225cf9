package io.configsync.codecs.stream;

/**
 * What an {@link OrderedStream} saw, for metrics and state pages.
 *
 * @param outOfOrder events received with a revision lower than one received before them: a diagnostic
 * @param gapsDetected events received whose previous message had not been received: holes in the live stream
 * @param staleIgnored events received that were already applied
 * @param eventsReplayed events that pages of the log brought
 * @param fullReloads full loads begun, retries included
 * @param resumes starts that resumed from a known revision instead of a full load
 */
public record StreamCounts(long outOfOrder, long gapsDetected, long staleIgnored, long eventsReplayed,
                           long fullReloads, long resumes) {}
