package io.configsync.backend.modules;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.testkit.ModuleConfigs;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("A config is checked on the event loop only when its check compiles no user pattern and it is small")
class WhereChecksRunTest {

  private static final ModuleCatalog CATALOG = ModuleCatalog.bundled();
  private static final JsonObject BANNED_WORDS = ModuleConfigs.bannedWords("words", "spam");
  private static final JsonObject REGEX = new JsonObject().put("id", "re").put("type", "regex")
      .put("pattern", "free\\s+nitro").put("action", "delete");

  @Test
  @DisplayName("welcome, and automod without a regex rule: answered at once, on the caller's thread")
  void inline(Vertx vertx, VertxTestContext test) {
    onEventLoop(vertx, test, () -> {
      Future<Void> welcome = check("welcome", ModuleConfigs.welcome("Hello {user}"));
      Future<Void> words = check("automod", ModuleConfigs.automod(BANNED_WORDS));
      assertThat(welcome.succeeded()).isTrue();
      assertThat(words.succeeded()).isTrue();
      return Future.succeededFuture();
    });
  }

  @Test
  @DisplayName("a refusal found inline is a failed future with the WriteRefused, not an exception thrown")
  void inlineRefusal(Vertx vertx, VertxTestContext test) {
    onEventLoop(vertx, test, () -> {
      Future<Void> refused = check("welcome", new JsonObject().put("message", 42));
      assertThat(refused.failed()).isTrue();
      assertThat(refused.cause()).isInstanceOf(WriteRefused.class);
      return Future.succeededFuture();
    });
  }

  @Test
  @DisplayName("automod with a regex rule, or any config over the inline size: checked on a worker")
  void onWorker(VertxTestContext test) {
    // One worker thread, held by the gate: the checks (unordered blocking work) cannot start before it opens.
    Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(1));
    onEventLoop(vertx, test, () -> {
      CountDownLatch gate = new CountDownLatch(1);
      Future<Boolean> gateOpened = vertx.executeBlocking(() -> gate.await(10, TimeUnit.SECONDS));
      Future<Void> regex = check("automod", ModuleConfigs.automod(BANNED_WORDS, REGEX));
      JsonObject large = ModuleConfigs.welcome("x".repeat(1_000));
      Future<Void> big = WriteRules.checkSchema(vertx, CATALOG.find("welcome").orElseThrow(), large,
          WriteRules.INLINE_CHECK_MAX_BYTES + 1);
      assertThat(regex.isComplete()).as("the regex config is checked later, on a worker").isFalse();
      assertThat(big.isComplete()).as("the large config is checked later, on a worker").isFalse();
      gate.countDown();
      return Future.all(gateOpened, regex, big).mapEmpty().eventually(vertx::close);
    });
  }

  @Test
  @DisplayName("a hostile pattern is still refused, from the worker")
  void hostilePatternRefused(Vertx vertx, VertxTestContext test) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    onEventLoop(vertx, test, () -> check("automod", ModuleConfigs.automod(REGEX.copy().put("pattern", "(?<=a)b")))
        .recover(cause -> {
          failure.set(cause);
          return Future.succeededFuture();
        })
        .onSuccess(v -> assertThat(failure.get()).isInstanceOf(WriteRefused.class)
            .hasMessageContaining("/rules/0/pattern")));
  }

  private static Future<Void> check(String moduleId, JsonObject config) {
    return WriteRules.checkSchema(Vertx.currentContext().owner(), CATALOG.find(moduleId).orElseThrow(), config,
        WriteRules.checkSize(config));
  }

  private static void onEventLoop(Vertx vertx, VertxTestContext test, Supplier<Future<?>> body) {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      try {
        body.get().onComplete(test.succeedingThenComplete());
      } catch (Throwable e) {
        test.failNow(e);
      }
    });
  }
}
