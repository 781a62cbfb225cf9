package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.Replay;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A page of the event log as the bot's client reads it off the wire, whole or not at all. */
@ExtendWith(VertxExtension.class)
@DisplayName("Backend client: event pages")
class BackendClientEventsTest {

  private static final List<ModuleChangeEvent> EVENTS = LongStream.rangeClosed(6, 305).mapToObj(revision ->
      new ModuleChangeEvent(revision, "40000000000000000" + revision % 10, "welcome", ModuleAction.CONFIG_UPDATED,
          new JsonObject().put("message", "m\u00e9ssage " + revision + " \u4e16\u754c").put("n", revision), revision,
          Instant.parse("2026-12-07T14:46:39.123456Z").plusSeconds(revision), ModuleChangeEvent.ORIGIN_BACKEND))
      .toList();
  private static final String PAGE = new Replay.Page(EVENTS, 305, 305).toJson().put("after", 5).encodePrettily();

  private Vertx vertx;
  private Context context;
  private final List<HttpServer> servers = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
  }

  @AfterEach
  void closeServers() throws Exception {
    for (HttpServer server : servers) {
      ContextCalls.join(server.close());
    }
  }

  @Test
  @DisplayName("a page sent in many chunks without a Content-Length reads as the codec reads it, its texts handed on"
      + " on the caller's context")
  void readsAChunkedPage() throws Exception {
    URI backend = serve(request -> {
      request.response().setChunked(true);
      for (int from = 0; from < PAGE.length(); from += 1_000) {
        request.response().write(PAGE.substring(from, Math.min(PAGE.length(), from + 1_000)));
      }
      request.response().end();
    });
    Map<JsonObject, CompactJson> texts = new IdentityHashMap<>();
    List<Context> handedOnIn = new ArrayList<>();

    Replay.Page page = (Replay.Page) ContextCalls.onContext(context, () -> {
      BackendClient client = new BackendClient(vertx, List.of(backend), "token");
      return client.eventsAfter(5, 1_000, (config, text) -> {
        handedOnIn.add(Vertx.currentContext());
        texts.put(config, text);
      }).eventually(client::close);
    });

    assertThat(handedOnIn).hasSize(EVENTS.size()).containsOnly(context);
    assertThat(page).isEqualTo(Replay.Page.fromJson(new JsonObject(PAGE)));
    assertThat(texts).hasSize(EVENTS.size());
    page.events().forEach(event -> assertThat(texts.get(event.config()).toJsonObject()).isEqualTo(event.config()));
  }

  @Test
  @DisplayName("pages read one after another, large, small, then large again, are each read whole and nothing past"
      + " their end: the array kept from a larger page holds the last one's bytes beyond it")
  void pagesOneAfterAnother() throws Exception {
    URI backend = serve(request -> {
      long after = Long.parseLong(request.getParam("after"));
      request.response().end(pageAfter(after));
    });
    List<Long> afters = List.of(5L, 295L, 5L, 300L, 150L);

    List<Replay.Reply> pages = ContextCalls.onContext(context, () -> {
      BackendClient client = new BackendClient(vertx, List.of(backend), "token");
      List<Replay.Reply> read = new ArrayList<>();
      io.vertx.core.Future<Void> chain = io.vertx.core.Future.succeededFuture();
      for (long after : afters) {
        chain = chain.compose(v -> client.eventsAfter(after, 1_000).map(reply -> {
          read.add(reply);
          return null;
        }));
      }
      return chain.map(read).eventually(client::close);
    });

    assertThat(pages).hasSize(afters.size());
    for (int i = 0; i < afters.size(); i++) {
      assertThat(pages.get(i)).isEqualTo(Replay.Page.fromJson(new JsonObject(pageAfter(afters.get(i)))));
    }
  }

  private static String pageAfter(long after) {
    List<ModuleChangeEvent> events = EVENTS.stream().filter(event -> event.revision() > after).toList();
    return new Replay.Page(events, 305, 305).toJson().put("after", after).encode();
  }

  @Test
  @DisplayName("a 410 is the log gone past the revision, with its horizon; no other backend is asked")
  void goneIsAnAnswer() throws Exception {
    URI gone = serve(request -> request.response().setStatusCode(410)
        .end(new JsonObject().put("error", "GONE").put("horizon", 42).encode()));
    URI other = serve(request -> request.response().end(PAGE));

    Replay.Reply reply = eventsAfter(List.of(gone, other), new IdentityHashMap<>());

    assertThat(reply).isEqualTo(new Replay.Gone(42));
    assertThat(requests).hasValue(1);
  }

  @Test
  @DisplayName("a backend that breaks off in the middle of a page is left for the next one, whose page is read whole")
  void aPageBrokenOffIsAskedOfTheNextBackend() throws Exception {
    URI broken = serve(request -> {
      request.response().putHeader("Content-Length", String.valueOf(PAGE.length() * 2));
      request.response().write(PAGE.substring(0, PAGE.length() / 2)).onComplete(v -> request.connection().close());
    });
    URI whole = serve(request -> request.response().end(PAGE));
    Map<JsonObject, CompactJson> texts = new IdentityHashMap<>();

    Replay.Page page = (Replay.Page) eventsAfter(List.of(broken, whole), texts);

    assertThat(page.events()).containsExactlyElementsOf(EVENTS);
    assertThat(texts).hasSize(EVENTS.size());
    assertThat(requests).hasValue(2);
  }

  @Test
  @DisplayName("a page that breaks off with no other backend fails, handing on nothing")
  void aPageBrokenOffFails() throws Exception {
    URI broken = serve(request -> {
      request.response().setChunked(true);
      request.response().write(PAGE.substring(0, PAGE.length() / 2)).onComplete(v -> request.connection().close());
    });
    Map<JsonObject, CompactJson> texts = new IdentityHashMap<>();

    assertThatThrownBy(() -> eventsAfter(List.of(broken), texts)).isNotNull();
    assertThat(texts).isEmpty();
  }

  private Replay.Reply eventsAfter(List<URI> backends, Map<JsonObject, CompactJson> texts) throws Exception {
    return ContextCalls.onContext(context, () -> {
      BackendClient client = new BackendClient(vertx, backends, "token");
      return client.eventsAfter(5, 1_000, texts::put).eventually(client::close);
    });
  }

  private URI serve(Handler<HttpServerRequest> handler) throws Exception {
    HttpServer server = ContextCalls.join(vertx.createHttpServer().requestHandler(request -> {
      requests.incrementAndGet();
      assertThat(request.getHeader("Authorization")).isEqualTo("Bearer token");
      handler.handle(request);
    }).listen(0, "127.0.0.1"));
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }
}
