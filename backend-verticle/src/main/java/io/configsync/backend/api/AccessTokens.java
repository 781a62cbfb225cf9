package io.configsync.backend.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Set;

/**
 * Who may call the API: the admin token may read and write; read tokens (e.g. the bots') may read;
 * with {@code publicReads} anyone may read.
 */
public record AccessTokens(String adminToken, Set<String> readTokens, boolean publicReads) {

  public AccessTokens {
    Objects.requireNonNull(adminToken, "adminToken");
    if (adminToken.isBlank()) {
      throw new IllegalArgumentException("the admin token must not be blank");
    }
    readTokens = Set.copyOf(readTokens);
  }

  public boolean isAdmin(String token) {
    return token != null && constantTimeEquals(token, adminToken);
  }

  public boolean mayRead(String token) {
    if (publicReads || isAdmin(token)) {
      return true;
    }
    boolean match = false;
    for (String readToken : readTokens) {
      match |= token != null && constantTimeEquals(token, readToken);
    }
    return match;
  }

  private static boolean constantTimeEquals(String given, String expected) {
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "AccessTokens[admin=***, readTokens=" + readTokens.size() + ", publicReads=" + publicReads + "]";
  }
}
