package io.configsync.backend.bus;

import io.configsync.backend.store.ModuleStateReader;
import io.configsync.backend.store.RevisionGone;
import io.configsync.codecs.Addresses;
import io.configsync.codecs.FailureCodes;
import io.configsync.codecs.Replay;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@link Addresses#REPLAY} from the event log, for gateways and bridge bots: the events
 * after a revision, of some shards or all, or gone past retention. The reply is always the
 * {@link Replay.Reply}'s JSON object: a request that came through the SockJS bridge is answered
 * through it.
 */
public final class ReplayResponder extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayResponder.class);

  private final ModuleStateReader reader;

  public ReplayResponder(ModuleStateReader reader) {
    this.reader = reader;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>consumer(Addresses.REPLAY, this::answer).completion();
  }

  private void answer(Message<JsonObject> message) {
    Replay.Request request;
    try {
      request = Replay.Request.fromJson(message.body());
    } catch (IllegalArgumentException | ClassCastException e) {
      message.fail(FailureCodes.BAD_REQUEST, e.getMessage());
      return;
    }
    ShardSpec shards = request.shards() == null ? ShardSpec.ALL : request.shards();
    reader.eventsAfter(request.after(), request.limit(), shards)
        .onSuccess(page -> message.reply(new Replay.Page(page.events(), page.head(), page.through()).toJson()))
        .onFailure(failure -> {
          if (failure instanceof RevisionGone gone) {
            message.reply(new Replay.Gone(gone.horizon()).toJson());
          } else {
            LOG.warn("Replay after revision {} failed: {}", request.after(), failure.toString());
            message.fail(FailureCodes.UNAVAILABLE, "the event log is unavailable: " + failure.getMessage());
          }
        });
  }
}
