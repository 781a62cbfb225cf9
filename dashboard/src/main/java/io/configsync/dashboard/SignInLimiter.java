package io.configsync.dashboard;

import java.util.HashMap;
import java.util.Map;

/**
 * Bad admin-token sign-ins per client address: after {@link #MAX_FAILURES} in a window of
 * {@link #WINDOW_MS}, that address is refused until the window ends, so tokens cannot be guessed
 * at speed. Behind a proxy every client shares the proxy's address.
 */
final class SignInLimiter {

  static final int MAX_FAILURES = 5;
  static final long WINDOW_MS = 60_000;
  private static final int MAX_TRACKED = 10_000;

  private record Window(long startedAt, int failures) {}

  private final Map<String, Window> windows = new HashMap<>();

  /** Milliseconds until {@code address} may try again, or 0 if it may now. */
  synchronized long blockedFor(String address, long now) {
    Window window = windows.get(address);
    if (window == null || now - window.startedAt() >= WINDOW_MS) {
      return 0;
    }
    return window.failures() >= MAX_FAILURES ? WINDOW_MS - (now - window.startedAt()) : 0;
  }

  synchronized void failed(String address, long now) {
    if (windows.size() >= MAX_TRACKED) {
      windows.values().removeIf(window -> now - window.startedAt() >= WINDOW_MS);
    }
    windows.merge(address, new Window(now, 1), (old, fresh) -> now - old.startedAt() >= WINDOW_MS
        ? fresh : new Window(old.startedAt(), old.failures() + 1));
  }
}
