package io.configsync.codecs;

import io.vertx.core.eventbus.EventBus;

/** Registers every ConfigSync codec. Call it on every node, before any consumer or publish. */
public final class Codecs {

  private Codecs() {}

  /**
   * Idempotent: every role registers on start, and several roles may share one event bus. There is
   * never a moment without the codec, so a concurrent publish cannot miss it.
   */
  public static synchronized void registerAll(EventBus eventBus) {
    try {
      eventBus.registerDefaultCodec(ModuleChangeEvent.class, new ModuleChangeEventCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another role of this node registered it first
    }
    try {
      eventBus.registerDefaultCodec(ModuleChanges.class, new ModuleChangesCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // likewise
    }
    try {
      eventBus.registerCodec(new SharedJsonCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // likewise
    }
    registerRecord(eventBus, AckRecorded.class,
        new JsonRecordCodec<>("configsync.ack-recorded", AckRecorded::toJson, AckRecorded::fromJson));
    registerRecord(eventBus, PreflightRequest.class,
        new JsonRecordCodec<>("configsync.preflight-request", PreflightRequest::toJson, PreflightRequest::fromJson));
    registerRecord(eventBus, PreflightAnswer.class,
        new JsonRecordCodec<>("configsync.preflight-answer", PreflightAnswer::toJson, PreflightAnswer::fromJson));
    registerRecord(eventBus, RevisionHead.class,
        new JsonRecordCodec<>("configsync.revision-head", RevisionHead::toJson, RevisionHead::fromJson));
    registerRecord(eventBus, BotAck.class, new JsonRecordCodec<>("configsync.bot-ack", BotAck::toJson, BotAck::fromJson));
    registerRecord(eventBus, BotPresence.class,
        new JsonRecordCodec<>("configsync.bot-presence", BotPresence::toJson, BotPresence::fromJson));
    // No codec for ProposalReply: the reply goes back over the bridge too, so it is always its JSON.
    registerRecord(eventBus, BotProposal.class,
        new JsonRecordCodec<>("configsync.bot-proposal", BotProposal::toJson, BotProposal::fromJson));
  }

  private static <T> void registerRecord(EventBus eventBus, Class<T> type, JsonRecordCodec<T> codec) {
    try {
      eventBus.registerDefaultCodec(type, codec);
    } catch (IllegalStateException alreadyRegistered) {
      // another role of this node registered it first
    }
  }
}
