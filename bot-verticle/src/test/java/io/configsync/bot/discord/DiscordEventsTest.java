package io.configsync.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Discord events")
class DiscordEventsTest {

  private static final MemberJoined JOINED =
      new MemberJoined("111111111111111111", "Guild", 3, "222222222222222222", "ann", "<@222>");
  private static final MessagePosted POSTED = new MessagePosted("111111111111111111",
      "333333333333333333", "444444444444444444", "222222222222222222", "<@222>", "hi", false);

  @Test
  @DisplayName("are delivered to every listener on the given context, even from a foreign thread")
  void deliversOnContext(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    DiscordEvents events = new DiscordEvents(context);
    var checkpoint = test.checkpoint(4);
    for (int i = 0; i < 2; i++) {
      events.register(new DiscordEventListener() {
        @Override
        public void onMemberJoined(MemberJoined event) {
          test.verify(() -> {
            assertThat(Vertx.currentContext()).isSameAs(context);
            assertThat(event).isEqualTo(JOINED);
          });
          checkpoint.flag();
        }

        @Override
        public void onMessagePosted(MessagePosted event) {
          test.verify(() -> {
            assertThat(Vertx.currentContext()).isSameAs(context);
            assertThat(event).isEqualTo(POSTED);
          });
          checkpoint.flag();
        }
      });
    }

    Thread jdaThread = new Thread(() -> {
      events.deliver(JOINED);
      events.deliver(POSTED);
    });
    jdaThread.start();
  }

  @Test
  @DisplayName("still reach later listeners when an earlier one throws")
  void faultyListenerDoesNotStopOthers(Vertx vertx, VertxTestContext test) {
    DiscordEvents events = new DiscordEvents(vertx.getOrCreateContext());
    List<String> seen = new CopyOnWriteArrayList<>();
    events.register(new DiscordEventListener() {
      @Override
      public void onMessagePosted(MessagePosted event) {
        seen.add("faulty");
        throw new IllegalStateException("boom");
      }
    });
    events.register(new DiscordEventListener() {
      @Override
      public void onMessagePosted(MessagePosted event) {
        seen.add("healthy");
        test.verify(() -> assertThat(seen).containsExactly("faulty", "healthy"));
        test.completeNow();
      }
    });

    events.deliver(POSTED);
  }

  @Test
  @DisplayName("no longer reach a listener once it is unregistered")
  void unregisteredListenerIsSkipped(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    DiscordEvents events = new DiscordEvents(context);
    List<MemberJoined> removedSaw = new CopyOnWriteArrayList<>();
    DiscordEventListener removed = new DiscordEventListener() {
      @Override
      public void onMemberJoined(MemberJoined event) {
        removedSaw.add(event);
      }
    };
    events.register(removed);
    events.register(new DiscordEventListener() {
      @Override
      public void onMemberJoined(MemberJoined event) {
        test.verify(() -> assertThat(removedSaw).isEmpty());
        test.completeNow();
      }
    });

    events.unregister(removed);
    events.deliver(JOINED);
  }
}
