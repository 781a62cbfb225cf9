package io.configsync.bench.propagation;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ModuleChangeEventCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The floor under ConfigSync's propagation: a bare clustered event-bus publish, from the backend
 * node's Vert.x to a consumer on each bot node, of a message the size of a change event on the
 * wire, at the same fixed rate. No database, no ordering, no applying: what the bus alone costs
 * between the same nodes. Latency runs from just before {@code publish} to the consumer's handler.
 */
final class BusFloor {

  private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);
  /** Index of the messages that only check that every consumer is reachable. */
  private static final int HANDSHAKE = -1;

  private final String address = "bench.floor." + UUID.randomUUID();
  private final Vertx publisher;
  private final List<Receiver> receivers = new ArrayList<>();
  private final int payloadBytes;

  /** One consumer node: touched on its consumer's event loop, read by the bench thread once it is done. */
  private static final class Receiver {
    final Histogram latencyMicros = Latencies.newHistogram();
    volatile int measured;
    volatile boolean reachable;
    MessageConsumer<Buffer> consumer;
  }

  BusFloor(Vertx publisher, List<Vertx> consumerNodes) {
    this.publisher = publisher;
    this.payloadBytes = changeEventWireSize();
    for (Vertx node : consumerNodes) {
      Receiver receiver = new Receiver();
      receiver.consumer = node.eventBus().consumer(address, message -> receive(receiver, message.body()));
      receivers.add(receiver);
    }
  }

  /** The size of a typical change event (the bench's welcome config) in its cluster wire form. */
  static int changeEventWireSize() {
    ModuleChangeEvent event = new ModuleChangeEvent(123_456, "410000000000000123", "welcome",
        ModuleAction.CONFIG_UPDATED, ConfigWrites.body(123_456).getJsonObject("config"), 42, Instant.now(), "backend");
    Buffer wire = Buffer.buffer();
    new ModuleChangeEventCodec().encodeToWire(wire, event);
    return wire.length();
  }

  int payloadBytes() {
    return payloadBytes;
  }

  private static void receive(Receiver receiver, Buffer body) {
    long latencyNanos = System.nanoTime() - body.getLong(0);
    int index = body.getInt(8);
    if (index == HANDSHAKE) {
      receiver.reachable = true;
    } else if (index >= 0) {
      receiver.latencyMicros.recordValue(Math.max(0, latencyNanos / 1_000));
      receiver.measured++;
    }
  }

  /**
   * Publishes at {@code rate} for {@code warmup + measure}; returns every consumer's latencies of
   * the messages after the warm-up, merged. Blocks the calling (non Vert.x) thread.
   */
  Histogram measure(double rate, Duration warmup, Duration measure) throws Exception {
    awaitRegistered();
    int warm = (int) Math.round(rate * warmup.toNanos() / 1e9);
    int count = warm + (int) Math.round(rate * measure.toNanos() / 1e9);
    receivers.forEach(receiver -> {
      receiver.latencyMicros.reset();
      receiver.measured = 0;
    });
    long start = System.nanoTime();
    double periodNanos = 1e9 / rate;
    int[] next = {0};
    long timer = publisher.setPeriodic(1, id -> {
      long now = System.nanoTime();
      while (next[0] < count && start + Math.round(next[0] * periodNanos) <= now) {
        // Warm-up messages carry a negative index below the handshake's: received, not recorded.
        int index = next[0] < warm ? -2 : next[0] - warm;
        publish(index);
        next[0]++;
      }
      if (next[0] == count) {
        publisher.cancelTimer(id);
      }
    });
    int expected = count - warm;
    long deadline = System.nanoTime() + measure.plus(warmup).plus(DELIVERY_TIMEOUT).toNanos();
    while (receivers.stream().anyMatch(receiver -> receiver.measured < expected) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    publisher.cancelTimer(timer);
    Histogram merged = Latencies.newHistogram();
    for (Receiver receiver : receivers) {
      if (receiver.measured < expected) {
        throw new IllegalStateException("the bus floor lost messages: " + receiver.measured + " of " + expected);
      }
      merged.add(receiver.latencyMicros);
    }
    return merged;
  }

  private void publish(int index) {
    Buffer payload = Buffer.buffer(payloadBytes).appendLong(System.nanoTime()).appendInt(index);
    payload.appendBytes(new byte[payloadBytes - payload.length()]);
    publisher.eventBus().publish(address, payload);
  }

  /** A publish reaches only consumers whose registration already spread through the cluster. */
  private void awaitRegistered() throws Exception {
    Future.all(receivers.stream().map(receiver -> receiver.consumer.completion()).toList())
        .toCompletionStage().toCompletableFuture().get(REGISTRATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    long deadline = System.nanoTime() + REGISTRATION_TIMEOUT.toNanos();
    while (!receivers.stream().allMatch(receiver -> receiver.reachable)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the bus floor's consumers are not reachable from the publisher");
      }
      publish(HANDSHAKE);
      Thread.sleep(20);
    }
  }

  Future<Void> close() {
    return Future.join(receivers.stream().map(receiver -> receiver.consumer.unregister()).toList()).mapEmpty();
  }
}
